/**
 * tn.models BERT behaviour: the attention mask masks, dropout is off in eval mode, configs and inputs are checked
 * with exact messages, saveModel/loadModel round-trip every BERT model (ties included), and a few MLM steps with
 * maskTokens and ignoreIndex −100 learn. PyTorch comparisons are in models-bert.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { bertOutputs, maxAbsDiff, randomisedBert, type BertLike, type Tensor } from './helpers/bert.js';

const SMALL = { vocabSize: 30, hiddenSize: 12, numHiddenLayers: 2, numAttentionHeads: 3, intermediateSize: 20, maxPositionEmbeddings: 10, initializerRange: 0.3 };
const int32 = (rows: number[][]): Tensor => tn.tensor(rows, { dtype: 'int32' });
const IDS = [[2, 7, 9, 11, 3, 0, 0, 0], [2, 5, 6, 8, 13, 21, 17, 3]];
const MASK = [[1, 1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1]];
const msg = (text: string) => (e: unknown): boolean => {
  assert.ok(e instanceof Error, `expected an Error, found ${String(e)}`);
  assert.equal(e.message, text);
  return true;
};

describe('the attention mask', () => {
  const model = randomisedBert({ name: 'bert', ...SMALL }, 1) as tn.models.BertModel;
  const run = (ids: number[][], mask: Tensor | null, types?: number[][]): Record<string, Tensor> =>
    bertOutputs(model, int32(ids), { attentionMask: mask, tokenTypeIds: types === undefined ? null : int32(types) });
  const realRows = (t: Tensor): Tensor => tn.slice(t, 1, 0, 5); // row 0 has 5 real tokens

  test('changing padded tokens (ids and segments) leaves every real position unchanged; unmasked, it does not', () => {
    const changed = IDS.map((row, r) => row.map((id, i) => (MASK[r]![i] === 0 ? 29 - i : id)));
    const types = IDS.map((row, r) => row.map((_, i) => (MASK[r]![i] === 0 ? 1 : 0)));
    const before = run(IDS, int32(MASK));
    const after = run(changed, int32(MASK), types);
    assert.equal(maxAbsDiff(realRows(before['last_hidden_state']!), realRows(after['last_hidden_state']!)), 0);
    assert.equal(maxAbsDiff(before['pooler_output']!, after['pooler_output']!), 0);
    const unmasked = maxAbsDiff(realRows(run(IDS, null)['last_hidden_state']!), realRows(run(changed, null, types)['last_hidden_state']!));
    assert.ok(unmasked > 1e-3, `without the mask the padded tokens should matter, found a change of ${unmasked}`);
  });

  test('bool, int32 and float masks agree; an all-ones mask is no mask', () => {
    const asInt = run(IDS, int32(MASK))['last_hidden_state']!;
    assert.equal(maxAbsDiff(asInt, run(IDS, tn.tensor(MASK.map((r) => r.map((v) => v === 1)), { dtype: 'bool' }))['last_hidden_state']!), 0);
    assert.equal(maxAbsDiff(asInt, run(IDS, tn.tensor(MASK))['last_hidden_state']!), 0);
    const ones = int32(MASK.map((r) => r.map(() => 1)));
    assert.equal(maxAbsDiff(run(IDS, ones)['last_hidden_state']!, run(IDS, null)['last_hidden_state']!), 0);
  });

  test('the extended mask is (mask − 1)·3.4e38, shaped [B, 1, 1, L]', () => {
    const ext = tn.models.bert.extendedAttentionMask(int32([[1, 0, 1]]));
    assert.deepEqual(ext.shape, [1, 1, 1, 3]);
    assert.deepEqual(Array.from(ext.dataSync(), (v) => v + 0), [0, tn.models.bert.MASKED_SCORE, 0]);
  });
});

describe('dropout', () => {
  const config = { ...SMALL, hiddenDropoutProb: 0.5, attentionProbsDropoutProb: 0.5, classifierDropout: 0.5 };

  for (const name of ['bert', 'bert-for-masked-lm', 'bert-for-sequence-classification']) {
    test(`${name}: off in eval mode (the outputs of the same weights without dropout), on in training mode`, () => {
      const model = randomisedBert({ name, ...config }, 2);
      const plain = tn.models.createModel({ name, ...config, hiddenDropoutProb: 0, attentionProbsDropoutProb: 0, classifierDropout: 0 }) as BertLike;
      plain.loadStateDict(model.stateDict());
      const ids = int32(IDS);
      const options = { attentionMask: int32(MASK) };
      const evalOut = Object.values(bertOutputs(model, ids, options))[0]!;
      assert.equal(maxAbsDiff(evalOut, Object.values(bertOutputs(model, ids, options))[0]!), 0);
      assert.equal(maxAbsDiff(evalOut, Object.values(bertOutputs(plain, ids, options))[0]!), 0);
      model.train();
      const trained = tn.noGrad(() => model.forward(ids, options));
      const trainOut = trained instanceof tn.Tensor ? trained : trained.lastHiddenState;
      assert.ok(maxAbsDiff(evalOut, trainOut) > 1e-3, 'dropout changed nothing in training mode');
    });
  }
});

describe('configs and inputs are checked', () => {
  const bad: [object, string][] = [
    [{ hiddenSize: 16, numAttentionHeads: 5 }, 'BertModel: numAttentionHeads (5) must divide hiddenSize (16)'],
    [{ vocabSize: 0 }, 'BertModel: vocabSize must be a positive integer, found 0'],
    [{ numHiddenLayers: 1.5 }, 'BertModel: numHiddenLayers must be a positive integer, found 1.5'],
    [{ hiddenAct: 'gelu_fast' }, "BertModel: hiddenAct must be one of 'gelu', 'gelu_python', 'gelu_new', 'gelu_pytorch_tanh', 'relu', 'silu', 'swish', 'tanh', found 'gelu_fast'"],
    [{ hiddenDropoutProb: 1.5 }, 'BertModel: hiddenDropoutProb must be a probability in [0, 1], found 1.5'],
    [{ layerNormEps: 0 }, 'BertModel: layerNormEps must be a finite number > 0, found 0'],
    [{ vocabSize: 10, padTokenId: 10 }, 'BertModel: padTokenId must be null or an integer in [0, 10) (vocabSize 10), found 10'],
    [{ addPoolingLayer: 'yes' }, 'BertModel: addPoolingLayer must be true or false, found yes'],
    [{ hiddenSise: 16 }, "BertModel: unknown config key(s) 'hiddenSise' (expected vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, " +
      'intermediateSize, hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, layerNormEps, ' +
      'padTokenId, initializerRange, tieWordEmbeddings, classifierDropout, numLabels, name, addPoolingLayer)'],
  ];
  for (const [options, message] of bad) {
    test(`BertModel(${JSON.stringify(options)})`, () => assert.throws(() => new tn.models.BertModel(options as tn.models.BertModelOptions), msg(message)));
  }

  test('bertConfigFromHuggingFace: maps config.json, names bad values in its own field names, refuses other models', () => {
    const hf = { architectures: ['BertForMaskedLM'], model_type: 'bert', vocab_size: 100, hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4,
      intermediate_size: 64, hidden_act: 'gelu_new', layer_norm_eps: 1e-12, pad_token_id: 0, position_embedding_type: 'absolute', id2label: { 0: 'ham', 1: 'spam', 2: 'x' } };
    assert.deepEqual(tn.models.bertConfigFromHuggingFace(hf), {
      vocabSize: 100, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 64, hiddenAct: 'gelu_new', layerNormEps: 1e-12, padTokenId: 0, numLabels: 3,
    });
    const from = tn.models.bertConfigFromHuggingFace;
    assert.throws(() => from({ ...hf, num_attention_heads: 5 }), msg('bertConfigFromHuggingFace: config.json: num_attention_heads (5) must divide hidden_size (32)'));
    assert.throws(() => from({ ...hf, hidden_act: 'mish' }), /bertConfigFromHuggingFace: config\.json: hidden_act must be one of 'gelu', .*, found 'mish'/);
    assert.throws(() => from({ ...hf, position_embedding_type: 'relative_key' }),
      msg('bertConfigFromHuggingFace: config.json field \'position_embedding_type\' is "relative_key"; only "absolute" is supported'));
    assert.throws(() => from({ ...hf, is_decoder: true }), msg('bertConfigFromHuggingFace: config.json field \'is_decoder\' is true; only false is supported'));
    assert.throws(() => from({ ...hf, model_type: 'roberta' }), msg('bertConfigFromHuggingFace: config.json field \'model_type\' is "roberta"; only "bert" is supported'));
    assert.throws(() => from({ ...hf, hidden_size: null }), msg("bertConfigFromHuggingFace: config.json field 'hidden_size' is null; expected a number"));
    assert.throws(() => from({ ...hf, rotary_dim: 8 }), /bertConfigFromHuggingFace: unknown config\.json field\(s\) 'rotary_dim': .*pass \{strict: false\} to skip them/);
    assert.equal(from({ ...hf, rotary_dim: 8 }, { strict: false }).hiddenSize, 32);
  });

  test('forward: ids, segments and mask of the wrong dtype, shape, length or values', () => {
    const model = new tn.models.BertModel(SMALL);
    const ids = int32(IDS);
    assert.throws(() => model.forward(tn.tensor(IDS)), msg('BertModel: inputIds must be int32 ids [B, L], found float32 [2,8]'));
    assert.throws(() => model.forward(tn.tensor([1, 2], { dtype: 'int32' })), msg('BertModel: inputIds must be [B, L] (batch, sequence), found [2]'));
    assert.throws(() => model.forward(tn.zeros([1, 11], { dtype: 'int32' })), msg('BertModel: sequence length 11 (inputIds [1,11]) exceeds maxPositionEmbeddings 10'));
    assert.throws(() => model.forward(ids, { attentionMask: int32([[1, 2, 1, 1, 1, 1, 1, 1], MASK[1]!]) }),
      msg('BertModel: attentionMask must hold 1 (attend) and 0 (padding), found 2 at [0, 1]'));
    assert.throws(() => model.forward(ids, { attentionMask: int32([[1, 1]]) }), msg('BertModel: attentionMask must have the shape of inputIds [2,8], found [1,2]'));
    assert.throws(() => model.forward(ids, { tokenTypeIds: int32([[0]]) }), msg('BertModel: tokenTypeIds [1,1] must have the shape of inputIds [2,8]'));
    assert.throws(() => model.forward(int32([[2, 30]])), /out of range/);
  });
});

describe('saveModel / loadModel and the registry', () => {
  test('every BERT model is registered and comes back from its config with the same outputs (ties included)', async () => {
    assert.ok(['bert', 'bert-for-masked-lm', 'bert-for-sequence-classification'].every((n) => tn.models.registeredModels().includes(n)));
    const dir = mkdtempSync(join(tmpdir(), 'tasknet-bert-save-'));
    try {
      const configs = [{ name: 'bert', ...SMALL, addPoolingLayer: false }, { name: 'bert-for-masked-lm', ...SMALL, hiddenAct: 'gelu_new' },
        { name: 'bert-for-sequence-classification', ...SMALL, numLabels: 3, padTokenId: null }];
      for (const [i, config] of configs.entries()) {
        const model = randomisedBert(config, 10 + i);
        await tn.models.saveModel(join(dir, config.name), model);
        const back = await tn.models.loadModel<BertLike>(join(dir, config.name));
        assert.deepEqual(back.config, model.config);
        const options = { attentionMask: int32(MASK) };
        const [ours, theirs] = [bertOutputs(model, int32(IDS), options), bertOutputs(back, int32(IDS), options)];
        for (const key of Object.keys(ours)) assert.equal(maxAbsDiff(ours[key]!, theirs[key]!), 0, `${config.name} ${key}`);
        if (back instanceof tn.models.BertForMaskedLM) {
          assert.equal(back.cls.predictions.decoder.weight, back.bert.embeddings.word_embeddings.weight);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('masked-language-model pretraining, then fine-tuning', () => {
  test('a few Adam steps on maskTokens batches lower the MLM loss; the decoder stays tied; bert.* weights move to a classifier', () => {
    tn.manualSeed(0);
    const mlm = new tn.models.BertForMaskedLM({ ...SMALL, hiddenDropoutProb: 0, attentionProbsDropoutProb: 0 });
    const rows = Array.from({ length: 8 }, (_, r) => [2, ...Array.from({ length: 6 }, (_, i) => 4 + ((r + i * 3) % 20)), 3]);
    const opt = new tn.optim.Adam(mlm.parameters(), { lr: 3e-3 });
    const lossAt = (step: number): number => tn.tidy(() => {
      const { inputs, labels } = tn.transfer.maskTokens(rows.flat(), { vocabSize: 30, maskId: 1, specialIds: [0, 1, 2, 3], rate: 0.3, seed: step });
      const logits = mlm.forward(tn.tensor(inputs, { dtype: 'int32' }).reshape([8, 8]));
      const loss = tn.crossEntropy(logits.reshape([-1, 30]), tn.tensor(labels, { dtype: 'int32' }), { ignoreIndex: tn.transfer.IGNORE_INDEX });
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item();
    });
    const losses = Array.from({ length: 60 }, (_, step) => lossAt(step % 4));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(mean(losses.slice(-8)) < mean(losses.slice(0, 8)) - 0.5, `loss ${mean(losses.slice(0, 8))} → ${mean(losses.slice(-8))}`);
    assert.equal(mlm.cls.predictions.decoder.weight, mlm.bert.embeddings.word_embeddings.weight);
    const clf = new tn.models.BertForSequenceClassification({ ...SMALL, numLabels: 2 });
    const result = clf.bert.loadStateDict(mlm.bert.stateDict(), { strict: false });
    assert.deepEqual(result, { missingKeys: ['pooler.dense.weight', 'pooler.dense.bias'], unexpectedKeys: [] });
    assert.equal(maxAbsDiff(clf.bert.embeddings.word_embeddings.weight, mlm.bert.embeddings.word_embeddings.weight), 0);
  });
});
