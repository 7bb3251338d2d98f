/** Learning-rate schedules with PyTorch's semantics, plus ULMFiT's slanted triangular schedule and warm-up schedules. */
export { LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
export * from './step-lr.js';
export * from './exponential-lr.js';
export * from './lambda-lr.js';
export * from './linear-lr.js';
export * from './cosine-annealing-lr.js';
export * from './cosine-annealing-warm-restarts.js';
export * from './one-cycle-lr.js';
export * from './reduce-lr-on-plateau.js';
export * from './sequential-lr.js';
export * from './slanted-triangular-lr.js';
export * from './warmup-lr.js';
