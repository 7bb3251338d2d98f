/**
 * New inputs for a trained model, prepared as its training data were: image files (PNG, PGM/PPM), IDX image files,
 * CSV rows of features, or a built-in data set's test split.
 */
import { fromTypedArray, dispose, type Tensor } from '../../tensor/index.js';
import { stack } from '../../ops/index.js';
import * as data from '../../data/index.js';
import { CliError, EXIT } from '../errors.js';
import { BUILTIN_DATASETS } from '../config/schema.js';
import { loadClassificationData, type Split } from './classification-data.js';
import { standardize, type Preprocess } from './preprocess.js';
import { resizeImages } from './resize.js';

/** How dark-on-light images are handled: MNIST-like models expect light strokes on black. */
export type InvertMode = 'auto' | 'yes' | 'no';

/** Inputs and a name for each (file name, `file#row`). */
export interface PreparedInputs {
  readonly x: Tensor;
  readonly names: readonly string[];
  /** Labels, when the inputs came with them. */
  readonly y?: Tensor;
}

function checkImageShape(x: Tensor, p: Preprocess, where: string): Tensor {
  if (p.kind !== 'image') throw new CliError(`${where}: the model takes rows of ${p.features.length} features, found images`, EXIT.failure);
  const [, c, h, w] = x.shape as [number, number, number, number];
  if (c !== p.channels) throw new CliError(`${where}: the model takes ${p.channels}-channel images, found ${c} channels`, EXIT.failure);
  if (h === p.height && w === p.width) return x;
  const resized = resizeImages(x, p.height);
  x.dispose();
  return resized;
}

/** Image files → `[N, C, H, W]` at the model's size; `invert` auto: images whose mean is light are inverted. */
export async function readImageFiles(files: readonly string[], p: Preprocess, invert: InvertMode, cwd: string): Promise<PreparedInputs> {
  if (p.kind !== 'image') throw new CliError(`the model takes rows of ${p.features.length} features (a CSV file), found image files`, EXIT.failure);
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const planes: Tensor[] = [];
  for (const file of files) {
    const image = data.decodeImage(new Uint8Array(await fs.readFile(path.resolve(cwd, file))), file);
    const plain = data.imageToTensor(image, { channels: p.channels as 1 | 3, size: [p.height, p.width], scale: 'unit' });
    const light = invert === 'yes' || (invert === 'auto' && (plain.mean().item() > 0.5));
    if (light) {
      planes.push(data.imageToTensor(image, { channels: p.channels as 1 | 3, size: [p.height, p.width], scale: 'unit', invert: true }));
      plain.dispose();
    } else planes.push(plain);
  }
  const x = stack(planes, 0);
  dispose(planes);
  return { x, names: files };
}

/** Rows of a CSV file with the model's feature columns (its label column is used when present). */
export async function readCsvRows(file: string, p: Preprocess, cwd: string, classNames: readonly string[]): Promise<PreparedInputs> {
  if (p.kind !== 'tabular') throw new CliError(`${file}: the model takes ${p.channels}×${p.height}×${p.width} images, found a CSV file`, EXIT.failure);
  const path = await import('node:path');
  const table = await data.readCsv(path.resolve(cwd, file));
  const missing = p.features.filter((f) => !table.names.includes(f));
  if (missing.length > 0) throw new CliError(`${file}: expected the model's feature columns ${p.features.join(', ')}; missing ${missing.join(', ')}`, EXIT.failure);
  const raw = table.toTensor(p.features);
  const x = standardize(raw, p);
  raw.dispose();
  let y: Tensor | undefined;
  if (p.target !== undefined && table.names.includes(p.target)) {
    const col = table.names.indexOf(p.target);
    const labels = table.rows.map((r, i) => {
      const k = classNames.indexOf(r[col]!.trim());
      if (k < 0) throw new CliError(`${file} row ${i + 1}: label '${r[col]}' is not one of the model's classes ${classNames.join(', ')}`, EXIT.failure);
      return k;
    });
    y = fromTypedArray(Int32Array.from(labels), [labels.length], 'int32');
  }
  return { x, y, names: table.rows.map((_, i) => `${file}#${i + 1}`) };
}

/** IDX images (with an optional IDX label file). */
export async function readIdxImages(file: string, labels: string | undefined, p: Preprocess, cwd: string): Promise<PreparedInputs> {
  const path = await import('node:path');
  const x = checkImageShape(data.idxImagesToTensor(await data.readIdx(path.resolve(cwd, file)), {}, file), p, file);
  const y = labels === undefined ? undefined : data.idxLabelsToTensor(await data.readIdx(path.resolve(cwd, labels)), labels);
  return { x, y, names: Array.from({ length: x.shape[0]! }, (_, i) => `${file}#${i}`) };
}

/** Whether a path names an image file tasknet decodes. */
export function isImageFile(file: string): boolean {
  return /\.(png|pgm|ppm|pnm)$/i.test(file);
}

/**
 * Labelled evaluation data: a built-in data set's test split, a CSV file with the label column, or IDX images with
 * `labels`.
 */
export async function evaluationData(spec: string, labels: string | undefined, p: Preprocess, classNames: readonly string[], cwd: string): Promise<Split> {
  if ((BUILTIN_DATASETS as readonly string[]).includes(spec)) {
    const size = p.kind === 'image' ? p.height : undefined;
    const config = { dataset: spec as (typeof BUILTIN_DATASETS)[number], validation: 0, ...(size !== undefined && spec === 'digits' ? { imageSize: size } : {}) };
    const set = await loadClassificationData(config, 0, cwd, 'data', p);
    dispose([...set.train]);
    const [x, y] = set.test!;
    return [p.kind === 'image' ? checkImageShape(x, p, spec) : x, y];
  }
  const prepared = /\.csv$/i.test(spec) ? await readCsvRows(spec, p, cwd, classNames) : await readIdxImages(spec, labels, p, cwd);
  if (prepared.y === undefined) {
    prepared.x.dispose();
    throw new CliError(`${spec}: no labels to evaluate against (${/\.csv$/i.test(spec) ? `the CSV needs the label column '${p.kind === 'tabular' ? p.target ?? 'target' : 'target'}'` : 'give --labels LABELS_FILE'})`, EXIT.usage);
  }
  return [prepared.x, prepared.y];
}
