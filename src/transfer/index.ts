/**
 * transfer: transfer learning — freezing by name (with frozen BatchNorm statistics), a summary of what trains,
 * head surgery, features at a named layer, feature extraction with a cache, and fine-tuning recipes
 * (discriminative learning rates, gradual unfreezing, L2-SP, LoRA adapters).
 * @example
 * import * as tn from 'tasknet';
 * tn.transfer.freeze(model);                          // the whole model …
 * tn.transfer.replaceHead(model, '-1', new tn.nn.Linear(128, 5)); // … under a new, trainable head
 * console.log(tn.transfer.summary(model));
 */

// ── selecting by name ──
export { globToRegExp as compileNameGlob, matchesName, coversName, type NameGlob } from '../nn/index.js';
export { selectByName, type NamePatterns, type NameSelection } from './select-by-name.js';

// ── freezing ──
export { freeze, unfreeze, type FreezeOptions } from './freeze.js';
export { summary, type SummaryOptions } from './summary.js';

// ── head surgery and features at a layer ──
export { getSubmodule, findSubmodule, type SubmoduleSlot } from './get-submodule.js';
export { replaceHead } from './replace-head.js';
export { backbone, Backbone, type BackboneOptions } from './backbone.js';
export { replaceForward, hookForward, type ForwardFn } from './hook-forward.js';
export { features } from './features.js';

// ── feature extraction with a cache ──
export { FeatureSet, type FeatureSource } from './feature-set.js';
export { extractFeatures, type Extractor, type ExtractFeaturesOptions } from './extract-features.js';
export { FeatureCache, FEATURES_FORMAT, type FeatureCacheOptions } from './feature-cache.js';

// ── fine-tuning recipes ──
export {
  layerwiseLrGroups, prefixLrGroups, type LrGroup, type LrGroupOptions, type LayerwiseLrOptions, type PrefixLrOptions, type PrefixLrs,
  type PrefixLrPairs,
} from './lr-groups.js';
export { GradualUnfreezing, type GradualUnfreezingOptions } from './gradual-unfreezing.js';
export { L2SP, type L2SPOptions } from './l2-sp.js';

// ── LoRA adapters ──
export { countParameters, formatParameterCounts, type ParameterCounts } from './count-parameters.js';
export { LoraLayer, checkLoraConfig, type LoraConfig, type LoraBase } from './lora/lora-layer.js';
export { LoraLinear } from './lora/lora-linear.js';
export { LoraConv2d } from './lora/lora-conv2d.js';
export { addLora, type AddLoraOptions, type LoraReport } from './lora/add-lora.js';
export {
  loraLayers, loraAdapterNames, setAdapter, activeAdapters, mergeLora, unmergeLora, unloadLora, type UnloadLoraOptions,
} from './lora/lora-layers.js';
export { loraStateDict, loadLora, type LoadLoraOptions } from './lora/lora-state-dict.js';

// ── pretrained word vectors ──
export { embeddingFromVectors, type EmbeddingFromVectorsOptions, type OovInit, type VectorCoverage } from './embedding-from-vectors.js';

// ── text pretraining ──
export { maskTokens, IGNORE_INDEX, type MaskTokensOptions } from './pretrain/mask-tokens.js';
export { skipGramPairs, UnigramSampler, type SkipGramPairsOptions } from './pretrain/skip-gram-pairs.js';
export { SkipGram, trainSkipGram, type TrainSkipGramOptions } from './pretrain/skip-gram.js';
