/** Netpbm greymaps and pixmaps (PGM and PPM, plain and raw) decoded to 8-bit samples, in plain TypeScript. */
import { DataFormatError } from './errors.js';
import { scaleTo8, type DecodedImage } from './decoded-image.js';

const OP = 'decodeNetpbm';
/** Magic numbers this decoder reads: channels and whether samples are ASCII decimals ("plain"). */
const KINDS: Record<string, { channels: 1 | 3; plain: boolean; name: string }> = {
  P2: { channels: 1, plain: true, name: 'plain PGM' },
  P3: { channels: 3, plain: true, name: 'plain PPM' },
  P5: { channels: 1, plain: false, name: 'raw PGM' },
  P6: { channels: 3, plain: false, name: 'raw PPM' },
};
const OTHER_KINDS: Record<string, string> = { P1: 'plain PBM (bitmap)', P4: 'raw PBM (bitmap)', P7: 'PAM' };

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Reads whitespace-separated decimal numbers, skipping `#` comments (to the end of the line). */
class Tokens {
  constructor(readonly bytes: Uint8Array, public pos: number, readonly source: string) {}

  /** The next decimal number; `what` names it in errors. */
  number(what: string): number {
    const b = this.bytes;
    for (;;) {
      while (this.pos < b.length && isSpace(b[this.pos]!)) this.pos++;
      if (b[this.pos] !== 0x23) break; // '#'
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
    }
    const start = this.pos;
    if (start >= b.length) {
      throw new DataFormatError(OP, { file: this.source, offset: start }, `truncated file: expected ${what}, found the end of the file`);
    }
    let v = 0;
    while (this.pos < b.length && isDigit(b[this.pos]!)) v = v * 10 + b[this.pos++]! - 0x30;
    const next = b[this.pos];
    if (this.pos === start || (next !== undefined && !isSpace(next) && next !== 0x23)) {
      const text = new TextDecoder('latin1').decode(b.subarray(start, Math.min(b.length, start + 12))).split(/\s/)[0];
      throw new DataFormatError(OP, { file: this.source, offset: start }, `expected ${what} (a non-negative decimal integer), found '${text}'`);
    }
    return v;
  }
}

/**
 * Decode a Netpbm PGM or PPM file: plain (P2 greymap, P3 pixmap: ASCII decimals) or raw (P5, P6: binary, one byte
 * per sample when maxval < 256, else two bytes big-endian). Comments (`#` to the end of the line) may appear in the
 * header (and between plain samples). Samples scale to 8 bits by round(v · 255 / maxval); maxval is 1 to 65535. Only
 * the first image of a multi-image file is read.
 * @param bytes - the whole file
 * @param source - the file name for error messages (default `'<bytes>'`)
 * @returns the image: 1 channel (PGM) or 3 (PPM), height × width × channels bytes, row-major
 * @throws DataFormatError for another magic number (PBM and PAM are not supported), a bad header, a sample over
 * maxval, or a truncated file, naming `source` and the byte offset.
 * @example
 * const img = tn.data.decodeNetpbm(new TextEncoder().encode('P2 2 1 255 0 255'), 'tiny.pgm'); // 2×1 grey
 */
export function decodeNetpbm(bytes: Uint8Array, source = '<bytes>'): DecodedImage {
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  const kind = KINDS[magic];
  if (kind === undefined || (bytes.length > 2 && !isSpace(bytes[2]!) && bytes[2] !== 0x23)) {
    const other = OTHER_KINDS[magic];
    const found = other !== undefined ? `${magic} (${other}), which is not supported`
      : bytes.length === 0 ? 'an empty file' : Array.from(bytes.subarray(0, 2), (v) => v.toString(16).padStart(2, '0')).join(' ');
    throw new DataFormatError(OP, { file: source, offset: 0 }, `expected a PGM or PPM magic number P2, P3, P5 or P6, found ${found}`);
  }
  const t = new Tokens(bytes, 2, source);
  const width = t.number('the width');
  const height = t.number('the height');
  const maxvalAt = t.pos;
  const maxval = t.number('the maxval');
  if (width < 1 || height < 1) {
    throw new DataFormatError(OP, { file: source, offset: 2 }, `expected a positive width and height, found ${width}×${height}`);
  }
  if (maxval < 1 || maxval > 65535) {
    throw new DataFormatError(OP, { file: source, offset: maxvalAt }, `expected a maxval from 1 to 65535, found ${maxval}`);
  }
  const { channels } = kind;
  const count = width * height * channels;
  if (count > 2 ** 30) throw new DataFormatError(OP, { file: source, offset: 2 }, `${width}×${height} pixels is larger than this decoder accepts`);
  const data = new Uint8Array(count);
  const over = (v: number, i: number, offset: number): never => {
    throw new DataFormatError(OP, { file: source, offset }, `sample ${i} (pixel ${Math.floor(i / channels)}) is ${v}, over the maxval ${maxval}`);
  };
  if (kind.plain) {
    for (let i = 0; i < count; i++) {
      const v = t.number(`sample ${i} of ${count} (${kind.name} ${width}×${height})`);
      if (v > maxval) over(v, i, t.pos);
      data[i] = scaleTo8(v, maxval);
    }
    return { width, height, channels, data };
  }
  if (!isSpace(bytes[t.pos] ?? 0)) {
    throw new DataFormatError(OP, { file: source, offset: t.pos }, 'expected one whitespace byte after the maxval, before the raster');
  }
  const start = t.pos + 1;
  const size = maxval < 256 ? 1 : 2;
  if (start + count * size > bytes.length) {
    throw new DataFormatError(OP, { file: source, offset: bytes.length },
      `truncated file: a ${kind.name} of ${width}×${height} with maxval ${maxval} needs ${count * size} bytes of samples ` +
      `from byte offset ${start}, found ${bytes.length - start}`);
  }
  for (let i = 0; i < count; i++) {
    const at = start + i * size;
    const v = size === 1 ? bytes[at]! : (bytes[at]! << 8) | bytes[at + 1]!;
    if (v > maxval) over(v, i, at);
    data[i] = scaleTo8(v, maxval);
  }
  return { width, height, channels, data };
}
