/** File readers (Node.js only): IDX, CIFAR-10 batches, CSV files. Built-ins are loaded on first use. */
import { ValueError } from '../core/index.js';
import type { Tensor } from '../tensor/index.js';
import { CIFAR10_CLASSES, cifar10ToTensors, parseCifar10Batch } from './cifar.js';
import { parseCsv, type CsvOptions, type CsvTable } from './csv.js';
import { idxImagesToTensor, idxLabelsToTensor, parseIdx, type IdxData, type IdxImagesOptions } from './idx.js';
import { exists, nodeBuiltins, readBytes, readMaybeGzip } from './node-builtins.js';

/**
 * Read an IDX file, plain or gzip-compressed (detected by the magic bytes 1f 8b, whatever the file name).
 * @param file - path of the file
 * @returns dims, element type and elements (see `parseIdx`)
 * @throws DataFormatError naming the file for a wrong magic number, truncated data (expected vs found bytes) or
 *   corrupt gzip data.
 * @example const {dims, data} = await tn.data.readIdx('train-images-idx3-ubyte.gz'); // [60000, 28, 28]
 */
export async function readIdx(file: string): Promise<IdxData> {
  return parseIdx(await readMaybeGzip(file, 'readIdx'), file);
}

/**
 * Read IDX images (magic 0x00000803) as float32 in [0, 1].
 * Shapes: `[N, 1, H, W]`, or `[N, H·W]` with `flat`.
 * @param file - path of the file (plain or gzip)
 * @param options - flat (false)
 * @example const x = await tn.data.loadIdxImages('t10k-images-idx3-ubyte'); // [10000, 1, 28, 28]
 */
export async function loadIdxImages(file: string, options: IdxImagesOptions = {}): Promise<Tensor> {
  return idxImagesToTensor(await readIdx(file), options, file);
}

/**
 * Read IDX labels (magic 0x00000801) as int32 `[N]`.
 * @param file - path of the file (plain or gzip)
 * @example const y = await tn.data.loadIdxLabels('t10k-labels-idx1-ubyte'); // [10000]
 */
export async function loadIdxLabels(file: string): Promise<Tensor> {
  return idxLabelsToTensor(await readIdx(file), file);
}

/** Options of `readCifar10`. */
export interface ReadCifar10Options {
  /** `'train'` (data_batch_1.bin … data_batch_5.bin, default) or `'test'` (test_batch.bin). */
  readonly split?: 'train' | 'test';
}

/**
 * Read the CIFAR-10 binary version from a directory (`cifar-10-batches-bin/`, or the folder holding it).
 * Class names come from `batches.meta.txt` when present.
 * Shapes: x float32 `[N, 3, 32, 32]` in [0, 1] (N = 50000 train, 10000 test), y int32 `[N]`.
 * @param dir - the directory
 * @param options - split ('train')
 * @throws ValueError listing the missing batch files; DataFormatError for a truncated batch (file and offset).
 * @example const {x, y, classes} = await tn.data.readCifar10('/data/cifar-10-batches-bin', {split: 'test'});
 */
export async function readCifar10(dir: string, options: ReadCifar10Options = {}): Promise<{ x: Tensor; y: Tensor; classes: string[] }> {
  const { path, fs } = await nodeBuiltins('readCifar10');
  const split = options.split ?? 'train';
  const names = split === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
  let root = dir;
  if (!(await exists(path.join(root, names[0] as string), 'readCifar10')) && (await exists(path.join(dir, 'cifar-10-batches-bin'), 'readCifar10'))) {
    root = path.join(dir, 'cifar-10-batches-bin');
  }
  const missing: string[] = [];
  for (const name of names) if (!(await exists(path.join(root, name), 'readCifar10'))) missing.push(name);
  if (missing.length > 0) {
    throw new ValueError('readCifar10', `expected the CIFAR-10 binary batches in ${root}; missing ${missing.join(', ')} (get cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html)`);
  }
  const batches = [];
  for (const name of names) {
    const file = path.join(root, name);
    batches.push(parseCifar10Batch(await readBytes(file, 'readCifar10'), file));
  }
  let classes = [...CIFAR10_CLASSES];
  const meta = path.join(root, 'batches.meta.txt');
  if (await exists(meta, 'readCifar10')) {
    const listed = (await fs.readFile(meta, 'utf8')).split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
    if (listed.length === 10) classes = listed;
  }
  return { ...cifar10ToTensors(batches), classes };
}

/**
 * Read and parse a CSV file (see `parseCsv` for the format and the column types); gzip files are decompressed.
 * @param file - path of the file
 * @param options - header (true), delimiter (','), categorical columns, naValues
 * @throws DataFormatError naming the file and line of a row with the wrong number of fields.
 * @example
 * const table = await tn.data.readCsv('penguins.csv', {categorical: ['species']});
 * const x = table.toTensor(['bill_length_mm', 'bill_depth_mm']);
 */
export async function readCsv(file: string, options: CsvOptions = {}): Promise<CsvTable> {
  const bytes = await readMaybeGzip(file, 'readCsv');
  return parseCsv(new TextDecoder().decode(bytes), { source: file, ...options });
}
