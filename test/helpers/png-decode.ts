/**
 * An independent PNG reader for tests: checks the signature and every chunk's CRC-32 (with node:zlib's crc32 where the
 * Node version has it, else a bitwise loop), inflates IDAT with node:zlib and undoes the five row filters. 8-bit,
 * non-interlaced images only (ours and Chromium's screenshots).
 */
import { inflateSync } from 'node:zlib';
import * as zlib from 'node:zlib';

/** A chunk as stored: type, data, stored CRC and whether it matches. */
export interface PngChunk { type: string; data: Uint8Array; crc: number; crcOk: boolean }

/** A decoded image: IHDR fields, chunks, and unfiltered pixels (height × width × channels). */
export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  compression: number;
  filter: number;
  interlace: number;
  channels: number;
  chunks: PngChunk[];
  /** The raw zlib stream (all IDAT data). */
  zlibStream: Uint8Array;
  pixels: Uint8Array;
}

export const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function bitwiseCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 by node:zlib (Node ≥ 20.15) or by a plain bitwise loop: a second implementation to check ours against. */
export function referenceCrc32(bytes: Uint8Array): number {
  const fn = (zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32;
  return fn === undefined ? bitwiseCrc32(bytes) : fn(bytes) >>> 0;
}

const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decode `file`; throws on a bad signature, a bad CRC or an unsupported format. */
export function decodePng(file: Uint8Array): DecodedPng {
  if (!PNG_SIGNATURE.every((b, i) => file[i] === b)) throw new Error('not a PNG: bad signature');
  const chunks: PngChunk[] = [];
  for (let at = 8; at < file.length; ) {
    const len = u32(file, at);
    const type = String.fromCharCode(...file.subarray(at + 4, at + 8));
    const data = file.subarray(at + 8, at + 8 + len);
    const crc = u32(file, at + 8 + len);
    chunks.push({ type, data, crc, crcOk: referenceCrc32(file.subarray(at + 4, at + 8 + len)) === crc });
    at += 12 + len;
    if (type === 'IEND') break;
  }
  const bad = chunks.find((c) => !c.crcOk);
  if (bad !== undefined) throw new Error(`PNG chunk ${bad.type}: CRC mismatch`);
  const ihdr = chunks[0];
  if (ihdr?.type !== 'IHDR') throw new Error('PNG: first chunk is not IHDR');
  const h = ihdr.data;
  const [width, height] = [u32(h, 0), u32(h, 4)];
  const [bitDepth, colorType, compression, filter, interlace] = [h[8]!, h[9]!, h[10]!, h[11]!, h[12]!];
  const channels = CHANNELS[colorType];
  if (bitDepth !== 8 || channels === undefined || interlace !== 0) throw new Error(`PNG: unsupported depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
  const idat = chunks.filter((c) => c.type === 'IDAT');
  const zlibStream = new Uint8Array(idat.reduce((n, c) => n + c.data.length, 0));
  let off = 0;
  for (const c of idat) { zlibStream.set(c.data, off); off += c.data.length; }
  const raw = new Uint8Array(inflateSync(zlibStream));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG: ${raw.length} inflated bytes, expected ${height * (stride + 1)}`);
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const pred = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : type === 4 ? paeth(a, b, c) : NaN;
      if (Number.isNaN(pred)) throw new Error(`PNG: unknown filter ${type} on row ${y}`);
      row[i] = (src[i]! + pred) & 0xff;
    }
  }
  return { width, height, bitDepth, colorType, compression, filter, interlace, channels, chunks, zlibStream, pixels };
}
