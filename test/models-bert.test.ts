/**
 * tn.models BERT against Hugging Face's BERT, with fixtures from tools/golden/bert.py (a PyTorch re-implementation
 * with transformers' module names; see its docstring to regenerate): Hugging Face key layouts, config.json
 * conversion, PyTorch-written weights loaded strictly (outputs and gradients), the tied MLM decoder under either
 * name, tasknet-written weights read by PyTorch, and — when /usr/bin/python3 has torch — a live round trip.
 * Behaviour (masking, dropout, errors, saveModel/loadModel) is in models-bert-behaviour.test.ts.
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
import { bertOutputs, cotangent, maxAbsDiff, randomisedBert, type BertLike, type Tensor } from './helpers/bert.js';

const ROOT = repoRoot();
const FIXTURES = join(ROOT, 'test/fixtures/bert');
const SCRIPT = join(ROOT, 'tools/golden/bert.py');
const PYTHON = '/usr/bin/python3';
const TOL = 1e-4;
const STEMS = ['bert_model', 'bert_mlm', 'bert_seqcls'] as const;

const decode = (path: string): tn.io.DecodedSafetensors => tn.io.decodeSafetensors(new Uint8Array(readFileSync(path)), { source: path });
const fixture = (name: string): tn.io.DecodedSafetensors => decode(join(FIXTURES, name));
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const input = fixture('input.safetensors').tensors;
const forwardOptions = { attentionMask: input['attention_mask']!, tokenTypeIds: input['token_type_ids']! };
const msg = (text: string) => (e: unknown): boolean => {
  assert.ok(e instanceof tn.ValueError, `expected a ValueError, found ${String(e)}`);
  assert.equal(e.message, text);
  return true;
};

function close(actual: Tensor, expected: Tensor, what: string, t: { diagnostic(m: string): void }, tol = TOL): void {
  const diff = maxAbsDiff(actual, expected);
  t.diagnostic(`${what}: max |tasknet − PyTorch| = ${diff.toExponential(2)}`);
  assert.ok(diff <= tol, `${what}: max abs difference ${diff} > ${tol}`);
}

/** The rows of the batch differ (a saturated or input-blind network would pass vacuously). */
function assertInformative(x: Tensor, what: string): void {
  const rows = x.reshape([x.shape[0]!, -1]).tolist() as number[][];
  assert.ok(Math.max(...rows[0]!.map((v, i) => Math.abs(v - rows[1]![i]!))) > 1e-2, `${what}: rows 0 and 1 are the same`);
}

function loaded(config: tn.models.ModelConfig, weights: Record<string, Tensor>): BertLike {
  const model = tn.models.createModel(config) as BertLike;
  const { missingKeys, unexpectedKeys } = model.loadStateDict(weights, { strict: true });
  assert.deepEqual([missingKeys, unexpectedKeys], [[], []]);
  return model;
}

/** Compare a model's eval outputs for the fixture input with the named tensors of `expected`. */
function compareOutputs(model: BertLike, expected: Record<string, Tensor>, stem: string, t: { diagnostic(m: string): void }): void {
  const ours = bertOutputs(model, input['input_ids']!, forwardOptions);
  for (const [name, value] of Object.entries(ours)) {
    assertInformative(expected[name]!, `${stem} ${name}`);
    close(value, expected[name]!, `${stem} ${name}`, t);
  }
}

