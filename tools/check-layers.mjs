#!/usr/bin/env node
// Enforces the layering rule of DESIGN.md ("Layers of the code") on src/. Dependency-free.
//
//   node tools/check-layers.mjs [dir]      (dir defaults to the repository's src/)
//
// Layers, bottom to top: core, backend, backends/* (each backend folder is its own unit), autograd, tensor,
// ops, nn, optim, data, io, train, mtl, transfer, models, estimators, report, cli. Files directly in src/ are the
// public entry.
//  (a) a file may import anything in its own unit (its layer folder and that folder's subfolders);
//  (b) another unit is imported only through its index.js (`../core/index.js`), never a deeper file;
//  (c) a layer imports only layers below it; a backend imports only core and backend;
//  (d) only the public entry (files directly in src/) imports backends; files directly in src/backends/
//      (an optional aggregator) may import the backends' index.js files;
//  (e) core, backend and backends/cpu import no packages and no `node:` builtins (they must run in browsers);
//  (f) backends/wasm and report import no packages, and `node:` builtins only through a dynamic `import('node:…')`,
//      which they take only in Node (wasm to read its .wasm file from disk, report to write report.html), so that
//      they still load in browsers.
// Exit status: 0 clean, 1 violations, 2 usage error.

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Layer order, bottom to top. `backends/*` stands for every folder under src/backends/. */
export const LAYERS = [
  'core', 'backend', 'backends/*', 'autograd', 'tensor', 'ops', 'nn', 'optim',
  'data', 'io', 'train', 'mtl', 'transfer', 'models', 'estimators', 'report', 'cli',
];
const LEVEL = new Map(LAYERS.map((name, i) => [name, i]));
LEVEL.set('backends', LEVEL.get('backends/*'));
const ENTRY = 'entry'; // files directly in the source root
const DEPENDENCY_FREE = new Set(['core', 'backend', 'backends/cpu']);
/** Units that must load in browsers but may reach Node builtins lazily, through a dynamic import(). */
const LAZY_NODE_ONLY = new Set(['backends/wasm', 'report']);
const SOURCE_EXT = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;

/** The unit of a path relative to the source root (posix separators), e.g. 'ops', 'backends/cpu', 'entry'. */
export function unitOf(rel) {
  const parts = rel.split('/');
  if (parts.length === 1) return ENTRY;
  if (parts[0] === 'backends') return parts.length === 2 ? 'backends' : `backends/${parts[1]}`;
  return parts[0];
}

function levelOf(unit) {
  if (unit.startsWith('backends/')) return LEVEL.get('backends/*');
  return LEVEL.get(unit);
}

function isKnown(unit) {
  return unit === ENTRY || levelOf(unit) !== undefined;
}

function indexOf(unit) {
  return unit === ENTRY ? 'index.js' : `${unit}/index.js`;
}

/** Whether unit `from` may import unit `to` (two different, known units). */
export function mayImport(from, to) {
  const toBackend = to === 'backends' || to.startsWith('backends/');
  if (from === ENTRY) return true;
  if (from === 'backends') return to === 'core' || to === 'backend' || to.startsWith('backends/');
  if (from.startsWith('backends/')) return to === 'core' || to === 'backend';
  if (toBackend) return false;
  if (to === ENTRY) return from === 'cli';
  const a = levelOf(from);
  const b = levelOf(to);
  return a !== undefined && b !== undefined && a > b;
}

// ---------------------------------------------------------------------------------------------------------
// Scanning: blank out comments, template-literal text and regular-expression literals (keeping every
// newline, so offsets and line numbers stay valid), then find import specifiers with regular expressions.

const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await',
]);

/**
 * @param {string} src
 * @param {boolean} [blankStrings] also blank the contents of '…' and "…" string literals
 */
