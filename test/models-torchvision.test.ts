/**
 * tn.models ResNet and MobileNetV2 against torchvision, with fixtures from tools/golden/torchvision_models.py
 * (see its docstring to regenerate): torchvision's key layouts, PyTorch-written weights loaded strictly (eval and
 * training-mode logits, BatchNorm buffers), tasknet-written weights read by PyTorch, and — when /usr/bin/python3
 * has torchvision — full-size models checked live both ways.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

type Tensor = ReturnType<typeof tn.tensor>;
type Model = tn.nn.Module & { forward(x: Tensor): Tensor; config: tn.models.ModelConfig };

const ROOT = repoRoot();
const FIXTURES = join(ROOT, 'test/fixtures/torchvision');
const SCRIPT = join(ROOT, 'tools/golden/torchvision_models.py');
const PYTHON = '/usr/bin/python3';
const TOL = 1e-4;
const STEMS = ['resnet_basic', 'resnet_bottleneck', 'mobilenet_v2'] as const;

const decode = (path: string): tn.io.DecodedSafetensors => tn.io.decodeSafetensors(new Uint8Array(readFileSync(path)), { source: path });
const fixture = (name: string): tn.io.DecodedSafetensors => decode(join(FIXTURES, name));
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function maxAbsDiff(a: Tensor, b: Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

/** Logits that depend on the input: the two samples' rows differ (a saturated network would pass vacuously). */
function assertInformative(logits: Tensor, what: string): void {
  const [a, b] = logits.tolist() as number[][];
  assert.ok(Math.max(...a!.map((v, i) => Math.abs(v - b![i]!))) > 1e-3, `${what}: both samples give the same logits ${JSON.stringify(a)}`);
}

function close(actual: Tensor, expected: Tensor, what: string, t: { diagnostic(m: string): void }, tol = TOL): void {
  if (what.includes('logits')) assertInformative(expected, what);
  const diff = maxAbsDiff(actual, expected);
  t.diagnostic(`${what}: max |tasknet − PyTorch| = ${diff.toExponential(2)}`);
  assert.ok(diff <= tol, `${what}: max abs difference ${diff} > ${tol}`);
}

function buildLoaded(config: tn.models.ModelConfig, weights: Record<string, Tensor>): Model {
  const model = tn.models.createModel(config) as Model;
  const { missingKeys, unexpectedKeys } = model.loadStateDict(weights, { strict: true });
  assert.deepEqual([missingKeys, unexpectedKeys], [[], []]);
  return model;
}

const evalLogits = (model: Model, x: Tensor): Tensor => tn.noGrad(() => model.eval().forward(x));

