/** The BERT masked-language-model corruption: pick 15% of the real tokens; of those 80% → [MASK], 10% → random, 10% kept. */
import { Generator, ValueError } from '../../core/index.js';

/** Options of `maskTokens`. */
export interface MaskTokensOptions {
  /** Vocabulary size (random replacements are drawn from [0, vocabSize) minus the special ids). */
  readonly vocabSize: number;
  /** The id of the mask token. */
  readonly maskId: number;
  /** Ids never selected and never drawn as replacements (padding, unknown, mask, CLS/SEP …). */
  readonly specialIds: readonly number[];
  /** Share of the eligible tokens selected (default 0.15). */
  readonly rate?: number;
  /** Seed, or a Generator to continue (default seed 0). */
  readonly seed?: number | Generator;
}

/** The label of a position that is not predicted (PyTorch's `ignore_index`). */
export const IGNORE_INDEX = -100;

/**
 * Corrupt token ids for masked-language-model pretraining (Devlin et al. 2019): each non-special position is selected
 * with probability `rate`; a selected token becomes `maskId` with probability 0.8, a random non-special id with 0.1,
 * and stays with 0.1. `labels` holds the original id at selected positions and `IGNORE_INDEX` (−100) elsewhere.
 * @param ids - token ids of any layout (e.g. a padded [B, L] batch, row-major)
 * @returns inputs (corrupted copy) and labels, both the length of `ids`
 * @example
 * const {inputs, labels} = tn.transfer.maskTokens(batchIds, {vocabSize: vocab.size, maskId: 2, specialIds: [0, 1, 2], seed: 0});
 */
export function maskTokens(ids: ArrayLike<number>, options: MaskTokensOptions): { inputs: Int32Array; labels: Int32Array } {
  const rate = options.rate ?? 0.15;
  if (!(rate >= 0 && rate <= 1)) throw new ValueError('maskTokens', `rate must be in [0, 1], found ${rate}`);
  const special = new Set(options.specialIds);
  if (!special.has(options.maskId)) special.add(options.maskId);
  const replacements: number[] = [];
  for (let id = 0; id < options.vocabSize; id++) if (!special.has(id)) replacements.push(id);
  if (replacements.length === 0) throw new ValueError('maskTokens', `expected at least one non-special id in [0, ${options.vocabSize}), found none`);
  const gen = options.seed instanceof Generator ? options.seed : new Generator(options.seed ?? 0);
  const inputs = Int32Array.from(ids);
  const labels = new Int32Array(inputs.length).fill(IGNORE_INDEX);
  for (let i = 0; i < inputs.length; i++) {
    const id = inputs[i]!;
    if (special.has(id) || gen.uniform() >= rate) continue;
    labels[i] = id;
    const u = gen.uniform();
    if (u < 0.8) inputs[i] = options.maskId;
    else if (u < 0.9) inputs[i] = replacements[Math.floor(gen.uniform() * replacements.length)]!;
  }
  return { inputs, labels };
}