export function blankNonCode(src, blankStrings = false) {
  const out = src.split('');
  const n = src.length;
  const erase = (a, b) => {
    for (let k = a; k < b && k < n; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  const templateStack = []; // brace depth at each `${` that is still open
  let depth = 0;
  let lastSig = '';
  let lastWord = '';
  let i = 0;

  // Blank template text from j (just after ` or }) up to the closing ` or the next `${`; return the new index.
  const scanTemplate = (j) => {
    const start = j;
    while (j < n) {
      const c = src[j];
      if (c === '\\') { j += 2; continue; }
      if (c === '`') { erase(start, j); return j + 1; }
      if (c === '$' && src[j + 1] === '{') { erase(start, j); templateStack.push(depth); depth++; return j + 2; }
      j++;
    }
    erase(start, n);
    return n;
  };

  while (i < n) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      let j = src.indexOf('\n', i);
      if (j < 0) j = n;
      erase(i, j);
      i = j;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      let j = src.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      erase(i, j);
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      if (blankStrings) erase(i + 1, j);
      i = j + 1;
      lastSig = c;
      continue;
    }
    if (c === '`') {
      i = scanTemplate(i + 1);
      lastSig = '`';
      continue;
    }
    if (c === '/') {
      const regexAllowed = lastSig === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSig) ||
        (lastSig === 'w' && REGEX_AFTER_WORD.has(lastWord));
      if (regexAllowed) {
        let j = i + 1;
        let inClass = false;
        while (j < n && src[j] !== '\n') {
          const d = src[j];
          if (d === '\\') { j += 2; continue; }
          if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) break;
          j++;
        }
        erase(i + 1, j);
        i = j + 1;
        while (i < n && /[A-Za-z]/.test(src[i])) i++;
        lastSig = 'r';
        continue;
      }
    }
    if (/[A-Za-z_$0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z_$0-9]/.test(src[j])) j++;
      lastWord = src.slice(i, j);
      lastSig = 'w';
      i = j;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (templateStack.length > 0 && templateStack[templateStack.length - 1] === depth) {
        templateStack.pop();
        i = scanTemplate(i + 1);
        lastSig = '`';
        continue;
      }
    }
    if (!/\s/.test(c)) lastSig = c;
    i++;
  }
  return out.join('');
}

const SPEC = String.raw`(['"])([^'"\r\n]+)\1`;
const IMPORT_PATTERNS = [
  // import x from '…'; import type { A, B } from '…'; import x, * as ns from '…'
  new RegExp(String.raw`(?<![\w$.])import\s+(?:type\s+)?(?:[\w$]+\s*(?:,\s*)?)?(?:\*\s*as\s+[\w$]+|\{[^}]*\})?\s*from\s*` + SPEC, 'g'),
  // import '…'
  new RegExp(String.raw`(?<![\w$.])import\s*` + SPEC, 'g'),
  // export * from '…'; export * as ns from '…'; export type { A } from '…'
  new RegExp(String.raw`(?<![\w$.])export\s+(?:type\s+)?(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*` + SPEC, 'g'),
  // import('…') and type-level import('…').T (the last pattern: findImports marks these dynamic)
  new RegExp(String.raw`(?<![\w$.])import\s*\(\s*` + SPEC + String.raw`\s*[,)]`, 'g'),
];

/**
 * Import specifiers of a source text, with 1-based line numbers, in source order; `dynamic` is true for
 * `import('…')` expressions.
 */
