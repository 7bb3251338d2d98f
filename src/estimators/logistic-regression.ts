/** scikit-learn style logistic regression: binary or multinomial, L2-penalised, fitted by L-BFGS. */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import { fromTypedArray, noGrad, tidy, type Tensor } from '../tensor/index.js';
import { add, cast, concat, matmul, sigmoid, softmax, sub, transpose } from '../ops/index.js';
import { minimizeLbfgs } from './lbfgs.js';
import { ProbabilisticClassifier } from './classifier.js';
import { classIndex, checkFeatures, uniqueClasses } from './labels.js';

/** Options of LogisticRegression (scikit-learn's names in camelCase). */
export interface LogisticRegressionOptions {
  /** Inverse regularisation strength: the objective is C·Σ log-loss + ½‖w‖² (default 1). */
  readonly C?: number;
  /** `'l2'` (default) or `'none'`. */
  readonly penalty?: 'l2' | 'none';
  /** Learn an intercept (default true; it is never penalised). */
  readonly fitIntercept?: boolean;
  /** L-BFGS iterations at most (default 100). */
  readonly maxIter?: number;
  /** Gradient tolerance (default 1e-4). */
  readonly tol?: number;
  /** Start the next `fit` from the current coefficients (default false). */
  readonly warmStart?: boolean;
}

/** Initial values for one `fit` (transfer from another model). */
export interface LogisticFitOptions {
  /** Starting coefficients [1 or K, F]. */
  readonly coefInit?: Tensor;
  /** Starting intercepts [1 or K]. */
  readonly interceptInit?: Tensor;
}

/**
 * Logistic regression (scikit-learn `LogisticRegression`, solver lbfgs): two classes fit one
 * coefficient row with the logistic loss; more fit a multinomial (softmax) model.
 * @example
 * const clf = new tn.estimators.LogisticRegression({C: 1}).fit(xTrain, yTrain);
 * clf.score(xTest, yTest); // accuracy
 */
export class LogisticRegression extends ProbabilisticClassifier {
  /** Coefficients [1, F] (binary) or [K, F]. */
  coef: Tensor | null = null;
  /** Intercepts [1] or [K]. */
  intercept: Tensor | null = null;
  /** Iterations the last fit used. */
  nIter = 0;
  /** Whether the last fit met the tolerance. */
  converged = false;

  /** @param options - C, penalty, fitIntercept, maxIter, tol, warmStart */
  constructor(readonly options: LogisticRegressionOptions = {}) {
    super();
    const C = options.C ?? 1;
    if (!(C > 0)) throw new ValueError('LogisticRegression', `C must be positive, found ${C}`);
  }

