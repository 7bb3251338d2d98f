/**
 * readTfjsModel: a TF.js layers model from its files — `model.json` and the shard files its weights manifest names
 * (Node.js only: `node:fs` is imported on first use).
 */
import { checkTfjsModelJson, type TfjsModelArtifacts, type TfjsWeightSpec } from './tfjs-model.js';
import { fileError } from './file-errors.js';

/**
 * Read `model.json` and its weight shards into artifacts: the topology, every group's weight specs (in manifest
 * order) and one buffer with every group's shards concatenated in the same order. Dequantisation happens later,
 * in {@link decodeTfjsWeights}.
 * @param path - the `model.json` file; shard paths are resolved relative to its folder
 * @returns the artifacts, as `tf.io.fromMemory` takes them
 * @throws TasknetError naming the file when a file cannot be read; ValueError when `model.json` is malformed
 * @example
 * const artifacts = await tn.io.readTfjsModel('web_model/model.json');
 * const model = tn.models.loadKerasModel(artifacts);
 */
export async function readTfjsModel(path: string): Promise<TfjsModelArtifacts> {
  const op = 'readTfjsModel';
  const [fs, nodePath] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    throw fileError(op, path, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw fileError(op, path, new Error(`not valid JSON: ${(error as Error).message}`));
  }
  const json = checkTfjsModelJson(parsed, path);
  const folder = nodePath.dirname(path);
  const weightSpecs: TfjsWeightSpec[] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const shard of group.paths) {
      const file = nodePath.join(folder, shard);
      try {
        const buffer = await fs.readFile(file);
        shards.push(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
      } catch (error) {
        throw fileError(op, file, error);
      }
    }
  }
  return { modelTopology: json.modelTopology, weightSpecs, weightData: shards };
}
