/** The pure-TypeScript zlib/DEFLATE decompressor against node:zlib, on every block type, and on corrupt streams. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import * as tn from 'tasknet';

const { inflate, inflateRaw, DataFormatError } = tn.data;

/** Deterministic pseudo-random bytes. */
function noise(n: number, seed = 1): Uint8Array {
  let s = seed >>> 0;
  return new Uint8Array(n).map(() => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s >>> 24;
  });
}

const text = new TextEncoder().encode(
  'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, '.repeat(40));
const inputs: Record<string, Uint8Array> = {
  empty: new Uint8Array(0),
  'one byte': Uint8Array.of(42),
  text,
  noise: noise(5000),
  'long runs': new Uint8Array(70_000).map((_, i) => (i >> 9) & 3),
  // repeats 20,000 bytes apart: distances beyond 16K (the last distance codes)
  'far repeats': (() => { const a = noise(20_000, 7); const out = new Uint8Array(60_000); for (let i = 0; i < 3; i++) out.set(a, i * 20_000); return out; })(),
  'mixed': (() => { const out = new Uint8Array(100_000); out.set(noise(30_000, 3)); out.set(text, 40_000); return out; })(),
};

/** The block type (BTYPE) of a zlib stream's first block. */
const firstBlockType = (z: Uint8Array): number => (z[2]! >> 1) & 3;

describe('inflate (zlib) and inflateRaw agree with node:zlib', () => {
  test('every level, on text, noise, runs and long-distance repeats', () => {
    for (const [name, input] of Object.entries(inputs)) {
      for (let level = 0; level <= 9; level++) {
        const z = zlib.deflateSync(input, { level });
        assert.deepEqual(inflate(z), input, `${name}, level ${level}`);
      }
    }
  });

  test('stored, fixed-Huffman and dynamic-Huffman blocks, and every strategy and window size', () => {
    const { Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE, Z_FILTERED, Z_DEFAULT_STRATEGY } = zlib.constants;
    assert.equal(firstBlockType(zlib.deflateSync(text, { level: 0 })), 0);
    assert.equal(firstBlockType(zlib.deflateSync(text, { strategy: Z_FIXED })), 1);
    assert.equal(firstBlockType(zlib.deflateSync(text)), 2);
    for (const [name, input] of Object.entries(inputs)) {
      for (const strategy of [Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE, Z_FILTERED, Z_DEFAULT_STRATEGY]) {
        for (const windowBits of [9, 12, 15]) {
          const z = zlib.deflateSync(input, { strategy, windowBits, memLevel: 9 });
          assert.deepEqual(inflate(z), input, `${name}, strategy ${strategy}, windowBits ${windowBits}`);
        }
      }
    }
  });

  test('inflateRaw reads headerless DEFLATE and says where the stream ended', () => {
    const raw = zlib.deflateRawSync(text);
    const withTail = new Uint8Array(raw.length + 3);
    withTail.set(raw);
    const { data, end } = inflateRaw(withTail);
    assert.deepEqual(data, text);
    assert.equal(end, raw.length);
  });

  test('many small stored blocks (a flushed stream) and an expected length', () => {
    const d = zlib.createDeflate({ level: 0 });
    const parts: Buffer[] = [];
    d.on('data', (b: Buffer) => parts.push(b));
    const input = noise(3000, 9);
    for (let i = 0; i < 3000; i += 250) d.write(input.subarray(i, i + 250), () => undefined);
    const done = new Promise<void>((resolve) => d.end(() => resolve()));
    return done.then(() => {
      const z = new Uint8Array(Buffer.concat(parts));
      assert.deepEqual(inflate(z, { expectedLength: 3000 }), input);
      assert.deepEqual(inflate(z, { expectedLength: 10 }), input); // a wrong hint only costs reallocation
    });
  });
});

