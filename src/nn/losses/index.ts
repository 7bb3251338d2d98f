/** Loss functions (functional, composed from differentiable ops) and the loss modules that wrap them. */
export type { Reduction, ReductionOptions } from './reduction.js';
export { mseLoss } from './mse-loss.js';
export { l1Loss } from './l1-loss.js';
export { smoothL1Loss, type SmoothL1LossOptions } from './smooth-l1-loss.js';
export { huberLoss, type HuberLossOptions } from './huber-loss.js';
export { nllLoss, type NllLossOptions } from './nll-loss.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { binaryCrossEntropy, type BinaryCrossEntropyOptions } from './binary-cross-entropy.js';
export { binaryCrossEntropyWithLogits, type BinaryCrossEntropyWithLogitsOptions } from './binary-cross-entropy-with-logits.js';
export { klDiv, type KlDivOptions } from './kl-div.js';
export { cosineEmbeddingLoss, type CosineEmbeddingLossOptions } from './cosine-embedding-loss.js';
export { l1Penalty } from './l1-penalty.js';
export { l2Penalty } from './l2-penalty.js';
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss, CosineEmbeddingLoss,
} from './modules.js';
