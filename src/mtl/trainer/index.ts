/** The multi-task trainer: fit, evaluate, Δm%. */
export { fitMultiTask, type MultiTaskFitOptions } from './fit-multi-task.js';
export { evaluateMultiTask, type MultiTaskEvaluateOptions, type MultiTaskSource } from './evaluate-multi-task.js';
export { deltaM, type DeltaMTerm } from './delta-m.js';
