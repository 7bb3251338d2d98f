/** LoRA adapters (Hu et al. 2021, peft's conventions): init, gradients, merge, adapter save/load, named adapters, Conv2d. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn, optim, transfer } = tn;

/** Conv2d(1,4,3,pad 1) → ReLU → Flatten → Linear(100, 8) → ReLU → Linear(8, 3) on [N, 1, 5, 5]: layers 0, 3, 5. */
function net(seed = 0): tn.nn.Sequential {
  tn.manualSeed(seed);
  return new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.Flatten(),
    new nn.Linear(100, 8), new nn.ReLU(), new nn.Linear(8, 3));
}

const values = (t: tn.Tensor): number[] => Array.from(t.dataSync());
const maxDiff = (a: tn.Tensor, b: tn.Tensor): number => values(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (values(b)[i] as number))), 0);
function input(seed = 1): tn.Tensor {
  tn.manualSeed(seed);
  return tn.randn([6, 1, 5, 5]);
}
const run = (model: tn.nn.Sequential, x: tn.Tensor): tn.Tensor => tn.noGrad(() => model.forward(x));

/** Give every B matrix of an adapter random values (as training would), so that the adapter changes the output. */
function perturb(model: tn.nn.Module, name = 'default', seed = 5): void {
  tn.manualSeed(seed);
  tn.noGrad(() => {
    for (const [, layer] of transfer.loraLayers(model)) {
      if (!layer.adapterNames().includes(name)) continue;
      for (const p of layer.lora_B.get(name).parameters()) p.assign(tn.mul(tn.randn(p.shape), 0.1));
    }
  });
}

test('addLora wraps the targets in place, freezes the base, keeps the output at init and reports the counts', () => {
  const model = net();
  const x = input();
  const before = run(model, x);
  const total = model.numParameters();
  const report = transfer.addLora(model, { targets: ['0', '**.5', '3'], rank: 2, alpha: 4 });
  assert.deepEqual(report.layers, ['0', '3', '5']);
  assert.ok(model.at(0) instanceof transfer.LoraConv2d && model.at(3) instanceof transfer.LoraLinear && model.at(5) instanceof transfer.LoraLinear);
  // conv A 2·1·3·3 + B 4·2; linear A 2·100 + B 8·2; linear A 2·8 + B 3·2
  assert.equal(report.adapterParameters, 18 + 8 + 200 + 16 + 16 + 6);
  assert.deepEqual(report.counts, { total: total + 264, trainable: 264, frozen: total, trainablePercent: 100 * 264 / (total + 264) });
  assert.equal(total, 40 + 808 + 27);
  assert.equal(transfer.formatParameterCounts(report.counts), `trainable params: 264 || all params: 1,139 || trainable%: ${(100 * 264 / 1139).toFixed(4)}`);
  assert.deepEqual(Object.keys(model.stateDict()).filter((k) => k.startsWith('3.')),
    ['3.base_layer.weight', '3.base_layer.bias', '3.lora_A.default.weight', '3.lora_B.default.weight']);
  assert.deepEqual(model.namedParameters().filter(([, p]) => p.requiresGrad).map(([n]) => n),
    ['0.lora_A.default.weight', '0.lora_B.default.weight', '3.lora_A.default.weight', '3.lora_B.default.weight',
      '5.lora_A.default.weight', '5.lora_B.default.weight']);
  assert.equal((model.at(5) as tn.transfer.LoraLinear).scaling.default, 2);
  assert.equal(maxDiff(run(model, x), before), 0); // B = 0: exactly the base output, in training mode too
  // A is Kaiming-uniform as a Linear's weight: U(−1/√in, 1/√in)
  const a = values((model.at(3) as tn.transfer.LoraLinear).lora_A.get('default').parameters()[0]!);
  assert.ok(a.every((v) => Math.abs(v) <= 1 / Math.sqrt(100)) && a.some((v) => v !== 0));
  // dropout acts on the adapter's input only: with B = 0 it cannot change the output
  const dropped = net();
  transfer.addLora(dropped, { targets: '5', rank: 2, dropout: 0.5 });
  assert.equal(maxDiff(run(dropped, x), before), 0);
});

