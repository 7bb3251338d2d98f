/** scikit-learn style multi-layer perceptron classifier, trained with Adam on mini-batches. */
import { Generator, manualSeed, ValueError } from '../core/index.js';
import { fromTypedArray, noGrad, tidy, type Tensor } from '../tensor/index.js';
import { add, cast, mul, softmax, square, sum, take } from '../ops/index.js';
import { crossEntropy, init, Linear } from '../nn/index.js';
import { Adam } from '../optim/index.js';
import { MLP, type MlpActivation } from '../models/index.js';
import { ProbabilisticClassifier } from './classifier.js';
import { checkFeatures, classIndex, uniqueClasses } from './labels.js';

/** Options of MLPClassifier (scikit-learn's names in camelCase). */
export interface MLPClassifierOptions {
  /** Widths of the hidden layers (default [100]). */
  readonly hiddenLayerSizes?: readonly number[];
  /** Hidden activation (default relu). */
  readonly activation?: MlpActivation;
  /** L2 penalty α: the loss adds α/(2·batch)·Σ‖W‖² (default 1e-4). */
  readonly alpha?: number;
  /** Mini-batch size (default min(200, N)). */
  readonly batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  readonly learningRateInit?: number;
  /** Epochs at most (default 200). */
  readonly maxIter?: number;
  /** Improvement below this for `nIterNoChange` epochs stops training (default 1e-4). */
  readonly tol?: number;
  /** Patience in epochs (default 10). */
  readonly nIterNoChange?: number;
  /** Seed of the initialisation and shuffling (default 0). */
  readonly randomState?: number;
}

/**
 * A multi-layer perceptron classifier (scikit-learn `MLPClassifier`, solver adam): Glorot-uniform
 * weights, softmax cross-entropy with an L2 penalty, early stop when the training loss stalls.
 * `randomState` seeds the global generator (initialisation) and the shuffling.
 * @example new tn.estimators.MLPClassifier({hiddenLayerSizes: [64]}).fit(x, y).score(xTest, yTest)
 */
export class MLPClassifier extends ProbabilisticClassifier {
  /** The fitted network (logits), or null. */
  network: MLP | null = null;
  /** Training loss per epoch of the last fit. */
  lossCurve: number[] = [];
  /** Epochs the last fit ran. */
  nIter = 0;

  /** @param options - see MLPClassifierOptions */
  constructor(readonly options: MLPClassifierOptions = {}) {
    super();
    const alpha = options.alpha ?? 1e-4;
    if (!(alpha >= 0)) throw new ValueError('MLPClassifier', `alpha must be ≥ 0, found ${alpha}`);
  }

  /** Fit to features `x` [N, F] and int32 labels `y` [N]. */
  fit(x: Tensor, y: Tensor): this {
    checkFeatures(x, y, 'MLPClassifier.fit');
    const classes = uniqueClasses(y);
    if (classes.length < 2) throw new ValueError('MLPClassifier.fit', `needs at least two classes, found ${classes.length}`);
    const o = this.options;
    const [n, f] = x.shape as [number, number];
    const seed = o.randomState ?? 0;
    manualSeed(seed); // initialisation draws from the global generator
    const network = new MLP([f, ...(o.hiddenLayerSizes ?? [100]), classes.length], { activation: o.activation ?? 'relu' });
    // scikit-learn: weights and biases ~ U(−b, b), b = √(6 / (fanIn + fanOut)) (factor 2 for logistic)
    const factor = (o.activation ?? 'relu') === 'sigmoid' ? 2 : 6;
    for (const layer of network.children()) {
      if (!(layer instanceof Linear)) continue;
      const bound = Math.sqrt(factor / (layer.inFeatures + layer.outFeatures));
      init.uniform_(layer.weight, -bound, bound);
      if (layer.bias !== null) init.uniform_(layer.bias, -bound, bound);
    }
    const weights = network.children().filter((l): l is Linear => l instanceof Linear).map((l) => l.weight);
    const optimizer = new Adam(network.parameters(), { lr: o.learningRateInit ?? 1e-3 });
    const xf = noGrad(() => cast(x, 'float32'));
    const target = fromTypedArray(classIndex(y, classes), [n], 'int32');
    const batch = Math.min(o.batchSize ?? 200, n);
    const alpha = o.alpha ?? 1e-4;
    const generator = new Generator(seed);
    let best = Infinity;
    let stale = 0;
    this.lossCurve = [];
    for (this.nIter = 0; this.nIter < (o.maxIter ?? 200); this.nIter++) {
      const order = generator.permutation(n);
      let total = 0;
      for (let start = 0; start < n; start += batch) {
        const rows = order.subarray(start, Math.min(n, start + batch));
        total += tidy(() => {
          const idx = fromTypedArray(rows, [rows.length], 'int32');
          optimizer.zeroGrad();
          const loss = add(crossEntropy(network.forward(take(xf, idx, 0)), take(target, idx, 0)),
            mul(weights.map((w) => sum(square(w))).reduce((a, b) => add(a, b)), alpha / (2 * rows.length)));
          loss.backward();
          optimizer.step();
          return loss.item() * rows.length;
        });
      }
      const epochLoss = total / n;
      this.lossCurve.push(epochLoss);
      if (epochLoss > best - (o.tol ?? 1e-4)) stale++;
      else stale = 0;
      best = Math.min(best, epochLoss);
      if (stale >= (o.nIterNoChange ?? 10)) { this.nIter++; break; }
    }
    xf.dispose();
    target.dispose();
    this.network = network;
    this.classes = classes;
    return this;
  }

  private fitted(op: string): MLP {
    if (this.network === null) throw new ValueError(op, 'this MLPClassifier is not fitted yet; call fit(x, y) first');
    return this.network;
  }

  /** Class probabilities [N, K] (columns in `classes` order). */
  predictProba(x: Tensor): Tensor {
    const network = this.fitted('predictProba');
    return noGrad(() => tidy(() => softmax(network.eval().forward(cast(x, 'float32')), 1)));
  }


}
