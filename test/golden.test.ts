/**
 * Golden tests: replay the PyTorch fixtures in test/fixtures/golden/ops.json (written by
 * `/usr/bin/python3 tools/golden/ops.py`) against tasknet, comparing each op's output and,
 * for differentiable cases, the gradient of sum(output * cotangent) w.r.t. every float input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

type Tensor = ReturnType<typeof tn.tensor>;
type FixtureDType = 'float32' | 'float64' | 'int32' | 'bool';

interface FixtureTensor {
  name?: string;
  shape: number[];
  dtype?: FixtureDType;
  data: number[];
}

interface FixtureCase {
  id: string;
  op: string;
  inputs: (FixtureTensor & { name: string; dtype: FixtureDType })[];
  args: Record<string, unknown>;
  output?: FixtureTensor;
  outputs?: FixtureTensor[];
  cotangent?: FixtureTensor | FixtureTensor[];
  grads?: (FixtureTensor & { name: string })[];
  tol: { atol: number; rtol: number };
  description?: string;
}

interface Fixture {
  generator: string;
  torch: string;
  cases: FixtureCase[];
}

/** Every op the fixtures must cover (one case at least each). */
export const REQUIRED_OPS: readonly string[] = [
  // elementwise
  'add', 'sub', 'mul', 'div', 'pow', 'neg', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'abs', 'sign',
  'maximum', 'minimum', 'clamp', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'where',
  // activations
  'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'gelu', 'softplus', 'silu', 'step',
  // softmax family
  'softmax', 'logSoftmax', 'logSumExp',
  // reductions
  'sum', 'mean', 'max', 'min', 'argmax', 'argmin', 'var', 'std', 'norm',
  // shapes and indexing
  'reshape', 'flatten', 'squeeze', 'unsqueeze', 'transpose', 'permute', 'expand', 'slice', 'concat',
  'stack', 'split', 'pad', 'gather', 'indexSelect', 'oneHot', 'embedding', 'matmul',
  // convolution and pooling
  'conv1d', 'conv2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d', 'unfold', 'fold',
  // composites
  'mlp2_softmax_ce', 'conv_pool_linear',
];

// ---------------------------------------------------------------------------
// Fixture loading
// ---------------------------------------------------------------------------


const FIXTURE_PATH = join(repoRoot(), 'test', 'fixtures', 'golden', 'ops.json');
const fixture = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as Fixture;

/** The set of op names the fixture file covers. */
export const coveredOps: ReadonlySet<string> = new Set(fixture.cases.map((c) => c.op));

// ---------------------------------------------------------------------------
// Tensor construction and argument helpers
// ---------------------------------------------------------------------------

function isFloat(dtype: string): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

function makeTensor(t: FixtureTensor, dtype: FixtureDType, requiresGrad: boolean): Tensor {
  const shape = [...t.shape];
  switch (dtype) {
    case 'float32': return tn.tensor(Float32Array.from(t.data), { shape, dtype, requiresGrad });
    case 'float64': return tn.tensor(Float64Array.from(t.data), { shape, dtype, requiresGrad });
    case 'int32': return tn.tensor(Int32Array.from(t.data), { shape, dtype });
    case 'bool': return tn.tensor(Uint8Array.from(t.data), { shape, dtype });
    default: throw new Error(`unknown fixture dtype ${String(dtype)}`);
  }
}

/** The case's input tensors, by name and in order. */
class Inputs {
  constructor(readonly list: Tensor[], private readonly names: string[]) {}

  get(name: string): Tensor {
    const i = this.names.indexOf(name);
    if (i < 0) throw new Error(`fixture case has no input named '${name}'`);
    return this.list[i]!;
  }

  has(name: string): boolean {
    return this.names.includes(name);
  }

  /** The first input (the op's `input`). */
  get x(): Tensor {
    return this.list[0]!;
  }
}

type Args = Record<string, unknown>;
type OpFn = (inputs: Inputs, args: Args) => Tensor | Tensor[];

