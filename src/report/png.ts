/**
 * A minimal PNG encoder in plain TypeScript (runs in browsers too): 8-bit grey, grey + alpha, RGB or RGBA, filter 0
 * on every row, and a zlib stream of stored (uncompressed) deflate blocks. Files are larger than compressed ones, which
 * does not matter for the small images of a report.
 */
import { adler32, crc32, ValueError } from '../core/index.js';
import { base64 } from './base64.js';

/** Raw 8-bit pixels, row-major, channels interleaved (height × width × channels bytes). */
export interface PngImage {
  /** Width in pixels (≥ 1). */
  readonly width: number;
  /** Height in pixels (≥ 1). */
  readonly height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  /** height × width × channels bytes. */
  readonly data: Uint8Array;
}

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);
const COLOR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;
const MAX_STORED = 65535;

function u32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

/** One chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  u32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  u32(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * A zlib stream (RFC 1950) holding `raw` in stored deflate blocks (RFC 1951 BTYPE 00): header 0x78 0x01, blocks of
 * at most 65,535 bytes (each: a BFINAL/BTYPE byte, LEN and its one's complement, little-endian), Adler-32 big-endian.
 * @example inflateSync(zlibStored(bytes)) // equals bytes (node:zlib)
 */
export function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / MAX_STORED));
  const out = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  out[0] = 0x78;
  out[1] = 0x01; // CMF/FLG: deflate, 32K window, no dictionary, (0x7801 % 31 === 0)
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * MAX_STORED;
    const len = Math.min(MAX_STORED, raw.length - start);
    out[at] = b === blocks - 1 ? 1 : 0;
    out[at + 1] = len & 0xff;
    out[at + 2] = len >>> 8;
    out[at + 3] = ~len & 0xff;
    out[at + 4] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), at + 5);
    at += 5 + len;
  }
  u32(out, at, adler32(raw));
  return out;
}

/**
 * Encode an image as a PNG file: signature, IHDR (8-bit, the colour type of `channels`, no interlace), one IDAT, IEND.
 * @throws ValueError when the size is not a positive integer or `data` does not hold width × height × channels bytes.
 * @example encodePng({width: 2, height: 1, channels: 1, data: Uint8Array.of(0, 255)}) // a 2×1 grey PNG
 */
export function encodePng(image: PngImage): Uint8Array {
  const { width, height, channels, data } = image;
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 2 ** 31 - 1) throw new ValueError('encodePng', `${name} must be a positive integer, found ${v}`);
  }
  if (!(channels in COLOR_TYPE)) throw new ValueError('encodePng', `channels must be 1, 2, 3 or 4, found ${channels}`);
  if (!(data instanceof Uint8Array) || data.length !== width * height * channels) {
    const found = data instanceof Uint8Array ? `${data.length} bytes` : typeof data;
    throw new ValueError('encodePng', `expected ${width}×${height}×${channels} = ${width * height * channels} bytes of pixels, found ${found}`);
  }
  const header = new Uint8Array(13);
  u32(header, 0, width);
  u32(header, 4, height);
  header[8] = 8; // bit depth
  header[9] = COLOR_TYPE[channels];
  // compression 0 (deflate), filter method 0, interlace 0: header[10..12] stay 0
  const rowBytes = width * channels;
  const raw = new Uint8Array(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1); // filter byte 0
  const parts = [SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlibStored(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The PNG of `image` as a `data:image/png;base64,…` URI, ready for an `<img src>`.
 * @example pngDataUri({width: 1, height: 1, channels: 1, data: Uint8Array.of(0)}) // 'data:image/png;base64,iVBORw0KGgo…'
 */
export function pngDataUri(image: PngImage): string {
  return `data:image/png;base64,${base64(encodePng(image))}`;
}
