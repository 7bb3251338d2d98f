/** WarmupLR against PyTorch's LinearLR / SequentialLR / Hugging Face's lambdas (tools/golden/warmup.py), and by hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

const { nn, optim } = tn;

interface Fixture {
  torch: string;
  groupLrs: [number, number];
  schedules: { id: string; options: tn.optim.WarmupLROptions; torch: string; lrs: [number, number][] }[];
}
const fixture = JSON.parse(readFileSync(path.join(repoRoot(), 'test/fixtures/golden/warmup.json'), 'utf8')) as Fixture;

function twoGroups(lrs: readonly [number, number]): tn.optim.SGD {
  return new optim.SGD([
    { params: [new nn.Parameter(tn.zeros([1]))], lr: lrs[0] },
    { params: [new nn.Parameter(tn.zeros([1]))], lr: lrs[1] },
  ], { lr: lrs[0] });
}

for (const spec of fixture.schedules) {
  test(`WarmupLR '${spec.id}' matches PyTorch ${spec.torch}`, () => {
    assert.match(fixture.torch, /^1\.13/);
    const opt = twoGroups(fixture.groupLrs);
    const sched = new optim.WarmupLR(opt, spec.options);
    spec.lrs.forEach((expected, t) => {
      const got = opt.paramGroups.map((g) => g.lr);
      got.forEach((lr, i) => {
        const want = expected[i] as number;
        assert.ok(Math.abs(lr - want) <= 1e-12 + 1e-9 * Math.abs(want), `${spec.id} step ${t} group ${i}: ${lr} vs PyTorch ${want}`);
      });
      if (t < spec.lrs.length - 1) sched.step();
    });
  });
}

test('WarmupLR by hand: warm-up from 0, then cosine to a floor that it keeps after totalSteps', () => {
  const opt = new optim.SGD([new nn.Parameter(tn.zeros([1]))], { lr: 1 });
  const sched = new optim.WarmupLR(opt, { warmupSteps: 4, decay: 'cosine', totalSteps: 8, minFactor: 0.2 });
  const lrs: number[] = [];
  for (let t = 0; t <= 10; t++) {
    lrs.push(opt.paramGroups[0]!.lr);
    sched.step();
  }
  // t<4: t/4; t=4..8: 0.2 + 0.8·(1 + cos(π(t−4)/4))/2 — at t=6 the midpoint 0.6; from t=8 on: 0.2
  const half = 0.2 + 0.8 * (1 + Math.cos(Math.PI / 4)) / 2;
  const quarter = 0.2 + 0.8 * (1 + Math.cos(3 * Math.PI / 4)) / 2;
  const expected = [0, 0.25, 0.5, 0.75, 1, half, 0.6, quarter, 0.2, 0.2, 0.2];
  lrs.forEach((lr, t) => assert.ok(Math.abs(lr - (expected[t] as number)) < 1e-12, `t=${t}: ${lr} vs ${expected[t]}`));
  assert.equal(sched.factorAt(100), 0.2);
});

test('WarmupLR resumes from its state dict, and says what is wrong with its options', () => {
  const build = (): [tn.optim.SGD, tn.optim.WarmupLR] => {
    const opt = new optim.SGD([new nn.Parameter(tn.zeros([1]))], { lr: 0.5 });
    return [opt, new optim.WarmupLR(opt, { warmupSteps: 3, decay: 'linear', totalSteps: 12 })];
  };
  const [opt, sched] = build();
  for (let i = 0; i < 5; i++) sched.step();
  const [opt2, sched2] = build();
  opt2.loadStateDict(opt.stateDict());
  sched2.loadStateDict(JSON.parse(JSON.stringify(sched.stateDict())) as tn.optim.SchedulerStateDict);
  assert.equal(sched2.lastEpoch, 5);
  for (let i = 0; i < 8; i++) {
    sched.step();
    sched2.step();
    assert.equal(opt2.paramGroups[0]!.lr, opt.paramGroups[0]!.lr);
  }
  assert.equal(opt.paramGroups[0]!.lr, 0); // past totalSteps, linear decay to the default floor 0
  const p = (): tn.optim.SGD => new optim.SGD([new nn.Parameter(tn.zeros([1]))], { lr: 1 });
  assert.throws(() => new optim.WarmupLR(p(), { warmupSteps: 0 }), /WarmupLR: invalid warmupSteps: 0 \(expected an integer ≥ 1\)/);
  assert.throws(() => new optim.WarmupLR(p(), { warmupSteps: 5, decay: 'cosine' }), /WarmupLR: decay 'cosine' needs totalSteps \(found none\)/);
  assert.throws(() => new optim.WarmupLR(p(), { warmupSteps: 5, decay: 'linear', totalSteps: 5 }), /invalid totalSteps: 5 \(expected an integer ≥ 6\)/);
  assert.throws(() => new optim.WarmupLR(p(), { warmupSteps: 5, startFactor: 1 }), /invalid startFactor: 1 \(expected in \[0, 1\)\)/);
  assert.throws(() => new optim.WarmupLR(p(), { warmupSteps: 5, decay: 'step' as never }), /invalid decay: "step"/);
});