describe('Hugging Face layouts and config.json', () => {
  for (const stem of STEMS) {
    const io = fixture(`${stem}.io.safetensors`);
    const config = JSON.parse(io.metadata!['config']!) as tn.models.ModelConfig;

    test(`${stem}: tasknet's state dict has Hugging Face's keys, shapes and order`, () => {
      const keys = JSON.parse(io.metadata!['keys']!) as [string, number[], string][];
      const sd = tn.models.createModel(config).stateDict();
      const ours = Object.entries(sd).map(([k, v]) => [k, [...v.shape], v.dtype]);
      // transformers < 4.31 saved the position_ids buffer (bert_mlm is written that way); tasknet keeps no buffer
      const theirs = keys.filter(([k]) => !k.endsWith('embeddings.position_ids')).map(([k, shape, dtype]) => [k, shape, dtype]);
      assert.deepEqual(ours, theirs);
      assert.equal(keys.some(([k]) => k === 'bert.embeddings.position_ids'), stem === 'bert_mlm');
    });

    test(`${stem}: bertConfigFromHuggingFace(config.json) builds the same model config`, () => {
      const hf = JSON.parse(io.metadata!['hf_config']!) as Record<string, unknown>;
      const fromHf = tn.models.createModel({ ...tn.models.bertConfigFromHuggingFace(hf), name: config.name }) as BertLike;
      assert.deepEqual(fromHf.config, (tn.models.createModel(config) as BertLike).config);
    });
  }
});

describe('PyTorch-written weights load strictly and give PyTorch\'s outputs', () => {
  for (const stem of STEMS) {
    test(`${stem}: eval-mode outputs`, (t) => {
      const io = fixture(`${stem}.io.safetensors`);
      const model = loaded(JSON.parse(io.metadata!['config']!) as tn.models.ModelConfig, fixture(`${stem}.weights.safetensors`).tensors);
      compareOutputs(model, io.tensors, stem, t);
    });
  }

  test('bert_mlm: gradients through the tied decoder, the padding row and the attention mask', (t) => {
    const io = fixture('bert_mlm.io.safetensors');
    const model = loaded(JSON.parse(io.metadata!['config']!) as tn.models.ModelConfig, fixture('bert_mlm.weights.safetensors').tensors).eval();
    const logits = model.forward(input['input_ids']!, forwardOptions) as Tensor;
    tn.sum(tn.mul(logits, cotangent(logits.shape))).backward();
    const params = Object.fromEntries(model.namedParameters());
    assert.ok(!('cls.predictions.decoder.weight' in params) && !('cls.predictions.decoder.bias' in params), 'a tied parameter is listed twice');
    for (const key of JSON.parse(io.metadata!['grads']!) as string[]) {
      const expected = io.tensors[`grad.${key}`]!;
      const scale = Math.max(1, tn.max(tn.abs(expected)).item());
      close(params[key]!.grad!, expected, `∂/∂${key} (largest |g| ${scale.toPrecision(3)})`, t, 2e-5 * scale);
    }
  });
});

