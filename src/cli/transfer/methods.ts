/**
 * The transfer methods `tasknet transfer` compares, each trained on the same labelled target rows for the same number
 * of optimiser steps:
 *   scratch   the source's architecture with fresh weights, everything trained;
 *   finetune  the source's weights with a new head, everything trained (the pretrained layers at `finetuneLr`);
 *   features  the source frozen and run once over the data (cached features), a new linear head trained on them;
 *   l2sp      finetune plus the L2-SP pull toward the source's weights (α) and plain L2 on the head (β);
 *   lora      the source frozen with LoRA adapters on its other Linear and Conv2d layers, and a new head.
 */
import { dispose, type Tensor } from '../../tensor/index.js';
import { Conv2d, crossEntropy, Linear, type Module } from '../../nn/index.js';
import { DataLoader, TensorDataset } from '../../data/index.js';
import { createModel } from '../../models/index.js';
import { fit } from '../../train/index.js';
import { addLora, backbone, freeze, getSubmodule, L2SP, prefixLrGroups, unfreeze, unloadLora, type FeatureSet } from '../../transfer/index.js';
import { manualSeed } from '../../core/index.js';
import type { TransferConfig, TransferMethod } from '../config/schema.js';
import { takeRows, type Split } from '../data/classification-data.js';
import { buildOptimizer, modelInput, readsRows } from '../training/build.js';
import { pretrainedForTarget, retarget, type SourceModel } from './source-model.js';

/** A classifier module. */
export type Classifier = Module & { forward(x: Tensor): Tensor };

/** What one method's run needs. */
export interface MethodContext {
  readonly config: TransferConfig;
  readonly source: SourceModel;
  readonly numClasses: number;
  /** The labelled target rows (prepared like the source's inputs). */
  readonly train: Split;
  /** The source's frozen features of every target training row, for `features` (row-aligned with the pool). */
  readonly features?: FeatureSet;
  /** Which pool rows `train` holds (to pick their cached features). */
  readonly rows: readonly number[];
  readonly seed: number;
}

/** Train `model` on (x, y) for about `steps` optimiser steps. */
async function trainFor(model: Classifier, [x, y]: Split, config: TransferConfig, params: Parameters<typeof buildOptimizer>[1], seed: number, beforeStep?: () => void): Promise<void> {
  const n = x.shape[0]!;
  const batchSize = Math.min(config.training.batchSize, n);
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize, shuffle: true, seed });
  const epochs = Math.max(1, Math.round(config.training.steps / loader.length));
  const optimizer = buildOptimizer(config.optimizer, params);
  await fit(model, { train: loader, loss: crossEntropy, optimizer, epochs, progress: false, beforeStep });
  optimizer.zeroGrad(); // releases the last step's gradients
  optimizer.dispose();
  model.eval();
}

/** Paths of the Linear and Conv2d layers other than the head (LoRA's targets). */
function adapterTargets(model: Module, head: string): string[] {
  return model.namedModules().filter(([name, m]) => name !== head && name !== '' && (m instanceof Linear || m instanceof Conv2d)).map(([name]) => name);
}

/**
 * Train one method; returns a model of the source's architecture for the target's classes (adapters merged), so it
 * saves and loads like any tasknet model.
 */
export async function runMethod(method: TransferMethod, ctx: MethodContext): Promise<Classifier> {
  const { config, source, numClasses, seed } = ctx;
  manualSeed(seed);
  const flat = readsRows(source.config);
  const train: Split = [modelInput(ctx.train[0], flat), ctx.train[1]];
  try {
    if (method === 'scratch') {
      const model = createModel(retarget(source.config, numClasses)) as Classifier;
      await trainFor(model, train, config, model.parameters(), seed);
      return model;
    }
    const { model, head } = pretrainedForTarget(source, numClasses);
    if (method === 'features') {
      const headModule = getSubmodule(model, head) as Classifier;
      // the body stays as the source trained it: only the head learns
      freeze(model);
      unfreeze(model, [`${head}.**`]);
      const cached: Split = [takeRows(ctx.features!.x, ctx.rows), ctx.train[1]];
      await trainFor(headModule, cached, config, headModule.parameters(), seed);
      cached[0].dispose();
      return model;
    }
    if (method === 'lora') {
      addLora(model, { targets: adapterTargets(model, head), rank: config.lora.rank, alpha: config.lora.alpha, trainable: [`${head}.**`] });
      await trainFor(model, train, config, model.parameters().filter((p) => p.requiresGrad), seed);
      const withAdapters = model.parameters();
      unloadLora(model); // adapters merged into the weights: the plain architecture again
      const kept = new Set(model.parameters());
      dispose(withAdapters.filter((p) => !kept.has(p)));
      return model;
    }
    const lr = config.optimizer.lr;
    const groups = prefixLrGroups(model, { [`${head}.**`]: lr }, { default: config.training.finetuneLr ?? lr });
    const l2sp = method === 'l2sp' ? new L2SP(model, { alpha: config.l2sp.alpha, beta: config.l2sp.beta, head }) : undefined;
    await trainFor(model, train, config, groups, seed, l2sp === undefined ? undefined : () => l2sp.addGradient());
    l2sp?.dispose();
    return model;
  } finally {
    if (train[0] !== ctx.train[0]) train[0].dispose();
  }
}

/** The frozen source model up to its head (the head's input), for caching features. */
export function frozenBody(source: SourceModel, numClasses: number): { body: (x: Tensor) => Tensor; release: () => void } {
  const { model, head } = pretrainedForTarget(source, numClasses);
  freeze(model);
  model.eval();
  const flat = readsRows(source.config);
  const view = backbone(model, { head });
  return { body: (x) => view.forward(modelInput(x, flat)), release: () => dispose([...model.parameters(), ...model.buffers()]) };
}