test('LoRA training: gradients reach only A and B, and the base weights do not move', () => {
  const model = net();
  transfer.addLora(model, { targets: '**', rank: 2 });
  const base = model.namedParameters().filter(([n]) => n.includes('base_layer')).map(([n, p]) => [n, values(p)] as const);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const x = input();
  const y = tn.tensor([0, 1, 2, 0, 1, 2], { dtype: 'int32' });
  const step = (): void => {
    opt.zeroGrad();
    tn.tidy(() => tn.crossEntropy(model.forward(x), y).backward());
  };
  step();
  for (const [name, p] of model.namedParameters()) {
    assert.equal(p.grad === null, name.includes('base_layer'), `${name}: grad ${p.grad === null ? 'absent' : 'present'}`);
  }
  // at init B = 0, so A's gradient is zero and B's is not (∂L/∂A = s·Bᵀ·…)
  const lin = model.at(5) as tn.transfer.LoraLinear;
  assert.ok(values(lin.lora_A.get('default').parameters()[0]!.grad!).every((v) => v === 0));
  assert.ok(values(lin.lora_B.get('default').parameters()[0]!.grad!).some((v) => v !== 0));
  const losses: number[] = [];
  for (let i = 0; i < 20; i++) {
    step();
    losses.push(tn.noGrad(() => tn.crossEntropy(model.forward(x), y).item()));
    opt.step();
  }
  assert.ok((losses.at(-1) as number) < (losses[0] as number) - 0.05, `loss ${losses[0]} → ${losses.at(-1)}`);
  for (const [name, start] of base) assert.deepEqual(values(model.namedParameters().find(([n]) => n === name)![1]), start, name);
});

test('mergeLora folds W + (alpha/r)·B·A into the base weight with the same outputs; unmergeLora restores W', () => {
  const model = net();
  transfer.addLora(model, { targets: ['3', '5', '0'], rank: 3, alpha: 6 });
  perturb(model);
  model.eval();
  const x = input();
  const unmerged = run(model, x);
  const lin = model.at(3) as tn.transfer.LoraLinear;
  const w = values(lin.base_layer.weight);
  const aW = lin.lora_A.get('default').parameters()[0]!;
  const bW = lin.lora_B.get('default').parameters()[0]!;
  const [A, B] = [values(aW), values(bW)]; // A [3, 100], B [8, 3]
  transfer.mergeLora(model);
  assert.equal(lin.merged, true);
  const merged = values(lin.base_layer.weight);
  for (const [o, c] of [[0, 0], [7, 99], [3, 42]] as const) {
    let delta = 0;
    for (let k = 0; k < 3; k++) delta += (B[o * 3 + k] as number) * (A[k * 100 + c] as number);
    assert.ok(Math.abs((merged[o * 100 + c] as number) - ((w[o * 100 + c] as number) + 2 * delta)) < 1e-6, `W'[${o}, ${c}]`);
  }
  assert.ok(maxDiff(run(model, x), unmerged) < 1e-5, `merged vs unmerged: ${maxDiff(run(model, x), unmerged)}`);
  transfer.mergeLora(model); // merging twice does nothing more
  assert.ok(maxDiff(run(model, x), unmerged) < 1e-5);
  transfer.unmergeLora(model);
  assert.equal(lin.merged, false);
  assert.ok(values(lin.base_layer.weight).every((v, i) => Math.abs(v - (w[i] as number)) < 1e-6));
  assert.ok(maxDiff(run(model, x), unmerged) < 1e-5);
  // unloadLora puts the (merged) base layers back: the original structure and keys, the adapted outputs
  assert.deepEqual(transfer.unloadLora(model), ['0', '3', '5']);
  assert.ok(model.at(3) === lin.base_layer && transfer.loraLayers(model).length === 0);
  assert.deepEqual(Object.keys(model.stateDict()), ['0.weight', '0.bias', '3.weight', '3.bias', '5.weight', '5.bias']);
  assert.ok(maxDiff(run(model, x), unmerged) < 1e-5);
  const dropped = net();
  const plain = run(dropped, x);
  transfer.addLora(dropped, { targets: '**', rank: 2 });
  perturb(dropped);
  transfer.unloadLora(dropped, { merge: false });
  assert.equal(maxDiff(run(dropped, x), plain), 0);
  assert.throws(() => transfer.unloadLora(dropped), /unloadLora: Sequential has no LoRA layers \(add them with addLora\)/);
});

