/**
 * BERT's configuration: Hugging Face `BertConfig`'s fields in camelCase, their defaults (bert-base-uncased), and
 * their validation.
 */
import { ValueError } from '../../core/index.js';
import { gelu, relu, silu, tanh } from '../../ops/index.js';
import type { Tensor } from '../../tensor/index.js';

/**
 * The activation of the feed-forward block and of the MLM head (Hugging Face `hidden_act`): `gelu` and
 * `gelu_python` are the exact x·Φ(x); `gelu_new` and `gelu_pytorch_tanh` the tanh approximation
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))); `swish` is `silu`.
 */
export type BertActivation = 'gelu' | 'gelu_python' | 'gelu_new' | 'gelu_pytorch_tanh' | 'relu' | 'silu' | 'swish' | 'tanh';

/**
 * The function of each {@link BertActivation} name.
 * @example tn.models.bert.BERT_ACTIVATIONS.gelu_new(x) // = tn.gelu(x, 'tanh')
 */
export const BERT_ACTIVATIONS: Readonly<Record<BertActivation, (x: Tensor) => Tensor>> = Object.freeze({
  gelu: (x: Tensor) => gelu(x),
  gelu_python: (x: Tensor) => gelu(x),
  gelu_new: (x: Tensor) => gelu(x, 'tanh'),
  gelu_pytorch_tanh: (x: Tensor) => gelu(x, 'tanh'),
  relu: (x: Tensor) => relu(x),
  silu: (x: Tensor) => silu(x),
  swish: (x: Tensor) => silu(x),
  tanh: (x: Tensor) => tanh(x),
});

/**
 * Hugging Face `BertConfig` in camelCase (every field optional; defaults are bert-base-uncased's). Build one from a
 * `config.json` with {@link bertConfigFromHuggingFace}.
 */
export interface BertConfig {
  /** Token ids 0…vocabSize−1 (default 30522). */
  readonly vocabSize?: number;
  /** Width H of every hidden state (default 768). */
  readonly hiddenSize?: number;
  /** Encoder layers (default 12). */
  readonly numHiddenLayers?: number;
  /** Attention heads per layer; must divide hiddenSize (default 12). */
  readonly numAttentionHeads?: number;
  /** Width of the feed-forward block (default 3072). */
  readonly intermediateSize?: number;
  /** Activation of the feed-forward block and the MLM head (default `'gelu'`, the exact erf form). */
  readonly hiddenAct?: BertActivation;
  /** Dropout on the embeddings and on every residual branch (default 0.1). */
  readonly hiddenDropoutProb?: number;
  /** Dropout on the attention probabilities (default 0.1). */
  readonly attentionProbsDropoutProb?: number;
  /** Longest sequence: rows of the position table (default 512). */
  readonly maxPositionEmbeddings?: number;
  /** Segment (token type) ids 0…typeVocabSize−1 (default 2). */
  readonly typeVocabSize?: number;
  /** ε of every LayerNorm (default 1e-12). */
  readonly layerNormEps?: number;
  /** The padding token: its embedding row starts at zero and gets no gradient from the lookup (default 0; null: none). */
  readonly padTokenId?: number | null;
  /** Standard deviation of the N(0, σ²) initial weights (default 0.02). */
  readonly initializerRange?: number;
  /** BertForMaskedLM: the decoder shares the word-embedding table (default true). */
  readonly tieWordEmbeddings?: boolean;
  /** BertForSequenceClassification: dropout before the classifier (default null: hiddenDropoutProb). */
  readonly classifierDropout?: number | null;
  /** BertForSequenceClassification: number of labels (default 2). */
  readonly numLabels?: number;
}

/** A {@link BertConfig} with every default filled in. */
export type ResolvedBertConfig = { readonly [K in keyof BertConfig]-?: Exclude<BertConfig[K], undefined> };

/** Defaults of {@link BertConfig} (Hugging Face's, i.e. bert-base-uncased). */
export const BERT_CONFIG_DEFAULTS: ResolvedBertConfig = Object.freeze({
  vocabSize: 30522, hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072,
  hiddenAct: 'gelu', hiddenDropoutProb: 0.1, attentionProbsDropoutProb: 0.1, maxPositionEmbeddings: 512,
  typeVocabSize: 2, layerNormEps: 1e-12, padTokenId: 0, initializerRange: 0.02, tieWordEmbeddings: true,
  classifierDropout: null, numLabels: 2,
});

