/**
 * A PNG decoder in plain TypeScript (runs in browsers too): every colour type and bit depth of the PNG 1.2
 * specification, the five row filters, Adam7 interlacing and chunk CRC-32 checks, to 8-bit samples.
 */
import { crc32 } from '../core/index.js';
import { DataFormatError } from './errors.js';
import { scaleTo8, type DecodedImage } from './decoded-image.js';
import { inflateZlib } from './inflate.js';

const OP = 'decodePng';
/** The 8 bytes every PNG file starts with. */
export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Allowed bit depths and samples per pixel of each colour type. */
const COLOR_TYPES: Record<number, { name: string; samples: number; depths: readonly number[] }> = {
  0: { name: 'greyscale', samples: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: 'RGB', samples: 3, depths: [8, 16] },
  3: { name: 'palette', samples: 1, depths: [1, 2, 4, 8] },
  4: { name: 'greyscale + alpha', samples: 2, depths: [8, 16] },
  6: { name: 'RGBA', samples: 4, depths: [8, 16] },
};
/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];
/** The largest decoded image accepted, in bytes (guards against absurd sizes in corrupt or hostile headers). */
const MAX_BYTES = 2 ** 30;

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
}

/** A chunk's place in the file. */
interface Chunk {
  type: string;
  /** Offset of the chunk's data (after length and type). */
  at: number;
  length: number;
}

const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const hexBytes = (b: Uint8Array): string => Array.from(b, (v) => v.toString(16).padStart(2, '0')).join(' ');

