/** Strategies by name, for configs and the CLI: `createStrategy('dwa', {temperature: 2})`. */
import { ValueError } from '../../core/index.js';
import type { WeightingStrategy } from '../types.js';
import { EqualWeighting, type EqualWeightingOptions } from './equal-weighting.js';
import { StaticWeighting, type StaticWeightingOptions } from './static-weighting.js';
import { UncertaintyWeighting, type UncertaintyWeightingOptions } from './uncertainty-weighting.js';
import { DWA, type DWAOptions } from './dwa.js';
import { RLW, type RLWOptions } from './rlw.js';
import { GradNorm, type GradNormOptions } from './grad-norm.js';
import { PCGrad, type PcgradOptions } from '../gradient/pcgrad.js';
import { CAGrad, type CagradOptions } from '../gradient/cagrad.js';
import { MGDA, type MgdaOptions } from '../gradient/mgda.js';

/** Options of a gradient-combination method, plus the task names every strategy accepts (unused there). */
type WithTasks<O> = O & { readonly tasks?: readonly string[] };

/** The options each named strategy takes (its constructor's). */
export interface StrategyOptionsByName {
  equal: EqualWeightingOptions;
  static: StaticWeightingOptions;
  uncertainty: UncertaintyWeightingOptions;
  dwa: DWAOptions;
  rlw: RLWOptions;
  gradnorm: GradNormOptions;
  pcgrad: WithTasks<PcgradOptions>;
  cagrad: WithTasks<CagradOptions>;
  mgda: WithTasks<MgdaOptions>;
}

/** A strategy name a config or the CLI may give: `'equal' | 'static' | 'uncertainty' | 'dwa' | 'rlw' | 'gradnorm' | 'pcgrad' | 'cagrad' | 'mgda'`. */
export type StrategyName = keyof StrategyOptionsByName;

const STRATEGY_FACTORIES: { readonly [N in StrategyName]: (options: StrategyOptionsByName[N]) => WeightingStrategy } = {
  equal: (options) => new EqualWeighting(options),
  static: (options) => new StaticWeighting(options),
  uncertainty: (options) => new UncertaintyWeighting(options),
  dwa: (options) => new DWA(options),
  rlw: (options) => new RLW(options),
  gradnorm: (options) => new GradNorm(options),
  pcgrad: ({ tasks: _tasks, ...options } = {}) => new PCGrad(options),
  cagrad: ({ tasks: _tasks, ...options } = {}) => new CAGrad(options),
  mgda: ({ tasks: _tasks, ...options } = {}) => new MGDA(options),
};

/**
 * The names `createStrategy` knows, in a fixed order.
 * @example tn.mtl.strategyNames() // ['equal', 'static', 'uncertainty', 'dwa', 'rlw', 'gradnorm', 'pcgrad', 'cagrad', 'mgda']
 */
export function strategyNames(): StrategyName[] {
  return Object.keys(STRATEGY_FACTORIES) as StrategyName[];
}

/**
 * Whether `name` names a strategy (to narrow a string from a config or the command line).
 * @example if (!tn.mtl.isStrategyName(arg)) throw new Error(`unknown strategy ${arg}`);
 */
export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(STRATEGY_FACTORIES, name);
}

/**
 * Create a strategy from its name and its constructor's options. Every strategy accepts `tasks` (the
 * model's task names), which `'uncertainty'` requires, so generic code may always pass `{...options, tasks}`.
 * @param name - `'equal' | 'static' | 'uncertainty' | 'dwa' | 'rlw' | 'gradnorm' | 'pcgrad' | 'cagrad' | 'mgda'`
 * @param options - that strategy's options (`'static'` requires `weights`, `'uncertainty'` requires `tasks`)
 * @throws ValueError on an unknown name, or from the strategy's constructor on invalid options
 * @example
 * const strategy = tn.mtl.createStrategy('gradnorm', {alpha: 1.5, tasks: model.tasks});
 */
export function createStrategy<N extends StrategyName>(name: N, ...options: OptionsArgument<N>): WeightingStrategy {
  if (typeof name !== 'string' || !isStrategyName(name)) {
    throw new ValueError('createStrategy', `unknown strategy ${JSON.stringify(name)} (expected one of ${strategyNames().join(', ')})`);
  }
  const factory = STRATEGY_FACTORIES[name] as (options: StrategyOptionsByName[N] | undefined) => WeightingStrategy;
  return factory(options[0]);
}

/** The options argument of `createStrategy`: optional where the strategy has no required option. */
type OptionsArgument<N extends StrategyName> = Partial<StrategyOptionsByName[N]> extends StrategyOptionsByName[N]
  ? [options?: StrategyOptionsByName[N]]
  : [options: StrategyOptionsByName[N]];
