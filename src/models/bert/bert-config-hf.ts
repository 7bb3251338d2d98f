/** Hugging Face `config.json` (snake_case BertConfig) → tasknet's {@link BertConfig}. */
import { ValueError } from '../../core/index.js';
import { resolveBertConfig, type BertConfig } from './bert-config.js';

/** snake_case field → camelCase field. */
const FIELDS: Readonly<Record<string, keyof BertConfig>> = {
  vocab_size: 'vocabSize', hidden_size: 'hiddenSize', num_hidden_layers: 'numHiddenLayers',
  num_attention_heads: 'numAttentionHeads', intermediate_size: 'intermediateSize', hidden_act: 'hiddenAct',
  hidden_dropout_prob: 'hiddenDropoutProb', attention_probs_dropout_prob: 'attentionProbsDropoutProb',
  max_position_embeddings: 'maxPositionEmbeddings', type_vocab_size: 'typeVocabSize', layer_norm_eps: 'layerNormEps',
  pad_token_id: 'padTokenId', initializer_range: 'initializerRange', tie_word_embeddings: 'tieWordEmbeddings',
  classifier_dropout: 'classifierDropout', num_labels: 'numLabels',
};

/**
 * Fields that do not change the maths of these models, skipped: bookkeeping (`architectures`, `model_type`,
 * `transformers_version`, `torch_dtype`, `_name_or_path`), generation and output switches, label names, other
 * token ids, `chunk_size_feed_forward` (chunking gives the same values), and the unused `pooler_*` and
 * `directionality` fields of Google's original checkpoints.
 */
export const HF_BERT_IGNORED_FIELDS: readonly string[] = Object.freeze([
  'architectures', 'model_type', 'transformers_version', 'torch_dtype', '_name_or_path', 'use_cache', 'gradient_checkpointing',
  'output_attentions', 'output_hidden_states', 'return_dict', 'torchscript', 'use_return_dict', 'id2label', 'label2id',
  'problem_type', 'finetuning_task', 'tokenizer_class', 'prefix', 'task_specific_params', 'bos_token_id', 'eos_token_id',
  'sep_token_id', 'cls_token_id', 'decoder_start_token_id', 'chunk_size_feed_forward', 'output_past', 'directionality',
  'pooler_fc_size', 'pooler_num_attention_heads', 'pooler_num_fc_layers', 'pooler_size_per_head', 'pooler_type',
]);

/** Fields whose other values describe a model these classes are not: [field, the one value accepted]. */
const FIXED: readonly [string, unknown][] = [
  ['model_type', 'bert'], ['position_embedding_type', 'absolute'], ['is_decoder', false], ['add_cross_attention', false],
];

/** Options of {@link bertConfigFromHuggingFace}. */
export interface BertConfigFromHuggingFaceOptions {
  /** Throw on fields neither mapped nor in {@link HF_BERT_IGNORED_FIELDS} (default true); false skips them. */
  readonly strict?: boolean;
}

/**
 * A {@link BertConfig} from Hugging Face's `config.json` object: `vocab_size` → `vocabSize`, `hidden_act` →
 * `hiddenAct` …; `num_labels` (or the size of `id2label`) → `numLabels`. The values are checked as the model
 * constructors check them.
 * @param json - the parsed `config.json`
 * @param options - `strict` (default true): unknown fields throw
 * @throws ValueError `bertConfigFromHuggingFace: config.json field 'position_embedding_type' is 'relative_key'; only
 *   'absolute' is supported`, on a value of the wrong type, on an invalid value (as `resolveBertConfig`), and
 *   (strict) on an unknown field.
 * @example
 * const config = tn.models.bert.bertConfigFromHuggingFace(JSON.parse(readFileSync('config.json', 'utf8')));
 * const model = new tn.models.BertModel(config);
 */
export function bertConfigFromHuggingFace(json: Readonly<Record<string, unknown>>, options: BertConfigFromHuggingFaceOptions = {}): BertConfig {
  const op = 'bertConfigFromHuggingFace';
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ValueError(op, `expected the parsed config.json object, found ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  for (const [field, value] of FIXED) {
    if (field in json && json[field] !== value) {
      throw new ValueError(op, `config.json field '${field}' is ${JSON.stringify(json[field])}; only ${JSON.stringify(value)} is supported`);
    }
  }
  const out: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [field, value] of Object.entries(json)) {
    const name = FIELDS[field];
    if (name !== undefined) {
      if (value === null && name !== 'padTokenId' && name !== 'classifierDropout') {
        throw new ValueError(op, `config.json field '${field}' is null; expected a ${name === 'hiddenAct' ? 'string' : name === 'tieWordEmbeddings' ? 'boolean' : 'number'}`);
      }
      out[name] = value;
    } else if (!HF_BERT_IGNORED_FIELDS.includes(field) && !FIXED.some(([f]) => f === field)) {
      unknown.push(field);
    }
  }
  if (unknown.length > 0 && (options.strict ?? true)) {
    throw new ValueError(op, `unknown config.json field(s) ${unknown.map((f) => `'${f}'`).join(', ')}: not BERT fields tasknet knows ` +
      `(mapped: ${Object.keys(FIELDS).join(', ')}); pass {strict: false} to skip them`);
  }
  if (out['numLabels'] === undefined && json['id2label'] !== null && typeof json['id2label'] === 'object') {
    out['numLabels'] = Object.keys(json['id2label'] as object).length;
  }
  try {
    resolveBertConfig(out, op);
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    // the message in config.json's own names
    const snake = new Map(Object.entries(FIELDS).map(([s, c]) => [c as string, s]));
    const message = error.message.slice(op.length + 2).replace(/\b[a-z]+(?:[A-Z][a-z]*)+\b/g, (word) => snake.get(word) ?? word);
    throw new ValueError(op, `config.json: ${message}`);
  }
  return out as BertConfig;
}