/** Assert that `fn` throws a DataFormatError whose message matches every pattern. */
function throwsFormat(fn: () => unknown, ...patterns: RegExp[]): InstanceType<typeof DataFormatError> {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${String(error)}`);
  for (const p of patterns) assert.match(error.message, p);
  return error;
}

describe('inflate: corrupt streams', () => {
  const good = new Uint8Array(zlib.deflateSync(text));

  test('an Adler-32 mismatch names both checksums and the offset of the checksum', () => {
    const bad = good.slice();
    bad[bad.length - 1]! ^= 0x01;
    const e = throwsFormat(() => inflate(bad, { source: 'x.z' }),
      /^inflate: x\.z, byte offset \d+: Adler-32 checksum mismatch: the stream stores 0x[0-9a-f]{8}, the 4400 decompressed bytes give 0x[0-9a-f]{8}/);
    assert.equal(e.offset, good.length - 4);
    assert.equal(e.file, 'x.z');
  });

  test('truncated streams, at every length', () => {
    for (let n = 0; n < good.length; n++) {
      throwsFormat(() => inflate(good.subarray(0, n)), /unexpected end of the compressed data|truncated/);
    }
  });

  test('bad zlib headers: not deflate, a failed check, a preset dictionary', () => {
    throwsFormat(() => inflate(Uint8Array.of(0x1f, 0x8b, 8, 0)), /compression method 8 \(deflate\), found method 15/, /byte offset 0/);
    throwsFormat(() => inflate(Uint8Array.of(0x78, 0x9d, 0, 0)), /zlib header check failed: 0x78 0x9d/);
    throwsFormat(() => inflate(Uint8Array.of(0x88, 0x1c, 0, 0)), /window size of at most 32 KiB/);
    const dict = new Uint8Array(zlib.deflateSync(text, { dictionary: Buffer.from('it was the') }));
    throwsFormat(() => inflate(dict), /preset dictionary, which is not supported/);
  });

  test('a reserved block type, a stored block whose NLEN is wrong, a distance before the start', () => {
    throwsFormat(() => inflate(Uint8Array.of(0x78, 0x01, 0x07)), /invalid block type 3 \(reserved\)/, /byte offset 2/);
    throwsFormat(() => inflateRaw(Uint8Array.of(0x01, 0x05, 0x00, 0xfa, 0xfe, 1, 2, 3, 4, 5)), /LEN 5 and NLEN 65274 are not one's complements/);
    // fixed block: literal 'a' (0x61 → code 0x91, 8 bits), then length 3 (symbol 257, code 0000001) at distance 2
    const bits: number[] = [1, 1, 0]; // BFINAL, BTYPE = 01 (LSB first)
    const code = (value: number, n: number) => { for (let i = n - 1; i >= 0; i--) bits.push((value >> i) & 1); };
    code(0x30 + 0x61, 8);
    code(1, 7); // symbol 257
    code(1, 5); // distance symbol 1: distance 2
    code(0, 7); // end of block
    const bytes = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((b, i) => { bytes[i >> 3]! |= b << (i & 7); });
    throwsFormat(() => inflateRaw(bytes), /invalid distance 2: it reaches before the start of the data \(1 bytes decoded so far\)/);
  });

  test('bad code lengths in a dynamic block, and a size over maxLength', () => {
    // BFINAL 1, BTYPE 10, HLIT 0, HDIST 0, HCLEN 15 (19 lengths), every code-length code 1 bit long: over-subscribed
    const bits: number[] = [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
    for (let i = 0; i < 19; i++) bits.push(1, 0, 0);
    const bytes = new Uint8Array(Math.ceil(bits.length / 8) + 4);
    bits.forEach((b, i) => { bytes[i >> 3]! |= b << (i & 7); });
    throwsFormat(() => inflateRaw(bytes), /invalid code-length code lengths: the lengths over-subscribe the code/);
    const z = new Uint8Array(zlib.deflateSync(text));
    throwsFormat(() => inflate(z, { maxLength: 1000 }), /decompresses to more than the expected 1000 bytes/);
  });

  test('random corruption raises DataFormatError (or decodes), never anything else', () => {
    const rng = noise(4000, 5);
    for (let trial = 0; trial < 1000; trial++) {
      const bad = good.slice();
      const at = 2 + ((rng[(trial * 2) % rng.length]! << 8 | rng[(trial * 2 + 1) % rng.length]!) % (good.length - 2));
      bad[at]! ^= 1 << (trial % 8);
      try {
        inflate(bad, { maxLength: 1 << 20 });
      } catch (e) {
        assert.ok(e instanceof DataFormatError, `trial ${trial}, byte ${at}: ${String(e)}`);
      }
    }
  });
});