function num(a: Args, key: string): number | undefined {
  const v = a[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new Error(`arg ${key}: expected a number, found ${JSON.stringify(v)}`);
  return v;
}

function reqNum(a: Args, key: string): number {
  const v = num(a, key);
  if (v === undefined) throw new Error(`arg ${key} is required`);
  return v;
}

function bool(a: Args, key: string, fallback: boolean): boolean {
  const v = a[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new Error(`arg ${key}: expected a boolean, found ${JSON.stringify(v)}`);
  return v;
}

function nums(a: Args, key: string): number[] {
  const v = a[key];
  if (!Array.isArray(v)) throw new Error(`arg ${key}: expected a number list, found ${JSON.stringify(v)}`);
  return v as number[];
}

function numOrList(a: Args, key: string): number | number[] | undefined {
  const v = a[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v as number[];
  throw new Error(`arg ${key}: expected a number or list, found ${JSON.stringify(v)}`);
}

function pair(a: Args, key: string): number | [number, number] | undefined {
  const v = numOrList(a, key);
  if (Array.isArray(v)) {
    if (v.length !== 2) throw new Error(`arg ${key}: expected [h, w], found ${JSON.stringify(v)}`);
    return [v[0]!, v[1]!];
  }
  return v;
}

function reqPair(a: Args, key: string): number | [number, number] {
  const v = pair(a, key);
  if (v === undefined) throw new Error(`arg ${key} is required`);
  return v;
}

/** Conv options: only the keys the case names. */
function convOptions(a: Args): { stride?: number | [number, number]; padding?: number | [number, number]; dilation?: number | [number, number]; groups?: number } {
  const o: { stride?: number | [number, number]; padding?: number | [number, number]; dilation?: number | [number, number]; groups?: number } = {};
  const stride = pair(a, 'stride');
  const padding = pair(a, 'padding');
  const dilation = pair(a, 'dilation');
  const groups = num(a, 'groups');
  if (stride !== undefined) o.stride = stride;
  if (padding !== undefined) o.padding = padding;
  if (dilation !== undefined) o.dilation = dilation;
  if (groups !== undefined) o.groups = groups;
  return o;
}

/** 1-D conv options: numbers only. */
function conv1dOptions(a: Args): { stride?: number; padding?: number; dilation?: number; groups?: number } {
  const o: { stride?: number; padding?: number; dilation?: number; groups?: number } = {};
  for (const key of ['stride', 'padding', 'dilation', 'groups'] as const) {
    const v = num(a, key);
    if (v !== undefined) o[key] = v;
  }
  return o;
}

function poolOptions(a: Args): { stride?: number; padding?: number; countIncludePad?: boolean } {
  const o: { stride?: number; padding?: number; countIncludePad?: boolean } = {};
  const stride = num(a, 'stride');
  const padding = num(a, 'padding');
  if (stride !== undefined) o.stride = stride;
  if (padding !== undefined) o.padding = padding;
  if (a.countIncludePad !== undefined) o.countIncludePad = bool(a, 'countIncludePad', true);
  return o;
}

/** Mean cross-entropy from logits [N, C] and int32 targets [N]: -mean_i logSoftmax(logits)[i, t_i]. */
function crossEntropy(logits: Tensor, targets: Tensor): Tensor {
  const logp = tn.logSoftmax(logits, 1);
  const picked = tn.gather(logp, 1, tn.unsqueeze(targets, 1));
  return tn.neg(tn.mean(picked));
}

// ---------------------------------------------------------------------------
// op name → tasknet call
// ---------------------------------------------------------------------------

const binary = (f: (a: Tensor, b: Tensor) => Tensor): OpFn => (i) => f(i.list[0]!, i.list[1]!);
const unary = (f: (a: Tensor) => Tensor): OpFn => (i) => f(i.x);

export const OPS: Record<string, OpFn> = {
  // elementwise
  add: binary((a, b) => tn.add(a, b)),
  sub: binary((a, b) => tn.sub(a, b)),
  mul: binary((a, b) => tn.mul(a, b)),
  div: binary((a, b) => tn.div(a, b)),
  pow: (i, a) => {
    const e = num(a, 'exponent');
    return e !== undefined ? tn.pow(i.x, e) : tn.pow(i.x, i.get('exponent'));
  },
  neg: unary((x) => tn.neg(x)),
  exp: unary((x) => tn.exp(x)),
  log: unary((x) => tn.log(x)),
  log1p: unary((x) => tn.log1p(x)),
  sqrt: unary((x) => tn.sqrt(x)),
  rsqrt: unary((x) => tn.rsqrt(x)),
  abs: unary((x) => tn.abs(x)),
  sign: unary((x) => tn.sign(x)),
  maximum: binary((a, b) => tn.maximum(a, b)),
  minimum: binary((a, b) => tn.minimum(a, b)),
  clamp: (i, a) => tn.clamp(i.x, num(a, 'min'), num(a, 'max')),
  eq: binary((a, b) => tn.eq(a, b)),
  ne: binary((a, b) => tn.ne(a, b)),
  lt: binary((a, b) => tn.lt(a, b)),
  le: binary((a, b) => tn.le(a, b)),
  gt: binary((a, b) => tn.gt(a, b)),
  ge: binary((a, b) => tn.ge(a, b)),
  where: (i) => tn.where(i.get('condition'), i.get('input'), i.get('other')),

  // activations
  sigmoid: unary((x) => tn.sigmoid(x)),
  tanh: unary((x) => tn.tanh(x)),
  relu: unary((x) => tn.relu(x)),
  leakyRelu: (i, a) => tn.leakyRelu(i.x, num(a, 'negativeSlope')),
  elu: (i, a) => tn.elu(i.x, num(a, 'alpha')),
  gelu: (i, a) => tn.gelu(i.x, (a.approximate as 'none' | 'tanh' | undefined) ?? 'none'),
  softplus: (i, a) => tn.softplus(i.x, num(a, 'beta'), num(a, 'threshold')),
  silu: unary((x) => tn.silu(x)),
  step: unary((x) => tn.step(x)),

  // softmax family
  softmax: (i, a) => tn.softmax(i.x, reqNum(a, 'dim')),
  logSoftmax: (i, a) => tn.logSoftmax(i.x, reqNum(a, 'dim')),
  logSumExp: (i, a) => tn.logSumExp(i.x, reqNum(a, 'dim'), bool(a, 'keepDim', false)),

  // reductions
  sum: (i, a) => tn.sum(i.x, numOrList(a, 'dim'), bool(a, 'keepDim', false)),
  mean: (i, a) => tn.mean(i.x, numOrList(a, 'dim'), bool(a, 'keepDim', false)),
  max: (i, a) => tn.max(i.x, num(a, 'dim'), bool(a, 'keepDim', false)),
  min: (i, a) => tn.min(i.x, num(a, 'dim'), bool(a, 'keepDim', false)),
  argmax: (i, a) => tn.argmax(i.x, num(a, 'dim'), bool(a, 'keepDim', false)),
  argmin: (i, a) => tn.argmin(i.x, num(a, 'dim'), bool(a, 'keepDim', false)),
  var: (i, a) => tn.var(i.x, numOrList(a, 'dim'), bool(a, 'keepDim', false), num(a, 'correction') ?? 1),
  std: (i, a) => tn.std(i.x, numOrList(a, 'dim'), bool(a, 'keepDim', false), num(a, 'correction') ?? 1),
  norm: (i, a) => tn.norm(i.x, num(a, 'p') ?? 2, numOrList(a, 'dim'), bool(a, 'keepDim', false)),

  // shapes and indexing
  reshape: (i, a) => tn.reshape(i.x, nums(a, 'shape')),
  flatten: (i, a) => tn.flatten(i.x, num(a, 'startDim') ?? 0, num(a, 'endDim') ?? -1),
  squeeze: (i, a) => tn.squeeze(i.x, num(a, 'dim')),
  unsqueeze: (i, a) => tn.unsqueeze(i.x, reqNum(a, 'dim')),
  transpose: (i, a) => tn.transpose(i.x, reqNum(a, 'dim0'), reqNum(a, 'dim1')),
  permute: (i, a) => tn.permute(i.x, nums(a, 'dims')),
  expand: (i, a) => tn.expand(i.x, nums(a, 'shape')),
  slice: (i, a) => tn.slice(i.x, reqNum(a, 'dim'), reqNum(a, 'start'), reqNum(a, 'end'), num(a, 'step') ?? 1),
  concat: (i, a) => tn.concat(i.list, num(a, 'dim') ?? 0),
  stack: (i, a) => tn.stack(i.list, num(a, 'dim') ?? 0),
  split: (i, a) => {
    const s = numOrList(a, 'splitSizeOrSections');
    if (s === undefined) throw new Error('arg splitSizeOrSections is required');
    return tn.split(i.x, s, num(a, 'dim') ?? 0);
  },
  pad: (i, a) => tn.pad(i.x, nums(a, 'pad'), num(a, 'value') ?? 0),
  gather: (i, a) => tn.gather(i.get('input'), reqNum(a, 'dim'), i.get('index')),
  indexSelect: (i, a) => tn.indexSelect(i.get('input'), reqNum(a, 'dim'), i.get('index')),
  oneHot: (i, a) => tn.oneHot(i.x, reqNum(a, 'numClasses')),
  embedding: (i, a) => tn.embedding(i.get('input'), i.get('weight'), num(a, 'paddingIdx')),
  matmul: binary((a, b) => tn.matmul(a, b)),

  // convolution and pooling
  conv1d: (i, a) => tn.conv1d(i.get('input'), i.get('weight'), i.has('bias') ? i.get('bias') : undefined, conv1dOptions(a)),
  conv2d: (i, a) => tn.conv2d(i.get('input'), i.get('weight'), i.has('bias') ? i.get('bias') : undefined, convOptions(a)),
  maxPool2d: (i, a) => {
    const { stride, padding } = poolOptions(a);
    const o: { stride?: number; padding?: number } = {};
    if (stride !== undefined) o.stride = stride;
    if (padding !== undefined) o.padding = padding;
    return tn.maxPool2d(i.x, reqNum(a, 'kernelSize'), o);
  },
  avgPool2d: (i, a) => tn.avgPool2d(i.x, reqNum(a, 'kernelSize'), poolOptions(a)),
  unfold: (i, a) => tn.unfold(i.x, reqPair(a, 'kernelSize'), convOptions(a)),
  fold: (i, a) => tn.fold(i.x, reqPair(a, 'outputSize'), reqPair(a, 'kernelSize'), convOptions(a)),
  adaptiveAvgPool2d: (i, a) => {
    const size = pair(a, 'outputSize');
    if (size === undefined) throw new Error('arg outputSize is required');
    return tn.adaptiveAvgPool2d(i.x, size);
  },

  // composites (formulas in each case's `description`)
  mlp2_softmax_ce: (i) => {
    const h = tn.relu(tn.add(tn.matmul(i.get('x'), i.get('w1')), i.get('b1')));
    const logits = tn.add(tn.matmul(h, i.get('w2')), i.get('b2'));
    return crossEntropy(logits, i.get('targets'));
  },
  conv_pool_linear: (i) => {
    const c = tn.relu(tn.conv2d(i.get('x'), i.get('convWeight'), i.get('convBias'), { stride: 1, padding: 1 }));
    const p = tn.maxPool2d(c, 2);
    const f = tn.flatten(p, 1);
    const logits = tn.add(tn.matmul(f, i.get('w')), i.get('b'));
    return crossEntropy(logits, i.get('targets'));
  },
};

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

function assertClose(
  what: string, caseId: string, actual: ArrayLike<number>, expected: readonly number[],
  exact: boolean, tol: { atol: number; rtol: number },
): void {
  assert.equal(actual.length, expected.length, `${caseId}: ${what} has ${actual.length} elements, expected ${expected.length}`);
  let first = -1;
  let bad = 0;
  let worst = 0;
  for (let k = 0; k < expected.length; k++) {
    const a = Number(actual[k]);
    const b = expected[k]!;
    const diff = Math.abs(a - b);
    const ok = exact ? a === b : diff <= tol.atol + tol.rtol * Math.abs(b);
    if (!ok || Number.isNaN(a)) {
      bad++;
      if (first < 0) first = k;
      worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff);
    }
  }
  if (first >= 0) {
    const a = Number(actual[first]);
    const b = expected[first]!;
    const allowed = exact ? 0 : tol.atol + tol.rtol * Math.abs(b);
    assert.fail(
      `${caseId}: ${what}[${first}] = ${a}, expected ${b} (|diff| ${Math.abs(a - b).toExponential(3)} > ` +
      `allowed ${allowed.toExponential(3)}); ${bad}/${expected.length} elements mismatch, max |diff| ${worst.toExponential(3)}`,
    );
  }
}

function checkTensor(what: string, c: FixtureCase, actual: Tensor, expected: FixtureTensor): void {
  assert.deepEqual([...actual.shape], expected.shape, `${c.id}: ${what} shape [${actual.shape.join(', ')}], expected [${expected.shape.join(', ')}]`);
  if (expected.dtype !== undefined) {
    assert.equal(actual.dtype, expected.dtype, `${c.id}: ${what} dtype ${actual.dtype}, expected ${expected.dtype}`);
  }
  assertClose(what, c.id, actual.dataSync(), expected.data, !isFloat(actual.dtype), c.tol);
}

function runCase(c: FixtureCase): void {
  const fn = OPS[c.op];
  assert.ok(fn, `no tasknet mapping for op '${c.op}'`);
  const tensors = c.inputs.map((t) => makeTensor(t, t.dtype, isFloat(t.dtype)));
  const inputs = new Inputs(tensors, c.inputs.map((t) => t.name));
  const result = fn(inputs, c.args);

  const outs = Array.isArray(result) ? result : [result];
  const expectedOuts = c.outputs ?? (c.output ? [c.output] : []);
  assert.equal(Array.isArray(result), c.outputs !== undefined, `${c.id}: expected ${c.outputs ? 'a list of tensors' : 'one tensor'}`);
  assert.equal(outs.length, expectedOuts.length, `${c.id}: ${outs.length} outputs, expected ${expectedOuts.length}`);
  outs.forEach((o, k) => checkTensor(c.outputs ? `outputs[${k}]` : 'output', c, o, expectedOuts[k]!));

  if (!c.grads || c.cotangent === undefined) return;
  const cots = Array.isArray(c.cotangent) ? c.cotangent : [c.cotangent];
  const allZero = c.grads.every((g) => g.data.every((v) => v === 0));
  const anyRequires = outs.some((o) => o.requiresGrad);
  if (!anyRequires && allZero) {
    // Non-differentiable output (e.g. step): no graph, so the gradient is zero by definition.
    for (const g of c.grads) assert.equal(inputs.get(g.name).grad, null, `${c.id}: unexpected grad for ${g.name}`);
    return;
  }
  let total: Tensor | null = null;
  for (let k = 0; k < outs.length; k++) {
    const cot = makeTensor(cots[k]!, 'float32', false);
    const term = outs[k]!.mul(cot).sum();
    total = total === null ? term : tn.add(total, term);
  }
  assert.ok(total !== null, `${c.id}: no outputs to differentiate`);
  total.backward();
  for (const g of c.grads) {
    const grad = inputs.get(g.name).grad;
    if (grad === null) {
      assert.ok(g.data.every((v) => v === 0), `${c.id}: grad of ${g.name} is null, expected non-zero values`);
      continue;
    }
    assert.deepEqual([...grad.shape], g.shape, `${c.id}: grad ${g.name} shape [${grad.shape.join(', ')}], expected [${g.shape.join(', ')}]`);
    assertClose(`grad ${g.name}`, c.id, grad.dataSync(), g.data, false, c.tol);
  }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

test('golden: fixture file is well formed and ids are unique', () => {
  assert.ok(fixture.cases.length > 0, `no cases in ${FIXTURE_PATH}`);
  const ids = new Set<string>();
  for (const c of fixture.cases) {
    assert.ok(!ids.has(c.id), `duplicate case id ${c.id}`);
    ids.add(c.id);
  }
});

test('golden: every required op has at least one case and a tasknet mapping', () => {
  const missing = REQUIRED_OPS.filter((op) => !coveredOps.has(op));
  assert.deepEqual(missing, [], `ops without a golden case: ${missing.join(', ')}`);
  const unmapped = [...coveredOps].filter((op) => !(op in OPS));
  assert.deepEqual(unmapped, [], `ops without a tasknet mapping: ${unmapped.join(', ')}`);
});

for (const c of fixture.cases) {
  test(`golden ${c.op}: ${c.id}`, () => runCase(c));
}
