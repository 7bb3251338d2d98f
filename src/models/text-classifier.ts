/** Text classifiers over padded token ids: a bag of embeddings with an MLP, and an LSTM. */
import { ValueError } from '../core/index.js';
import { Dropout, Embedding, EmbeddingBag, Linear, LSTM, Module, ReLU, Sequential } from '../nn/index.js';
import { cast, concat, ne, slice, sum } from '../ops/index.js';
import type { Tensor } from '../tensor/index.js';
import { registerModel, type Configurable, type ModelConfig } from './registry.js';

/** Options shared by the text classifiers. */
export interface TextClassifierOptions {
  /** Vocabulary size (ids 0…vocabSize−1). */
  readonly vocabSize: number;
  /** Number of classes (1 for a single binary logit). */
  readonly numClasses: number;
  /** Embedding width (default 64). */
  readonly embeddingDim?: number;
  /** Hidden width (default 64). */
  readonly hiddenDim?: number;
  /** Id of the padding token, ignored (default 0). */
  readonly paddingIdx?: number;
  /** Dropout before the output layer (default 0). */
  readonly dropout?: number;
}

function checkVocab(options: TextClassifierOptions, op: string): void {
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < 2) throw new ValueError(op, `vocabSize must be an integer ≥ 2, found ${options.vocabSize}`);
  if (!Number.isInteger(options.numClasses) || options.numClasses < 1) throw new ValueError(op, `numClasses must be a positive integer, found ${options.numClasses}`);
}

/**
 * Mean of the token embeddings (padding ignored) → Linear → ReLU → Linear: fast and strong on short texts
 * (fastText-style).
 * @example new tn.models.BagOfEmbeddings({vocabSize: 10000, numClasses: 2}).forward(ids) // ids [B, L] int32
 */
export class BagOfEmbeddings extends Module implements Configurable {
  /** The rebuildable config. */
  readonly config: ModelConfig;
  /** Mean-pooled embedding table. */
  readonly embedding: EmbeddingBag;
  /** The classifier head. */
  readonly head: Sequential;

  /** @param options - vocabSize, numClasses, embeddingDim, hiddenDim, paddingIdx, dropout */
  constructor(options: TextClassifierOptions) {
    super();
    checkVocab(options, 'BagOfEmbeddings');
    const dim = options.embeddingDim ?? 64;
    const hidden = options.hiddenDim ?? 64;
    this.embedding = new EmbeddingBag(options.vocabSize, dim, { mode: 'mean', paddingIdx: options.paddingIdx ?? 0 });
    this.head = new Sequential(new Linear(dim, hidden), new ReLU(), new Dropout(options.dropout ?? 0), new Linear(hidden, options.numClasses));
    this.config = { name: 'bag-of-embeddings', ...options };
  }

  /** [B, L] int32 token ids → [B, numClasses] logits. */
  forward(ids: Tensor): Tensor {
    return this.head.forward(this.embedding.forward(ids));
  }
}

/**
 * Embedding → (bi)LSTM over the real tokens (lengths from the padding) → last states → Linear.
 * @example new tn.models.LSTMClassifier({vocabSize: 10000, numClasses: 2}).forward(ids)
 */
export class LSTMClassifier extends Module implements Configurable {
  /** The rebuildable config. */
  readonly config: ModelConfig;
  readonly embedding: Embedding;
  readonly lstm: LSTM;
  readonly dropout: Dropout;
  readonly output: Linear;
  private readonly paddingIdx: number;

  /** @param options - vocabSize, numClasses, embeddingDim, hiddenDim, paddingIdx, dropout, bidirectional */
  constructor(options: TextClassifierOptions & { readonly bidirectional?: boolean }) {
    super();
    checkVocab(options, 'LSTMClassifier');
    const dim = options.embeddingDim ?? 64;
    const hidden = options.hiddenDim ?? 64;
    this.paddingIdx = options.paddingIdx ?? 0;
    this.embedding = new Embedding(options.vocabSize, dim, { paddingIdx: this.paddingIdx });
    this.lstm = new LSTM(dim, hidden, { batchFirst: true, bidirectional: options.bidirectional ?? false });
    this.dropout = new Dropout(options.dropout ?? 0);
    this.output = new Linear(hidden * (options.bidirectional === true ? 2 : 1), options.numClasses);
    this.config = { name: 'lstm-classifier', ...options };
  }

  /** [B, L] int32 token ids (padded at the end) → [B, numClasses] logits. */
  forward(ids: Tensor): Tensor {
    const lengths = Array.from(sum(cast(ne(ids, this.paddingIdx), 'int32'), 1).dataSync(), (n) => Math.max(1, n));
    const [, [hN]] = this.lstm.forward(this.embedding.forward(ids), null, { lengths });
    // hN: [layers·directions, B, hidden]; the last layer's directions, side by side
    const dirs = this.lstm.bidirectional ? 2 : 1;
    const last = slice(hN, 0, hN.shape[0]! - dirs);
    const features = dirs === 2 ? concat([slice(last, 0, 0, 1), slice(last, 0, 1, 2)], 2) : last;
    return this.output.forward(this.dropout.forward(features.squeeze(0)));
  }
}

registerModel('bag-of-embeddings', (c) => new BagOfEmbeddings(c as unknown as TextClassifierOptions));
registerModel('lstm-classifier', (c) => new LSTMClassifier(c as unknown as TextClassifierOptions));
