/** CIFAR-10 binary batches (browser-safe parsing; `readCifar10` reads a directory). */
import { fromTypedArray, type Tensor } from '../tensor/index.js';
import { DataFormatError } from './errors.js';

/** Bytes per CIFAR-10 record: 1 label byte + 3·32·32 pixel bytes (red plane, green plane, blue plane). */
export const CIFAR10_RECORD_BYTES = 3073;

/** The CIFAR-10 class names, in label order (as in `batches.meta.txt`). */
export const CIFAR10_CLASSES: readonly string[] = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];

/** The records of one or more CIFAR-10 batches: pixels (CHW per image) and labels. */
export interface Cifar10Batch {
  /** Pixel bytes, N × 3072, each image channels-first `[3, 32, 32]`. */
  readonly images: Uint8Array;
  /** Labels in [0, 10). */
  readonly labels: Int32Array;
}

/**
 * Parse a CIFAR-10 binary batch (`data_batch_1.bin` … `test_batch.bin`): records of 1 label byte and 3072 pixel
 * bytes, 10000 records per official file.
 * @param bytes - the whole file
 * @param source - file name for error messages
 * @throws DataFormatError when the size is not a whole number of records (truncated file) or a label is ≥ 10.
 * @example const {images, labels} = tn.data.parseCifar10Batch(bytes, 'data_batch_1.bin');
 */
export function parseCifar10Batch(bytes: Uint8Array, source = '<bytes>'): Cifar10Batch {
  const n = Math.floor(bytes.length / CIFAR10_RECORD_BYTES);
  if (bytes.length % CIFAR10_RECORD_BYTES !== 0 || n === 0) {
    throw new DataFormatError('parseCifar10Batch', { file: source, offset: n * CIFAR10_RECORD_BYTES },
      `expected a whole number of ${CIFAR10_RECORD_BYTES}-byte records (1 label + 3072 pixels; ${n + 1} records = ${(n + 1) * CIFAR10_RECORD_BYTES} bytes), found ${bytes.length} bytes: record ${n} is truncated`);
  }
  const images = new Uint8Array(n * 3072);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const offset = i * CIFAR10_RECORD_BYTES;
    const label = bytes[offset] as number;
    if (label >= 10) {
      throw new DataFormatError('parseCifar10Batch', { file: source, offset }, `expected a label in [0, 10) for record ${i}, found ${label}`);
    }
    labels[i] = label;
    images.set(bytes.subarray(offset + 1, offset + CIFAR10_RECORD_BYTES), i * 3072);
  }
  return { images, labels };
}

/**
 * CIFAR-10 records as tensors: images float32 in [0, 1] `[N, 3, 32, 32]`, labels int32 `[N]`.
 * @param batches - parsed batches, concatenated in order
 * @example const {x, y} = tn.data.cifar10ToTensors([tn.data.parseCifar10Batch(bytes)]);
 */
export function cifar10ToTensors(batches: readonly Cifar10Batch[]): { x: Tensor; y: Tensor } {
  const n = batches.reduce((s, b) => s + b.labels.length, 0);
  const x = new Float32Array(n * 3072);
  const y = new Int32Array(n);
  let row = 0;
  for (const b of batches) {
    for (let i = 0; i < b.images.length; i++) x[row * 3072 + i] = (b.images[i] as number) / 255;
    y.set(b.labels, row);
    row += b.labels.length;
  }
  return { x: fromTypedArray(x, [n, 3, 32, 32], 'float32'), y: fromTypedArray(y, [n], 'int32') };
}
