/**
 * DEFLATE (RFC 1951) and zlib (RFC 1950) decompression in plain TypeScript, so PNG files decode in browsers too:
 * stored, fixed-Huffman and dynamic-Huffman blocks, the zlib header and its Adler-32 check. Corrupt streams raise a
 * `DataFormatError` naming the byte offset in the compressed data.
 */
import { adler32 } from '../core/index.js';
import { DataFormatError, type DataLocation } from './errors.js';

/** Options of `inflate` and `inflateRaw`. */
export interface InflateOptions {
  /** Name of the data for error messages, e.g. `'digit.png (IDAT)'` (default `'<bytes>'`). */
  readonly source?: string;
  /** The decompressed size when it is known (a PNG's image size): the output is allocated once. */
  readonly expectedLength?: number;
  /** The most bytes the data may decompress to; more raises a DataFormatError (default: no limit). */
  readonly maxLength?: number;
}

/** The result of `inflateRaw`: the decompressed bytes and where the compressed stream ended. */
export interface InflateResult {
  /** The decompressed bytes. */
  readonly data: Uint8Array;
  /** Byte offset just past the last (partial) byte of the deflate stream in the input. */
  readonly end: number;
}

/** A canonical Huffman code as a lookup table: entry = symbol << 4 | code length (0: no code). */
interface HuffmanTable {
  readonly table: Int32Array;
  readonly bits: number;
}

const MAX_BITS = 15;
/** Base lengths and extra bits of length symbols 257..285. */
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Base distances and extra bits of distance symbols 0..29. */
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists the code lengths of the code-length alphabet. */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * How a decompression reports errors: the operation named in messages, where an offset of the compressed stream lies
 * (a PNG maps it into its file, across IDAT chunks), and a prefix saying which data is corrupt. Internal to `data`.
 */
export interface InflateContext {
  /** The operation named in messages, e.g. `'decodePng'`. */
  readonly op: string;
  /** The location of a byte offset of the compressed stream. */
  readonly locate: (offset: number) => DataLocation;
  /** Text put before each message, e.g. `'IDAT image data: '`. */
  readonly prefix?: string;
}

/** Reads bits least-significant first, as DEFLATE packs them; errors carry the byte offset. */
class BitReader {
  pos = 0;
  buf = 0;
  count = 0;

  constructor(readonly bytes: Uint8Array, readonly context: InflateContext) {}

  /** Byte offset of the next unread bit. */
  offset(): number {
    return this.pos - Math.ceil(this.count / 8);
  }

  fail(message: string, offset = this.offset()): never {
    throw new DataFormatError(this.context.op, this.context.locate(offset), (this.context.prefix ?? '') + message);
  }

  eof(what: string): never {
    this.fail(`unexpected end of the compressed data while reading ${what}: the ${this.bytes.length}-byte stream is truncated`, this.bytes.length);
  }

  /** `n` bits (0 ≤ n ≤ 16) as an unsigned number. */
  bits(n: number, what: string): number {
    while (this.count < n) {
      if (this.pos >= this.bytes.length) this.eof(what);
      this.buf |= this.bytes[this.pos++]! << this.count;
      this.count += 8;
    }
    const v = this.buf & ((1 << n) - 1);
    this.buf >>>= n;
    this.count -= n;
    return v;
  }

  /** One symbol of a Huffman code. */
  decode(code: HuffmanTable, what: string): number {
    const start = this.offset();
    while (this.count < code.bits && this.pos < this.bytes.length) {
      this.buf |= this.bytes[this.pos++]! << this.count;
      this.count += 8;
    }
    const entry = code.table[this.buf & ((1 << code.bits) - 1)]!;
    const len = entry & 15;
    if (len === 0 || len > this.count) {
      if (len > this.count || this.count < code.bits) this.eof(what);
      this.fail(`invalid ${what} code (a bit pattern the block's Huffman code does not assign)`, start);
    }
    this.buf >>>= len;
    this.count -= len;
    return entry >> 4;
  }

  /** Drop the bits left in the current byte and return the byte offset of the next whole byte. */
  alignToByte(): number {
    this.pos -= this.count >> 3;
    this.buf = 0;
    this.count = 0;
    return this.pos;
  }
}

