// A small reader for uncompressed IDX files (the MNIST format, http://yann.lecun.com/exdb/mnist/).
//
// Layout: a big-endian uint32 magic number 0x0000TTNN, where TT is the element type (0x08 = unsigned byte) and NN
// the number of dimensions; then NN big-endian uint32 dimension sizes; then the elements, row-major.
// MNIST images are 0x00000803 ([count, rows, cols] bytes) and labels 0x00000801 ([count] bytes).
import { readFileSync } from 'node:fs';

/** Magic number of an unsigned-byte IDX file with three dimensions (images). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an unsigned-byte IDX file with one dimension (labels). */
export const IDX_LABELS_MAGIC = 0x00000801;

const hex = (n) => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Read an unsigned-byte IDX file and check its magic number.
 * @param {string} file - path of the uncompressed IDX file
 * @param {number} expectedMagic - e.g. IDX_IMAGES_MAGIC or IDX_LABELS_MAGIC
 * @returns {{dims: number[], data: Uint8Array}} the dimension sizes and the elements (a view of the file's bytes)
 * @throws Error naming the file when the magic number differs or the file is shorter than its header says
 */
export function readIdx(file, expectedMagic) {
  const bytes = readFileSync(file);
  if (bytes.length < 4) {
    throw new Error(`${file}: not an IDX file: ${bytes.length} bytes, too short for the 4-byte magic number ` +
      `(expected ${hex(expectedMagic)})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (the file looks gzip-compressed; gunzip it first)' : '';
    throw new Error(`${file}: wrong IDX magic number: expected ${hex(expectedMagic)}, found ${hex(magic)}${gzip}`);
  }
  const ndim = magic & 0xff;
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new Error(`${file}: truncated IDX header: ${ndim} dimensions need ${headerBytes} bytes, found ${bytes.length}`);
  }
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < headerBytes + count) {
    throw new Error(`${file}: truncated IDX data: dimensions [${dims.join(', ')}] need ${count} bytes after the ` +
      `${headerBytes}-byte header, found ${bytes.length - headerBytes}`);
  }
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, count);
  return { dims, data };
}

/** Read an IDX image file: `{count, rows, cols, pixels}` with pixels as count·rows·cols bytes. */
export function readImages(file) {
  const { dims, data } = readIdx(file, IDX_IMAGES_MAGIC);
  const [count, rows, cols] = dims;
  return { count, rows, cols, pixels: data };
}

/** Read an IDX label file: `{count, labels}` with one byte per label. */
export function readLabels(file) {
  const { dims, data } = readIdx(file, IDX_LABELS_MAGIC);
  return { count: dims[0], labels: data };
}