describe('BertForMaskedLM state dicts: tied names, buffers, prefixes', () => {
  const io = fixture('bert_mlm.io.safetensors');
  const config = JSON.parse(io.metadata!['config']!) as tn.models.ModelConfig;
  const weights = fixture('bert_mlm.weights.safetensors').tensors;
  const without = (...drop: string[]): Record<string, Tensor> => Object.fromEntries(Object.entries(weights).filter(([k]) => !drop.includes(k)));

  test('as save_pretrained writes it (one name per tied tensor, no position_ids) or with the other name kept', (t) => {
    const layouts = {
      'decoder names dropped': without('cls.predictions.decoder.weight', 'cls.predictions.decoder.bias', 'bert.embeddings.position_ids'),
      'cls.predictions.bias dropped': without('cls.predictions.bias'),
    };
    for (const [what, sd] of Object.entries(layouts)) {
      const model = loaded(config, sd);
      compareOutputs(model, io.tensors, `bert_mlm (${what})`, t);
      const predictions = (model as tn.models.BertForMaskedLM).cls.predictions;
      assert.equal(predictions.decoder.weight, (model as tn.models.BertForMaskedLM).bert.embeddings.word_embeddings.weight, 'still tied');
      assert.equal(predictions.decoder.bias, predictions.bias);
    }
  });

  test('tied names with different values, and a position_ids buffer that is not 0, 1, 2 …, are refused', () => {
    const model = tn.models.createModel(config);
    const other = { ...weights, 'cls.predictions.decoder.weight': tn.add(weights['bert.embeddings.word_embeddings.weight']!, 0.5) };
    assert.throws(() => model.loadStateDict(other), (e: Error) => e instanceof tn.ValueError && e.message.startsWith(
      "BertForMaskedLM.loadStateDict: 'cls.predictions.decoder.weight' [50,16] and 'bert.embeddings.word_embeddings.weight' [50,16] " +
      'are one tied parameter in this model, but the state dict gives them different values (largest difference 0.5'));
    const positions = tn.tensor([[0, 1, 2, 4]], { dtype: 'int32' });
    assert.throws(() => model.loadStateDict({ ...weights, 'bert.embeddings.position_ids': positions }),
      /BertForMaskedLM\.loadStateDict: state-dict buffer 'bert\.embeddings\.position_ids' must hold the positions 0, 1, 2, …, found 4 at position 3/);
  });

  test('untied (tieWordEmbeddings false): the decoder has its own weight and loads a differing one', () => {
    const model = tn.models.createModel({ ...config, tieWordEmbeddings: false }) as tn.models.BertForMaskedLM;
    assert.notEqual(model.cls.predictions.decoder.weight, model.bert.embeddings.word_embeddings.weight);
    const decoder = tn.add(weights['bert.embeddings.word_embeddings.weight']!, 0.5);
    model.loadStateDict({ ...weights, 'cls.predictions.decoder.weight': decoder });
    assert.equal(maxAbsDiff(model.cls.predictions.decoder.weight, decoder), 0);
  });

  test('BertModel: the position_ids / token_type_ids buffers some transformers versions save are accepted and checked', (t) => {
    const io = fixture('bert_model.io.safetensors');
    const base = fixture('bert_model.weights.safetensors').tensors;
    const buffers = {
      'embeddings.position_ids': tn.arange(0, 16, 1, { dtype: 'int32' }).reshape([1, 16]),
      'embeddings.token_type_ids': tn.zeros([1, 16], { dtype: 'int32' }),
    };
    compareOutputs(loaded(JSON.parse(io.metadata!['config']!) as tn.models.ModelConfig, { ...base, ...buffers }), io.tensors, 'bert_model (with buffers)', t);
    const model = new tn.models.BertModel(JSON.parse(io.metadata!['config']!) as tn.models.BertModelOptions);
    assert.throws(() => model.loadStateDict({ ...base, 'embeddings.token_type_ids': tn.ones([1, 16], { dtype: 'int32' }) }),
      msg("BertModel.loadStateDict: state-dict buffer 'embeddings.token_type_ids' must hold zeros, found 1 at position 0"));
    assert.throws(() => model.loadStateDict({ ...base, 'embeddings.position_ids': tn.arange(0, 17, 1, { dtype: 'int32' }).reshape([1, 17]) }),
      msg("BertModel.loadStateDict: state-dict buffer 'embeddings.position_ids' must have shape [1, n] with n ≤ 16 (maxPositionEmbeddings), found [1,17]"));
  });

  test('a BertModel loads the encoder of an MLM checkpoint with a prefix rule (the pooler stays missing)', () => {
    const { bertConfig } = tn.models.createModel(config) as tn.models.BertForMaskedLM;
    const base = new tn.models.BertModel(tn.models.bert.encoderFields(bertConfig));
    const result = base.loadStateDict(weights, { strict: false, mapKey: [['bert.**', '$1'], ['cls.**', null]] });
    assert.deepEqual(result, { missingKeys: ['pooler.dense.weight', 'pooler.dense.bias'], unexpectedKeys: [] });
    assert.equal(maxAbsDiff(base.encoder.stateDict()['layer.1.output.dense.weight']!, weights['bert.encoder.layer.1.output.dense.weight']!), 0);
  });
});

