/**
 * Hugging Face BERT state dicts as PyTorch writes them, made ready for a strict load: the `position_ids` /
 * `token_type_ids` buffers some transformers versions save are checked and dropped, and tied parameters saved under
 * one of their names only are completed.
 */
import { formatShape, ValueError } from '../../core/index.js';
import { renameKeys, type LoadOptions, type LoadResult } from '../../nn/index.js';
import { abs, max, sub } from '../../ops/index.js';
import { tidy, type Tensor } from '../../tensor/index.js';

/** What {@link prepareBertStateDict} needs to know about the model. */
export interface BertStateDictLayout {
  /** Key prefix of the BertModel (`''` for BertModel itself, `'bert.'` for the heads). */
  readonly prefix: string;
  /** Rows of the position table. */
  readonly maxPositionEmbeddings: number;
  /** Pairs of keys that name one tied parameter of the model: [alias, source]. */
  readonly tied: readonly (readonly [string, string])[];
}

/** 0, 1, …, n−1 along the last axis of a [1, n] buffer, as Hugging Face registers `position_ids`. */
function checkBuffer(op: string, key: string, t: Tensor, maxPositions: number, expected: (i: number) => number, what: string): void {
  if (t.ndim !== 2 || t.shape[0] !== 1 || (t.shape[1] as number) > maxPositions) {
    throw new ValueError(op, `state-dict buffer '${key}' must have shape [1, n] with n ≤ ${maxPositions} (maxPositionEmbeddings), found ${formatShape(t.shape)}`);
  }
  const values = t.dataSync();
  const at = values.findIndex((v, i) => Number(v) !== expected(i));
  if (at >= 0) throw new ValueError(op, `state-dict buffer '${key}' must hold ${what}, found ${Number(values[at])} at position ${at}`);
}

function largestDifference(a: Tensor, b: Tensor): number {
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) return Infinity;
  return tidy(() => max(abs(sub(a, b))).item());
}

/**
 * A copy of `stateDict` (same tensors) ready for a strict `loadStateDict`: `<prefix>embeddings.position_ids`
 * (transformers < 4.31 saves it; it must be 0, 1, 2, …) and `<prefix>embeddings.token_type_ids` (zeros) are
 * dropped; for each tied pair the missing name is filled in from the other (Hugging Face's `save_pretrained`
 * keeps one name of a tied tensor; `torch.save(model.state_dict())` keeps both).
 * @param stateDict - the state dict, keys already renamed
 * @param layout - prefix, maxPositionEmbeddings and the tied pairs of the model
 * @param op - the caller, for errors
 * @throws ValueError when a buffer is not what Hugging Face registers, or when both names of a tied pair are given
 *   with different values (the model holds one tensor for both)
 * @example
 * const ready = tn.models.bert.prepareBertStateDict(sd, {prefix: 'bert.', maxPositionEmbeddings: 512,
 *   tied: [['cls.predictions.decoder.weight', 'bert.embeddings.word_embeddings.weight']]}, 'mine');
 */
export function prepareBertStateDict(stateDict: Readonly<Record<string, Tensor>>, layout: BertStateDictLayout, op: string): Record<string, Tensor> {
  const out: Record<string, Tensor> = { ...stateDict };
  const positionKey = `${layout.prefix}embeddings.position_ids`;
  const typeKey = `${layout.prefix}embeddings.token_type_ids`;
  const positions = out[positionKey];
  if (positions !== undefined) {
    checkBuffer(op, positionKey, positions, layout.maxPositionEmbeddings, (i) => i, 'the positions 0, 1, 2, …');
    delete out[positionKey];
  }
  const types = out[typeKey];
  if (types !== undefined) {
    checkBuffer(op, typeKey, types, layout.maxPositionEmbeddings, () => 0, 'zeros');
    delete out[typeKey];
  }
  for (const [alias, source] of layout.tied) {
    const a = out[alias];
    const s = out[source];
    if (a === undefined && s !== undefined) out[alias] = s;
    else if (s === undefined && a !== undefined) out[source] = a;
    else if (a !== undefined && s !== undefined && a !== s) {
      const diff = largestDifference(a, s);
      if (diff !== 0) {
        throw new ValueError(op, `'${alias}' ${formatShape(a.shape)} and '${source}' ${formatShape(s.shape)} are one tied parameter in this model, ` +
          `but the state dict gives them different values (largest difference ${diff}); build the model with tieWordEmbeddings: false to load untied weights`);
      }
    }
  }
  return out;
}

/**
 * Rename (`options.mapKey`), {@link prepareBertStateDict}, then `load` (the model's inherited
 * `Module.loadStateDict`) with `options.strict`: the body of the BERT models' `loadStateDict`.
 * @example
 * override loadStateDict(sd, options = {}) {
 *   return loadBertStateDict(sd, options, {prefix: '', maxPositionEmbeddings: 512, tied: []}, 'BertModel', (d, o) => super.loadStateDict(d, o));
 * }
 */
export function loadBertStateDict(stateDict: Readonly<Record<string, Tensor>>, options: LoadOptions, layout: BertStateDictLayout, op: string,
  load: (sd: Record<string, Tensor>, options: LoadOptions) => LoadResult): LoadResult {
  const renamed = options.mapKey === undefined ? stateDict : renameKeys(stateDict, options.mapKey);
  return load(prepareBertStateDict(renamed, layout, op), options.strict === undefined ? {} : { strict: options.strict });
}