  /**
   * Fit to features `x` [N, F] (float) and labels `y` [N] (int32).
   * @throws ShapeError/DTypeError on mismatched or non-numeric inputs; ValueError with fewer than two classes.
   */
  fit(x: Tensor, y: Tensor, init: LogisticFitOptions = {}): this {
    checkFeatures(x, y, 'LogisticRegression.fit');
    const classes = uniqueClasses(y);
    if (classes.length < 2) throw new ValueError('LogisticRegression.fit', `needs at least two classes, found ${classes.length} (${classes.join(', ')})`);
    const k = classes.length === 2 ? 1 : classes.length;
    const [n, f] = x.shape as [number, number];
    const fitIntercept = this.options.fitIntercept ?? true;
    const x64 = noGrad(() => cast(x, 'float64'));
    const targetIndex = classIndex(y, classes);
    const w0 = this.startingPoint(init, k, f, fitIntercept);
    const lambda = this.options.penalty === 'none' ? 0 : 1 / ((this.options.C ?? 1) * n);
    const objective = (w: Float64Array, grad: Float64Array): number => tidy(() => {
      const coef = fromTypedArray(w.subarray(0, k * f), [k, f], 'float64');
      let logits = matmul(x64, transpose(coef, 0, 1)); // [n, k]
      if (fitIntercept) logits = add(logits, fromTypedArray(w.subarray(k * f), [k], 'float64'));
      const z = logits.dataSync() as Float64Array;
      const residual = new Float64Array(n * k);
      let loss = 0;
      if (k === 1) {
        for (let i = 0; i < n; i++) {
          const zi = z[i] as number;
          const yi = targetIndex[i] === 1 ? 1 : 0;
          loss += Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi))); // log(1 + e^z) − y·z
          residual[i] = 1 / (1 + Math.exp(-zi)) - yi;
        }
      } else {
        for (let i = 0; i < n; i++) {
          let m = -Infinity;
          for (let c = 0; c < k; c++) m = Math.max(m, z[i * k + c] as number);
          let s = 0;
          for (let c = 0; c < k; c++) s += Math.exp((z[i * k + c] as number) - m);
          const t = targetIndex[i] as number;
          loss += m + Math.log(s) - (z[i * k + t] as number);
          for (let c = 0; c < k; c++) residual[i * k + c] = Math.exp((z[i * k + c] as number) - m) / s - (c === t ? 1 : 0);
        }
      }
      const r = fromTypedArray(residual, [n, k], 'float64');
      const gradCoef = matmul(transpose(r, 0, 1), x64).dataSync(); // [k, f]
      let penalty = 0;
      for (let i = 0; i < k * f; i++) {
        const wi = w[i] as number;
        grad[i] = (gradCoef[i] as number) / n + lambda * wi;
        penalty += wi * wi;
      }
      if (fitIntercept) {
        for (let c = 0; c < k; c++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += residual[i * k + c] as number;
          grad[k * f + c] = s / n;
        }
      }
      return loss / n + 0.5 * lambda * penalty;
    });
    const result = minimizeLbfgs(objective, w0, { maxIter: this.options.maxIter ?? 100, tol: this.options.tol ?? 1e-4 });
    x64.dispose();
    this.dispose();
    this.classes = classes;
    this.coef = fromTypedArray(Float32Array.from(result.x.subarray(0, k * f)), [k, f], 'float32');
    this.intercept = fromTypedArray(Float32Array.from(fitIntercept ? result.x.subarray(k * f) : new Float64Array(k)), [k], 'float32');
    this.nIter = result.iterations;
    this.converged = result.converged;
    return this;
  }

  private startingPoint(init: LogisticFitOptions, k: number, f: number, fitIntercept: boolean): Float64Array {
    const w = new Float64Array(k * f + (fitIntercept ? k : 0));
    const coef = init.coefInit ?? (this.options.warmStart === true ? this.coef : null);
    const intercept = init.interceptInit ?? (this.options.warmStart === true ? this.intercept : null);
    if (coef !== null && coef !== undefined) {
      if (coef.ndim !== 2 || coef.shape[0] !== k || coef.shape[1] !== f) {
        throw new ShapeError('LogisticRegression.fit', `coefInit must have shape [${k},${f}], found ${formatShape(coef.shape)}`);
      }
      w.set(coef.dataSync(), 0);
    }
    if (fitIntercept && intercept !== null && intercept !== undefined) {
      if (intercept.size !== k) throw new ShapeError('LogisticRegression.fit', `interceptInit must have ${k} values, found ${intercept.size}`);
      w.set(intercept.dataSync(), k * f);
    }
    return w;
  }

  private fitted(op: string): [Tensor, Tensor] {
    if (this.coef === null || this.intercept === null) throw new ValueError(op, 'this LogisticRegression is not fitted yet; call fit(x, y) first');
    return [this.coef, this.intercept];
  }

  /** Logits x·Wᵀ + b: [N] for two classes (positive = classes[1]), else [N, K]. */
  decisionFunction(x: Tensor): Tensor {
    const [coef, intercept] = this.fitted('decisionFunction');
    if (x.ndim !== 2 || x.shape[1] !== coef.shape[1]) {
      throw new ShapeError('decisionFunction', `expected features [N, ${coef.shape[1]}], found ${formatShape(x.shape)}`);
    }
    return noGrad(() => tidy(() => {
      const z = add(matmul(cast(x, 'float32'), transpose(coef, 0, 1)), intercept);
      return coef.shape[0] === 1 ? z.squeeze(1) : z;
    }));
  }

  /** Class probabilities [N, K] (columns in `classes` order). */
  predictProba(x: Tensor): Tensor {
    const z = this.decisionFunction(x);
    return noGrad(() => tidy(() => {
      if (z.ndim === 2) return softmax(z, 1);
      const p = sigmoid(z).unsqueeze(1);
      return concat([sub(1, p), p], 1);
    }));
  }



  /** Free the fitted tensors. */
  dispose(): void {
    this.coef?.dispose();
    this.intercept?.dispose();
  }
}