describe('PyTorch reads tasknet-written weights', () => {
  for (const [seed, stem] of (['bert_mlm', 'bert_seqcls'] as const).entries()) {
    const config = JSON.parse(fixture(`${stem}.io.safetensors`).metadata!['reverse_config']!) as tn.models.ModelConfig;
    const weightsPath = join(FIXTURES, `tasknet_${stem}.safetensors`);
    const model = (): BertLike => randomisedBert(config, 2000 + seed);

    test(`${stem}: the committed tasknet-written weights are what tasknet writes now`, () => {
      const m = model();
      const bytes = tn.io.encodeSafetensors(m.stateDict(), { config: JSON.stringify(m.config), generator: 'test/models-bert.test.ts' });
      if (process.env['TASKNET_UPDATE_FIXTURES'] === '1') writeFileSync(weightsPath, bytes);
      const committed = decode(weightsPath);
      const now = tn.io.decodeSafetensors(bytes);
      assert.deepEqual(committed.metadata, now.metadata, 'regenerate with TASKNET_UPDATE_FIXTURES=1 if the change is intended');
      assert.deepEqual(Object.keys(committed.tensors), Object.keys(now.tensors));
      for (const [key, value] of Object.entries(now.tensors)) {
        assert.ok(maxAbsDiff(committed.tensors[key]!, value) <= 1e-6, `${key} differs: regenerate with TASKNET_UPDATE_FIXTURES=1 if intended`);
      }
    });

    test(`${stem}: PyTorch's outputs for them (strict load_state_dict) are tasknet's`, (t) => {
      const torch = fixture(`tasknet_${stem}.torch.safetensors`);
      assert.equal(torch.metadata!['weights_sha256'], sha256(weightsPath), 'PyTorch read another version of the weights: run the generator');
      compareOutputs(loaded(config, decode(weightsPath).tensors), torch.tensors, `tasknet_${stem} in PyTorch`, t);
    });
  }
});

function pythonProblem(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no torch (${probe.stderr.trim().split('\n').pop() ?? ''})`;
  return undefined;
}

describe('live, with PyTorch', () => {
  test('PyTorch loads tasknet BERT models strictly and gives their outputs', { skip: pythonProblem() }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tasknet-bert-'));
    try {
      const common = { vocabSize: 61, hiddenSize: 12, numHiddenLayers: 3, numAttentionHeads: 3, intermediateSize: 20, maxPositionEmbeddings: 24, typeVocabSize: 3, initializerRange: 0.3 };
      const configs: tn.models.ModelConfig[] = [
        { name: 'bert', ...common, hiddenAct: 'relu', padTokenId: null },
        { name: 'bert-for-masked-lm', ...common, hiddenAct: 'gelu_pytorch_tanh', layerNormEps: 1e-5 },
        { name: 'bert-for-sequence-classification', ...common, hiddenAct: 'silu', numLabels: 4 },
      ];
      const g = new tn.Generator(5);
      const ids = tn.tensor(Array.from({ length: 4 * 20 }, () => 4 + Math.floor(g.uniform() * 57)), { dtype: 'int32' }).reshape([4, 20]);
      const mask = tn.tensor(Array.from({ length: 80 }, (_, i) => (i % 20 < [20, 13, 7, 1][Math.floor(i / 20)]! ? 1 : 0)), { dtype: 'int32' }).reshape([4, 20]);
      const types = tn.tensor(Array.from({ length: 80 }, (_, i) => (i % 20 >= 10 ? 2 : i % 20 >= 5 ? 1 : 0)), { dtype: 'int32' }).reshape([4, 20]);
      await tn.io.saveSafetensors(join(dir, 'input.safetensors'), { input_ids: ids, attention_mask: mask, token_type_ids: types });
      for (const [i, config] of configs.entries()) {
        const model = randomisedBert(config, 300 + i);
        await tn.io.saveSafetensors(join(dir, 'weights.safetensors'), model.stateDict(), { config: JSON.stringify(model.config) });
        const run = spawnSync(PYTHON, [SCRIPT, '--outputs', join(dir, 'weights.safetensors'), join(dir, 'input.safetensors'), join(dir, 'out.safetensors')], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const expected = decode(join(dir, 'out.safetensors')).tensors;
        const ours = bertOutputs(model, ids, { attentionMask: mask, tokenTypeIds: types });
        for (const [name, value] of Object.entries(ours)) close(value, expected[name]!, `${config.name} (${String(config['hiddenAct'])}) ${name}`, t);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
