/**
 * The TensorFlow.js layers-model format (`model.json` + binary weight shards): its types, and the check of a parsed
 * `model.json` (browser-safe; `readTfjsModel` reads the files in Node.js).
 */
import { ValueError } from '../core/index.js';

/** How a weight is quantised in its shard (TF.js `Quantization`): value = q·scale + min for uint8/uint16. */
export interface TfjsQuantization {
  /** Stored element type. */
  readonly dtype: 'uint8' | 'uint16' | 'float16';
  /** Step between quantised levels (uint8/uint16). */
  readonly scale?: number;
  /** Value of level 0 (uint8/uint16). */
  readonly min?: number;
  /** The dtype before quantisation, as some converters write it (informative: `dtype` of the spec rules). */
  readonly original_dtype?: string;
}

/** One weight in a manifest (TF.js `WeightsManifestEntry`): its name, shape, dtype and optional quantisation. */
export interface TfjsWeightSpec {
  /** Name, e.g. `'Conv1/kernel'` (Keras's `<layer>/<weight>`). */
  readonly name: string;
  /** Shape as Keras stores it (channels last: a Conv2D kernel is [kh, kw, in, out]). */
  readonly shape: readonly number[];
  /** The weight's dtype once decoded. */
  readonly dtype: string;
  /** Present when the stored bytes are quantised. */
  readonly quantization?: TfjsQuantization;
}

/** A group of weights whose bytes are the concatenation of the shard files in `paths`, in order. */
export interface TfjsWeightsGroup {
  /** Shard file names, relative to `model.json`. */
  readonly paths: readonly string[];
  /** The weights, in byte order. */
  readonly weights: readonly TfjsWeightSpec[];
}

/** What a `model.json` holds: the Keras topology and the weights manifest. */
export interface TfjsModelJson {
  /** The Keras model (`{class_name, config}` or `{model_config: {class_name, config}, keras_version, …}`). */
  readonly modelTopology: unknown;
  /** Weight groups and their shards. */
  readonly weightsManifest: readonly TfjsWeightsGroup[];
  /** `'layers-model'` when written by TF.js (the Keras converter may leave it out). */
  readonly format?: string;
}

/** A model in memory (TF.js `ModelArtifacts`): topology, weight specs, and all weight bytes concatenated in spec order. */
export interface TfjsModelArtifacts {
  /** The Keras model topology JSON (parsed). */
  readonly modelTopology: unknown;
  /** Every weight, in the order of its bytes in `weightData`. */
  readonly weightSpecs: readonly TfjsWeightSpec[];
  /** The weight bytes: one buffer, or several to be read as their concatenation. */
  readonly weightData: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Check a parsed `model.json` and return it typed: a topology, and a manifest of groups with `paths` and
 * `weights` (each with a name, an integer shape and a dtype).
 * @param json - the parsed file
 * @param source - where it came from, for error messages
 * @returns the same object, typed
 * @throws ValueError naming the file and the first field that is missing or malformed
 * @example const json = tn.io.checkTfjsModelJson(JSON.parse(text), 'model.json');
 */
export function checkTfjsModelJson(json: unknown, source = 'model.json'): TfjsModelJson {
  const op = 'checkTfjsModelJson';
  if (!isRecord(json)) throw new ValueError(op, `${source}: expected a JSON object, found ${Array.isArray(json) ? 'an array' : typeof json}`);
  if (!isRecord(json.modelTopology)) {
    const hint = 'modelTopology' in json ? `found ${typeof json.modelTopology}` : `found keys ${Object.keys(json).join(', ')}`;
    throw new ValueError(op, `${source}: expected a "modelTopology" object (a TF.js layers model), ${hint}`);
  }
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw new ValueError(op, `${source}: expected format "layers-model", found ${JSON.stringify(json.format)} (graph models are not Keras layers models)`);
  }
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw new ValueError(op, `${source}: expected "weightsManifest" to be an array, found ${typeof manifest}`);
  manifest.forEach((group: unknown, g) => {
    if (!isRecord(group) || !Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string') || !Array.isArray(group.weights)) {
      throw new ValueError(op, `${source}: weightsManifest[${g}] must have "paths" (strings) and "weights" (an array)`);
    }
    group.weights.forEach((spec: unknown, i) => checkWeightSpec(spec, `${source}: weightsManifest[${g}].weights[${i}]`));
  });
  return { ...json, weightsManifest: manifest } as unknown as TfjsModelJson;
}

/**
 * Check one weight spec: a string name, a shape of non-negative integers, a string dtype.
 * @throws ValueError naming `where` and the field
 * @example tn.io.checkWeightSpec({name: 'w', shape: [2, -1], dtype: 'float32'}, 'model.json'); // throws: non-negative integers
 */
export function checkWeightSpec(spec: unknown, where: string): asserts spec is TfjsWeightSpec {
  const op = 'checkWeightSpec';
  if (!isRecord(spec) || typeof spec.name !== 'string') throw new ValueError(op, `${where}: expected {name, shape, dtype}, found ${JSON.stringify(spec)}`);
  const shape = spec.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(op, `${where} ('${spec.name}'): expected a shape of non-negative integers, found ${JSON.stringify(shape)}`);
  }
  if (typeof spec.dtype !== 'string') throw new ValueError(op, `${where} ('${spec.name}'): expected a dtype string, found ${JSON.stringify(spec.dtype)}`);
}
