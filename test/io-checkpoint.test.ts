/**
 * Checkpoints (tn.io.saveCheckpoint / loadCheckpoint) and whole models (tn.models.saveModel / loadModel):
 * round trips, every corruption case with its error, atomic saves, wrong architectures, and a model saved
 * here and loaded in a fresh Node process giving the same predictions bit for bit.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

const { io, models, optim } = tn;

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'tasknet-checkpoint-'));
}

/** Bit-identical values (NaN equals NaN, −0 differs from 0), same shape and dtype. */
function assertSameTensor(actual: tn.Tensor | undefined, expected: tn.Tensor, where: string): void {
  assert.ok(actual !== undefined, `${where}: missing`);
  assert.equal(actual.dtype, expected.dtype, `${where}: dtype`);
  assert.deepEqual(actual.shape, expected.shape, `${where}: shape`);
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < e.length; i++) assert.ok(Object.is(a[i], e[i]), `${where}[${i}]: ${a[i]} vs ${e[i]}`);
}

function assertSameDict(actual: Record<string, tn.Tensor>, expected: Record<string, tn.Tensor>, where: string): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`);
  for (const [k, t] of Object.entries(expected)) assertSameTensor(actual[k], t, `${where}.${k}`);
}

/** An MLP trained a few Adam steps (so the optimiser has state) with a StepLR schedule. */
function trainedMlp(seed = 0): { model: tn.models.MLP; opt: tn.optim.Adam; sched: tn.optim.StepLR; x: tn.Tensor } {
  tn.manualSeed(seed);
  const model = new models.MLP([4, 8, 3]);
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const sched = new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 });
  const x = tn.randn([16, 4]);
  const y = tn.randint(0, 3, [16]);
  for (let i = 0; i < 3; i++) {
    tn.tidy(() => {
      opt.zeroGrad();
      tn.crossEntropy(model.forward(x), y).backward();
      opt.step();
    });
    sched.step();
  }
  return { model, opt, sched, x };
}

function disposeLoaded(ckpt: tn.io.LoadedCheckpoint): void {
  for (const t of Object.values(ckpt.weights)) t.dispose();
  for (const entry of Object.values(ckpt.optimizer?.state ?? {})) {
    for (const v of Object.values(entry)) if (v instanceof tn.Tensor) v.dispose();
  }
}

async function rejectsWith(promise: Promise<unknown>, problem: tn.io.CheckpointProblem, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof io.CheckpointError, `expected a CheckpointError, got ${String(e)}`);
    assert.equal(e.problem, problem, e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('saveCheckpoint / loadCheckpoint', () => {
  test('round trip: weights of every dtype, optimiser state, scheduler state and JSON extra (NaN, ±Infinity)', async () => {
    const dir = scratch();
    try {
      const { model, opt, sched } = trainedMlp();
      const plateau = new optim.ReduceLROnPlateau(new optim.SGD(model.parameters(), { lr: 0.1 }));
      const weights = {
        ...model.stateDict(),
        f64: tn.tensor([1.5, -0, Number.NaN], { dtype: 'float64' }),
        i32: tn.tensor([[1, -2], [3, 2147483647]], { dtype: 'int32' }),
        flag: tn.tensor([true, false, true], { dtype: 'bool' }),
        scalar: tn.tensor(3.25),
      };
      const extra = { config: model.config, epoch: 7, metrics: { loss: Number.NaN, best: Number.POSITIVE_INFINITY, low: -Infinity },
        seeds: [1, 2, 3], note: 'héllo', nested: { a: null, b: [true, { c: 1e-300 }] } };
      const optimizerSd = opt.stateDict();
      await io.saveCheckpoint(join(dir, 'ckpt'), { weights, optimizer: optimizerSd, scheduler: sched.stateDict(), extra });
      await io.saveCheckpoint(join(dir, 'plateau'), { weights: {}, scheduler: plateau.stateDict() });

      assert.deepEqual(readdirSync(dir).sort(), ['ckpt.json', 'ckpt.safetensors', 'plateau.json', 'plateau.safetensors']);
      const loaded = await io.loadCheckpoint(join(dir, 'ckpt'));
      assertSameDict(loaded.weights, weights, 'weights');
      assert.deepEqual(loaded.extra, extra);
      assert.deepEqual(loaded.scheduler, sched.stateDict());
      assert.ok(loaded.optimizer !== undefined);
      assert.deepEqual(loaded.optimizer.paramGroups, optimizerSd.paramGroups);
      assert.deepEqual(Object.keys(loaded.optimizer.state), Object.keys(optimizerSd.state));
      const loadedState = loaded.optimizer.state;
      for (const [i, entry] of Object.entries(optimizerSd.state)) {
        const got: Record<string, tn.Tensor | number | null> = loadedState[Number(i)]!;
        assert.deepEqual(Object.keys(got).sort(), Object.keys(entry).sort());
        for (const [name, v] of Object.entries(entry)) {
          if (v instanceof tn.Tensor) assertSameTensor(got[name] as tn.Tensor, v, `optimizer.state.${i}.${name}`);
          else assert.equal(got[name], v);
        }
      }
      // the plateau scheduler's best = Infinity survives (plain JSON would turn it into null)
      const plateauLoaded = await io.loadCheckpoint(join(dir, 'plateau.json'));
      assert.equal(plateauLoaded.scheduler?.best, Number.POSITIVE_INFINITY);
      assert.equal(plateauLoaded.optimizer, undefined);
      assert.deepEqual(plateauLoaded.weights, {});

      // the files: weights under their keys and optimiser tensors under optimizer.state.<i>.<name>, readable as plain safetensors
      const raw = await io.loadSafetensors(join(dir, 'ckpt.safetensors'));
      assert.ok('0.weight' in raw && 'optimizer.state.0.expAvg' in raw && 'optimizer.state.3.expAvgSq' in raw, Object.keys(raw).join(','));
      const json = JSON.parse(readFileSync(join(dir, 'ckpt.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(json.format, 'tasknet-checkpoint');
      assert.equal(json.version, io.CHECKPOINT_VERSION);
      assert.match((json.safetensors as { sha256: string }).sha256, /^[0-9a-f]{64}$/);
      assert.deepEqual(json.optimizerTensors, Object.keys(raw).filter((k) => k.startsWith('optimizer.')).sort());

      // a fresh optimiser restored from the checkpoint takes the same next step as the original
      tn.manualSeed(99);
      const fresh = new models.MLP([4, 8, 3]);
      fresh.loadStateDict(Object.fromEntries(Object.keys(fresh.stateDict()).map((k) => [k, loaded.weights[k]!])));
      const freshOpt = new optim.Adam(fresh.parameters(), { lr: 0.5 });
      freshOpt.loadStateDict(loaded.optimizer);
      const x = tn.randn([5, 4]);
      const y = tn.tensor([0, 1, 2, 1, 0], { dtype: 'int32' });
      for (const [m, o] of [[model, opt], [fresh, freshOpt]] as const) {
        tn.tidy(() => { o.zeroGrad(); tn.crossEntropy(m.forward(x), y).backward(); o.step(); });
      }
      assertSameDict(fresh.stateDict(), model.stateDict(), 'after one more step');
      disposeLoaded(loaded);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad arguments are refused before anything is written', async () => {
    const dir = scratch();
    try {
      const w = { a: tn.ones([2]) };
      const path = join(dir, 'x');
      await assert.rejects(io.saveCheckpoint(path, { weights: { 'optimizer.state.0.expAvg': tn.ones([1]) } }),
        /saveCheckpoint: weight key 'optimizer\.state\.0\.expAvg' starts with 'optimizer\.state\.'/);
      await assert.rejects(io.saveCheckpoint(path, { weights: w, extra: { t: tn.ones([1]) } }), /saveCheckpoint: extra\.t is a Tensor/);
      await assert.rejects(io.saveCheckpoint(path, { weights: w, extra: { a: [1, new Float32Array(2)] } }), /extra\.a\[1\] is a Float32Array, not plain JSON data/);
      await assert.rejects(io.saveCheckpoint(path, { weights: w, extra: { n: 10n } }), /extra\.n is a bigint/);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await assert.rejects(io.saveCheckpoint(path, { weights: w, extra: cyclic }), /extra\.self refers back to itself/);
      await assert.rejects(io.saveCheckpoint('', { weights: w }), /path must be a non-empty string/);
      await assert.rejects(io.saveCheckpoint(join(dir, 'no/such/folder/x'), { weights: w }), /saveCheckpoint: .*no[/\\]such[/\\]folder[/\\]x\.safetensors: ENOENT/);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('corrupt, incomplete and mismatched checkpoints', () => {
  /** Two good checkpoints, `a` (the one broken by each case) and `prev` (which must keep loading). */
  async function setup(): Promise<{ dir: string; a: string; prev: string; weights: Record<string, tn.Tensor> }> {
    const dir = scratch();
    const { model, opt } = trainedMlp();
    const weights = model.stateDict();
    const sd = opt.stateDict();
    await io.saveCheckpoint(join(dir, 'prev'), { weights, optimizer: sd, extra: { epoch: 1 } });
    await io.saveCheckpoint(join(dir, 'a'), { weights, optimizer: sd, extra: { epoch: 2 } });
    return { dir, a: join(dir, 'a'), prev: join(dir, 'prev'), weights };
  }

  async function prevStillLoads(prev: string, weights: Record<string, tn.Tensor>): Promise<void> {
    const loaded = await io.loadCheckpoint(prev);
    assertSameDict(loaded.weights, weights, 'prev');
    assert.equal(loaded.extra.epoch, 1);
    disposeLoaded(loaded);
  }

  const cases: [string, (a: string, dir: string) => void, tn.io.CheckpointProblem, RegExp][] = [
    ['truncated safetensors', (a) => { truncateSync(`${a}.safetensors`, readFileSync(`${a}.safetensors`).length - 7); },
      'corrupt', /a\.safetensors is corrupt \(\d+ bytes expected, \d+ found\): decodeSafetensors: .*a\.safetensors: /],
    ['safetensors cut inside its header', (a) => { truncateSync(`${a}.safetensors`, 20); }, 'corrupt', /a\.safetensors is corrupt/],
    ['one flipped byte in the data', (a) => {
      const bytes = readFileSync(`${a}.safetensors`);
      bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x40;
      writeFileSync(`${a}.safetensors`, bytes);
    }, 'mismatch', /a\.safetensors \(\d+ bytes, sha256 [0-9a-f]{16}…\) is not the file .*a\.json describes/],
    ['JSON cut short', (a) => { const t = readFileSync(`${a}.json`, 'utf8'); writeFileSync(`${a}.json`, t.slice(0, t.length >> 1)); },
      'corrupt', /a\.json is not valid JSON/],
    ['JSON checksum edited', (a) => {
      const j = JSON.parse(readFileSync(`${a}.json`, 'utf8')) as { safetensors: { sha256: string } };
      j.safetensors.sha256 = '0'.repeat(64);
      writeFileSync(`${a}.json`, JSON.stringify(j));
    }, 'mismatch', /is not the file .*a\.json describes/],
    ['JSON weight list edited', (a) => {
      const j = JSON.parse(readFileSync(`${a}.json`, 'utf8')) as { weights: string[] };
      j.weights[0] = 'renamed.weight';
      writeFileSync(`${a}.json`, JSON.stringify(j));
    }, 'corrupt', /does not hold the tensors .*a\.json lists; missing: renamed\.weight; unexpected: 0\.weight/],
    ['JSON of another format', (a) => { writeFileSync(`${a}.json`, '{"format": "keras"}'); },
      'corrupt', /a\.json is not a tasknet checkpoint \(expected "format": "tasknet-checkpoint", found "keras"\)/],
    ['JSON missing its fields', (a) => { writeFileSync(`${a}.json`, '{"format": "tasknet-checkpoint", "version": 1}'); },
      'corrupt', /a\.json is malformed: "safetensors" must be \{file, bytes, sha256\}; "weights" must be a list of keys/],
    ['unknown format version', (a) => {
      const j = JSON.parse(readFileSync(`${a}.json`, 'utf8')) as { version: number };
      j.version = 2;
      writeFileSync(`${a}.json`, JSON.stringify(j));
    }, 'version', /a\.json has format version 2; this tasknet reads version 1 \(it was written by a newer tasknet\)/],
    ['JSON deleted', (a) => { rmSync(`${a}.json`); }, 'incomplete', /a\.json is missing, so .*a\.safetensors is not a complete checkpoint/],
    ['safetensors deleted', (a) => { rmSync(`${a}.safetensors`); }, 'incomplete', /a\.safetensors is missing \(.*a\.json expects it, \d+ bytes\)/],
    ['both deleted', (a) => { rmSync(`${a}.safetensors`); rmSync(`${a}.json`); }, 'missing', /no checkpoint at .*a: neither .*a\.json nor .*a\.safetensors exists/],
    ['half a safetensors file and no JSON (a save that died)', (a) => {
      const half = readFileSync(`${a}.safetensors`);
      rmSync(`${a}.json`);
      writeFileSync(`${a}.safetensors`, half.subarray(0, half.length >> 1));
    }, 'incomplete', /a\.json is missing/],
    ['safetensors of another save (crash between the two renames)', (a, dir) => {
      writeFileSync(`${a}.safetensors`, readFileSync(join(dir, 'other.safetensors')));
    }, 'mismatch', /the pair comes from different saves/],
  ];

  for (const [name, breakIt, problem, pattern] of cases) {
    test(`${name} → CheckpointError '${problem}', and the previous checkpoint still loads`, async () => {
      const { dir, a, prev, weights } = await setup();
      try {
        await io.saveCheckpoint(join(dir, 'other'), { weights: { x: tn.ones([3]) } });
        breakIt(a, dir);
        await rejectsWith(io.loadCheckpoint(a), problem, pattern);
        await prevStillLoads(prev, weights);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test('a save that dies before its renames leaves the previous checkpoint at that path intact', async () => {
    const { dir, a, weights } = await setup();
    try {
      const before = readFileSync(`${a}.safetensors`);
      // what a save killed while writing leaves behind: a half temporary file next to the pair
      writeFileSync(`${a}.safetensors.tmp-12345-abcdef`, before.subarray(0, 100));
      const loaded = await io.loadCheckpoint(a);
      assertSameDict(loaded.weights, weights, 'a');
      disposeLoaded(loaded);
      // a save that fails on its data writes nothing
      await assert.rejects(io.saveCheckpoint(a, { weights: { w: tn.ones([2]) }, extra: { bad: () => 1, t: new Date(0) } }), /extra\.t is a Date/);
      assert.deepEqual(readFileSync(`${a}.safetensors`), before);
      const again = await io.loadCheckpoint(a);
      assert.equal(again.extra.epoch, 2);
      disposeLoaded(again);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('overwriting replaces both files, leaves no temporary files, and readers always see a whole checkpoint', async () => {
    const dir = scratch();
    try {
      const path = join(dir, 'c');
      const big = { w: tn.randn([256, 256]) };
      await io.saveCheckpoint(path, { weights: big, extra: { n: 1 } });
      // overwrite repeatedly while reading: every read is either complete and consistent, or a clean mismatch
      // error from the window between the two renames; never a decoder error from a half-written file
      let mismatches = 0;
      let reads = 0;
      const writer = (async () => {
        for (let n = 2; n <= 8; n++) await io.saveCheckpoint(path, { weights: { w: tn.mul(big.w, n) }, extra: { n } }, { fsync: false });
      })();
      let done = false;
      void writer.then(() => { done = true; }, () => { done = true; });
      while (!done) {
        try {
          const c = await io.loadCheckpoint(path);
          const n = c.extra.n as number;
          assert.equal(c.weights.w!.dataSync()[0], Math.fround(big.w.dataSync()[0]! * n));
          disposeLoaded(c);
          reads++;
        } catch (e) {
          if (!(e instanceof io.CheckpointError && e.problem === 'mismatch')) {
            await writer.catch(() => undefined);
            throw e;
          }
          mismatches++;
        }
      }
      await writer;
      assert.ok(reads + mismatches > 0);
      assert.deepEqual(readdirSync(dir).sort(), ['c.json', 'c.safetensors']);
      const last = await io.loadCheckpoint(`${path}.safetensors`);
      assert.equal(last.extra.n, 8);
      disposeLoaded(last);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('saveModel / loadModel', () => {
  test('round trip rebuilds the architecture from its config with the same weights and outputs', async () => {
    const dir = scratch();
    try {
      const { model, x } = trainedMlp(3);
      await models.saveModel(join(dir, 'mlp'), model, { extra: { classes: ['a', 'b', 'c'] } });
      const loaded = await models.loadModel(join(dir, 'mlp'));
      assert.ok(loaded instanceof models.MLP);
      assert.deepEqual(loaded.config, model.config);
      assertSameDict(loaded.stateDict(), model.stateDict(), 'weights');
      assertSameTensor(loaded.forward(x), model.forward(x), 'outputs');
      assert.deepEqual((await io.loadCheckpoint(join(dir, 'mlp'))).extra.classes, ['a', 'b', 'c']);

      tn.manualSeed(0);
      const cnn = new models.LeNet5({ numClasses: 4 });
      await models.saveModel(join(dir, 'lenet'), cnn);
      const cnnBack = await models.loadModel(join(dir, 'lenet'));
      cnn.eval(); cnnBack.eval();
      const img = tn.randn([2, 1, 28, 28]);
      assertSameTensor(cnnBack.forward(img), cnn.forward(img), 'lenet outputs');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a checkpoint of another architecture fails with the mismatched keys listed', async () => {
    const dir = scratch();
    try {
      const { model } = trainedMlp();
      const lenet = new models.LeNet5({ numClasses: 3 });
      // an MLP's weights with a LeNet5 config: what a mixed-up checkpoint folder gives
      await io.saveCheckpoint(join(dir, 'mixed'), { weights: model.stateDict(), extra: { config: lenet.config } });
      await assert.rejects(models.loadModel(join(dir, 'mixed')), (e: unknown) => {
        assert.ok(e instanceof tn.ValueError);
        assert.match(e.message, /loadModel: .*mixed: the saved weights do not fit the architecture its config builds \(\{"name":"lenet5"/);
        assert.match(e.message, /unexpected key\(s\): 2\.weight, 2\.bias\n/);
        assert.match(e.message, /missing key\(s\): 3\.weight, 3\.bias, 7\.weight, 7\.bias, 9\.weight, 9\.bias, 11\.weight, 11\.bias\n/);
        assert.match(e.message, /size mismatch for 0\.weight: copying a tensor of shape \[8,4\] from the state dict, the shape in the current model is \[6,1,5,5\]/);
        return true;
      });
      // same architecture name, other sizes: the shape mismatches are listed
      const wider = new models.MLP([4, 16, 3]);
      await io.saveCheckpoint(join(dir, 'wider'), { weights: model.stateDict(), extra: { config: wider.config } });
      await assert.rejects(models.loadModel(join(dir, 'wider')),
        /size mismatch for 0\.weight: copying a tensor of shape \[8,4\] from the state dict, the shape in the current model is \[16,4\]/);
      // an unknown architecture name, and no config at all
      await io.saveCheckpoint(join(dir, 'unknown'), { weights: model.stateDict(), extra: { config: { name: 'resnet1000' } } });
      await assert.rejects(models.loadModel(join(dir, 'unknown')),
        /loadModel: .*unknown: cannot rebuild the model from its config \{"name":"resnet1000"\}: createModel: unknown model 'resnet1000' \(known: .*lenet5.*mlp/);
      await io.saveCheckpoint(join(dir, 'bare'), { weights: model.stateDict() });
      await assert.rejects(models.loadModel(join(dir, 'bare')), /bare has no model config \(extra\.config with a name\)/);
      await assert.rejects(models.saveModel(join(dir, 'plain'), new tn.nn.Linear(2, 2) as never), /saveModel: Linear has no config/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a trained model saved and loaded in a fresh process gives identical predictions', async () => {
    const dir = scratch();
    try {
      const { model } = trainedMlp(5);
      const path = join(dir, 'trained');
      await models.saveModel(path, model);
      const inputs = [[0.5, -1, 2, 0.25], [1e-3, 3, -2.5, 0], [-7, 0.1, 0.2, 0.3]];
      model.eval();
      const expected = model.forward(tn.tensor(inputs)).tolist();
      const script = `
        const tn = await import(process.argv[1]);
        await tn.setBackend(process.argv[4]);
        const model = await tn.models.loadModel(process.argv[2]);
        model.eval();
        const out = model.forward(tn.tensor(JSON.parse(process.argv[3])));
        process.stdout.write(JSON.stringify(Array.from(out.dataSync())));`;
      const entry = pathToFileURL(join(repoRoot(), 'dist/index.js')).href;
      const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, entry, path, JSON.stringify(inputs), tn.getBackend()],
        { encoding: 'utf8' });
      // JSON of float32 values read as doubles round-trips exactly
      assert.deepEqual(JSON.parse(stdout), (expected as number[][]).flat());
      assert.ok(existsSync(`${path}.json`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
