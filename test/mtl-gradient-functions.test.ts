/**
 * Gradient combination as plain functions (tn.mtl.pcgrad, mgda, cagrad): hand-computed cases, brute
 * force over the simplex or over the primal ball, Float32Array/Float64Array/tensor inputs, memory, and
 * the error messages for bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { pcgrad, mgda, cagrad } = tn.mtl;
type Vector = readonly number[];

const f32 = (...rows: Vector[]) => rows.map((r) => new Float32Array(r));
const dot = (a: Vector, b: Vector) => a.reduce((s, x, k) => s + x * (b[k] as number), 0);
const norm = (a: Vector) => Math.sqrt(dot(a, a));
const combine = (vectors: readonly Vector[], w: Vector) => (vectors[0] as Vector).map((_, k) => vectors.reduce((s, v, i) => s + (w[i] as number) * (v[k] as number), 0));

function assertClose(actual: ArrayLike<number>, expected: Vector, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: expected ${e}, found ${a}`);
  }
}

/** Every point of the simplex in 3 weights with step 1/n. */
function simplexGrid3(n: number): number[][] {
  const points: number[][] = [];
  for (let a = 0; a <= n; a++) for (let b = 0; a + b <= n; b++) points.push([a / n, b / n, (n - a - b) / n]);
  return points;
}

/** PCGrad written out on vectors, drawing the task orders as pcgrad does. */
function pcgradByHand(grads: readonly Vector[], generator: tn.Generator): number[] {
  const projected = grads.map((gi, i) => {
    let pc = [...gi];
    const others = grads.flatMap((_, j) => (j === i ? [] : [j]));
    for (const p of generator.permutation(grads.length - 1)) {
      const gj = grads[others[p] as number] as Vector;
      const conflict = dot(pc, gj);
      if (conflict < 0) pc = pc.map((x, k) => x - (conflict / dot(gj, gj)) * (gj[k] as number));
    }
    return pc;
  });
  return combine(projected, projected.map(() => 1));
}

test('pcgrad projects two conflicting gradients onto each other\'s normal plane and sums them', () => {
  // g1·g2 = −1: g1^PC = g1 − (−1/2)g2 = [0.5, 0.5], g2^PC = g2 − (−1/1)g1 = [0, 1]
  const { grad, weights } = pcgrad(f32([1, 0], [-1, 1]), { seed: 0 });
  assert.ok(grad instanceof Float32Array);
  assertClose(grad, [0.5, 1.5], 1e-7, 'grad');
  assertClose(weights, [2, 1.5], 1e-12, 'weights');
  assert.equal(dot([0.5, 0.5], [-1, 1]), 0);
});

test('pcgrad leaves two agreeing gradients alone: their sum, weights 1', () => {
  const { grad, weights } = pcgrad(f32([1, 0], [1, 1]), { seed: 0 });
  assertClose(grad, [2, 1], 0, 'grad');
  assert.deepEqual(weights, [1, 1]);
});

test('pcgrad with three tasks follows the seeded random order, the same as projecting by hand', () => {
  const grads = [[1, 0, 0.5], [-0.8, 1, 0], [-0.5, -1, 0.2]];
  const results = new Map<string, number[]>();
  for (let seed = 0; seed < 12; seed++) {
    const { grad } = pcgrad(grads.map((g) => new Float64Array(g)), { seed });
    const expected = pcgradByHand(grads, new tn.Generator(seed));
    assertClose(grad, expected, 1e-12, `seed ${seed}`);
    assert.deepEqual([...pcgrad(grads.map((g) => new Float64Array(g)), { seed }).grad], [...grad], 'same seed, same result');
    results.set(expected.map((x) => x.toFixed(9)).join(','), expected);
  }
  assert.ok(results.size > 1, 'the order matters for these gradients, and different seeds give different orders');
  // a generator is advanced by each call: two calls continue one stream
  const generator = new tn.Generator(7);
  const reference = new tn.Generator(7);
  for (let step = 0; step < 3; step++) {
    assertClose(pcgrad(grads.map((g) => new Float64Array(g)), { generator }).grad, pcgradByHand(grads, reference), 1e-12, `step ${step}`);
  }
});

