// Steady memory on the wasm backend: after the first steps, a training loop's storages come from the pool's
// free lists, so 1,000 steps reserve no new WebAssembly memory and leave no tensor or storage behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

test('1,000 Adam steps of an MLP on wasm: reserved bytes, tensors and storages stay flat', async () => {
  const previous = tn.getBackend();
  await tn.setBackend('wasm');
  try {
    tn.manualSeed(7);
    const model = new tn.models.MLP([64, 128, 10], { dropout: 0.1 });
    const optimizer = new tn.optim.Adam(model.parameters(), { lr: 1e-3 });
    const x = tn.randn([32, 64]);
    const y = tn.randint(0, 10, [32]);
    const step = (): number => tn.tidy(() => {
      optimizer.zeroGrad();
      const loss = tn.crossEntropy(model.forward(x), y);
      loss.backward();
      optimizer.step();
      return loss.item();
    });
    const first = step();
    for (let i = 0; i < 9; i++) step();
    const settled = tn.memory();
    let last = first;
    for (let i = 0; i < 1000; i++) last = step();
    const now = tn.memory();
    assert.ok(settled.numReservedBytes !== undefined && settled.numReservedBytes > 0);
    assert.equal(now.numReservedBytes, settled.numReservedBytes, 'no new memory reserved after step 10');
    assert.equal(now.numTensors, settled.numTensors, 'no tensor leaked');
    assert.equal(now.numStorages, settled.numStorages, 'no storage leaked');
    assert.ok(last < first, `the loss went down (${first} → ${last})`);
    optimizer.dispose();
    tn.dispose([...model.parameters(), x, y]);
  } finally {
    await tn.setBackend(previous);
  }
});
