/** The table of Keras layer classes the importer can build, open to more with `registerKerasLayer`. */
import { ValueError } from '../../core/index.js';
import type { Module } from '../../nn/index.js';
import type { KerasLayerSpec } from './topology.js';
import type { LayerWeights } from './weights.js';

/**
 * Builds the tasknet module of one Keras layer from its spec and weights (Keras layout; transpose them into the
 * module's parameters with `loadParameter`). The module's forward takes the layer's inputs, channels first.
 */
export type KerasLayerBuilder = (layer: KerasLayerSpec, weights: LayerWeights) => Module;

const builders = new Map<string, KerasLayerBuilder>();

/**
 * Teach the importer a Keras layer class (or replace a built-in one with `{replace: true}`).
 * @param className - the Keras `class_name`, e.g. `'Conv2D'`
 * @param build - the builder
 * @throws ValueError when the class is registered already and `replace` is not set
 * @example
 * tn.models.keras.registerKerasLayer('Rescaling', (layer) => new MyRescaling(layer.config.scale as number));
 */
export function registerKerasLayer(className: string, build: KerasLayerBuilder, options: { readonly replace?: boolean } = {}): void {
  if (builders.has(className) && options.replace !== true) {
    throw new ValueError('registerKerasLayer', `Keras layer class '${className}' is registered already (pass {replace: true} to replace it)`);
  }
  builders.set(className, build);
}

/**
 * The Keras layer classes the importer can build, sorted.
 * @example tn.models.keras.kerasLayerClasses() // ['Activation', 'Add', 'AveragePooling2D', …]
 */
export function kerasLayerClasses(): string[] {
  return [...builders.keys()].sort();
}

/**
 * The builder of `layer`'s class.
 * @example const module = kerasLayerBuilder(layer)(layer, weights);
 * @throws ValueError naming the layer and listing the supported classes when the class is unknown
 */
export function kerasLayerBuilder(layer: KerasLayerSpec): KerasLayerBuilder {
  const build = builders.get(layer.className);
  if (build === undefined) {
    throw new ValueError('loadKerasModel', `layer '${layer.name}' has Keras class '${layer.className}', which the importer does not support ` +
      `(supported: ${kerasLayerClasses().join(', ')}; add one with tn.models.keras.registerKerasLayer)`);
  }
  return build;
}