/** The fields of {@link BertConfig}. */
export const BERT_CONFIG_KEYS = Object.freeze(Object.keys(BERT_CONFIG_DEFAULTS)) as readonly (keyof BertConfig)[];

const show = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value));

function positiveInteger(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ValueError(op, `${name} must be a positive integer, found ${show(value)}`);
  return value;
}

function probability(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ValueError(op, `${name} must be a probability in [0, 1], found ${show(value)}`);
  return value;
}

/**
 * Fill in the defaults of a {@link BertConfig} and check every field.
 * @param options - the config (extra keys listed in `allowed` are skipped, e.g. a registry `name`)
 * @param op - who asks, for the error messages (e.g. `'BertModel'`)
 * @param allowed - keys besides BertConfig's that the caller reads itself
 * @throws ValueError naming the field, what was expected and what was found, e.g.
 *   `BertModel: numAttentionHeads (5) must divide hiddenSize (16)`, or an unknown key with the known ones.
 * @example tn.models.bert.resolveBertConfig({hiddenSize: 64, numAttentionHeads: 4}, 'mine').intermediateSize // 3072
 */
export function resolveBertConfig(options: BertConfig, op: string, allowed: readonly string[] = []): ResolvedBertConfig {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(op, `expected a config object {vocabSize, hiddenSize, ...}, found ${show(options)}`);
  }
  const known = new Set<string>([...BERT_CONFIG_KEYS, ...allowed]);
  const unknown = Object.keys(options).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ValueError(op, `unknown config key(s) ${unknown.map((k) => `'${k}'`).join(', ')} (expected ${[...known].join(', ')})`);
  }
  const c = { ...BERT_CONFIG_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as ResolvedBertConfig;
  for (const name of ['vocabSize', 'hiddenSize', 'numHiddenLayers', 'numAttentionHeads', 'intermediateSize', 'maxPositionEmbeddings',
    'typeVocabSize', 'numLabels'] as const) positiveInteger(op, name, c[name]);
  if (c.hiddenSize % c.numAttentionHeads !== 0) {
    throw new ValueError(op, `numAttentionHeads (${c.numAttentionHeads}) must divide hiddenSize (${c.hiddenSize})`);
  }
  if (typeof c.hiddenAct !== 'string' || !Object.hasOwn(BERT_ACTIVATIONS, c.hiddenAct)) {
    throw new ValueError(op, `hiddenAct must be one of ${Object.keys(BERT_ACTIVATIONS).map((k) => `'${k}'`).join(', ')}, found ${show(c.hiddenAct)}`);
  }
  probability(op, 'hiddenDropoutProb', c.hiddenDropoutProb);
  probability(op, 'attentionProbsDropoutProb', c.attentionProbsDropoutProb);
  if (c.classifierDropout !== null) probability(op, 'classifierDropout', c.classifierDropout);
  if (typeof c.layerNormEps !== 'number' || !(c.layerNormEps > 0) || !Number.isFinite(c.layerNormEps)) {
    throw new ValueError(op, `layerNormEps must be a finite number > 0, found ${show(c.layerNormEps)}`);
  }
  if (typeof c.initializerRange !== 'number' || !(c.initializerRange >= 0) || !Number.isFinite(c.initializerRange)) {
    throw new ValueError(op, `initializerRange must be a finite number ≥ 0, found ${show(c.initializerRange)}`);
  }
  if (c.padTokenId !== null && (typeof c.padTokenId !== 'number' || !Number.isInteger(c.padTokenId) || c.padTokenId < 0 || c.padTokenId >= c.vocabSize)) {
    throw new ValueError(op, `padTokenId must be null or an integer in [0, ${c.vocabSize}) (vocabSize ${c.vocabSize}), found ${show(c.padTokenId)}`);
  }
  if (typeof c.tieWordEmbeddings !== 'boolean') throw new ValueError(op, `tieWordEmbeddings must be true or false, found ${show(c.tieWordEmbeddings)}`);
  return Object.freeze(c);
}

/**
 * The fields of a resolved config that every BERT model uses (the encoder's): all but tieWordEmbeddings,
 * classifierDropout and numLabels.
 * @param c - a resolved config
 * @example new tn.models.BertModel(tn.models.bert.encoderFields(clf.bertConfig)) // the encoder of a classifier's config
 */
export function encoderFields(c: ResolvedBertConfig): Omit<ResolvedBertConfig, 'tieWordEmbeddings' | 'classifierDropout' | 'numLabels'> {
  const { tieWordEmbeddings: _t, classifierDropout: _d, numLabels: _n, ...rest } = c;
  return rest;
}
