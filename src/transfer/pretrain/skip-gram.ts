/** Skip-gram with negative sampling (word2vec SGNS): pretrain word embeddings on unlabelled token sequences. */
import { Generator, ValueError } from '../../core/index.js';
import { Embedding, Module } from '../../nn/index.js';
import { mean, mul, neg, softplus, sum, unsqueeze } from '../../ops/index.js';
import { Adam } from '../../optim/index.js';
import { fromTypedArray, tidy, type Tensor } from '../../tensor/index.js';
import { skipGramPairs, UnigramSampler, type SkipGramPairsOptions } from './skip-gram-pairs.js';

/**
 * Two tables: `inEmbedding` (the word vectors kept afterwards, N(0, 0.1²) at start) and `outEmbedding` (context
 * vectors, zeros at start). Loss per pair: −log σ(u_c·v_o) − Σₖ log σ(−u_c·v_{nₖ}), averaged over the batch.
 * @example
 * const sg = new tn.transfer.SkipGram(vocab.size, 100);
 * const loss = sg.loss(centers, contexts, negatives); // int32 [B], [B], [B, K] → scalar
 */
export class SkipGram extends Module {
  /** The word vectors [vocabSize, dim]. */
  readonly inEmbedding: Embedding;
  /** The context vectors [vocabSize, dim]. */
  readonly outEmbedding: Embedding;

  /** @param vocabSize - number of ids; @param dim - vector width; @param seed - seed of the start (default 0) */
  constructor(readonly vocabSize: number, readonly dim: number, seed = 0) {
    super();
    const gen = new Generator(seed);
    const start = Float32Array.from({ length: vocabSize * dim }, () => gen.normal(0, 0.1));
    this.inEmbedding = Embedding.fromPretrained(fromTypedArray(start, [vocabSize, dim], 'float32'), { freeze: false });
    this.outEmbedding = Embedding.fromPretrained(fromTypedArray(new Float32Array(vocabSize * dim), [vocabSize, dim], 'float32'), { freeze: false });
  }

  /** The SGNS loss of a batch: centers [B], contexts [B], negatives [B, K] (int32) → scalar. */
  loss(centers: Tensor, contexts: Tensor, negatives: Tensor): Tensor {
    const u = this.inEmbedding.forward(centers); // [B, d]
    const positive = sum(mul(u, this.outEmbedding.forward(contexts)), -1); // [B]
    const negative = sum(mul(unsqueeze(u, 1), this.outEmbedding.forward(negatives)), -1); // [B, K]
    return mean(softplus(neg(positive))).add(mean(sum(softplus(negative), -1)));
  }

  forward(ids: Tensor): Tensor {
    return this.inEmbedding.forward(ids);
  }
}

/** Options of `trainSkipGram`. */
export interface TrainSkipGramOptions extends SkipGramPairsOptions {
  /** Number of ids (the vocabulary size). */
  readonly vocabSize: number;
  /** Vector width (default 100). */
  readonly dim?: number;
  /** Negatives per pair (default 5). */
  readonly negatives?: number;
  /** Passes over the pairs (default 1). */
  readonly epochs?: number;
  /** Pairs per step (default 1024). */
  readonly batchSize?: number;
  /** Adam learning rate (default 0.01). */
  readonly lr?: number;
  /** Called after each epoch with its mean loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Pretrain word vectors with SGNS on token-id sequences (e.g. an unlabelled corpus encoded with the task vocabulary).
 * Seeded: same sequences and options, same vectors.
 * @returns the trained model (`model.inEmbedding.weight` are the vectors) and the mean loss of each epoch
 * @example
 * const {model} = tn.transfer.trainSkipGram(ids, {vocabSize: vocab.size, dim: 100, epochs: 3, skipIds: [0, 1]});
 * bag.embedding.weight.assign(model.inEmbedding.weight); // initialise a BagOfEmbeddings
 */
export function trainSkipGram(sequences: Iterable<ArrayLike<number>>, options: TrainSkipGramOptions): { model: SkipGram; losses: number[] } {
  const k = options.negatives ?? 5;
  const batchSize = options.batchSize ?? 1024;
  if (!Number.isInteger(k) || k < 1) throw new ValueError('trainSkipGram', `negatives must be an integer ≥ 1, found ${k}`);
  const gen = new Generator(options.seed ?? 0);
  const { centers, contexts } = skipGramPairs(sequences, options);
  if (centers.length === 0) throw new ValueError('trainSkipGram', 'expected sequences with at least two tokens, found no pair');
  const counts = new Float64Array(options.vocabSize);
  for (const id of contexts) counts[id] = counts[id]! + 1;
  const noise = new UnigramSampler(counts);
  const model = new SkipGram(options.vocabSize, options.dim ?? 100, options.seed ?? 0);
  const opt = new Adam(model.parameters(), { lr: options.lr ?? 0.01 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < (options.epochs ?? 1); epoch++) {
    const order = gen.permutation(centers.length);
    let total = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      const b = rows.length;
      const c = fromTypedArray(Int32Array.from(rows, (i) => centers[i]!), [b], 'int32');
      const o = fromTypedArray(Int32Array.from(rows, (i) => contexts[i]!), [b], 'int32');
      const n = fromTypedArray(noise.sample(b * k, gen), [b, k], 'int32');
      opt.zeroGrad();
      total += tidy(() => {
        const loss = model.loss(c, o, n);
        loss.backward();
        return loss.item();
      }) * b;
      opt.step();
      c.dispose();
      o.dispose();
      n.dispose();
    }
    losses.push(total / order.length);
    options.onEpoch?.(epoch, total / order.length);
  }
  return { model, losses };
}
