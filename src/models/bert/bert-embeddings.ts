/**
 * BertEmbeddings: word + token-type + absolute-position embeddings, LayerNorm, dropout (Hugging Face
 * `BertEmbeddings`).
 *
 * Naming: the sub-modules use Hugging Face's names (`word_embeddings`, `position_embeddings`,
 * `token_type_embeddings`, `LayerNorm`), because state-dict keys are property names and must equal theirs.
 */
import { Dropout, Embedding, LayerNorm, Module } from '../../nn/index.js';
import { add } from '../../ops/index.js';
import { arange, scoped, type Tensor } from '../../tensor/index.js';
import type { ResolvedBertConfig } from './bert-config.js';

/**
 * The input layer of BERT: e = dropout(LayerNorm(W_word[ids] + W_type[types] + W_pos[0…L−1])).
 * Hugging Face's buffers `position_ids` and `token_type_ids` are not kept (positions are always 0…L−1 here);
 * BERT's `loadStateDict` accepts and checks them when a state dict has them.
 * Shapes: inputIds, tokenTypeIds int32 [B, L] → [B, L, hiddenSize].
 * @example new tn.models.bert.BertEmbeddings(resolveBertConfig({hiddenSize: 32, numAttentionHeads: 4}, 'x')).forward(ids, types)
 */
export class BertEmbeddings extends Module {
  /** Token table [vocabSize, hiddenSize] (the padTokenId row gets no gradient from the lookup). */
  word_embeddings: Embedding;
  /** Position table [maxPositionEmbeddings, hiddenSize]. */
  position_embeddings: Embedding;
  /** Segment table [typeVocabSize, hiddenSize]. */
  token_type_embeddings: Embedding;
  /** Normalisation of the sum (ε = layerNormEps). */
  LayerNorm: LayerNorm;
  /** Dropout (hiddenDropoutProb). */
  dropout: Dropout;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.word_embeddings = new Embedding(config.vocabSize, config.hiddenSize, { paddingIdx: config.padTokenId });
    this.position_embeddings = new Embedding(config.maxPositionEmbeddings, config.hiddenSize);
    this.token_type_embeddings = new Embedding(config.typeVocabSize, config.hiddenSize);
    this.LayerNorm = new LayerNorm(config.hiddenSize, { eps: config.layerNormEps });
    this.dropout = new Dropout(config.hiddenDropoutProb);
  }

  /** int32 [B, L] token ids and segment ids → [B, L, hiddenSize]. */
  forward(inputIds: Tensor, tokenTypeIds: Tensor): Tensor {
    return scoped([inputIds, tokenTypeIds, ...this.parameters()], () => {
      const positions = arange(0, inputIds.shape[1] as number, 1, { dtype: 'int32' });
      const sum = add(add(this.word_embeddings.forward(inputIds), this.token_type_embeddings.forward(tokenTypeIds)),
        this.position_embeddings.forward(positions));
      return this.dropout.forward(this.LayerNorm.forward(sum));
    });
  }
}