/**
 * Build the canonical Huffman code of RFC 1951 §3.2.2 from code lengths (0: symbol unused).
 * An over-subscribed set of lengths is an error; an incomplete one is too, except a code with no symbol at all
 * (its symbols then fail when decoded) or, with `allowSingle`, one symbol of length 1 (RFC 1951 allows it for
 * distances; zlib also for literal/length codes).
 */
function buildHuffman(lengths: ArrayLike<number>, what: string, reader: BitReader | undefined, at: number, allowSingle: boolean): HuffmanTable {
  const counts = new Int32Array(MAX_BITS + 1);
  let maxLen = 0;
  for (let s = 0; s < lengths.length; s++) {
    const len = lengths[s]!;
    counts[len]!++;
    if (len > maxLen) maxLen = len;
  }
  counts[0] = 0;
  const fail = (message: string): never => {
    if (reader === undefined) throw new Error(`inflate: internal Huffman table ${what}: ${message}`);
    return reader.fail(`invalid ${what} code lengths: ${message}`, at);
  };
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - counts[len]!;
    if (left < 0) fail(`the lengths over-subscribe the code (more codes of ${len} bits than there is room for)`);
  }
  const used = lengths.length - Array.prototype.filter.call(lengths, (l: number) => l === 0).length;
  if (left > 0 && used > 0 && !(allowSingle && used === 1 && maxLen === 1)) {
    fail(`the lengths leave the code incomplete (${used} symbols, some bit patterns unassigned)`);
  }
  const bits = Math.max(1, maxLen);
  const table = new Int32Array(1 << bits);
  const next = new Int32Array(MAX_BITS + 2);
  for (let len = 1, code = 0; len <= MAX_BITS; len++) {
    code = (code + counts[len - 1]!) << 1;
    next[len] = code;
  }
  for (let s = 0; s < lengths.length; s++) {
    const len = lengths[s]!;
    if (len === 0) continue;
    const code = next[len]!++;
    let reversed = 0;
    for (let i = 0; i < len; i++) reversed |= ((code >> i) & 1) << (len - 1 - i);
    for (let i = reversed; i < table.length; i += 1 << len) table[i] = (s << 4) | len;
  }
  return { table, bits };
}

let fixed: { lit: HuffmanTable; dist: HuffmanTable } | undefined;

/** The fixed Huffman codes of block type 01 (RFC 1951 §3.2.6). */
function fixedCodes(): { lit: HuffmanTable; dist: HuffmanTable } {
  if (fixed !== undefined) return fixed;
  const lit = new Uint8Array(288);
  lit.fill(8, 0, 144);
  lit.fill(9, 144, 256);
  lit.fill(7, 256, 280);
  lit.fill(8, 280, 288);
  fixed = {
    lit: buildHuffman(lit, 'fixed literal/length', undefined, 0, false),
    dist: buildHuffman(new Uint8Array(32).fill(5), 'fixed distance', undefined, 0, false), // 30, 31 unused but coded
  };
  return fixed;
}

