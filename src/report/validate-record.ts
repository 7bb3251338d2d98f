/** Checking a RunRecord's shape before anything is drawn, with the path of the first offending value. */
import { ValueError } from '../core/index.js';
import type { RunRecord } from './run-record.js';

type Obj = Record<string, unknown>;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return `a ${typeof v}`;
}

class Checker {
  constructor(readonly op: string) {}

  fail(path: string, expected: string, found: unknown): never {
    throw new ValueError(this.op, `${path}: expected ${expected}, found ${describe(found)}`);
  }

  object(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'an object', v);
    return v as Obj;
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'an array', v);
    return v;
  }

  number(v: unknown, path: string): number {
    if (typeof v !== 'number') this.fail(path, 'a number', v);
    return v;
  }

  finite(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, 'a finite number', v);
    return v;
  }

  integer(v: unknown, path: string, min: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(path, `an integer >= ${min}`, v);
    return v;
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, 'a string', v);
    return v;
  }

  optional<T>(o: Obj, key: string, path: string, check: (v: unknown, p: string) => T): T | undefined {
    return o[key] === undefined ? undefined : check(o[key], `${path}.${key}`);
  }

  /** A record of numbers (NaN and ±∞ allowed: they are gaps). */
  values(v: unknown, path: string): void {
    for (const [k, x] of Object.entries(this.object(v, path))) this.number(x, `${path}.${k}`);
  }
}

function checkEpoch(c: Checker, v: unknown, path: string): void {
  const e = c.object(v, path);
  c.integer(e.epoch, `${path}.epoch`, 0);
  c.optional(e, 'step', path, (x, p) => c.integer(x, p, 0));
  c.optional(e, 'lr', path, (x, p) => c.number(x, p));
  c.values(e.train, `${path}.train`);
  c.optional(e, 'validation', path, (x, p) => c.values(x, p));
  c.optional(e, 'taskWeights', path, (x, p) => c.values(x, p));
  c.optional(e, 'tasks', path, (x, p) => {
    for (const [task, m] of Object.entries(c.object(x, p))) {
      const t = c.object(m, `${p}.${task}`);
      c.optional(t, 'train', `${p}.${task}`, (y, q) => c.values(y, q));
      c.optional(t, 'validation', `${p}.${task}`, (y, q) => c.values(y, q));
    }
  });
}

function checkStep(c: Checker, v: unknown, path: string): void {
  const s = c.object(v, path);
  c.integer(s.step, `${path}.step`, 0);
  c.optional(s, 'epoch', path, (x, p) => c.integer(x, p, 0));
  c.optional(s, 'lr', path, (x, p) => c.number(x, p));
  c.optional(s, 'loss', path, (x, p) => c.number(x, p));
  c.optional(s, 'taskWeights', path, (x, p) => c.values(x, p));
}

function checkMultiTask(c: Checker, v: unknown, path: string): void {
  const m = c.object(v, path);
  const tasks = c.array(m.tasks, `${path}.tasks`);
  if (tasks.length === 0) c.fail(`${path}.tasks`, 'at least one task', tasks);
  tasks.forEach((t, i) => {
    const p = `${path}.tasks[${i}]`;
    const o = c.object(t, p);
    c.string(o.name, `${p}.name`);
    c.string(o.metric, `${p}.metric`);
    if (typeof o.higherIsBetter !== 'boolean') c.fail(`${p}.higherIsBetter`, 'true or false', o.higherIsBetter);
    c.finite(o.value, `${p}.value`);
    c.optional(o, 'baseline', p, (x, q) => {
      if (c.finite(x, q) === 0) c.fail(q, 'a non-zero number (Δ is relative to it)', x);
    });
  });
  c.optional(m, 'split', path, (x, p) => c.string(x, p));
  c.optional(m, 'method', path, (x, p) => c.string(x, p));
}

function checkTransfer(c: Checker, v: unknown, path: string): void {
  const t = c.object(v, path);
  c.string(t.title, `${path}.title`);
  c.optional(t, 'description', path, (x, p) => c.string(x, p));
  c.optional(t, 'metric', path, (x, p) => c.string(x, p));
  c.array(t.curves, `${path}.curves`).forEach((curve, i) => {
    const p = `${path}.curves[${i}]`;
    const o = c.object(curve, p);
    c.string(o.method, `${p}.method`);
    c.array(o.points, `${p}.points`).forEach((point, j) => {
      const q = `${p}.points[${j}]`;
      const pt = c.object(point, q);
      if (!(c.finite(pt.labels, `${q}.labels`) > 0)) c.fail(`${q}.labels`, 'a positive number (the axis is logarithmic)', pt.labels);
      c.number(pt.mean, `${q}.mean`);
      c.optional(pt, 'std', q, (x, r) => c.number(x, r));
      c.optional(pt, 'runs', q, (x, r) => c.integer(x, r, 1));
    });
  });
  c.optional(t, 'references', path, (x, p) => c.array(x, p).forEach((r, i) => {
    const o = c.object(r, `${p}[${i}]`);
    c.string(o.label, `${p}[${i}].label`);
    c.finite(o.value, `${p}[${i}].value`);
  }));
}

