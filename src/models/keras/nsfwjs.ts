/**
 * The pretrained Keras models of the npm package `nsfwjs` (install it yourself: `npm install nsfwjs`): it ships them
 * as TF.js layers models wrapped in JavaScript — `dist/models/<name>/model.min.js` exports `{modelTopology,
 * weightsManifest}`, and each `group1-shardNofM.min.js` exports its shard as a base64 string. Node.js only.
 */
import { ValueError } from '../../core/index.js';
import { checkTfjsModelJson, type TfjsModelArtifacts } from '../../io/index.js';
import type { KerasModel } from './keras-model.js';
import { kerasModelFromArtifacts } from './load-keras-model.js';

/** The nsfwjs layers models: MobileNetV2 (224×224 input) and InceptionV3 (299×299). */
export type NsfwjsModelName = 'mobilenet_v2' | 'inception_v3';

/** nsfwjs's classes, in the order of its models' outputs. */
export const NSFWJS_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;

/** The layer of nsfwjs's MobileNetV2 whose output is the 1280 pooled features (before its 256-128-5 classifier). */
export const NSFWJS_MOBILENET_V2_FEATURES = 'flatten_1';

/** Options of {@link readNsfwjsModel}. */
export interface NsfwjsOptions {
  /** nsfwjs's `dist/models` folder (default: found from where `nsfwjs` resolves). */
  readonly modelsDir?: string;
}

/** The value a CommonJS file exports (the files are nsfwjs's own UMD bundles), not kept in the require cache. */
async function requireOnce(file: string): Promise<unknown> {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  try {
    return require(file);
  } catch (error) {
    throw new ValueError('readNsfwjsModel', `${file}: cannot be loaded (${(error as Error).message})`);
  } finally {
    delete require.cache[file];
  }
}

/** nsfwjs's `dist/models` folder. */
async function modelsDir(options: NsfwjsOptions): Promise<string> {
  const [{ createRequire }, path] = await Promise.all([import('node:module'), import('node:path')]);
  if (options.modelsDir !== undefined) return options.modelsDir;
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('nsfwjs'); // …/nsfwjs/dist/cjs/index.js
  } catch (_) {
    throw new ValueError('readNsfwjsModel', "the npm package 'nsfwjs' is not installed (npm install nsfwjs), or pass {modelsDir}");
  }
  return path.join(path.dirname(entry), '..', 'models');
}

/**
 * Read one of nsfwjs's layers models from its package files, as TF.js artifacts (weights still uint8-quantised).
 * @param name - `'mobilenet_v2'` (default) or `'inception_v3'`
 * @param options - `modelsDir` to read another copy
 * @throws ValueError when nsfwjs is missing or a file does not hold what nsfwjs puts there
 * @example const artifacts = await tn.models.keras.readNsfwjsModel('mobilenet_v2');
 */
export async function readNsfwjsModel(name: NsfwjsModelName = 'mobilenet_v2', options: NsfwjsOptions = {}): Promise<TfjsModelArtifacts> {
  const path = await import('node:path');
  const folder = path.join(await modelsDir(options), name);
  const modelFile = path.join(folder, 'model.min.js');
  const json = checkTfjsModelJson(await requireOnce(modelFile), modelFile);
  const weightData: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) {
      const file = path.join(folder, `${shard}.min.js`);
      const base64 = await requireOnce(file);
      if (typeof base64 !== 'string') throw new ValueError('readNsfwjsModel', `${file}: expected a base64 string export, found ${typeof base64}`);
      weightData.push(new Uint8Array(Buffer.from(base64, 'base64')));
    }
  }
  return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData };
}

/**
 * nsfwjs's pretrained Keras MobileNetV2 (ImageNet MobileNetV2 fine-tuned on 5 classes, uint8-quantised weights) as a
 * tasknet KerasModel. Input: RGB in [0, 1] (pixels / 255), [N, 3, 224, 224]; output: probabilities [N, 5] in the order
 * of {@link NSFWJS_CLASSES}. `model.upTo(NSFWJS_MOBILENET_V2_FEATURES)` is the backbone with 1280 features;
 * `model.upTo('out_relu')` is the last feature map, [N, 1280, H/32, W/32], at any input size.
 * @param options - `modelsDir`
 * @returns the model in training mode (call `.eval()` for inference)
 * @example
 * const model = (await tn.models.nsfwjsMobileNetV2()).eval();
 * const features = model.upTo(tn.models.keras.NSFWJS_MOBILENET_V2_FEATURES).forward(images); // [N, 1280]
 */
export async function nsfwjsMobileNetV2(options: NsfwjsOptions = {}): Promise<KerasModel> {
  return kerasModelFromArtifacts(await readNsfwjsModel('mobilenet_v2', options));
}

/**
 * nsfwjs's pretrained Keras InceptionV3 (22.3 M parameters, uint8-quantised) as a tasknet KerasModel. Input: RGB in
 * [0, 1], [N, 3, 299, 299]; output: probabilities [N, 5] ({@link NSFWJS_CLASSES}); `model.upTo('flatten_1')` gives
 * the 2048 pooled features.
 * @param options - `modelsDir`
 * @returns the model in training mode (call `.eval()` for inference)
 * @example const model = (await tn.models.keras.nsfwjsInceptionV3()).eval();
 */
export async function nsfwjsInceptionV3(options: NsfwjsOptions = {}): Promise<KerasModel> {
  return kerasModelFromArtifacts(await readNsfwjsModel('inception_v3', options));
}