function chunkName(bytes: Uint8Array): string {
  return Array.from(bytes, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`)).join('');
}

/** Split the file into chunks, checking lengths and CRCs; stops after IEND. */
function readChunks(bytes: Uint8Array, source: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 8; ; ) {
    if (at + 8 > bytes.length) {
      const found = at === bytes.length ? 'the end of the file' : `${bytes.length - at} bytes`;
      const last = chunks.length > 0 ? `, the last ${chunks[chunks.length - 1]!.type}` : '';
      throw new DataFormatError(OP, { file: source, offset: at },
        `truncated file: expected a chunk header (8 bytes) or IEND, found ${found} (${chunks.length} chunks read${last})`);
    }
    const length = u32(bytes, at);
    const type = chunkName(bytes.subarray(at + 4, at + 8));
    if (length > 0x7fffffff) {
      throw new DataFormatError(OP, { file: source, offset: at }, `chunk ${type}: length ${length} exceeds the PNG limit 2^31 − 1 (corrupt file)`);
    }
    if (at + 12 + length > bytes.length) {
      throw new DataFormatError(OP, { file: source, offset: at },
        `truncated file: chunk ${type} declares ${length} bytes of data (+ 4 CRC bytes), ` +
        `only ${Math.max(0, bytes.length - at - 8)} bytes follow its header`);
    }
    const stored = u32(bytes, at + 8 + length);
    const actual = crc32(bytes.subarray(at + 4, at + 8 + length));
    if (stored !== actual) {
      const h = (v: number): string => '0x' + v.toString(16).padStart(8, '0');
      throw new DataFormatError(OP, { file: source, offset: at + 8 + length },
        `CRC mismatch in chunk ${type} (at byte offset ${at}): stored ${h(stored)}, computed ${h(actual)} (corrupt file)`);
    }
    chunks.push({ type, at: at + 8, length });
    at += 12 + length;
    if (type === 'IEND') return chunks;
  }
}

function readHeader(bytes: Uint8Array, chunk: Chunk | undefined, source: string): Header {
  if (chunk?.type !== 'IHDR') {
    throw new DataFormatError(OP, { file: source, offset: 8 }, `expected the first chunk to be IHDR, found ${chunk?.type ?? 'none'}`);
  }
  if (chunk.length !== 13) {
    throw new DataFormatError(OP, { file: source, offset: chunk.at - 8 }, `expected a 13-byte IHDR chunk, found ${chunk.length} bytes`);
  }
  const at = chunk.at;
  const h: Header = {
    width: u32(bytes, at), height: u32(bytes, at + 4), depth: bytes[at + 8]!, colorType: bytes[at + 9]!, interlace: bytes[at + 12]!,
  };
  const bad = (offset: number, message: string): never => {
    throw new DataFormatError(OP, { file: source, offset: at + offset }, `IHDR: ${message}`);
  };
  if (h.width === 0 || h.height === 0 || h.width > 0x7fffffff || h.height > 0x7fffffff) {
    bad(0, `expected a width and height from 1 to 2^31 − 1, found ${h.width}×${h.height}`);
  }
  const ct = COLOR_TYPES[h.colorType];
  if (ct === undefined) bad(9, `expected colour type 0 (grey), 2 (RGB), 3 (palette), 4 (grey + alpha) or 6 (RGBA), found ${h.colorType}`);
  if (!ct!.depths.includes(h.depth)) {
    bad(8, `bit depth ${h.depth} is not allowed with colour type ${h.colorType} (${ct!.name}); allowed: ${ct!.depths.join(', ')}`);
  }
  if (bytes[at + 10] !== 0) bad(10, `expected compression method 0 (deflate), found ${bytes[at + 10]} (unsupported)`);
  if (bytes[at + 11] !== 0) bad(11, `expected filter method 0, found ${bytes[at + 11]} (unsupported)`);
  if (h.interlace > 1) bad(12, `expected interlace method 0 (none) or 1 (Adam7), found ${h.interlace} (unsupported)`);
  if (h.width * h.height * 4 > MAX_BYTES) bad(0, `${h.width}×${h.height} pixels is larger than this decoder accepts (${MAX_BYTES} bytes of RGBA)`);
  return h;
}

/** The palette as RGBA (alpha 255 where tRNS gives none), and whether tRNS is present. */
interface Extras {
  palette: Uint8Array | undefined;
  paletteSize: number;
  /** tRNS of a palette image: alpha per entry; of grey/RGB: the transparent colour's raw samples. */
  transparent: number[] | undefined;
}

function readExtras(bytes: Uint8Array, chunks: Chunk[], h: Header, source: string): Extras {
  const extras: Extras = { palette: undefined, paletteSize: 0, transparent: undefined };
  for (const c of chunks) {
    const where = { file: source, offset: c.at - 8 };
    if (c.type === 'PLTE' && h.colorType === 3) {
      if (c.length % 3 !== 0 || c.length === 0 || c.length > 768) {
        throw new DataFormatError(OP, where, `PLTE: expected 1 to 256 RGB entries (a multiple of 3 bytes, at most 768), found ${c.length} bytes`);
      }
      extras.paletteSize = c.length / 3;
      extras.palette = new Uint8Array(256 * 4).fill(255);
      for (let i = 0; i < extras.paletteSize; i++) {
        for (let k = 0; k < 3; k++) extras.palette[4 * i + k] = bytes[c.at + 3 * i + k]!;
      }
    } else if (c.type === 'tRNS') {
      const data = bytes.subarray(c.at, c.at + c.length);
      if (h.colorType === 3) {
        if (extras.palette === undefined) throw new DataFormatError(OP, where, 'tRNS: expected it after PLTE, found it before');
        if (c.length > extras.paletteSize) {
          throw new DataFormatError(OP, where, `tRNS: expected at most one alpha per palette entry (${extras.paletteSize}), found ${c.length}`);
        }
        for (let i = 0; i < c.length; i++) extras.palette[4 * i + 3] = data[i]!;
        extras.transparent = Array.from(data);
      } else if (h.colorType === 0 || h.colorType === 2) {
        const n = h.colorType === 0 ? 1 : 3;
        if (c.length !== 2 * n) {
          throw new DataFormatError(OP, where, `tRNS: expected ${2 * n} bytes for colour type ${h.colorType}, found ${c.length}`);
        }
        extras.transparent = Array.from({ length: n }, (_, i) => (data[2 * i]! << 8) | data[2 * i + 1]!);
      } // colour types 4 and 6 have an alpha channel already; a tRNS chunk there is ignored
    }
  }
  if (h.colorType === 3 && extras.palette === undefined) {
    throw new DataFormatError(OP, { file: source }, 'expected a PLTE chunk in a palette image (colour type 3), found none');
  }
  return extras;
}

/** Concatenate the IDAT chunks; offsets of the zlib stream map back to file offsets through `locate`. */
function imageData(bytes: Uint8Array, chunks: Chunk[], source: string): { stream: Uint8Array; locate: (offset: number) => number } {
  const idat = chunks.filter((c) => c.type === 'IDAT');
  if (idat.length === 0) throw new DataFormatError(OP, { file: source }, 'expected at least one IDAT chunk (the image data), found none');
  const stream = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of idat) {
    stream.set(bytes.subarray(c.at, c.at + c.length), o);
    o += c.length;
  }
  const locate = (offset: number): number => {
    let rest = offset;
    for (const c of idat) {
      if (rest < c.length) return c.at + rest;
      rest -= c.length;
    }
    const last = idat[idat.length - 1]!;
    return last.at + last.length;
  };
  return { stream, locate };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undo the filter of one row in place (`prev` is the unfiltered previous row of the pass, or undefined). */
function unfilter(type: number, row: Uint8Array, prev: Uint8Array | undefined, bpp: number): boolean {
  const n = row.length;
  switch (type) {
    case 0: return true;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = (row[i]! + row[i - bpp]!) & 0xff;
      return true;
    case 2:
      if (prev !== undefined) for (let i = 0; i < n; i++) row[i] = (row[i]! + prev[i]!) & 0xff;
      return true;
    case 3:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? row[i - bpp]! : 0;
        const b = prev === undefined ? 0 : prev[i]!;
        row[i] = (row[i]! + ((a + b) >> 1)) & 0xff;
      }
      return true;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? row[i - bpp]! : 0;
        const b = prev === undefined ? 0 : prev[i]!;
        const c = i >= bpp && prev !== undefined ? prev[i - bpp]! : 0;
        row[i] = (row[i]! + paeth(a, b, c)) & 0xff;
      }
      return true;
    default: return false;
  }
}

/**
 * Decode a PNG file to 8-bit samples. Colour types 0 (grey), 2 (RGB), 3 (palette), 4 (grey + alpha) and 6 (RGBA) at
 * every bit depth they allow (1, 2, 4, 8, 16), the five filter types, Adam7 interlacing; every chunk's CRC-32 and the
 * zlib stream's Adler-32 are checked. Ancillary chunks other than tRNS (gamma, colour profiles, text) are ignored.
 *
 * Output channels: grey → 1, grey + alpha → 2, RGB → 3, RGBA → 4, palette → 3 (RGB) or 4 (RGBA when a tRNS chunk
 * gives alpha). A tRNS colour key on a grey or RGB image adds an alpha channel (0 where a pixel equals the key, else
 * 255). Samples scale to 8 bits: 1, 2, 4 bits by 255, 85, 17; 16 bits by round(v · 255 / 65535).
 * @param bytes - the whole file
 * @param source - the file name for error messages (default `'<bytes>'`)
 * @returns the image: width, height, channels and height × width × channels bytes, row-major
 * @throws DataFormatError for data that is not PNG (signature), a truncated file, a CRC or Adler-32 mismatch, corrupt
 * compressed data, a bad IHDR, an unknown critical chunk or filter type, or a palette index past the palette; each
 * message names `source` and the byte offset.
 * @example
 * const img = tn.data.decodePng(await (await fetch('digit.png')).bytes(), 'digit.png');
 * console.log(img.width, img.height, img.channels);
 */
export function decodePng(bytes: Uint8Array, source = '<bytes>'): DecodedImage {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    const found = bytes.length === 0 ? 'an empty file' : hexBytes(bytes.subarray(0, 8));
    throw new DataFormatError(OP, { file: source, offset: 0 }, `expected the PNG signature 89 50 4e 47 0d 0a 1a 0a, found ${found} (not a PNG file)`);
  }
  const chunks = readChunks(bytes, source);
  const h = readHeader(bytes, chunks[0], source);
  for (const c of chunks) {
    const critical = (bytes[c.at - 4]! & 0x20) === 0;
    if (critical && !['IHDR', 'PLTE', 'IDAT', 'IEND'].includes(c.type)) {
      throw new DataFormatError(OP, { file: source, offset: c.at - 8 }, `unsupported critical chunk ${c.type} (known: IHDR, PLTE, IDAT, IEND)`);
    }
  }
  const extras = readExtras(bytes, chunks, h, source);
  const samples = COLOR_TYPES[h.colorType]!.samples;
  const bitsPerPixel = samples * h.depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const passes = h.interlace === 1 ? ADAM7 : [[0, 0, 1, 1] as const];
  const sizes = passes.map(([x0, y0, dx, dy]) => {
    const w = Math.ceil((h.width - x0) / dx);
    const rows = Math.ceil((h.height - y0) / dy);
    return { w: Math.max(0, w), rows: w > 0 ? Math.max(0, rows) : 0 };
  });
  const rawLength = sizes.reduce((n, s) => n + s.rows * (Math.ceil((s.w * bitsPerPixel) / 8) + 1), 0);
  const { stream, locate } = imageData(bytes, chunks, source);
  const raw = inflateZlib(stream, { expectedLength: rawLength, maxLength: rawLength }, {
    op: OP, locate: (offset) => ({ file: source, offset: locate(offset) }), prefix: 'corrupt image data (the zlib stream of the IDAT chunks): ',
  });
  if (raw.length < rawLength) {
    const image = `a ${h.width}×${h.height} ${COLOR_TYPES[h.colorType]!.name} image at ${h.depth} bits${h.interlace === 1 ? ' (Adam7)' : ''}`;
    throw new DataFormatError(OP, { file: source }, `truncated image data: the IDAT chunks decompress to ${raw.length} bytes, ${image} needs ${rawLength}`);
  }
  const alpha = extras.transparent !== undefined ? 1 : 0;
  const channels = (h.colorType === 3 ? 3 + alpha : samples + alpha) as 1 | 2 | 3 | 4;
  const out = new Uint8Array(h.width * h.height * channels);
  const write = pixelWriter(h, extras, out, channels, source);
  let at = 0;
  passes.forEach(([x0, y0, dx, dy], p) => {
    const { w, rows } = sizes[p]!;
    const rowBytes = Math.ceil((w * bitsPerPixel) / 8);
    let prev: Uint8Array | undefined;
    for (let r = 0; r < rows; r++) {
      const filter = raw[at]!;
      const row = raw.subarray(at + 1, at + 1 + rowBytes);
      if (!unfilter(filter, row, prev, bpp)) {
        const pass = h.interlace === 1 ? ` of Adam7 pass ${p + 1}` : '';
        throw new DataFormatError(OP, { file: source }, `expected a filter type 0 to 4, found ${filter} on row ${r}${pass} (corrupt image data)`);
      }
      const y = y0 + r * dy;
      for (let c = 0; c < w; c++) write(row, c, y * h.width + x0 + c * dx);
      prev = row;
      at += 1 + rowBytes;
    }
  });
  return { width: h.width, height: h.height, channels, data: out };
}

/** A function that reads pixel `c` of an unfiltered row and writes it at pixel index `i` of `out`. */
function pixelWriter(h: Header, extras: Extras, out: Uint8Array, channels: number, source: string): (row: Uint8Array, c: number, i: number) => void {
  const { depth, colorType } = h;
  const samples = COLOR_TYPES[colorType]!.samples;
  const maxval = 2 ** depth - 1;
  const sample = depth === 8 ? (row: Uint8Array, s: number) => row[s]!
    : depth === 16 ? (row: Uint8Array, s: number) => (row[2 * s]! << 8) | row[2 * s + 1]!
      : (row: Uint8Array, s: number) => (row[(s * depth) >> 3]! >> (8 - depth - ((s * depth) & 7))) & maxval;
  if (colorType === 3) {
    const palette = extras.palette!;
    return (row, c, i) => {
      const index = sample(row, c);
      if (index >= extras.paletteSize) {
        throw new DataFormatError(OP, { file: source },
          `palette index ${index} at pixel (${i % h.width}, ${Math.floor(i / h.width)}) is past the ${extras.paletteSize}-entry palette`);
      }
      for (let k = 0; k < channels; k++) out[i * channels + k] = palette[4 * index + k]!;
    };
  }
  const key = extras.transparent;
  return (row, c, i) => {
    let o = i * channels;
    let matches = key !== undefined;
    for (let k = 0; k < samples; k++) {
      const v = sample(row, c * samples + k);
      if (key !== undefined && v !== key[k]) matches = false;
      out[o++] = scaleTo8(v, maxval);
    }
    if (key !== undefined) out[o] = matches ? 0 : 255;
  };
}