function pythonProblem(module: string): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no ${module} (${probe.stderr.trim().split('\n').pop() ?? ''})`;
  return undefined;
}

function runScript(args: string[]): void {
  const run = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
}

describe('torchvision layouts', () => {
  const layouts = JSON.parse(readFileSync(join(FIXTURES, 'keys.json'), 'utf8')) as
    Record<string, { config: tn.models.ModelConfig; keys: [string, number[], string][] }>;
  for (const [name, { config, keys }] of Object.entries(layouts)) {
    test(`${name}: tasknet's state dict has torchvision's keys, shapes and order`, () => {
      const sd = tn.models.createModel(config).stateDict();
      try {
        const ours = Object.entries(sd).map(([k, v]) => [k, [...v.shape], v.dtype]);
        assert.deepEqual(ours, keys.map(([k, shape, dtype]) => [k, shape, dtype === 'int64' ? 'int32' : dtype]));
      } finally {
        for (const t of Object.values(sd)) t.dispose();
      }
    });
  }
});

describe('PyTorch-written weights load strictly and give PyTorch\'s outputs', () => {
  for (const stem of STEMS) {
    const weights = fixture(`${stem}.weights.safetensors`);
    const io = fixture(`${stem}.io.safetensors`);
    const config = JSON.parse(io.metadata!['config']!) as tn.models.ModelConfig;
    const input = io.tensors['input']!;

    test(`${stem}: eval-mode logits (int64 num_batches_tracked included)`, (t) => {
      const counters = Object.keys(weights.tensors).filter((k) => k.endsWith('num_batches_tracked'));
      assert.ok(counters.length > 0 && counters.every((k) => weights.dtypes[k] === 'I64'));
      const model = buildLoaded(config, weights.tensors);
      assert.equal((model.stateDict()[counters[0]!]!).item(), 3);
      close(evalLogits(model, input), io.tensors['eval_logits']!, `${stem} eval logits`, t);
    });

    test(`${stem}: training-mode logits, gradients, and the BatchNorm buffers they update`, (t) => {
      const model = buildLoaded(config, weights.tensors).train();
      for (const m of model.modules()) if (m instanceof tn.nn.Dropout) m.eval();
      const logits = model.forward(input);
      close(logits, io.tensors['train_logits']!, `${stem} train logits`, t);
      tn.sum(tn.mul(logits, io.tensors['cotangent']!)).backward();
      const params = Object.fromEntries(model.namedParameters());
      // float32 backward through batch statistics loses digits: PyTorch's own float32 gradients here differ from
      // float64 ones by up to 9e-5 of their largest magnitude, so the tolerance scales with it
      for (const key of JSON.parse(io.metadata!['grads']!) as string[]) {
        const expected = io.tensors[`grad.${key}`]!;
        const scale = Math.max(1, tn.max(tn.abs(expected)).item());
        close(params[key]!.grad!, expected, `∂/∂${key} (largest |g| ${scale.toPrecision(3)})`, t, 2e-4 * scale);
      }
      const state = model.stateDict();
      for (const bn of JSON.parse(io.metadata!['checked']!) as string[]) {
        close(state[`${bn}.running_mean`]!, io.tensors[`after_train.${bn}.running_mean`]!, `${bn}.running_mean`, t, 1e-5);
        close(state[`${bn}.running_var`]!, io.tensors[`after_train.${bn}.running_var`]!, `${bn}.running_var`, t, 1e-5);
        assert.equal(state[`${bn}.num_batches_tracked`]!.item(), io.tensors[`after_train.${bn}.num_batches_tracked`]!.item());
      }
    });
  }
});

/**
 * A seeded tasknet model with non-trivial BatchNorm affine and statistics, as the Python side makes them: the
 * statistics are the plain average over 3 training batches (momentum null, set here as torch's `momentum = None`).
 */
function tasknetModel(config: tn.models.ModelConfig, inputShape: readonly number[], seed: number): Model {
  tn.manualSeed(seed);
  const model = tn.models.createModel(config) as Model;
  for (const m of model.modules()) {
    if (m instanceof tn.nn.BatchNormNd) {
      tn.nn.init.uniform_(m.weight!, 0.5, 1.5);
      tn.nn.init.normal_(m.bias!, 0, 0.2);
    } else if (m instanceof tn.nn.Linear) {
      const bound = 1 / Math.sqrt(m.weight.shape[1]!);
      tn.nn.init.uniform_(m.weight, -bound, bound);
    }
  }
  const norms = model.modules().filter((m): m is tn.nn.BatchNormNd => m instanceof tn.nn.BatchNormNd);
  for (const m of norms) (m as { momentum: number | null }).momentum = null;
  model.train();
  for (let i = 0; i < 3; i++) tn.tidy(() => tn.noGrad(() => { model.forward(tn.randn(inputShape)); }));
  for (const m of norms) (m as { momentum: number | null }).momentum = 0.1;
  return model.eval();
}

const tasknetMetadata = (config: tn.models.ModelConfig): Record<string, string> =>
  ({ config: JSON.stringify(config), generator: 'test/models-torchvision.test.ts' });

describe('PyTorch reads tasknet-written weights', () => {
  STEMS.forEach((stem, seed) => {
    const io = fixture(`${stem}.io.safetensors`);
    const config = JSON.parse(io.metadata!['config']!) as tn.models.ModelConfig;
    const input = io.tensors['input']!;
    const weightsPath = join(FIXTURES, `tasknet_${stem}.safetensors`);

    test(`${stem}: the committed tasknet-written weights are what tasknet writes now`, () => {
      const model = tasknetModel(config, input.shape, 1000 + seed);
      const bytes = tn.io.encodeSafetensors(model.stateDict(), tasknetMetadata(config));
      if (process.env['TASKNET_UPDATE_FIXTURES'] === '1') writeFileSync(weightsPath, bytes);
      const committed = decode(weightsPath);
      const now = tn.io.decodeSafetensors(bytes);
      assert.deepEqual(committed.metadata, now.metadata);
      assert.deepEqual(committed.dtypes, now.dtypes, 'regenerate with TASKNET_UPDATE_FIXTURES=1 if the change is intended');
      for (const [key, value] of Object.entries(now.tensors)) {
        assert.ok(maxAbsDiff(committed.tensors[key]!, value) <= 1e-5, `${key} differs: regenerate with TASKNET_UPDATE_FIXTURES=1 if intended`);
      }
    });

    test(`${stem}: PyTorch's logits for them (strict load_state_dict) are tasknet's`, (t) => {
      const torch = fixture(`tasknet_${stem}.torch.safetensors`);
      assert.equal(torch.metadata!['weights_sha256'], sha256(weightsPath), 'PyTorch read another version of the weights: run the generator');
      const model = buildLoaded(config, decode(weightsPath).tensors);
      close(evalLogits(model, input), torch.tensors['logits']!, `tasknet_${stem} logits in PyTorch`, t);
    });
  });
});

describe('full-size models, live with torchvision', () => {
  const skip = pythonProblem('torchvision');

  test('resnet18, resnet34 and mobilenet_v2 written by torchvision give PyTorch\'s logits', { skip }, (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tasknet-torchvision-'));
    try {
      const names = ['resnet18', 'resnet34', 'mobilenet_v2'];
      runScript(['--full', dir, ...names]);
      for (const name of names) {
        const io = decode(join(dir, `${name}.io.safetensors`));
        const model = buildLoaded(JSON.parse(io.metadata!['config']!) as tn.models.ModelConfig, decode(join(dir, `${name}.weights.safetensors`)).tensors);
        close(evalLogits(model, io.tensors['input']!), io.tensors['eval_logits']!, `${name} (1000 classes, input [2,3,64,64]) eval logits`, t);
        for (const v of Object.values(model.stateDict())) v.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('PyTorch loads a tasknet resnet18 strictly and gives its logits', { skip }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tasknet-torchvision-'));
    try {
      const shape = [2, 3, 64, 64];
      const config = { name: 'resnet18', numClasses: 10 }; // torchvision.models.resnet18 on the Python side
      const model = tasknetModel(config, shape, 7);
      const input = tn.randn(shape);
      await tn.io.saveSafetensors(join(dir, 'weights.safetensors'), model.stateDict(), tasknetMetadata(config));
      await tn.io.saveSafetensors(join(dir, 'input.safetensors'), { input });
      runScript(['--logits', join(dir, 'weights.safetensors'), join(dir, 'input.safetensors'), join(dir, 'out.safetensors')]);
      close(evalLogits(model, input), decode(join(dir, 'out.safetensors')).tensors['logits']!, 'tasknet resnet18 in PyTorch', t);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
