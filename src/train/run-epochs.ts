/** The epoch driver shared by `fit` and other training loops (the multi-task trainer). */
import type { Callback, TrainContext } from './callbacks.js';
import type { History } from './fit.js';
import type { Logs } from './types.js';

/**
 * Run epochs from `ctx.epoch` up to `epochs` (or until a callback sets `ctx.stopTraining`): before each
 * epoch the model goes to training mode and `onEpochBegin` runs; `trainEpoch` trains one epoch and
 * returns its logs; `onEpochEnd` follows. `onTrainBegin`/`onTrainEnd` wrap the whole run.
 * @returns every epoch's logs and each logged name's series
 * @example const history = await tn.train.runEpochs(ctx, callbacks, 10, () => myEpoch(ctx));
 */
export async function runEpochs(
  ctx: TrainContext, callbacks: readonly Callback[], epochs: number, trainEpoch: () => Promise<Logs>,
): Promise<History> {
  const all: Logs[] = [];
  const history: Record<string, number[]> = {};
  for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
  for (; ctx.epoch < epochs && !ctx.stopTraining; ctx.epoch++) {
    ctx.model.train();
    for (const cb of callbacks) await cb.onEpochBegin?.(ctx.epoch, ctx);
    const logs = await trainEpoch();
    all.push(logs);
    for (const [k, v] of Object.entries(logs)) (history[k] ??= []).push(v);
    for (const cb of callbacks) await cb.onEpochEnd?.(ctx.epoch, logs, ctx);
  }
  for (const cb of callbacks) await cb.onTrainEnd?.(all, ctx);
  return { epochs: all, history };
}
