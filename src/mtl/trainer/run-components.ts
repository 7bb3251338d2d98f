/** The multi-task run's stateful parts besides the model and its optimiser, as checkpoint components. */
import { optimizerComponent, type OptimizerLike, type StatefulComponent, type StatefulOptimizer } from '../../train/index.js';
import type { WeightingStrategy } from '../types.js';

/** A strategy as a component: its `stateDict` (an empty object for a stateless one). */
function strategyComponent(strategy: WeightingStrategy): StatefulComponent {
  return {
    stateDict: () => strategy.stateDict?.() ?? {},
    loadStateDict: (state) => strategy.loadStateDict?.(state as Record<string, number | number[]>),
  };
}

function isStateful(optimizer: OptimizerLike | undefined): optimizer is OptimizerLike & StatefulOptimizer {
  const o = optimizer as Partial<StatefulOptimizer> | undefined;
  return typeof o?.stateDict === 'function' && typeof o.loadStateDict === 'function';
}

/**
 * `strategy` (always) and `strategyOptimizer` (when the strategy learns parameters with a stateful
 * optimiser): what ModelCheckpoint saves next to the model and what `fitMultiTask`'s `resume` restores.
 */
export function runComponents(strategy: WeightingStrategy, strategyOptimizer: OptimizerLike | undefined): Record<string, StatefulComponent> {
  return {
    strategy: strategyComponent(strategy),
    ...(isStateful(strategyOptimizer) ? { strategyOptimizer: optimizerComponent(strategyOptimizer) } : {}),
  };
}
