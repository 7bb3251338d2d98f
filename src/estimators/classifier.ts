/** What every classifier estimator shares: labels from probabilities, and accuracy. */
import { DTypeError } from '../core/index.js';
import { fromTypedArray, noGrad, tidy, type Tensor } from '../tensor/index.js';
import { argmax } from '../ops/index.js';

/** A classifier that outputs class probabilities; `predict` and `score` follow from them. */
export abstract class ProbabilisticClassifier {
  /** The class labels, sorted; column k of `predictProba` is `classes[k]`. */
  classes: number[] = [];

  /** Class probabilities [N, K] (columns in `classes` order). */
  abstract predictProba(x: Tensor): Tensor;

  /** Predicted class labels [N] (int32 values from `classes`). */
  predict(x: Tensor): Tensor {
    const index = noGrad(() => tidy(() => argmax(this.predictProba(x), 1))).dataSync();
    return fromTypedArray(Int32Array.from(index, (i) => this.classes[i] as number), [index.length], 'int32');
  }

  /** Mean accuracy of `predict(x)` against int32 labels `y`. */
  score(x: Tensor, y: Tensor): number {
    if (y.dtype !== 'int32') throw new DTypeError('score', `labels must be int32, found ${y.dtype}`);
    const predicted = this.predict(x).dataSync();
    const truth = y.dataSync();
    let hits = 0;
    predicted.forEach((p, i) => { if (p === truth[i]) hits++; });
    return hits / truth.length;
  }
}
