/**
 * The networks and the weighting strategy of `tasknet mtl`: an MLP trunk shared by every task (hard sharing) or
 * MLP experts mixed per task (MMoE), a linear head per task, and the single-task baselines (the same trunk with
 * one head).
 */
import { Linear, ReLU, Sequential, type Module } from '../../nn/index.js';
import { createStrategy, HardSharing, MMoE, type MultiTaskModel, type StrategyName, type WeightingStrategy } from '../../mtl/index.js';
import type { MultiTaskConfig } from '../config/schema.js';

/** The architecture section of the config. */
export type ArchitectureConfig = MultiTaskConfig['architecture'];

/** An MLP `sizes[0] → sizes[1] → …` with a ReLU after every layer (a trunk or an expert). */
export function mlpTrunk(sizes: readonly number[]): Sequential {
  const layers: Module[] = [];
  for (let i = 1; i < sizes.length; i++) layers.push(new Linear(sizes[i - 1]!, sizes[i]!), new ReLU());
  return new Sequential(...layers);
}

/**
 * The multi-task network: hard sharing (trunk `inputSize → …hidden`, then a linear head per task) or MMoE
 * (`experts` such trunks, a softmax gate per task on the input, then the heads).
 * @param architecture - the config's `architecture`
 * @param inputSize - features per row
 * @param outputs - each task's head size, in task order
 */
export function buildMultiTaskModel(architecture: ArchitectureConfig, inputSize: number, outputs: Readonly<Record<string, number>>): MultiTaskModel {
  const sizes = [inputSize, ...architecture.hidden];
  const width = architecture.hidden.at(-1)!;
  const heads = Object.fromEntries(Object.entries(outputs).map(([task, n]) => [task, new Linear(width, n)]));
  if (architecture.name === 'mmoe') return new MMoE({ experts: { count: architecture.experts, create: () => mlpTrunk(sizes) }, inputSize, heads });
  return new HardSharing({ trunk: mlpTrunk(sizes), heads });
}

/**
 * A single-task baseline of `task`: the same MLP trunk (`inputSize → …hidden`) and a linear head, whatever the
 * multi-task architecture, so Δm% compares sharing against one network per task.
 */
export function buildSingleTaskModel(architecture: ArchitectureConfig, inputSize: number, task: string, outputs: number): MultiTaskModel {
  return new HardSharing({ trunk: mlpTrunk([inputSize, ...architecture.hidden]), heads: { [task]: new Linear(architecture.hidden.at(-1)!, outputs) } });
}

/** The config's weighting strategy for `tasks` (randomised ones seeded with the run's seed). */
export function buildStrategy(name: MultiTaskConfig['weighting'], tasks: readonly string[], seed: number): WeightingStrategy {
  const options = name === 'rlw' || name === 'pcgrad' ? { tasks, seed } : { tasks };
  return createStrategy(name as StrategyName, options as never);
}

/**
 * Whether the strategy combines gradients at the shared representation (cheaper) rather than on the shared
 * parameters: gradient methods (PCGrad, CAGrad, MGDA) with hard sharing, which has one shared representation.
 */
export function usesRepresentation(architecture: ArchitectureConfig, strategy: WeightingStrategy): boolean {
  return architecture.name === 'hard-sharing' && strategy.supportsRepresentation === true;
}

const STRATEGY_TITLES: Readonly<Record<MultiTaskConfig['weighting'], string>> = {
  equal: 'equal weighting', uncertainty: 'uncertainty weighting', dwa: 'dynamic weight average (DWA)', rlw: 'random loss weighting (RLW)',
  gradnorm: 'GradNorm', pcgrad: 'PCGrad', cagrad: 'CAGrad', mgda: 'MGDA-UB',
};

/** The method in words, for the report: `hard sharing (MLP 784-256-128), uncertainty weighting`. */
export function methodTitle(config: MultiTaskConfig, inputSize: number, representation: boolean): string {
  const trunk = `MLP ${[inputSize, ...config.architecture.hidden].join('-')}`;
  const arch = config.architecture.name === 'mmoe' ? `MMoE (${config.architecture.experts} experts, each an ${trunk})` : `hard sharing (${trunk})`;
  return `${arch}, ${STRATEGY_TITLES[config.weighting]}${representation ? ' on the shared representation' : ''}`;
}
