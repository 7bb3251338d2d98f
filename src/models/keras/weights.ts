/**
 * The decoded weights of a Keras model, looked up by layer and weight name (`Conv1/kernel`), handed out as tensors
 * in Keras's layout, and copied into tasknet parameters with a shape check.
 */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import type { DecodedTfjsWeight } from '../../io/index.js';
import { noGrad, tensor, type Tensor } from '../../tensor/index.js';
import { layerOp } from './config.js';
import type { KerasLayerSpec } from './topology.js';

/** `name` without a trailing `:0` (TensorFlow's output index). */
function bare(name: string): string {
  return name.replace(/:\d+$/, '');
}

/**
 * All weights of a model, by name; remembers which ones layers took.
 * @example const store = new KerasWeightStore(tn.io.decodeTfjsWeights(specs, data)); store.unused() // weights no layer took
 */
export class KerasWeightStore {
  private readonly byName = new Map<string, DecodedTfjsWeight>();
  private readonly taken = new Set<string>();

  /** @param weights - name → decoded weight (from `tn.io.decodeTfjsWeights`) */
  constructor(weights: ReadonlyMap<string, DecodedTfjsWeight>) {
    for (const [name, w] of weights) this.byName.set(bare(name), w);
  }

  /** The full name of `layer`'s weight `weight`: `layer/weight`, or one that ends with `/layer/weight` (a scoped name). */
  resolve(layer: string, weight: string): string | undefined {
    const exact = `${layer}/${weight}`;
    if (this.byName.has(exact)) return exact;
    const suffix = `/${exact}`;
    const scoped = [...this.byName.keys()].filter((n) => n.endsWith(suffix));
    return scoped.length === 1 ? scoped[0] : undefined;
  }

  /** The weight's values, marked as taken; undefined when absent. */
  take(layer: string, weight: string): DecodedTfjsWeight | undefined {
    const name = this.resolve(layer, weight);
    if (name === undefined) return undefined;
    this.taken.add(name);
    return this.byName.get(name);
  }

  /** Names that start with `layer/` (or contain `/layer/`), for error messages. */
  namesOf(layer: string): string[] {
    return [...this.byName.keys()].filter((n) => n.startsWith(`${layer}/`) || n.includes(`/${layer}/`));
  }

  /** Weights no layer took, in manifest order. */
  unused(): string[] {
    return [...this.byName.keys()].filter((n) => !this.taken.has(n));
  }
}

/**
 * One layer's view of the store: its weights as tensors (Keras layout), with errors that name the layer.
 * @example const kernel = new LayerWeights(layer, store).tensor('kernel', 4); // [kh, kw, in, out]
 */
export class LayerWeights {
  /**
   * @param layer - the layer
   * @param store - the model's weights
   */
  constructor(readonly layer: KerasLayerSpec, private readonly store: KerasWeightStore) {}

  /** Whether the layer has weight `name`. */
  has(name: string): boolean {
    return this.store.resolve(this.layer.name, name) !== undefined;
  }

  /**
   * Weight `name` as a float32 tensor in Keras's layout (the caller disposes it).
   * @param name - e.g. `'kernel'`, `'bias'`, `'gamma'`
   * @param rank - the rank it must have
   * @throws ValueError when it is missing (listing the layer's weights); ShapeError when its rank differs
   */
  tensor(name: string, rank: number): Tensor {
    const w = this.store.take(this.layer.name, name);
    if (w === undefined) {
      const found = this.store.namesOf(this.layer.name);
      throw new ValueError(layerOp(this.layer), `missing weight '${this.layer.name}/${name}' in the weights manifest ` +
        `(${found.length === 0 ? 'the manifest has no weights for this layer' : `found: ${found.join(', ')}`})`);
    }
    if (w.shape.length !== rank) {
      throw new ShapeError(layerOp(this.layer), `weight '${this.layer.name}/${name}' must have rank ${rank}, found shape ${formatShape(w.shape)}`);
    }
    return tensor(w.values, { shape: w.shape, dtype: 'float32' });
  }
}

/**
 * Copy `value` into `target`, a parameter or buffer (no gradient recorded), and dispose `value`.
 * @param layer - the layer, for the error
 * @param name - the Keras weight name, for the error
 * @param described - how the value was derived, e.g. `kernel [kh, kw, in, out] → [out, in, kh, kw]`
 * @throws ShapeError naming the layer and the weight when the shapes differ
 * @example loadParameter(dense.weight, tn.transpose(kernel, 0, 1), layer, 'kernel', 'kernel [in, units] → [units, in]');
 */
export function loadParameter(target: Tensor, value: Tensor, layer: KerasLayerSpec, name: string, described: string): void {
  try {
    if (value.shape.length !== target.shape.length || value.shape.some((d, i) => d !== target.shape[i])) {
      throw new ShapeError(layerOp(layer), `weight '${layer.name}/${name}' gives ${formatShape(value.shape)} (${described}) ` +
        `but the layer expects ${formatShape(target.shape)}`);
    }
    noGrad(() => target.assign(value));
  } finally {
    value.dispose();
  }
}