test('mgda with two tasks is the closed-form min-norm point', () => {
  // γ = (g2·g2 − g1·g2)/‖g1 − g2‖² = 4/5: d = [0.8, 0.4], orthogonal to g1 − g2
  const { grad, weights } = mgda(f32([1, 0], [0, 2]));
  assertClose(weights, [0.8, 0.2], 1e-12, 'weights');
  assertClose(grad, [0.8, 0.4], 1e-7, 'grad');
  // when one gradient's projection passes the other, the min-norm point is a vertex
  assert.deepEqual(mgda(f32([1, 0], [3, 0])).weights, [1, 0]);
  assert.deepEqual(mgda(f32([1, 1], [1, 1])).weights, [0.5, 0.5], 'equal gradients: γ = ½');
});

test('mgda normalisations scale each gradient first: l2, loss, loss+', () => {
  const grads = f32([1, 0], [0, 2]);
  // l2: ĝ = [1,0], [0,1], λ = ½ each, w = λ/‖g‖
  const l2 = mgda(grads, { normalization: 'l2' });
  assertClose(l2.weights, [0.5, 0.25], 1e-12, 'l2 weights');
  assertClose(l2.grad, [0.5, 0.5], 1e-7, 'l2 grad');
  // loss, L = [2, 1]: ĝ = [0.5, 0], [0, 2], λ1 = 4/4.25, w = λ/L
  const lambda = 4 / 4.25;
  const loss = mgda(grads, { normalization: 'loss', losses: [2, 1] });
  assertClose(loss.weights, [lambda / 2, 1 - lambda], 1e-12, 'loss weights');
  // loss+, n = L·‖g‖ = [2, 2]: ĝ = [0.5, 0], [0, 1], λ1 = 1/1.25
  const lossPlus = mgda(grads, { normalization: 'loss+', losses: [2, 1] });
  assertClose(lossPlus.weights, [0.8 / 2, 0.2 / 2], 1e-12, 'loss+ weights');
  assertClose(lossPlus.grad, combine([[1, 0], [0, 2]], lossPlus.weights), 1e-7, 'loss+ grad = Σ w g');
});

test('mgda with three tasks finds the min-norm point a brute-force search over the simplex finds', () => {
  const cases = [
    [[1, 0.2, 0], [-0.3, 1, 0.4], [0.2, -0.6, 1]], // interior optimum
    [[2, 0, 0], [0, 1, 0], [1.5, 1.2, 0.1]], // optimum on an edge
    [[1, 1, 0], [-1, 0.5, 0], [0.2, -1, 0]], // 0 in the hull: min norm 0
  ];
  for (const grads of cases) {
    const { grad, weights } = mgda(grads.map((g) => new Float64Array(g)));
    assert.ok(Math.abs(weights.reduce((s, w) => s + w, 0) - 1) < 1e-12 && weights.every((w) => w >= 0), `weights ${weights} on the simplex`);
    let best = { value: Infinity, d: [] as number[] };
    for (const w of simplexGrid3(300)) {
      const d = combine(grads, w);
      if (dot(d, d) < best.value) best = { value: dot(d, d), d };
    }
    assert.ok(dot([...grad], [...grad]) <= best.value + 1e-12, `${JSON.stringify(grads)}: ‖d‖² ${dot([...grad], [...grad])} > grid ${best.value}`);
    assertClose(grad, best.d, 1e-2, 'd near the grid optimum');
    // optimality: g_i·d ≥ ‖d‖² for every i (no vertex lowers the norm)
    for (const g of grads) assert.ok(dot(g, [...grad]) >= dot([...grad], [...grad]) - 1e-10, 'KKT');
  }
});

test('mgda leaves out tasks whose gradient is zero (no labelled sample): the others still move', () => {
  const { grad, weights } = mgda(f32([0, 0], [1, 0], [0, 2]));
  assertClose(weights, [0, 0.8, 0.2], 1e-12, 'weights');
  assertClose(grad, [0.8, 0.4], 1e-7, 'grad');
  assert.deepEqual(mgda(f32([0, 0], [0, 0])).weights, [0, 0]);
});

