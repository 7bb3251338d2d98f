/**
 * optim: optimisers (each a pure update function plus a thin class), learning-rate schedules and gradient clipping,
 * with PyTorch's names, defaults and update math.
 * @example
 * const opt = new tn.optim.AdamW(model.parameters(), {lr: 1e-3});
 * const sched = new tn.optim.CosineAnnealingLR(opt, {Tmax: 10});
 * for (let epoch = 0; epoch < 10; epoch++) { ...; opt.zeroGrad(); loss.backward(); opt.step(); sched.step(); }
 */
export {
  Optimizer, replaceGrad, withDefaults,
  type HyperParams, type ScheduleFields, type ParamGroup, type ParamGroupInput, type Params, type OptimizerState,
  type UpdateResult, type OptimizerStateDict,
} from './optimizer.js';
export * from './sgd.js';
export * from './adam.js';
export * from './adamw.js';
export * from './rmsprop.js';
export * from './adagrad.js';
export * from './clip-grad.js';
export * from './schedulers/index.js';