/** The literal/length and distance codes of a dynamic block (type 10), read from its header. */
function dynamicCodes(r: BitReader): { lit: HuffmanTable; dist: HuffmanTable } {
  const at = r.offset();
  const nlit = r.bits(5, 'a dynamic block header') + 257;
  const ndist = r.bits(5, 'a dynamic block header') + 1;
  const nclen = r.bits(4, 'a dynamic block header') + 4;
  if (nlit > 286 || ndist > 30) {
    r.fail(`invalid dynamic block header: expected at most 286 literal/length and 30 distance codes, found ${nlit} and ${ndist}`, at);
  }
  const clLengths = new Uint8Array(19);
  for (let i = 0; i < nclen; i++) clLengths[CL_ORDER[i]!] = r.bits(3, 'the code-length code');
  const clCode = buildHuffman(clLengths, 'code-length', r, at, false);
  const lengths = new Uint8Array(nlit + ndist);
  for (let i = 0; i < lengths.length; ) {
    const symAt = r.offset();
    const sym = r.decode(clCode, 'code-length');
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (sym === 16) {
      if (i === 0) r.fail('invalid code lengths: code 16 (repeat the previous length) with no previous length', symAt);
      value = lengths[i - 1]!;
      repeat = 3 + r.bits(2, 'a repeat count');
    } else if (sym === 17) {
      repeat = 3 + r.bits(3, 'a repeat count');
    } else {
      repeat = 11 + r.bits(7, 'a repeat count');
    }
    if (i + repeat > lengths.length) {
      r.fail(`invalid code lengths: a repeat of ${repeat} runs past the ${lengths.length} lengths the header declares`, symAt);
    }
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  if (lengths[256] === 0) r.fail('invalid dynamic block: the end-of-block symbol 256 has no code', at);
  return {
    lit: buildHuffman(lengths.subarray(0, nlit), 'literal/length', r, at, true),
    dist: buildHuffman(lengths.subarray(nlit), 'distance', r, at, true),
  };
}

/** A growable output buffer with an optional size limit. */
class Output {
  data: Uint8Array;
  length = 0;

  constructor(initial: number, readonly max: number, readonly r: BitReader) {
    this.data = new Uint8Array(Math.max(64, Math.min(initial, max)));
  }

  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.data.length) return;
    if (need > this.max) this.r.fail(`the data decompresses to more than the expected ${this.max} bytes`);
    const grown = new Uint8Array(Math.min(this.max, Math.max(need, this.data.length * 2)));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
}

/**
 * Decompress raw DEFLATE data (RFC 1951: no zlib or gzip header).
 * @param bytes - the compressed data; decoding stops after the final block, bytes after it are not read
 * @param options - source name for messages, expected and maximum decompressed size
 * @returns the decompressed bytes and the offset where the deflate stream ended
 * @throws DataFormatError for a reserved block type, a stored block whose length check fails, invalid Huffman
 * codes, a distance before the start of the data, a size over `maxLength` or truncated data (with the byte offset).
 * @example tn.data.inflateRaw(zlib.deflateRawSync(bytes)).data // equals bytes
 */
export function inflateRaw(bytes: Uint8Array, options: InflateOptions = {}): InflateResult {
  const file = options.source ?? '<bytes>';
  return inflateFrom(new BitReader(bytes, { op: 'inflateRaw', locate: (offset) => ({ file, offset }) }), options);
}

function inflateFrom(r: BitReader, options: InflateOptions): InflateResult {
  const max = options.maxLength ?? 2 ** 31;
  const out = new Output(options.expectedLength ?? r.bytes.length * 4, max, r);
  for (let final = 0; final === 0; ) {
    const blockAt = r.offset();
    final = r.bits(1, 'a block header');
    const type = r.bits(2, 'a block header');
    if (type === 0) {
      const at = r.alignToByte();
      const b = r.bytes;
      if (at + 4 > b.length) r.eof('a stored block header');
      const len = b[at]! | (b[at + 1]! << 8);
      const nlen = b[at + 2]! | (b[at + 3]! << 8);
      if ((len ^ 0xffff) !== nlen) {
        r.fail(`invalid stored block: LEN ${len} and NLEN ${nlen} are not one's complements`, at);
      }
      if (at + 4 + len > b.length) r.eof(`a stored block of ${len} bytes`);
      out.reserve(len);
      out.data.set(b.subarray(at + 4, at + 4 + len), out.length);
      out.length += len;
      r.pos = at + 4 + len;
    } else if (type === 3) {
      r.fail('invalid block type 3 (reserved): this is not DEFLATE data, or it is corrupt', blockAt);
    } else {
      const { lit, dist } = type === 1 ? fixedCodes() : dynamicCodes(r);
      inflateBlock(r, out, lit, dist);
    }
  }
  return { data: out.data.length === out.length ? out.data : out.data.slice(0, out.length), end: r.alignToByte() };
}

