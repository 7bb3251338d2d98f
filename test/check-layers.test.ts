// Tests for tools/check-layers.mjs, the checker of the layering rule (DESIGN.md, "Layers of the code").
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/repo.js';

interface Violation {
  file: string;
  rel: string;
  line: number;
  from: string;
  to: string | null;
  specifier: string | null;
  message: string;
}
interface CheckLayersModule {
  checkLayers(rootDir: string): Violation[];
  formatViolation(v: Violation): string;
}


const root = repoRoot();
const script = path.join(root, 'tools', 'check-layers.mjs');
const { checkLayers, formatViolation } = (await import(pathToFileURL(script).href)) as CheckLayersModule;

const tmpRoots: string[] = [];
after(() => {
  for (const dir of tmpRoots) rmSync(dir, { recursive: true, force: true });
});

/** Write a fixture source tree ({relative path: contents}) into a fresh temporary folder; return its src/. */
function fixture(files: Record<string, string>): string {
  const base = mkdtempSync(path.join(os.tmpdir(), 'tasknet-layers-'));
  tmpRoots.push(base);
  const src = path.join(base, 'src');
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(src, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return src;
}

/** A small tree that follows every rule, including the awkward syntax the scanner must handle. */
const CLEAN: Record<string, string> = {
  'index.ts': [
    "export * from './core/index.js';",
    "export * from './ops/index.js';",
    "import { cpuBackend } from './backends/cpu/index.js';",
    'export { cpuBackend };',
  ].join('\n'),
  'core/index.ts': "export * from './errors.js';\nexport * from './shape.js';\n",
  'core/errors.ts': 'export class TasknetError extends Error {}\n',
  'core/shape.ts': [
    '// import { Tensor } from "../tensor/index.js";  (a comment, not an import)',
    "/* import fs from 'node:fs'; */",
    "import { TasknetError } from './errors.js';",
    "export const note = 'import x from \"../nn/index.js\"';",
    'export const re = /import y from "..\\/ops\\/index.js"/;',
    'export const t = `import z from "seedrandom" ${1 + 1}`;',
    'export function check(n: number): void { if (n < 0) throw new TasknetError(); }',
  ].join('\n'),
  'backend/index.ts': "import type { TasknetError } from '../core/index.js';\nexport type E = TasknetError;\n",
  'backends/cpu/index.ts': [
    'import {',
    '  TasknetError,',
    "} from '../../core/index.js';",
    "import type { E } from '../../backend/index.js';",
    "import { add } from './kernels/add.js';",
    'export const cpuBackend = { add, TasknetError } as const;',
    'export type { E };',
  ].join('\n'),
  'backends/cpu/kernels/add.ts':
    "import { check } from '../../../core/index.js';\nexport const add = (a: number, b: number) => (check(a), a + b);\n",
  'autograd/index.ts': "import type { E } from '../backend/index.js';\nexport type G = E;\n",
  'tensor/index.ts': [
    "import type { G } from '../autograd/index.js';",
    "import { check } from '../core/index.js';",
    'export type T = G;',
    'export { check };',
  ].join('\n'),
  'ops/index.ts': [
    'import type {',
    '  T,',
    "} from '../tensor/index.js';",
    "import { readFileSync } from 'node:fs';",
    "export const lazy = () => import('../tensor/index.js');",
    "export type Lazy = import('../core/index.js').TasknetError;",
    'export type U = T;',
    'export { readFileSync };',
  ].join('\n'),
  'ops/nested/deep.ts': "import { lazy } from '../index.js';\nexport { lazy };\n",
};

function messages(violations: Violation[]): string[] {
  return violations.map((v) => `${v.rel}:${v.line}: ${v.message}`);
}

describe('tools/check-layers.mjs', () => {
  test('a tree that follows the rule passes', () => {
    assert.deepEqual(messages(checkLayers(fixture(CLEAN))), []);
  });

  test('reports a forbidden upward import (core importing tensor)', () => {
    const src = fixture({ ...CLEAN, 'core/bad.ts': "export const a = 1;\nimport { T } from '../tensor/index.js';\n" });
    const violations = checkLayers(src);
    assert.deepEqual(messages(violations), ['core/bad.ts:2: core may not import tensor (../tensor/index.js)']);
    const v = violations[0]!;
    assert.equal(v.from, 'core');
    assert.equal(v.to, 'tensor');
    assert.equal(formatViolation(v), `${v.file}:2: core may not import tensor (../tensor/index.js)`);
    assert.ok(v.file.endsWith('src/core/bad.ts'), v.file);
  });

  test('reports a deep import that bypasses index.js', () => {
    const src = fixture({ ...CLEAN, 'ops/softmax.ts': "import { TasknetError } from '../core/errors.js';\n" });
    assert.deepEqual(messages(checkLayers(src)), [
      'ops/softmax.ts:1: ops must import core through core/index.js, not a deeper file (../core/errors.js)',
    ]);
  });

  test('reports a backend importing autograd, and a layer importing a backend', () => {
    const src = fixture({
      ...CLEAN,
      'backends/cpu/grad.ts': "\n\nexport { type G } from '../../autograd/index.js';\n",
      'tensor/engine.ts': "import { cpuBackend } from '../backends/cpu/index.js';\n",
    });
    assert.deepEqual(messages(checkLayers(src)), [
      'backends/cpu/grad.ts:3: backends/cpu may not import autograd (../../autograd/index.js)',
      'tensor/engine.ts:1: tensor may not import backends/cpu (../backends/cpu/index.js)',
    ]);
  });

  test('reports a bare npm import and a node: builtin in the dependency-free layers', () => {
    const src = fixture({
      ...CLEAN,
      'core/random.ts': "import seedrandom from 'seedrandom';\nexport { seedrandom };\n",
      'backends/cpu/io.ts': "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n",
    });
    assert.deepEqual(messages(checkLayers(src)), [
      'backends/cpu/io.ts:1: backends/cpu must stay dependency-free and may not import Node builtins (node:fs)',
      'core/random.ts:1: core must stay dependency-free and may not import packages (seedrandom)',
    ]);
  });

  test('backends/wasm may reach a Node builtin only through a dynamic import, and no package at all', () => {
    const src = fixture({
      ...CLEAN,
      'backends/wasm/load.ts': "export async function bytes(u: URL) {\n  const fs = await import('node:fs/promises');\n  return fs.readFile(u);\n}\n",
      'backends/wasm/eager.ts': "import { readFile } from 'node:fs/promises';\nimport asc from 'assemblyscript';\nexport { readFile, asc };\n",
    });
    assert.deepEqual(messages(checkLayers(src)), [
      "backends/wasm/eager.ts:1: backends/wasm must load in browsers: import Node builtins lazily with import('node:fs/promises') (node:fs/promises)",
      'backends/wasm/eager.ts:2: backends/wasm must load in browsers and may not import packages (assemblyscript)',
    ]);
  });

  test('report sits between estimators and cli, and reaches Node builtins only lazily, like backends/wasm', () => {
    const src = fixture({
      ...CLEAN,
      'report/write.ts': "import { TasknetError } from '../core/index.js';\nexport async function fs() {\n  return import('node:fs/promises');\n}\nexport { TasknetError };\n",
      'report/eager.ts': "import { writeFile } from 'node:fs/promises';\nimport { chromium } from 'playwright-core';\nexport { writeFile, chromium };\n",
      'report/up.ts': "export * from '../cli/index.js';\n",
      'estimators/index.ts': "export * from '../report/index.js';\n",
      'report/index.ts': "export * from './write.js';\n",
      'cli/index.ts': "export * from '../report/index.js';\n",
    });
    assert.deepEqual(messages(checkLayers(src)), [
      "estimators/index.ts:1: estimators may not import report (../report/index.js)",
      "report/eager.ts:1: report must load in browsers: import Node builtins lazily with import('node:fs/promises') (node:fs/promises)",
      'report/eager.ts:2: report must load in browsers and may not import packages (playwright-core)',
      'report/up.ts:1: report may not import cli (../cli/index.js)',
    ]);
  });

  test('the command line prints violations and exits 1, or a summary and exits 0', () => {
    const clean = execFileSync(process.execPath, [script, fixture(CLEAN)], { encoding: 'utf8' });
    assert.match(clean, /^check-layers: \d+ files under .* follow the layering rule\n$/);
    const bad = fixture({ ...CLEAN, 'core/bad.ts': "import '../nn/index.js';\n" });
    assert.throws(
      () => execFileSync(process.execPath, [script, bad], { encoding: 'utf8', stdio: 'pipe' }),
      (err: { status?: number; stdout?: string }) =>
        err.status === 1 && /core\/bad\.ts:1: core may not import nn \(\.\.\/nn\/index\.js\)/.test(err.stdout ?? ''),
    );
  });

  test('the real src/ follows the layering rule', () => {
    const violations = checkLayers(path.join(root, 'src'));
    assert.deepEqual(violations.map(formatViolation), []);
  });
});