test('cagrad with c = 0 is the average gradient', () => {
  const grads = [[1, -2, 3], [0.5, 4, -1], [-3, 0.25, 2]];
  const mean = combine(grads, [1 / 3, 1 / 3, 1 / 3]);
  const { grad, weights } = cagrad(grads.map((g) => new Float32Array(g)), { c: 0 });
  assert.deepEqual(weights, [1 / 3, 1 / 3, 1 / 3]);
  assert.deepEqual([...grad], [...new Float32Array(mean)], 'float64 mean rounded once to float32');
  const { grad: asTensor } = cagrad(grads.map((g) => tn.tensor(g)), { c: 0 });
  assert.deepEqual([...asTensor.dataSync()], [...grad]);
});

test('cagrad with c > 0: by symmetry, two orthogonal unit gradients give g0·(1 + c)/(1 + c²)', () => {
  // w = [½, ½], g_w = g0, d = g0 + c‖g0‖·g0/‖g0‖ = (1 + c)g0, then / (1 + c²)
  const { grad, weights } = cagrad(f32([1, 0], [0, 1]), { c: 0.5 });
  assertClose(weights, [0.6, 0.6], 1e-9, 'weights');
  assertClose(grad, [0.6, 0.6], 1e-7, 'grad');
  assertClose(cagrad(f32([1, 0], [0, 1]), { c: 0.5, rescale: false }).grad, [0.75, 0.75], 1e-7, 'without rescale');
});

test('cagrad with c > 0 maximises the worst improvement min_i g_i·d over the ball ‖d − g0‖ ≤ c‖g0‖ (brute force)', () => {
  const cases: { grads: number[][]; c: number }[] = [
    { grads: [[1, 0.1], [-0.4, 1]], c: 0.5 },
    { grads: [[2, 0.3], [-0.5, 0.8]], c: 0.9 },
    { grads: [[1, 0], [0.3, 1], [-0.6, 0.5]], c: 0.4 },
    { grads: [[0.5, 1], [1, -0.2], [0.8, 0.9]], c: 0.7 },
  ];
  for (const { grads, c } of cases) {
    const g0 = combine(grads, grads.map(() => 1 / grads.length));
    const radius = c * norm(g0);
    const worst = (d: Vector) => Math.min(...grads.map((g) => dot(g, d)));
    let best = { value: -Infinity, d: [] as number[] };
    const steps = 200000;
    for (let a = 0; a < steps; a++) {
      const angle = (2 * Math.PI * a) / steps;
      const d = [(g0[0] as number) + radius * Math.cos(angle), (g0[1] as number) + radius * Math.sin(angle)];
      if (worst(d) > best.value) best = { value: worst(d), d };
    }
    const { grad } = cagrad(grads.map((g) => new Float64Array(g)), { c, rescale: false });
    assert.ok(norm(combine([[...grad], g0], [1, -1])) <= radius * (1 + 1e-9), 'd inside the ball');
    assert.ok(worst([...grad]) >= best.value - 1e-9, `c=${c} ${JSON.stringify(grads)}: worst ${worst([...grad])} < brute force ${best.value}`);
    assertClose(grad, best.d, 1e-4, 'd at the brute-force optimum');
    const rescaled = cagrad(grads.map((g) => new Float64Array(g)), { c }).grad;
    assertClose(rescaled, [...grad].map((x) => x / (1 + c * c)), 1e-12, 'rescale divides by 1 + c²');
  }
});

test('cagrad with c ≥ 1 at a Pareto-stationary point (0 in the hull) stops: d = 0', () => {
  const { grad, weights } = cagrad(f32([1, 0], [-1, 1], [-0.5, -2]), { c: 1.5 });
  assert.deepEqual(weights, [0, 0, 0]);
  assert.deepEqual([...grad], [0, 0]);
});