/** The symbols of one Huffman-coded block, up to its end-of-block symbol. */
function inflateBlock(r: BitReader, out: Output, lit: HuffmanTable, dist: HuffmanTable): void {
  for (;;) {
    const at = r.offset();
    const sym = r.decode(lit, 'literal/length');
    if (sym < 256) {
      if (out.length >= out.data.length) out.reserve(1);
      out.data[out.length++] = sym;
      continue;
    }
    if (sym === 256) return;
    if (sym > 285) r.fail(`invalid literal/length symbol ${sym} (286 and 287 do not occur in valid data)`, at);
    const li = sym - 257;
    const length = LENGTH_BASE[li]! + r.bits(LENGTH_EXTRA[li]!, 'length extra bits');
    const dsym = r.decode(dist, 'distance');
    if (dsym > 29) r.fail(`invalid distance symbol ${dsym} (30 and 31 do not occur in valid data)`, at);
    const distance = DIST_BASE[dsym]! + r.bits(DIST_EXTRA[dsym]!, 'distance extra bits');
    if (distance > out.length) {
      r.fail(`invalid distance ${distance}: it reaches before the start of the data (${out.length} bytes decoded so far)`, at);
    }
    out.reserve(length);
    const d = out.data;
    let o = out.length;
    const end = o + length;
    for (let s = o - distance; o < end; ) d[o++] = d[s++]!;
    out.length = end;
  }
}

/**
 * Decompress a zlib stream (RFC 1950: a 2-byte header, DEFLATE data, the Adler-32 of the result), as in PNG IDAT
 * chunks and Node's `zlib.deflateSync`. Bytes after the Adler-32 checksum are ignored.
 * @param bytes - the zlib stream
 * @param options - source name for messages, expected and maximum decompressed size
 * @returns the decompressed bytes
 * @throws DataFormatError for a bad header (not deflate, a window over 32 KiB, a failed header check, a preset
 * dictionary), corrupt or truncated DEFLATE data, or an Adler-32 mismatch; each message names the byte offset.
 * @example tn.data.inflate(zlib.deflateSync(bytes)) // equals bytes
 */
export function inflate(bytes: Uint8Array, options: InflateOptions = {}): Uint8Array {
  const file = options.source ?? '<bytes>';
  return inflateZlib(bytes, options, { op: 'inflate', locate: (offset) => ({ file, offset }) });
}

/**
 * `inflate` with the error reporting of `context` (internal to `data`: the PNG decoder locates offsets in its file).
 * @param bytes - the zlib stream
 * @param options - expected and maximum decompressed size (`source` is unused: `context` locates errors)
 * @param context - operation, offset mapping and message prefix for errors
 */
export function inflateZlib(bytes: Uint8Array, options: InflateOptions, context: InflateContext): Uint8Array {
  const r = new BitReader(bytes, context);
  if (bytes.length < 2) r.eof('the 2-byte zlib header');
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  const hex = (v: number): string => '0x' + v.toString(16).padStart(2, '0');
  if ((cmf & 0x0f) !== 8) {
    r.fail(`expected a zlib header with compression method 8 (deflate), found method ${cmf & 0x0f} (first byte ${hex(cmf)})`, 0);
  }
  if (cmf >> 4 > 7) r.fail(`expected a zlib window size of at most 32 KiB (CINFO ≤ 7), found CINFO ${cmf >> 4}`, 0);
  if (((cmf << 8) | flg) % 31 !== 0) {
    r.fail(`zlib header check failed: ${hex(cmf)} ${hex(flg)} is not a multiple of 31 as a 16-bit number (not zlib data, or corrupt)`, 0);
  }
  if ((flg & 0x20) !== 0) r.fail('the zlib stream needs a preset dictionary, which is not supported', 1);
  r.pos = 2;
  const { data, end } = inflateFrom(r, options);
  if (end + 4 > bytes.length) r.eof('the Adler-32 checksum after the compressed data');
  const stored = ((bytes[end]! << 24) | (bytes[end + 1]! << 16) | (bytes[end + 2]! << 8) | bytes[end + 3]!) >>> 0;
  const actual = adler32(data);
  if (stored !== actual) {
    const h = (v: number): string => '0x' + v.toString(16).padStart(8, '0');
    r.fail(`Adler-32 checksum mismatch: the stream stores ${h(stored)}, the ${data.length} decompressed bytes give ${h(actual)} (corrupt data)`, end);
  }
  return data;
}
