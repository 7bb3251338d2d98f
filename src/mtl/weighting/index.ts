/**
 * Loss-weighting strategies: how per-task losses L_i become one objective Σ_i w_i·L_i (plus, for uncertainty
 * weighting, a regulariser), each a `WeightingStrategy` that composes with any multi-task architecture.
 */
export { type TaskNamesOption } from './common.js';
export { EqualWeighting, type EqualWeightingOptions } from './equal-weighting.js';
export { StaticWeighting, type StaticWeightingOptions } from './static-weighting.js';
export { UncertaintyWeighting, type UncertaintyWeightingOptions } from './uncertainty-weighting.js';
export { DWA, dwaWeights, type DWAOptions } from './dwa.js';
export { RLW, type RLWOptions } from './rlw.js';
export { GradNorm, gradNormGradient, type GradNormOptions, type GradNormGradient } from './grad-norm.js';
export { type WeightOptimizerName } from './weight-descent.js';
export {
  createStrategy, strategyNames, isStrategyName, type StrategyName, type StrategyOptionsByName,
} from './create-strategy.js';