test('tensor inputs give a tensor of their dtype, equal to the typed-array result, and leak nothing', () => {
  const rows = [[0.3, -1.2, 2.5, 0], [-0.7, 0.4, 1.1, 2]];
  type Method = <G extends tn.mtl.FlatGradient>(grads: readonly G[]) => tn.mtl.CombinedGradient<G>;
  const methods: [string, Method][] = [['pcgrad', (grads) => pcgrad(grads, { seed: 1 })], ['mgda', mgda], ['cagrad', cagrad]];
  for (const [name, fn] of methods) {
    const tensors = rows.map((r) => tn.tensor(r));
    const before = tn.numTensors();
    const out = fn(tensors);
    assert.equal(tn.numTensors(), before + 1, `${name}: only the result is new`);
    assert.ok(out.grad instanceof tn.Tensor);
    assert.deepEqual([out.grad.shape, out.grad.dtype, out.grad.requiresGrad], [[4], 'float32', false]);
    const fromArrays = fn(rows.map((r) => new Float32Array(r)));
    assert.deepEqual([...out.grad.dataSync()], [...fromArrays.grad], name);
    assert.deepEqual(out.weights, fromArrays.weights);
    const as64 = fn(rows.map((r) => tn.tensor(r, { dtype: 'float64' })));
    assert.equal(as64.grad.dtype, 'float64');
    assert.ok(fn(rows.map((r) => new Float64Array(r))).grad instanceof Float64Array);
    tn.dispose([tensors, out.grad, as64.grad]);
  }
});

test('bad input: errors say what was expected and what was found', () => {
  for (const [name, fn] of [['pcgrad', pcgrad], ['mgda', mgda], ['cagrad', cagrad]] as const) {
    const call = (grads: unknown) => () => fn(grads as Float32Array[]);
    assert.throws(call([]), new RegExp(`^ValueError: ${name}: expected a non-empty array of per-task gradients .*found an empty array$`));
    assert.throws(call(new Float32Array(2)), /expected a non-empty array of per-task gradients .*found a Float32Array/);
    assert.throws(call(f32([1, 2], [1, 2, 3])), { name: 'ShapeError', message: `${name}: every gradient must have the same length: grads[0] has 2 elements, grads[1] has 3` });
    assert.throws(call(f32([1, 2], [0, Number.NaN])), { name: 'ValueError', message: `${name}: grads[1] must be finite, found NaN at index 1` });
    assert.throws(call(f32([Infinity, 0], [0, 1])), { message: `${name}: grads[0] must be finite, found Infinity at index 0` });
    assert.throws(call([new Float32Array(2), tn.tensor([1, 2])]), { message: /grads\[1\] must be a Float32Array like grads\[0\], found a tensor of shape \[2\]/ });
    assert.throws(call([new Float32Array(2), new Float64Array(2)]), { message: /grads\[1\] must be a Float32Array like grads\[0\], found a Float64Array/ });
    assert.throws(call([tn.tensor([1, 2]), tn.tensor([[1, 2]])]), { name: 'ShapeError', message: `${name}: grads[1] must be a 1-D tensor, found shape [1,2]` });
    assert.throws(call([tn.tensor([1, 2], { dtype: 'int32' })]), { name: 'DTypeError', message: `${name}: grads[0] must be a float32 or float64 tensor, found int32` });
    assert.throws(call([[1, 2]]), { message: `${name}: grads[0] must be a Float32Array, a Float64Array or a 1-D tensor, found an array` });
  }
  assert.throws(() => cagrad(f32([1]), { c: -0.1 }), { message: 'cagrad: c must be a finite number >= 0, found -0.1' });
  assert.throws(() => cagrad(f32([1]), { c: Number.NaN }), { message: 'cagrad: c must be a finite number >= 0, found NaN' });
  assert.throws(() => mgda(f32([1]), { normalization: 'l1' as 'l2' }), { message: `mgda: normalization must be one of 'none', 'l2', 'loss', 'loss+', found "l1"` });
  assert.throws(() => mgda(f32([1], [2]), { normalization: 'loss' }), { message: `mgda: normalization 'loss' needs options.losses, one per gradient (2), found 0 losses` });
  assert.throws(() => mgda(f32([1], [2]), { normalization: 'loss+', losses: [1, 0] }),
    { message: `mgda: normalization 'loss+' needs positive finite losses, found options.losses[1] = 0` });
  assert.throws(() => pcgrad(f32([1]), { seed: 1, generator: new tn.Generator(1) }), { message: 'pcgrad: expected seed or generator, found both (seed=1)' });
  assert.throws(() => pcgrad(f32([1]), { seed: 1.5 }), { message: 'pcgrad: seed must be an integer, found 1.5' });
});
