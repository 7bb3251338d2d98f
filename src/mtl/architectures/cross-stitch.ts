/** CrossStitch: per-task towers of one Sequential layout, mixed by cross-stitch units (Misra et al. 2016). */
import { ValueError } from '../../core/index.js';
import { Tensor } from '../../tensor/index.js';
import { ModuleList, Sequential, type Module, type ModuleDict, type Parameter, type TensorToTensor } from '../../nn/index.js';
import type { TaskTensors } from '../types.js';
import { CrossStitchUnit } from './cross-stitch-unit.js';
import { checkMatchingTowers } from './matching-towers.js';
import { describeValue, MultiTaskModule, taskModuleDict } from './multi-task-module.js';

/** Options of CrossStitch. */
export interface CrossStitchOptions {
  /** One Sequential tower per task, all of the same layout. Keys are the task names (at least two). */
  readonly towers: Readonly<Record<string, Sequential>>;
  /**
   * Indices of the towers' layers after which a cross-stitch unit mixes the tasks' activations
   * (distinct, each below the index of the last layer). Default: just before every layer with
   * parameters except the first, i.e. after the activation or pooling that ends each block.
   */
  readonly stitchAfter?: readonly number[];
  /** The initial diagonal of every α (default 0.9; see CrossStitchUnit). */
  readonly selfWeight?: number;
}

/**
 * Cross-stitch network (Misra, Shrivastava, Gupta & Hebert 2016, "Cross-stitch networks for multi-task
 * learning"): one tower per task, run layer by layer side by side; after each stitch point ℓ the
 * tasks' activations are mixed by that point's learnable α⁽ℓ⁾ [T, T]:
 *
 *   x̃ᵢ⁽ℓ⁾ = Σⱼ αᵢⱼ⁽ℓ⁾ · xⱼ⁽ℓ⁾
 *
 * α starts near the identity (0.9 on the diagonal), so training starts from almost independent towers
 * and learns how much to share. The default stitch points follow the paper, which stitches after each
 * pooling layer and fully connected layer: for `Sequential(Linear, ReLU, Linear, ReLU, Linear)` they are
 * after layers 1 and 3.
 *
 * `sharedParameters()` are the α matrices (the only parameters every task's loss reaches through
 * another task's path as well as its own); `taskParameters(t)` is tower t's parameters. Every task
 * sees the same batch (the units mix activations sample by sample), so per-task input is refused.
 * State-dict keys: `towers.<task>.<layer>.…` and `stitches.<k>.alpha`.
 * @example
 * const tower = () => new tn.nn.Sequential(new tn.nn.Linear(8, 16), new tn.nn.ReLU(), new tn.nn.Linear(16, 16),
 *   new tn.nn.ReLU(), new tn.nn.Linear(16, 1));
 * const model = new tn.mtl.CrossStitch({ towers: { a: tower(), b: tower() } });   // stitches after layers 1, 3
 * const { a, b } = model.forward(x);                                             // [N, 1] each
 */
export class CrossStitch extends MultiTaskModule {
  /** The towers by task. */
  readonly towers: ModuleDict;
  /** One cross-stitch unit per stitch point, in layer order. */
  readonly stitches: ModuleList;
  /** The layer indices after which the units apply, increasing. */
  readonly stitchAfter: readonly number[];

  /** @param options - the towers (tasks take the order of their keys), the stitch points and α's initial diagonal */
  constructor(options: CrossStitchOptions) {
    const op = 'CrossStitch';
    const towers = taskModuleDict(op, 'towers', options.towers);
    super(op, towers.keys());
    if (this.tasks.length < 2) throw new ValueError(op, `expected at least two towers (one per task), found ${this.tasks.length}`);
    const layouts = checkSequentialLayouts(towers);
    checkMatchingTowers(op, towers);
    const stitchAfter = options.stitchAfter === undefined ? defaultStitchPoints(layouts) : checkStitchPoints(options.stitchAfter, layouts.length);
    this.towers = towers;
    this.stitches = new ModuleList(stitchAfter.map(() => new CrossStitchUnit(this.tasks.length, { selfWeight: options.selfWeight ?? 0.9 })));
    this.stitchAfter = stitchAfter;
  }

  /** The tower of `task`. */
  tower(task: string): Sequential {
    return this.taskModule(this.towers, task, 'tower') as unknown as Sequential;
  }

  /** One output per task from one input [N, …] that every tower reads. */
  forward(x: Tensor | TaskTensors): TaskTensors {
    if (!(x instanceof Tensor)) {
      throw new ValueError('CrossStitch.forward', `expected one Tensor shared by every task, found ${describeValue(x)}; per-task input ` +
        'is not supported because cross-stitch units mix the tasks\' activations sample by sample');
    }
    const layers = this.tasks.map((t) => this.tower(t).children() as TensorToTensor[]);
    let hs = this.tasks.map(() => x);
    let next = 0;
    for (let l = 0; l < (layers[0]?.length ?? 0); l++) {
      hs = hs.map((h, i) => (layers[i]?.[l] as TensorToTensor).forward(h));
      if (this.stitchAfter[next] === l) hs = (this.stitches.at(next++) as CrossStitchUnit).forward(hs);
    }
    return Object.fromEntries(this.tasks.map((t, i) => [t, hs[i] as Tensor]));
  }

  /** The α matrices of every cross-stitch unit. */
  sharedParameters(): Parameter[] {
    return this.stitches.parameters();
  }

  /** The parameters of `task`'s tower. */
  taskParameters(task: string): Parameter[] {
    return this.tower(task).parameters();
  }
}

/** Check that every tower is a Sequential with the same layer classes; returns the first tower's layers. */
function checkSequentialLayouts(towers: ModuleDict): Module[] {
  const entries = towers.entries();
  for (const [task, tower] of entries) {
    if (!(tower instanceof Sequential)) throw new ValueError('CrossStitch', `towers['${task}'] must be a Sequential, found ${describeValue(tower)}`);
  }
  const [refTask, ref] = entries[0] as [string, Module];
  const refLayout = ref.children().map((m) => m.constructor.name);
  for (const [task, tower] of entries.slice(1)) {
    const layout = tower.children().map((m) => m.constructor.name);
    if (layout.join() !== refLayout.join()) {
      throw new ValueError('CrossStitch', `tower '${task}' does not match tower '${refTask}': layers [${layout.join(', ')}], ` +
        `expected [${refLayout.join(', ')}] (towers must share one layout)`);
    }
  }
  return ref.children();
}

/** Just before every layer with parameters except the first (none when fewer than two have parameters). */
function defaultStitchPoints(layers: readonly Module[]): number[] {
  const withParameters = layers.flatMap((m, i) => (m.parameters().length > 0 ? [i] : []));
  const points = withParameters.slice(1).map((i) => i - 1);
  if (points.length === 0) {
    throw new ValueError('CrossStitch', `no default stitch point: the towers have ${withParameters.length} layer(s) with parameters, ` +
      'expected at least two; pass stitchAfter');
  }
  return points;
}

function checkStitchPoints(points: readonly number[], numLayers: number): number[] {
  const sorted = Array.isArray(points) ? [...points].sort((a, b) => a - b) : [];
  const ok = Array.isArray(points) && sorted.every((p, k) => Number.isInteger(p) && p >= 0 && p < numLayers - 1 && p !== sorted[k - 1]);
  if (!ok) {
    throw new ValueError('CrossStitch', `stitchAfter must hold distinct layer indices in [0, ${numLayers - 1}) (a stitch after the ` +
      `last layer would mix the outputs), found [${Array.isArray(points) ? points.join(', ') : String(points)}]`);
  }
  return sorted;
}
