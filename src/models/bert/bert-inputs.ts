/** BERT's inputs: checks of token ids, segment ids and the attention mask, and the additive mask attention uses. */
import { DTypeError, formatShape, isFloatDType, ShapeError, ValueError } from '../../core/index.js';
import { cast, mul, reshape, sub } from '../../ops/index.js';
import type { Tensor } from '../../tensor/index.js';
import type { ResolvedBertConfig } from './bert-config.js';

/** Options of a BERT forward pass (Hugging Face's `attention_mask`, `token_type_ids`). */
export interface BertForwardOptions {
  /** [B, L]: 1 (or true) where a token is attended to, 0 (false) at padding; default all 1. bool, int32 or float. */
  readonly attentionMask?: Tensor | null;
  /** int32 [B, L] segment ids in 0…typeVocabSize−1 (default all 0). */
  readonly tokenTypeIds?: Tensor | null;
}

/** The most negative float32, added to the scores of masked keys (Hugging Face's `torch.finfo(float32).min`). */
export const MASKED_SCORE = -3.4028234663852886e38;

function checkIds(op: string, name: string, t: Tensor, shape?: readonly number[]): void {
  if (t.dtype !== 'int32') throw new DTypeError(op, `${name} must be int32 ids [B, L], found ${t.dtype} ${formatShape(t.shape)}`);
  if (t.ndim !== 2) throw new ShapeError(op, `${name} must be [B, L] (batch, sequence), found ${formatShape(t.shape)}`);
  if (shape !== undefined && (t.shape[0] !== shape[0] || t.shape[1] !== shape[1])) {
    throw new ShapeError(op, `${name} ${formatShape(t.shape)} must have the shape of inputIds ${formatShape(shape)}`);
  }
}

/**
 * Check a forward pass's inputs against the config (what every BERT model's `forward` does first).
 * @param op - the caller, for errors
 * @param config - the model's resolved config
 * @param inputIds - int32 [B, L] token ids
 * @param options - attentionMask [B, L] (bool, int32 or float; 0 and 1 only), tokenTypeIds int32 [B, L]
 * @throws DTypeError / ShapeError on a wrong dtype or shape (`BertModel: inputIds must be [B, L] …, found [5]`),
 *   ValueError when L exceeds maxPositionEmbeddings or the mask holds a value other than 0 and 1.
 * @example tn.models.bert.checkBertInputs('mine', model.bertConfig, ids, {attentionMask});
 */
export function checkBertInputs(op: string, config: ResolvedBertConfig, inputIds: Tensor, options: BertForwardOptions): void {
  checkIds(op, 'inputIds', inputIds);
  const [b, l] = inputIds.shape as [number, number];
  if (l > config.maxPositionEmbeddings) {
    throw new ValueError(op, `sequence length ${l} (inputIds ${formatShape(inputIds.shape)}) exceeds maxPositionEmbeddings ${config.maxPositionEmbeddings}`);
  }
  if (b === 0 || l === 0) throw new ShapeError(op, `inputIds must hold at least one token per row, found ${formatShape(inputIds.shape)}`);
  if (options.tokenTypeIds != null) checkIds(op, 'tokenTypeIds', options.tokenTypeIds, inputIds.shape);
  const mask = options.attentionMask;
  if (mask == null) return;
  if (mask.dtype !== 'bool' && mask.dtype !== 'int32' && !isFloatDType(mask.dtype)) {
    throw new DTypeError(op, `attentionMask must be bool, int32 or float (1 = attend, 0 = padding), found ${mask.dtype}`);
  }
  if (mask.ndim !== 2 || mask.shape[0] !== b || mask.shape[1] !== l) {
    throw new ShapeError(op, `attentionMask must have the shape of inputIds ${formatShape(inputIds.shape)}, found ${formatShape(mask.shape)}`);
  }
  const values = mask.dataSync();
  const at = values.findIndex((v) => { const x = Number(v); return x !== 0 && x !== 1; });
  if (at >= 0) {
    throw new ValueError(op, `attentionMask must hold 1 (attend) and 0 (padding), found ${Number(values[at])} at [${Math.floor(at / l)}, ${at % l}]`);
  }
}

/**
 * Hugging Face's extended attention mask: (1 − mask)·finfo(float32).min, shaped [B, 1, 1, L] so that it adds to
 * the scores [B, heads, L, L] of every query and head (a masked key gets probability 0).
 * @param mask - [B, L], 1 = attend, 0 = padding (already checked)
 * @example extendedAttentionMask(tn.tensor([[1, 1, 0]], {dtype: 'int32'})) // [[[[0, 0, -3.4e38]]]]
 */
export function extendedAttentionMask(mask: Tensor): Tensor {
  const [b, l] = mask.shape as [number, number];
  return reshape(mul(sub(cast(mask, 'float32'), 1), -MASKED_SCORE), [b, 1, 1, l]);
}
