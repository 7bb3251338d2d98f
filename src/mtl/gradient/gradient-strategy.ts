/**
 * The part that PCGrad, CAGrad and MGDA share as weighting strategies: per-task gradients of the
 * shared parameters (or of the shared representation), a combination chosen from their Gram matrix,
 * and the result written where the optimiser (or the trunk's backward pass) reads it.
 */
import { ValueError } from '../../core/index.js';
import { fromValues, gradients, keep, tidy, type Tensor } from '../../tensor/index.js';
import { add } from '../../ops/index.js';
import type { Parameter } from '../../nn/index.js';
import type { StrategyContext, WeightingStrategy } from '../types.js';
import { gramMatrix, weightedSum, withoutZeroGradients, type Gram } from './gram.js';

/** Add `g` to `p.grad` (PyTorch's accumulation), keeping the result out of every `tidy`. */
function accumulateGrad(p: Tensor, g: Tensor): void {
  const previous = p.grad;
  p.grad = keep(previous === null ? g.detach() : add(previous, g));
  previous?.dispose();
}

/** `grads` (one per parameter or one for the representation), read and concatenated into one float64 vector. */
function flatten(grads: readonly Tensor[]): Float64Array {
  const flat = new Float64Array(grads.reduce((n, g) => n + g.size, 0));
  let offset = 0;
  for (const g of grads) {
    flat.set(g.dataSync(), offset);
    offset += g.size;
  }
  return flat;
}

/** Split `flat` along `targets` and add each piece to that parameter's `.grad`. */
function scatterInto(targets: readonly Parameter[], flat: Float64Array): void {
  let offset = 0;
  for (const p of targets) {
    accumulateGrad(p, fromValues(flat.subarray(offset, offset + p.size), p.shape, p.dtype));
    offset += p.size;
  }
}

/**
 * A gradient-combination method as a `WeightingStrategy`. `backward` takes one backward pass per
 * task (keeping the graph until the last), reading each task's gradient g_i of
 * - the shared parameters (`ctx.sharedParameters` that require grad), or
 * - in representation mode (`ctx.representation`), the representation leaf: the passes then run
 *   through the heads only, and the combination is sent into the trunk by one
 *   `ctx.representation.backward(d)` (Sener & Koltun's MGDA-UB bound, used for every method here);
 * then adds d = Σ_i w_i g_i, with w from `combinationWeights(G)`, to the shared parameters' `.grad`.
 * Each task's own parameters (`model.taskParameters(task)`) get the gradient of that task's loss
 * alone; a parameter that is neither shared nor a task's gets no gradient. Gradients accumulate into
 * `.grad` as `backward()` does; the trainer zeroes them before. Per-task gradients are read to the
 * host and combined in float64 (synchronous reads: cpu and wasm backends). Subclass it for another
 * method that chooses its weights from the Gram matrix G[i][j] = g_i · g_j.
 * @example
 * class Sum extends tn.mtl.GradientCombination {       // equal weighting, written as a gradient method
 *   readonly name = 'sum';
 *   protected combinationWeights(gram: tn.mtl.Gram) { return gram.map(() => 1); }
 * }
 */
export abstract class GradientCombination implements WeightingStrategy {
  /** Name in logs and tables. */
  abstract readonly name: string;
  /** Every gradient method can work on the shared representation. */
  readonly supportsRepresentation = true;

  /**
   * Fill `.grad` from the per-task `losses` (in `ctx.model.tasks` order).
   * @returns the effective task weights w of the combination d = Σ_i w_i g_i (0 for a zero gradient)
   * @throws ValueError when `losses` does not hold one scalar per task, or a task's gradient is not finite
   */
  backward(losses: readonly Tensor[], ctx: StrategyContext): number[] {
    const op = `${this.constructor.name}.backward`;
    const tasks = ctx.model.tasks;
    if (tasks.length === 0) throw new ValueError(op, 'expected a model with at least one task, found none');
    if (losses.length !== tasks.length) {
      throw new ValueError(op, `expected one loss per task (${tasks.length}: ${tasks.join(', ')}), found ${losses.length}`);
    }
    return tidy(() => {
      const representation = ctx.representation;
      const shared = ctx.sharedParameters.filter((p) => p.requiresGrad);
      const targets: readonly Tensor[] = representation === undefined ? shared : [representation.leaf];
      const vectors = tasks.map((task, i) => {
        const own = ctx.model.taskParameters(task).filter((p) => p.requiresGrad);
        const grads = gradients(losses[i] as Tensor, [...targets, ...own], { retainGraph: i < tasks.length - 1 });
        own.forEach((p, k) => accumulateGrad(p, grads[targets.length + k] as Tensor));
        return flatten(grads.slice(0, targets.length));
      });
      const where = representation === undefined ? 'the shared parameters' : 'the shared representation';
      const gram = gramMatrix(vectors, op, (i) => `the gradient of task '${tasks[i]}' at ${where}`);
      const weights = withoutZeroGradients(gram, this.combinationWeights(gram, losses, tasks));
      const combined = weightedSum(vectors, weights, new Float64Array((vectors[0] as Float64Array).length));
      if (representation === undefined) scatterInto(shared, combined);
      else representation.backward(fromValues(combined, representation.leaf.shape, representation.leaf.dtype));
      return weights;
    });
  }

  /**
   * The weights w of d = Σ_i w_i g_i.
   * @param gram - G[i][j] = g_i · g_j, in float64
   * @param losses - the per-task losses (MGDA's loss normalisations read them)
   * @param tasks - the task names, for messages
   */
  protected abstract combinationWeights(gram: Gram, losses: readonly Tensor[], tasks: readonly string[]): number[];
}
