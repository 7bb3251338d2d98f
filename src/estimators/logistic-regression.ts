/** scikit-learn style logistic regression: binary or multinomial, L2-penalised, fitted by L-BFGS. */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import { fromTypedArray, noGrad, tidy, type Tensor } from '../tensor/index.js';
import { add, cast, concat, matmul, sigmoid, softmax, sub, transpose } from '../ops/index.js';
import { minimizeLbfgs } from './lbfgs.js';
import { ProbabilisticClassifier } from './classifier.js';
import { classIndex, checkFeatures, uniqueClasses } from './labels.js';
import { linearStartFrom, type LinearSource } from './warm-start.js';

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
  /**
   * Start each `fit` from the coefficients of the previous one (scikit-learn `warm_start`), matched by class label
   * as `init` is (default false); `coefInit`/`init` given to `fit` take precedence.
   */
  readonly warmStart?: boolean;
}

/** Initial values for one `fit` (transfer from another model); without any, the fit starts from zero. */
export interface LogisticFitOptions {
  /** Starting coefficients [1 or K, F] (scikit-learn's `coef_` layout). */
  readonly coefInit?: Tensor;
  /** Starting intercepts [1 or K]. */
  readonly interceptInit?: Tensor;
  /**
   * A fitted model to start from (instead of coefInit/interceptInit), matched by class label: each class starts
   * from the init model's row for that label (zero if it has none); with two classes, from the difference of the
   * two labels' rows, so a binary task can start from a multinomial model. Its feature count must be the data's.
   */
  readonly init?: LinearSource;
}

/**
 * Logistic regression (scikit-learn `LogisticRegression`, solver lbfgs): two classes fit one
 * coefficient row with the logistic loss; more fit a multinomial (softmax) model. A fit can start from another
 * model's coefficients (`fit(x, y, {init: source})`, `coefInit`, or `warmStart`), which on a related task reaches
 * the optimum in fewer iterations.
 * @example
 * const clf = new tn.estimators.LogisticRegression({C: 1}).fit(xTrain, yTrain);
 * clf.score(xTest, yTest); // accuracy
 * const adapted = new tn.estimators.LogisticRegression().fit(xTarget, yTarget, {init: clf}); // warm start
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
   * Fit to features `x` [N, F] (float) and labels `y` [N] (int32), from zero or from `init`'s starting point.
   * @param init - coefInit/interceptInit, or init (a fitted model)
   * @throws ShapeError/DTypeError on mismatched or non-numeric inputs or a starting point of the wrong shape;
   *   ValueError with fewer than two classes, an unfitted init model or one sharing too few labels.
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
    const w0 = this.startingPoint(init, classes, k, f, fitIntercept);
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

  private startingPoint(init: LogisticFitOptions, classes: readonly number[], k: number, f: number, fitIntercept: boolean): Float64Array {
    const op = 'LogisticRegression.fit';
    const w = new Float64Array(k * f + (fitIntercept ? k : 0));
    const explicit = init.coefInit !== undefined || init.interceptInit !== undefined;
    if (explicit && init.init !== undefined) throw new ValueError(op, 'give coefInit/interceptInit or init, not both');
    const source = init.init ?? (!explicit && this.options.warmStart === true && this.coef !== null ? this : undefined);
    if (source !== undefined) {
      const start = linearStartFrom(source, classes, f, op);
      w.set(start.coef, 0);
      if (fitIntercept) w.set(start.intercept, k * f);
      return w;
    }
    const { coefInit, interceptInit } = init;
    if (coefInit !== undefined) {
      if (coefInit.ndim !== 2 || coefInit.shape[0] !== k || coefInit.shape[1] !== f) {
        throw new ShapeError(op, `coefInit must have shape [${k},${f}] (${k === 1 ? 'two classes: one row' : `${k} classes`}, ${f} features), found ${formatShape(coefInit.shape)}`);
      }
      w.set(coefInit.dataSync(), 0);
    }
    if (fitIntercept && interceptInit !== undefined) {
      if (interceptInit.size !== k) throw new ShapeError(op, `interceptInit must have ${k} values, found ${interceptInit.size} (shape ${formatShape(interceptInit.shape)})`);
      w.set(interceptInit.dataSync(), k * f);
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
