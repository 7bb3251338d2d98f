/**
 * Recurrent and attention layers: RNN, LSTM, GRU, MultiheadAttention, TransformerEncoderLayer and
 * TransformerEncoder against PyTorch 1.13 (fixtures from `/usr/bin/python3 tools/golden/recurrent.py`),
 * their parameter names, error messages, and a small sequence task an LSTM learns with plain SGD.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

const { nn } = tn;
type Tensor = tn.Tensor;

interface FixtureTensor { shape: number[]; data: number[]; dtype?: 'float32' | 'int32' | 'bool' }
interface Case {
  id: string;
  module: 'RNN' | 'LSTM' | 'GRU' | 'MultiheadAttention' | 'TransformerEncoderLayer' | 'TransformerEncoder';
  args: Record<string, unknown>;
  state_dict: Record<string, FixtureTensor>;
  inputs: Record<string, FixtureTensor>;
  forward?: { selfAttention: boolean; needWeights: boolean; averageAttnWeights: boolean };
  outputs: Record<string, FixtureTensor>;
  cotangents: Record<string, FixtureTensor>;
  grads: { inputs: Record<string, FixtureTensor>; params: Record<string, FixtureTensor> };
  tol: { atol: number; rtol: number };
}

const fixture = JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'golden', 'recurrent.json'), 'utf8')) as { cases: Case[] };

function toTensor(t: FixtureTensor, requiresGrad = false): Tensor {
  switch (t.dtype ?? 'float32') {
    case 'bool': return tn.tensor(Uint8Array.from(t.data), { shape: t.shape, dtype: 'bool' });
    case 'int32': return tn.tensor(Int32Array.from(t.data), { shape: t.shape, dtype: 'int32' });
    default: return tn.tensor(Float32Array.from(t.data), { shape: t.shape, dtype: 'float32', requiresGrad });
  }
}

function assertClose(what: string, actual: Tensor | null, expected: FixtureTensor, tol: { atol: number; rtol: number }): void {
  assert.ok(actual !== null, `${what}: missing`);
  assert.deepEqual([...actual.shape], expected.shape, `${what}: shape`);
  const values = actual.dataSync();
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i]!;
    const ratio = Math.abs(Number(values[i]) - e) / (tol.atol + tol.rtol * Math.abs(e));
    if (!(ratio <= worstRatio)) { worstRatio = ratio; worst = i; }
  }
  assert.ok(worstRatio <= 1, `${what}: element ${worst} is ${values[worst]}, expected ${expected.data[worst]} ` +
    `(${worstRatio.toFixed(2)}× the tolerance atol ${tol.atol}, rtol ${tol.rtol})`);
}

const num = (a: Record<string, unknown>, k: string): number => a[k] as number;
const flag = (a: Record<string, unknown>, k: string): boolean => a[k] as boolean;

function encoderLayerOf(a: Record<string, unknown>): tn.nn.TransformerEncoderLayer {
  return new nn.TransformerEncoderLayer(num(a, 'dModel'), num(a, 'nhead'), {
    dimFeedforward: num(a, 'dimFeedforward'), dropout: num(a, 'dropout'), activation: a.activation as 'relu' | 'gelu',
    layerNormEps: num(a, 'layerNormEps'), batchFirst: flag(a, 'batchFirst'), normFirst: flag(a, 'normFirst'),
  });
}

type Built = { module: tn.nn.Module; run: (inputs: Record<string, Tensor>) => Record<string, Tensor | null> };

function build(c: Case, caseIndex: number): Built {
  const a = c.args;
  const lengthsOf = (inputs: Record<string, Tensor>): { lengths?: Tensor | number[] } => {
    const lengths = inputs.lengths;
    if (lengths === undefined) return {};
    // exercise both accepted forms: an int32 tensor and a plain array
    return { lengths: caseIndex % 2 === 0 ? lengths : Array.from(lengths.dataSync(), Number) };
  };
  switch (c.module) {
    case 'RNN': case 'GRU': {
      const options = {
        numLayers: num(a, 'numLayers'), bias: flag(a, 'bias'), batchFirst: flag(a, 'batchFirst'),
        bidirectional: flag(a, 'bidirectional'), dropout: num(a, 'dropout'),
      };
      const m = c.module === 'RNN'
        ? new nn.RNN(num(a, 'inputSize'), num(a, 'hiddenSize'), { ...options, nonlinearity: a.nonlinearity as 'tanh' | 'relu' })
        : new nn.GRU(num(a, 'inputSize'), num(a, 'hiddenSize'), options);
      return {
        module: m,
        run: (i) => {
          const [output, hN] = m.forward(i.input!, i.h0 ?? null, lengthsOf(i));
          return { output, hN };
        },
      };
    }
    case 'LSTM': {
      const m = new nn.LSTM(num(a, 'inputSize'), num(a, 'hiddenSize'), {
        numLayers: num(a, 'numLayers'), bias: flag(a, 'bias'), batchFirst: flag(a, 'batchFirst'),
        bidirectional: flag(a, 'bidirectional'), dropout: num(a, 'dropout'),
      });
      return {
        module: m,
        run: (i) => {
          const [output, [hN, cN]] = m.forward(i.input!, i.h0 !== undefined ? [i.h0, i.c0!] : null, lengthsOf(i));
          return { output, hN, cN };
        },
      };
    }
    case 'MultiheadAttention': {
      const options: tn.nn.MultiheadAttentionOptions = { bias: flag(a, 'bias'), batchFirst: flag(a, 'batchFirst') };
      const m = new nn.MultiheadAttention(num(a, 'embedDim'), num(a, 'numHeads'), {
        ...options, ...(a.kdim !== undefined ? { kdim: num(a, 'kdim') } : {}), ...(a.vdim !== undefined ? { vdim: num(a, 'vdim') } : {}),
      });
      const f = c.forward!;
      return {
        module: m,
        run: (i) => {
          const q = i.query!;
          const [output, weights] = m.forward(q, f.selfAttention ? q : i.key!, f.selfAttention ? q : i.value!, {
            keyPaddingMask: i.keyPaddingMask ?? null, attnMask: i.attnMask ?? null,
            needWeights: f.needWeights, averageAttnWeights: f.averageAttnWeights,
          });
          const out: Record<string, Tensor | null> = { output };
          if (f.needWeights) out.weights = weights;
          return out;
        },
      };
    }
    case 'TransformerEncoderLayer': {
      const m = encoderLayerOf(a);
      return { module: m, run: (i) => ({ output: m.forward(i.src!, { srcMask: i.srcMask ?? null, srcKeyPaddingMask: i.srcKeyPaddingMask ?? null }) }) };
    }
    case 'TransformerEncoder': {
      const layer = encoderLayerOf(a);
      // a LayerNorm like the layer's own (same dModel and eps) as the final norm
      const norm = flag(a, 'finalNorm') ? encoderLayerOf(a).norm1 : null;
      const m = new nn.TransformerEncoder(layer, num(a, 'numLayers'), { norm });
      return { module: m, run: (i) => ({ output: m.forward(i.src!, { mask: i.srcMask ?? null, srcKeyPaddingMask: i.srcKeyPaddingMask ?? null }) }) };
    }
    default: throw new Error(`unknown module ${String(c.module)}`);
  }
}

const MASKS = new Set(['attnMask', 'keyPaddingMask', 'srcMask', 'srcKeyPaddingMask', 'lengths']);

test('golden fixtures cover every layer and the asked-for configurations', () => {
  const ids = fixture.cases.map((c) => c.id);
  for (const m of ['RNN', 'LSTM', 'GRU', 'MultiheadAttention', 'TransformerEncoderLayer', 'TransformerEncoder']) {
    assert.ok(fixture.cases.some((c) => c.module === m), `no case for ${m}`);
  }
  for (const kind of ['rnn', 'lstm', 'gru']) {
    const cases = fixture.cases.filter((c) => c.id.startsWith(kind));
    assert.ok(cases.some((c) => c.args.bidirectional === true), `${kind}: bidirectional`);
    assert.ok(cases.some((c) => c.args.batchFirst === true) && cases.some((c) => c.args.batchFirst === false), `${kind}: batchFirst both ways`);
    assert.ok(cases.some((c) => 'lengths' in c.inputs), `${kind}: lengths`);
  }
  assert.ok(fixture.cases.some((c) => c.module === 'LSTM' && num(c.args, 'numLayers') > 1 && 'lengths' in c.inputs && c.args.bidirectional === true));
  assert.ok(ids.some((id) => id.includes('kdim')));
  const layers = fixture.cases.filter((c) => c.module.startsWith('Transformer'));
  assert.ok(layers.some((c) => c.args.normFirst === true) && layers.some((c) => c.args.normFirst === false));
  assert.ok(layers.some((c) => c.args.activation === 'gelu'));
});

fixture.cases.forEach((c, caseIndex) => {
  test(`golden ${c.module}: ${c.id}`, () => {
    tn.manualSeed(caseIndex);
    const { module, run } = build(c, caseIndex);
    module.eval();
    const stateDict = Object.fromEntries(Object.entries(c.state_dict).map(([k, v]) => [k, toTensor(v)]));
    assert.deepEqual(Object.keys(module.stateDict()).sort(), Object.keys(stateDict).sort(), 'state-dict keys');
    module.loadStateDict(stateDict); // strict
    const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, toTensor(v, !MASKS.has(k))]));
    const outputs = run(inputs);
    assert.deepEqual(Object.keys(outputs).sort(), Object.keys(c.outputs).sort(), 'outputs');
    let loss: Tensor | null = null;
    for (const [name, expected] of Object.entries(c.outputs)) {
      const out = outputs[name] ?? null;
      assertClose(`${c.id} ${name}`, out, expected, c.tol);
      const term = tn.sum(tn.mul(out!, toTensor(c.cotangents[name]!)));
      loss = loss === null ? term : tn.add(loss, term);
    }
    loss!.backward();
    for (const [name, expected] of Object.entries(c.grads.inputs)) {
      assertClose(`${c.id} d/d ${name}`, inputs[name]!.grad ?? tn.zeros(expected.shape), expected, c.tol);
    }
    const params = new Map(module.namedParameters());
    for (const [name, expected] of Object.entries(c.grads.params)) {
      const p = params.get(name);
      assert.ok(p !== undefined, `${c.id}: no parameter ${name}`);
      assertClose(`${c.id} d/d ${name}`, p.grad ?? tn.zeros(expected.shape), expected, c.tol);
    }
  });
});

test('recurrent parameters: torch names, shapes, order and U(−1/√H, 1/√H) initialisation', () => {
  tn.manualSeed(3);
  const lstm = new nn.LSTM(3, 5, { numLayers: 2, bidirectional: true });
  const shapes = Object.entries(lstm.stateDict()).map(([k, v]) => `${k}:${v.shape.join('x')}`);
  assert.deepEqual(shapes, [
    'weight_ih_l0:20x3', 'weight_hh_l0:20x5', 'bias_ih_l0:20', 'bias_hh_l0:20',
    'weight_ih_l0_reverse:20x3', 'weight_hh_l0_reverse:20x5', 'bias_ih_l0_reverse:20', 'bias_hh_l0_reverse:20',
    'weight_ih_l1:20x10', 'weight_hh_l1:20x5', 'bias_ih_l1:20', 'bias_hh_l1:20',
    'weight_ih_l1_reverse:20x10', 'weight_hh_l1_reverse:20x5', 'bias_ih_l1_reverse:20', 'bias_hh_l1_reverse:20',
  ]);
  const bound = 1 / Math.sqrt(5);
  for (const p of lstm.parameters()) {
    const v = Array.from(p.dataSync());
    assert.ok(v.every((x) => Math.abs(x) <= bound), 'within the bound');
    assert.ok(Math.max(...v.map(Math.abs)) > bound * 0.5, 'spread over the range');
  }
  assert.equal(lstm.allWeights.length, 4);
  assert.equal(lstm.allWeights[1]![0], (lstm.stateDict() as Record<string, Tensor>).weight_ih_l0_reverse);
  assert.deepEqual(Object.keys(new nn.GRU(2, 3, { bias: false }).stateDict()), ['weight_ih_l0', 'weight_hh_l0']);
  assert.equal(new nn.RNN(2, 3).stateDict().weight_ih_l0?.shape[0], 3);
  assert.equal(lstm.toString(), 'LSTM(3, 5, num_layers=2, bidirectional=True)');
  assert.equal(new nn.RNN(4, 8, { nonlinearity: 'relu', batchFirst: true }).toString(), 'RNN(4, 8, batch_first=True, nonlinearity=relu)');
});

test('attention and encoder parameters carry torch names and initialisation', () => {
  tn.manualSeed(4);
  const packed = new nn.MultiheadAttention(8, 2);
  assert.deepEqual(Object.keys(packed.stateDict()), ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
  assert.deepEqual(packed.in_proj_bias!.tolist(), new Array(24).fill(0));
  assert.deepEqual(packed.out_proj.bias!.tolist(), new Array(8).fill(0));
  const xavier = Math.sqrt(6 / (8 + 24));
  assert.ok(Array.from(packed.in_proj_weight!.dataSync()).every((x) => Math.abs(x) <= xavier));
  const separate = new nn.MultiheadAttention(8, 4, { kdim: 5, vdim: 3, bias: false });
  assert.deepEqual(Object.entries(separate.stateDict()).map(([k, v]) => `${k}:${v.shape.join('x')}`),
    ['q_proj_weight:8x8', 'k_proj_weight:8x5', 'v_proj_weight:8x3', 'out_proj.weight:8x8']);
  assert.equal(separate.in_proj_weight, null);
  const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
  assert.deepEqual(layer.namedChildren().map(([k]) => k), ['self_attn', 'linear1', 'dropout', 'linear2', 'norm1', 'norm2', 'dropout1', 'dropout2']);
  const encoder = new nn.TransformerEncoder(layer, 2);
  assert.deepEqual(Object.keys(encoder.stateDict()).slice(0, 3), ['layers.0.self_attn.in_proj_weight', 'layers.0.self_attn.in_proj_bias', 'layers.0.self_attn.out_proj.weight']);
  assert.equal(Object.keys(encoder.stateDict()).length, 24);
});

test('TransformerEncoder copies the given layer (equal weights, independent storage)', () => {
  tn.manualSeed(5);
  const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
  layer.linear1.weight.requiresGrad = false;
  const encoder = new nn.TransformerEncoder(layer, 2);
  for (const i of [0, 1]) {
    const copy = encoder.layer(i);
    assert.notEqual(copy, layer);
    for (const [name, p] of layer.namedParameters()) {
      const q = copy.namedParameters().find(([k]) => k === name)![1];
      assert.notEqual(p, q);
      assert.deepEqual(q.tolist(), p.tolist(), name);
      assert.equal(q.requiresGrad, p.requiresGrad, `${name} trainability`);
    }
  }
  tn.noGrad(() => encoder.layer(0).linear2.weight.assign(tn.zerosLike(encoder.layer(0).linear2.weight)));
  assert.notDeepEqual(encoder.layer(1).linear2.weight.tolist(), encoder.layer(0).linear2.weight.tolist());
  assert.notDeepEqual(layer.linear2.weight.tolist(), encoder.layer(0).linear2.weight.tolist());
  // in eval mode the stack equals applying the copies one after the other
  encoder.eval();
  const x = tn.randn([4, 3, 8]);
  const expected = encoder.layer(1).forward(encoder.layer(0).forward(x));
  assert.deepEqual(encoder.forward(x).tolist(), expected.tolist());
});

test('lengths: each sequence gives what it gives alone, truncated; zeros past its length', () => {
  tn.manualSeed(6);
  for (const Layer of [nn.LSTM, nn.GRU, nn.RNN] as const) {
    const m = new Layer(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
    const x = tn.randn([3, 5, 3]);
    const lengths = [5, 2, 4];
    const [out, state] = m.forward(x, null, { lengths });
    const hN = Array.isArray(state) ? state[0] as Tensor : state as Tensor;
    lengths.forEach((n, b) => {
      const alone = tn.slice(tn.slice(x, 0, b, b + 1), 1, 0, n);
      const [o, s] = m.forward(alone);
      const h = Array.isArray(s) ? s[0] as Tensor : s as Tensor;
      const mine = tn.slice(out, 0, b, b + 1);
      const close = (a: Tensor, e: Tensor, what: string) => {
        const av = a.dataSync();
        const ev = e.dataSync();
        assert.equal(av.length, ev.length, what);
        for (let i = 0; i < ev.length; i++) assert.ok(Math.abs(av[i]! - ev[i]!) < 1e-6, `${Layer.name} ${what} [${i}]: ${av[i]} vs ${ev[i]}`);
      };
      close(tn.slice(mine, 1, 0, n), o, `sequence ${b} output`);
      close(tn.slice(hN, 1, b, b + 1), h, `sequence ${b} hN`);
      assert.ok(Array.from(tn.slice(mine, 1, n).dataSync()).every((v) => v === 0), `${Layer.name} sequence ${b}: zeros past the length`);
    });
  }
});

test('unbatched input and state, and batchFirst with h0 kept [layers, N, H]', () => {
  tn.manualSeed(7);
  const lstm = new nn.LSTM(3, 4, { batchFirst: true });
  const x = tn.randn([6, 3]);
  const [out, [h, c]] = lstm.forward(x, [tn.zeros([1, 4]), tn.zeros([1, 4])]);
  assert.deepEqual([out.shape, h.shape, c.shape].map((s) => [...s]), [[6, 4], [1, 4], [1, 4]]);
  const [batched] = lstm.forward(tn.unsqueeze(x, 0));
  assert.deepEqual(tn.squeeze(batched, 0).tolist(), out.tolist());
  const [, hb] = new nn.GRU(3, 4, { batchFirst: true, numLayers: 2 }).forward(tn.randn([5, 7, 3]), tn.zeros([2, 5, 4]));
  assert.deepEqual([...hb.shape], [2, 5, 4]);
  const mha = new nn.MultiheadAttention(4, 2);
  const [o, w] = mha.forward(tn.randn([3, 4]), tn.randn([5, 4]), tn.randn([5, 4]));
  assert.deepEqual([[...o.shape], [...w!.shape]], [[3, 4], [3, 5]]);
});

test('error messages name the layer, the expected and the found shapes', () => {
  const lstm = new nn.LSTM(4, 5, { numLayers: 2 });
  const x = tn.zeros([6, 3, 4]);
  assert.throws(() => lstm.forward(tn.zeros([6, 3, 7])), /^ShapeError: LSTM: input \[6,3,7\] must end in inputSize=4$/);
  assert.throws(() => lstm.forward(tn.zeros([2, 6, 3, 4])), /LSTM: expected a batched input \[L, N, inputSize\] or an unbatched input \[L, inputSize\], found \[2,6,3,4\]/);
  assert.throws(() => lstm.forward(x, [tn.zeros([1, 3, 5]), tn.zeros([2, 3, 5])]), /LSTM: expected h0 of shape \[2,3,5\] for input \[6,3,4\], found \[1,3,5\]/);
  assert.throws(() => lstm.forward(x, [tn.zeros([2, 3, 5]), tn.zeros([2, 4, 5])]), /LSTM: expected c0 of shape \[2,3,5\] for input \[6,3,4\], found \[2,4,5\]/);
  assert.throws(() => new nn.GRU(4, 5).forward(tn.zeros([6, 4]), tn.zeros([1, 1, 5])), /GRU: expected h0 of shape \[1,5\] for input \[6,4\], found \[1,1,5\]/);
  assert.throws(() => lstm.forward(x, null, { lengths: [6, 7, 1] }), /^ValueError: LSTM: lengths\[1\] must be an integer in \[1, 6\] \(the sequence length\), found 7$/);
  assert.throws(() => lstm.forward(x, null, { lengths: [6, 0, 1] }), /lengths\[1\] must be an integer in \[1, 6\]/);
  assert.throws(() => lstm.forward(x, null, { lengths: [6, 2] }), /LSTM: expected 3 lengths \(one per sequence\), found 2/);
  assert.throws(() => lstm.forward(x, null, { lengths: tn.tensor([6, 2, 1]) }), /^DTypeError: LSTM: lengths must be an int32 tensor or an array of numbers, found dtype float32$/);
  assert.throws(() => new nn.RNN(4, 5, { nonlinearity: 'sigmoid' as 'tanh' }), /RNN: nonlinearity must be 'tanh' or 'relu', found 'sigmoid'/);
  assert.throws(() => new nn.LSTM(4, 0), /LSTM: hiddenSize must be a positive integer, found 0/);
  assert.throws(() => new nn.GRU(4, 5, { dropout: 1.5 }), /GRU: dropout must be in \[0, 1\], found 1.5/);

  assert.throws(() => new nn.MultiheadAttention(10, 3), /MultiheadAttention: embedDim \(10\) must be divisible by numHeads \(3\)/);
  const mha = new nn.MultiheadAttention(8, 2, { kdim: 5 });
  const q = tn.zeros([4, 2, 8]);
  const k = tn.zeros([3, 2, 5]);
  const v = tn.zeros([3, 2, 8]);
  assert.throws(() => mha.forward(q, q, v), /MultiheadAttention: key \[4,2,8\] must end in 5 features/);
  assert.throws(() => mha.forward(q, k, tn.zeros([4, 2, 8])), /key \[3,2,5\] and value \[4,2,8\] must have the same sequence length/);
  assert.throws(() => mha.forward(q, tn.zeros([3, 1, 5]), tn.zeros([3, 1, 8])), /must have the same batch size \(dimension 1, batchFirst false\)/);
  assert.throws(() => mha.forward(q, tn.zeros([3, 5]), v), /query, key and value must have the same number of dimensions/);
  assert.throws(() => mha.forward(q, k, v, { attnMask: tn.zeros([3, 4], { dtype: 'bool' }) }), /MultiheadAttention: expected attnMask of shape \[4,3\], found \[3,4\]/);
  assert.throws(() => mha.forward(q, k, v, { attnMask: tn.zeros([2, 4, 3], { dtype: 'bool' }) }), /expected attnMask of shape \[4,4,3\], found \[2,4,3\]/);
  assert.throws(() => mha.forward(q, k, v, { keyPaddingMask: tn.zeros([2, 4], { dtype: 'bool' }) }), /expected keyPaddingMask of shape \[2,3\], found \[2,4\]/);
  assert.throws(() => mha.forward(q, k, v, { keyPaddingMask: tn.zeros([2, 3], { dtype: 'int32' }) }), /^DTypeError: MultiheadAttention: keyPaddingMask must be bool or floating point, found int32$/);
  const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 4 });
  assert.throws(() => layer.forward(tn.zeros([5, 2, 6])), /MultiheadAttention: query \[5,2,6\] must end in 8 features/);
  assert.throws(() => new nn.TransformerEncoder(layer, 0), /TransformerEncoder: numLayers must be a positive integer, found 0/);
});

test('dropout acts between layers and on attention only in training mode', () => {
  tn.manualSeed(9);
  const x = tn.randn([4, 2, 3]);
  const lstm = new nn.LSTM(3, 8, { numLayers: 2, dropout: 0.5 });
  assert.notDeepEqual(lstm.forward(x)[0].tolist(), lstm.forward(x)[0].tolist());
  lstm.eval();
  assert.deepEqual(lstm.forward(x)[0].tolist(), lstm.forward(x)[0].tolist());
  const src = tn.randn([5, 2, 8]);
  const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.5 });
  assert.notDeepEqual(layer.forward(src).tolist(), layer.forward(src).tolist());
  layer.eval();
  assert.deepEqual(layer.forward(src).tolist(), layer.forward(src).tolist());
  const mha = new nn.MultiheadAttention(8, 2, { dropout: 0.5 });
  const rowSums = (w: Tensor | null) => Array.from(tn.sum(w!, -1).dataSync());
  assert.ok(rowSums(mha.forward(src, src, src, { averageAttnWeights: false })[1]).some((v) => Math.abs(v - 1) > 1e-3));
  mha.eval();
  assert.ok(rowSums(mha.forward(src, src, src)[1]).every((v) => Math.abs(v - 1) < 1e-5));
});

test('no intermediate tensor survives a forward pass outside recording', () => {
  tn.manualSeed(8);
  const lstm = new nn.LSTM(3, 4, { bidirectional: true });
  const encoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 8 }), 2);
  const x = tn.randn([5, 2, 3]);
  const src = tn.randn([5, 2, 8]);
  const mask = tn.tensor([[false, false, false, true, true], [false, false, false, false, false]]);
  const before = tn.numTensors();
  const kept = tn.noGrad(() => [...lstm.forward(x, null, { lengths: [3, 5] }).flat(), encoder.forward(src, { srcKeyPaddingMask: mask })]);
  assert.equal(tn.numTensors() - before, kept.length);
  tn.dispose(kept);
});

test('an LSTM learns to recall the first token of a sequence with plain SGD', () => {
  tn.manualSeed(42);
  const vocab = 4;
  const steps = 6;
  const hidden = 16;
  const g = new tn.Generator(7);
  const lstm = new nn.LSTM(vocab, hidden, { batchFirst: true });
  // the usual trick for long memories: forget-gate bias 1 (gates i, f, g, o; f is rows H…2H−1)
  const biasIh = lstm.weightsOf(0, 0).biasIh!;
  const bias = Float32Array.from(biasIh.dataSync());
  bias.fill(1, hidden, 2 * hidden);
  tn.noGrad(() => biasIh.assign(tn.tensor(bias)));
  const head = new nn.Linear(hidden, vocab);
  const params = [...lstm.parameters(), ...head.parameters()];
  const batchOf = (n: number): [Tensor, Tensor, number[]] => {
    const tokens = Array.from({ length: n * steps }, () => g.integers(0, vocab));
    const x = tn.oneHot(tn.tensor(Int32Array.from(tokens), { shape: [n, steps], dtype: 'int32' }), vocab).float();
    const first = Array.from({ length: n }, (_, b) => tokens[b * steps]!);
    return [x, tn.tensor(Int32Array.from(first), { shape: [n], dtype: 'int32' }), first];
  };
  const logitsOf = (x: Tensor): Tensor => {
    const [, [hN]] = lstm.forward(x);
    return head.forward(tn.squeeze(hN, 0));
  };
  const started = Date.now();
  let loss = Infinity;
  for (let step = 0; step < 600; step++) {
    loss = tn.tidy(() => {
      const [x, y] = batchOf(32);
      const logp = tn.logSoftmax(logitsOf(x), 1);
      const l = tn.neg(tn.mean(tn.gather(logp, 1, tn.unsqueeze(y, 1))));
      l.backward();
      tn.noGrad(() => {
        for (const p of params) {
          p.assign(tn.sub(p, tn.mul(p.grad!, 2)));
          p.grad!.dispose();
          p.grad = null;
        }
      });
      return l.item();
    });
    if (loss < 0.05) break;
  }
  const [x, , first] = batchOf(200);
  const predicted = tn.noGrad(() => tn.argmax(logitsOf(x), 1)).tolist() as number[];
  const accuracy = predicted.filter((p, i) => p === first[i]).length / first.length;
  assert.ok(accuracy >= 0.95, `accuracy ${accuracy}, last loss ${loss}, ${Date.now() - started} ms`);
});