function checkImage(c: Checker, v: unknown, path: string): void {
  const im = c.object(v, path);
  const w = c.integer(im.width, `${path}.width`, 1);
  const h = c.integer(im.height, `${path}.height`, 1);
  const ch = im.channels ?? 1;
  if (ch !== 1 && ch !== 3) c.fail(`${path}.channels`, '1 (grey) or 3 (RGB)', ch);
  const px = im.pixels as ArrayLike<unknown> | undefined;
  if (typeof px !== 'object' || px === null || typeof px.length !== 'number') c.fail(`${path}.pixels`, 'an array of numbers', px);
  if (px.length !== w * h * ch) c.fail(`${path}.pixels`, `${h}×${w}×${ch} = ${w * h * ch} values`, px);
  for (let i = 0; i < px.length; i++) if (typeof px[i] !== 'number') c.fail(`${path}.pixels[${i}]`, 'a number', px[i]);
  c.optional(im, 'maxValue', path, (x, p) => {
    if (!(c.finite(x, p) > 0)) c.fail(p, 'a positive number', x);
  });
}

function checkClassification(c: Checker, v: unknown, path: string): void {
  const o = c.object(v, path);
  c.optional(o, 'split', path, (x, p) => c.string(x, p));
  const names = c.array(o.classNames, `${path}.classNames`);
  if (names.length === 0) c.fail(`${path}.classNames`, 'at least one class', names);
  names.forEach((n, i) => c.string(n, `${path}.classNames[${i}]`));
  const rows = c.array(o.confusion, `${path}.confusion`);
  if (rows.length !== names.length) c.fail(`${path}.confusion`, `${names.length} rows (one per class)`, rows);
  rows.forEach((row, i) => {
    const r = c.array(row, `${path}.confusion[${i}]`);
    if (r.length !== names.length) c.fail(`${path}.confusion[${i}]`, `${names.length} counts (one per class)`, r);
    r.forEach((n, j) => c.integer(n, `${path}.confusion[${i}][${j}]`, 0));
  });
  c.optional(o, 'examples', path, (x, p) => c.array(x, p).forEach((ex, i) => {
    const q = `${p}[${i}]`;
    const e = c.object(ex, q);
    checkImage(c, e.image, `${q}.image`);
    for (const key of ['trueLabel', 'predictedLabel']) {
      const label = c.integer(e[key], `${q}.${key}`, 0);
      if (label >= names.length) c.fail(`${q}.${key}`, `a class index below ${names.length}`, label);
    }
    c.optional(e, 'confidence', q, (y, r) => c.finite(y, r));
  }));
}

/**
 * Check that `record` has the shape of a RunRecord (types, sizes, index ranges) and return it typed.
 * @param op - the caller named in errors (default `'report'`)
 * @throws ValueError naming the path of the first bad value, what was expected and what was found, e.g.
 *   `renderReport: record.epochs[2].train.loss: expected a number, found the string "0.3"`.
 */
export function validateRunRecord(record: unknown, op = 'report'): RunRecord {
  const c: Checker = new Checker(op);
  const r = c.object(record, 'record');
  c.string(r.name, 'record.name');
  c.optional(r, 'startedAt', 'record', (x, p) => c.string(x, p));
  c.optional(r, 'summary', 'record', (x, p) => {
    for (const [k, v] of Object.entries(c.object(x, p))) if (typeof v !== 'number' && typeof v !== 'string') c.fail(`${p}.${k}`, 'a number or a string', v);
  });
  c.optional(r, 'epochs', 'record', (x, p) => c.array(x, p).forEach((e, i) => checkEpoch(c, e, `${p}[${i}]`)));
  c.optional(r, 'steps', 'record', (x, p) => c.array(x, p).forEach((s, i) => checkStep(c, s, `${p}[${i}]`)));
  c.optional(r, 'multiTask', 'record', (x, p) => checkMultiTask(c, x, p));
  c.optional(r, 'transfer', 'record', (x, p) => c.array(x, p).forEach((t, i) => checkTransfer(c, t, `${p}[${i}]`)));
  c.optional(r, 'classification', 'record', (x, p) => checkClassification(c, x, p));
  if (r.config !== undefined) {
    try {
      JSON.stringify(r.config);
    } catch (e) {
      throw new ValueError(op, `record.config: expected a JSON value, but it cannot be written as JSON (${(e as Error).message})`);
    }
  }
  return record as RunRecord;
}