export function findImports(src) {
  const code = blankNonCode(src);
  const bare = blankNonCode(src, true); // to reject `import … from '…'` text inside a string literal
  const found = [];
  for (const [k, re] of IMPORT_PATTERNS.entries()) {
    re.lastIndex = 0;
    for (let m = re.exec(code); m !== null; m = re.exec(code)) {
      if (bare[m.index] !== code[m.index]) continue;
      const specStart = m.index + m[0].lastIndexOf(m[2]);
      found.push({ index: m.index, line: lineAt(code, specStart), specifier: m[2], dynamic: k === IMPORT_PATTERNS.length - 1 });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return found.map(({ line, specifier, dynamic }) => ({ line, specifier, dynamic }));
}

function lineAt(text, offset) {
  let line = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) line++;
  return line;
}

function listSources(dir) {
  const files = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE_EXT.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files;
}

function displayPath(file) {
  const rel = path.relative(process.cwd(), file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/**
 * Check every source file under rootDir.
 * @param {string} rootDir the source root (normally src/)
 * @returns {{file: string, rel: string, line: number, from: string, to: string | null, specifier: string | null,
 *   message: string}[]} violations, in file order; `file` is relative to the working directory where possible,
 *   `rel` relative to rootDir.
 */
export function checkLayers(rootDir) {
  const root = path.resolve(rootDir);
  const rootName = path.basename(root);
  const violations = [];
  const files = listSources(root);
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const from = unitOf(rel);
    const report = (line, to, specifier, message) =>
      violations.push({ file: displayPath(file), rel, line, from, to, specifier, message });
    if (!isKnown(from)) {
      report(1, null, null, `${from} is not a layer (layers: ${LAYERS.join(', ')})`);
      continue;
    }
    for (const { line, specifier, dynamic } of findImports(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        const builtin = specifier.startsWith('node:');
        if (specifier.startsWith('/')) {
          report(line, null, specifier, `${from} may not import an absolute path (${specifier})`);
        } else if (DEPENDENCY_FREE.has(from)) {
          const what = builtin ? 'Node builtins' : 'packages';
          report(line, null, specifier, `${from} must stay dependency-free and may not import ${what} (${specifier})`);
        } else if (LAZY_NODE_ONLY.has(from) && !builtin) {
          report(line, null, specifier, `${from} must load in browsers and may not import packages (${specifier})`);
        } else if (LAZY_NODE_ONLY.has(from) && !dynamic) {
          report(line, null, specifier, `${from} must load in browsers: import Node builtins lazily with import('${specifier}') (${specifier})`);
        }
        continue;
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), specifier));
      if (target.startsWith('../') || target === '..') {
        report(line, null, specifier, `${from} may not import from outside ${rootName}/ (${specifier})`);
        continue;
      }
      const to = unitOf(target);
      if (to === from) continue; // (a)
      if (!isKnown(to) || !mayImport(from, to)) {
        report(line, to, specifier, `${from} may not import ${to} (${specifier})`);
      } else if (target !== indexOf(to)) {
        report(line, to, specifier, `${from} must import ${to} through ${indexOf(to)}, not a deeper file (${specifier})`);
      }
    }
  }
  violations.fileCount = files.length;
  return violations;
}

/** `src/ops/foo.ts:12: ops may not import nn (../nn/index.js)` */
export function formatViolation(v) {
  return `${v.file}:${v.line}: ${v.message}`;
}

function main(argv) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = argv[0] ?? path.join(here, '..', 'src');
  let ok = false;
  try { ok = statSync(dir).isDirectory(); } catch { ok = false; }
  if (!ok) {
    console.error(`check-layers: ${dir} is not a directory\nusage: node tools/check-layers.mjs [dir]`);
    return 2;
  }
  const violations = checkLayers(dir);
  const shown = displayPath(path.resolve(dir));
  for (const v of violations) console.log(formatViolation(v));
  if (violations.length > 0) {
    const files = new Set(violations.map((v) => v.file)).size;
    console.log(`check-layers: ${violations.length} violation${violations.length === 1 ? '' : 's'} in ${files} ` +
      `file${files === 1 ? '' : 's'} under ${shown}/`);
    return 1;
  }
  console.log(`check-layers: ${violations.fileCount} files under ${shown}/ follow the layering rule`);
  return 0;
}

const invoked = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invoked && pathToFileURL(invoked).href === import.meta.url) process.exitCode = main(process.argv.slice(2));