test('loraStateDict / loadLora save and load only the adapter, through a safetensors file and into another copy', () => {
  const model = net();
  transfer.addLora(model, { targets: ['3', '5'], rank: 2, alpha: 4 });
  perturb(model);
  const sd = transfer.loraStateDict(model);
  assert.deepEqual(Object.keys(sd), ['3.lora_A.weight', '3.lora_B.weight', '5.lora_A.weight', '5.lora_B.weight']);
  const bytes = tn.io.encodeSafetensors(sd);
  const copy = net(); // the same base weights (same seed), a fresh adapter with other random A
  transfer.addLora(copy, { targets: ['3', '5'], rank: 2, alpha: 4 });
  const x = input();
  assert.ok(maxDiff(run(copy, x), run(model, x)) > 1e-3);
  const result = transfer.loadLora(copy, tn.io.decodeSafetensors(bytes).tensors);
  assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  assert.equal(maxDiff(run(copy, x), run(model, x)), 0);
  // the same weights load into an adapter of another name
  transfer.addLora(copy, { targets: ['3', '5'], rank: 2, alpha: 4, name: 'other' });
  transfer.loadLora(copy, sd, { name: 'other' });
  assert.equal(maxDiff(run(copy, x), run(model, x)), 0);
  // errors: unknown adapter, keys, rank
  assert.throws(() => transfer.loadLora(copy, sd, { name: 'nope' }), /loadLora: the model has no LoRA adapter 'nope' \(it has: default, other\); create it with addLora/);
  assert.throws(() => transfer.loadLora(copy, { '3.lora_A.weight': sd['3.lora_A.weight']! }), /does not fit adapter 'default': missing key\(s\): 3\.lora_B\.weight, 5\.lora_A\.weight, 5\.lora_B\.weight/);
  assert.deepEqual(transfer.loadLora(copy, { '3.lora_A.weight': sd['3.lora_A.weight']!, 'x.y': tn.zeros([1]) }, { strict: false }).unexpectedKeys, ['x.y']);
  const rank4 = net();
  transfer.addLora(rank4, { targets: ['3', '5'], rank: 4 });
  assert.throws(() => transfer.loadLora(rank4, sd), /loadLora: '3\.lora_A\.weight' has shape \[2,100\] in the state dict, the adapter's is \[4,100\]/);
  transfer.mergeLora(copy);
  assert.throws(() => transfer.loadLora(copy, sd, { name: 'other' }), /are merged into the base weight; call unmergeLora\(model\) first/);
});

test('several named adapters on one backbone: setAdapter switches, combines or disables them, and sets what trains', () => {
  const model = net();
  const x = input();
  const base = run(model, x);
  transfer.addLora(model, { targets: '5', rank: 2, name: 'digits' });
  perturb(model, 'digits', 6);
  const report = transfer.addLora(model, { targets: ['3', '5'], rank: 2, name: 'fashion' });
  perturb(model, 'fashion', 7);
  assert.deepEqual(transfer.loraAdapterNames(model), ['fashion', 'digits']); // in the order met: layer 3 has only 'fashion'
  assert.deepEqual(transfer.activeAdapters(model), ['fashion']); // the adapter added last is active
  assert.equal(report.counts.trainable, 200 + 16 + 16 + 6);
  const trainable = (): string[] => model.namedParameters().filter(([, p]) => p.requiresGrad).map(([n]) => n);
  assert.deepEqual(trainable(), ['3.lora_A.fashion.weight', '3.lora_B.fashion.weight', '5.lora_A.fashion.weight', '5.lora_B.fashion.weight']);
  const fashion = run(model, x);
  transfer.setAdapter(model, 'digits');
  assert.deepEqual(trainable(), ['5.lora_A.digits.weight', '5.lora_B.digits.weight']);
  const digits = run(model, x);
  assert.ok(maxDiff(digits, fashion) > 1e-3 && maxDiff(digits, base) > 1e-3);
  transfer.setAdapter(model, null);
  assert.deepEqual(trainable(), []);
  assert.equal(maxDiff(run(model, x), base), 0);
  // 'digits' adapts only layer 5, whose input 'fashion' changes: check additivity where the adapters do not interact
  const last = model.at(5) as tn.transfer.LoraLinear;
  const h = tn.randn([4, 8]);
  transfer.setAdapter(model, 'digits');
  const dDigits = tn.sub(last.forward(h), last.base_layer.forward(h));
  transfer.setAdapter(model, 'fashion');
  const dFashion = tn.sub(last.forward(h), last.base_layer.forward(h));
  transfer.setAdapter(model, ['digits', 'fashion']);
  assert.ok(maxDiff(tn.sub(last.forward(h), last.base_layer.forward(h)), tn.add(dDigits, dFashion)) < 1e-6);
  // switching a merged model unmerges it first
  transfer.setAdapter(model, 'fashion');
  transfer.mergeLora(model);
  transfer.setAdapter(model, 'digits');
  assert.equal(last.merged, false);
  assert.ok(maxDiff(run(model, x), digits) < 1e-5);
  assert.throws(() => transfer.setAdapter(model, 'cats'), /setAdapter: the model has no LoRA adapter 'cats' \(it has: fashion, digits\)/);
  assert.throws(() => transfer.addLora(model, { targets: '5', name: 'digits' }), /addLora: '5' already has an adapter named 'digits'/);
});

test('LoraConv2d follows peft: A has the base kernel, stride and padding, B is 1×1; ΔW = s·Σ_k B[o,k]·A[k,c,i,j]', () => {
  tn.manualSeed(3);
  const conv = new nn.Conv2d(3, 6, [3, 5], { stride: 2, padding: [1, 2], dilation: [1, 2] });
  const model = new nn.Sequential(conv);
  transfer.addLora(model, { targets: '0', rank: 4, alpha: 2 });
  const layer = model.at(0) as tn.transfer.LoraConv2d;
  const A = layer.lora_A.get('default') as tn.nn.Conv2d;
  const B = layer.lora_B.get('default') as tn.nn.Conv2d;
  assert.deepEqual(A.weight.shape, [4, 3, 3, 5]);
  assert.deepEqual([A.stride, A.padding, A.dilation, A.bias], [[2, 2], [1, 2], [1, 2], null]);
  assert.deepEqual(B.weight.shape, [6, 4, 1, 1]);
  assert.deepEqual([B.kernelSize, B.stride, B.bias], [[1, 1], [1, 1], null]);
  perturb(model);
  tn.manualSeed(4);
  const x = tn.randn([2, 3, 9, 11]);
  const y = run(model, x);
  assert.deepEqual(y.shape, run(new nn.Sequential(conv), x).shape);
  assert.deepEqual(y.shape, [2, 6, 5, 4]);
  const delta = values(layer.deltaWeight('default'));
  const [a, b] = [values(A.weight), values(B.weight)];
  for (const [o, c, i, j] of [[0, 0, 0, 0], [5, 2, 2, 4], [3, 1, 1, 3]] as const) {
    let sum = 0;
    for (let k = 0; k < 4; k++) sum += (b[o * 4 + k] as number) * (a[((k * 3 + c) * 3 + i) * 5 + j] as number);
    assert.ok(Math.abs((delta[((o * 3 + c) * 3 + i) * 5 + j] as number) - 0.5 * sum) < 1e-7, `ΔW[${o},${c},${i},${j}]`);
  }
  transfer.mergeLora(model);
  assert.ok(maxDiff(run(model, x), y) < 1e-5, 'merged conv equals conv + adapter path');
  tn.manualSeed(0);
  const grouped = new nn.Sequential(new nn.Conv2d(4, 4, 3, { groups: 2 }));
  assert.throws(() => transfer.addLora(grouped, { targets: '0' }), /addLora: '0' is a grouped convolution \(groups=2\), which LoRA does not support/);
  assert.throws(() => transfer.addLora(net(), { targets: 'fc' }), /addLora: target 'fc' matches no Linear or Conv2d layer of Sequential; they are: 0, 3, 5/);
  assert.throws(() => transfer.addLora(net(), { targets: '3', rank: 0 }), /addLora: rank must be an integer ≥ 1, found 0/);
  assert.throws(() => transfer.addLora(net(), { targets: '3', name: 'a.b' }), /the adapter name must be a word/);
});

test('addLora keeps a new head trainable with `trainable`, and LoRA fine-tuning runs in fit', async () => {
  const model = net();
  transfer.replaceHead(model, '5', new nn.Linear(8, 2));
  const report = transfer.addLora(model, { targets: ['0', '3'], rank: 2, trainable: '5' });
  assert.equal(report.counts.trainable, 26 + 216 + 18);
  const x = input(9);
  const y = tn.tensor([0, 1, 0, 1, 0, 1], { dtype: 'int32' });
  const history = await tn.train.fit(model, {
    train: [[x, y]], loss: tn.crossEntropy, optimizer: new optim.Adam(model.parameters(), { lr: 0.05 }), epochs: 15, progress: false,
  });
  const loss = history.history.loss as number[];
  assert.ok((loss.at(-1) as number) < (loss[0] as number), `loss ${loss[0]} → ${loss.at(-1)}`);
});
