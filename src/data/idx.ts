/** The IDX format of MNIST and Fashion-MNIST (browser-safe parsing of bytes; `readIdx` reads files). */
import { fromTypedArray, type Tensor } from '../tensor/index.js';
import { DataFormatError } from './errors.js';

/** Element types of IDX files, by their type code (third magic byte). */
const IDX_TYPES = {
  0x08: { name: 'uint8', size: 1 },
  0x09: { name: 'int8', size: 1 },
  0x0b: { name: 'int16', size: 2 },
  0x0c: { name: 'int32', size: 4 },
  0x0d: { name: 'float32', size: 4 },
  0x0e: { name: 'float64', size: 8 },
} as const;

/** The element type of an IDX file. */
export type IdxType = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];

/** A parsed IDX file: its dimensions and its elements (in row-major order). */
export interface IdxData {
  /** Dimensions from the header, e.g. `[60000, 28, 28]`. */
  readonly dims: number[];
  /** Element type (type code 0x08 → `'uint8'`, ...). */
  readonly type: IdxType;
  /** The elements; for uint8 a view into the input bytes (no copy). */
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

function hex(bytes: Uint8Array, count: number): string {
  return '0x' + Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Parse IDX bytes (uncompressed). The header is two zero bytes, a type code (0x08 unsigned byte, 0x09 signed
 * byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, then each dimension as a
 * big-endian uint32; the elements follow, big-endian. MNIST images have magic 0x00000803, labels 0x00000801.
 * @param bytes - the whole file
 * @param source - file name for error messages
 * @throws DataFormatError for a wrong magic number, a truncated file (expected vs found byte count) or trailing bytes.
 * @example
 * const {dims, data} = tn.data.parseIdx(bytes, 'train-labels-idx1-ubyte'); // dims [60000], data Uint8Array
 */
export function parseIdx(bytes: Uint8Array, source = '<bytes>'): IdxData {
  const where = { file: source, offset: 0 };
  if (bytes.length < 4) {
    throw new DataFormatError('parseIdx', where, `expected a 4-byte IDX magic number, found a ${bytes.length}-byte file`);
  }
  const type = IDX_TYPES[bytes[2] as keyof typeof IDX_TYPES] as (typeof IDX_TYPES)[keyof typeof IDX_TYPES] | undefined;
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined) {
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (gzip data: use readIdx, which decompresses it)' : '';
    throw new DataFormatError('parseIdx', where, `expected an IDX magic number 0x0000TTNN (0x00000803 for images, 0x00000801 for labels), found ${hex(bytes, 4)}${gzip}`);
  }
  const ndims = bytes[3] as number;
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) {
    throw new DataFormatError('parseIdx', { file: source, offset: bytes.length },
      `truncated header: expected ${headerSize} bytes for ${ndims} dimensions, found ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, d) => view.getUint32(4 + 4 * d, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const dataSize = count * type.size;
  const expected = headerSize + dataSize;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated data' : `${bytes.length - expected} trailing bytes after the data`;
    throw new DataFormatError('parseIdx', { file: source, offset: Math.min(bytes.length, expected) },
      `${what}: expected ${expected} bytes (${headerSize}-byte header + ${dataSize} bytes of ${type.name} for dims [${dims.join(', ')}]), found ${bytes.length} bytes`);
  }
  const body = bytes.subarray(headerSize);
  let data: IdxData['data'];
  switch (type.name) {
    case 'uint8': data = body; break;
    case 'int8': data = new Int8Array(body.buffer, body.byteOffset, count); break;
    default: {
      const Ctor = { int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array }[type.name];
      const read = {
        int16: (o: number) => view.getInt16(o, false), int32: (o: number) => view.getInt32(o, false),
        float32: (o: number) => view.getFloat32(o, false), float64: (o: number) => view.getFloat64(o, false),
      }[type.name];
      const out = new Ctor(count);
      for (let i = 0; i < count; i++) out[i] = read(headerSize + i * type.size);
      data = out;
    }
  }
  return { dims, type: type.name, data };
}

/** Options of `idxImagesToTensor`. */
export interface IdxImagesOptions {
  /** Return `[N, H·W]` instead of `[N, 1, H, W]` (default false). */
  readonly flat?: boolean;
}

/**
 * IDX images (magic 0x00000803: uint8, 3 dimensions) as float32 in [0, 1] (each byte / 255).
 * Shapes: `[N, H, W]` bytes → `[N, 1, H, W]` (or `[N, H·W]` with `flat`).
 * @throws DataFormatError when the file is not 3-D unsigned bytes.
 * @example const x = tn.data.idxImagesToTensor(tn.data.parseIdx(bytes, 'images'));
 */
export function idxImagesToTensor(idx: IdxData, options: IdxImagesOptions = {}, source = '<bytes>'): Tensor {
  if (idx.type !== 'uint8' || idx.dims.length !== 3) {
    throw new DataFormatError('loadIdxImages', { file: source, offset: 2 },
      `expected images: magic 0x00000803 (uint8, 3 dimensions), found ${idx.type} with ${idx.dims.length} dimensions [${idx.dims.join(', ')}]`);
  }
  const [n, h, w] = idx.dims as [number, number, number];
  const out = new Float32Array(idx.data.length);
  const bytes = idx.data;
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] as number) / 255;
  return fromTypedArray(out, options.flat === true ? [n, h * w] : [n, 1, h, w], 'float32');
}

/**
 * IDX labels (magic 0x00000801: uint8, 1 dimension) as an int32 tensor `[N]`.
 * @throws DataFormatError when the file is not 1-D unsigned bytes.
 * @example const y = tn.data.idxLabelsToTensor(tn.data.parseIdx(bytes, 'labels'));
 */
export function idxLabelsToTensor(idx: IdxData, source = '<bytes>'): Tensor {
  if (idx.type !== 'uint8' || idx.dims.length !== 1) {
    throw new DataFormatError('loadIdxLabels', { file: source, offset: 2 },
      `expected labels: magic 0x00000801 (uint8, 1 dimension), found ${idx.type} with ${idx.dims.length} dimensions [${idx.dims.join(', ')}]`);
  }
  return fromTypedArray(Int32Array.from(idx.data), [idx.dims[0] as number], 'int32');
}
