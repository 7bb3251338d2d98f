/** estimators: scikit-learn style fit/predict/score models. */
export { minimizeLbfgs, type Objective, type LbfgsOptions, type LbfgsResult } from './lbfgs.js';
export { LogisticRegression, type LogisticRegressionOptions, type LogisticFitOptions } from './logistic-regression.js';
export { linearStartFrom, type LinearSource, type LinearStart } from './warm-start.js';
export { MLPClassifier, type MLPClassifierOptions } from './mlp-classifier.js';
export { ProbabilisticClassifier } from './classifier.js';
