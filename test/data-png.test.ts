/**
 * decodePng: golden files written by Pillow and by tools/golden/images.py (every colour type, bit depth, filter type,
 * Adam7), round trips through report's encodePng, and corrupt or unsupported files with their messages.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as zlib from 'node:zlib';
import * as tn from 'tasknet';
import { decodePng as referenceDecode } from './helpers/png-decode.js';
import { repoRoot } from './helpers/repo.js';

const { decodePng, DataFormatError } = tn.data;
const dir = path.join(repoRoot(), 'test', 'fixtures', 'images');

interface Expected {
  file: string;
  writer: string;
  width: number;
  height: number;
  channels: number;
  hex?: string;
  crc32?: number;
  sum?: number;
}

const expected = (JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { images: Expected[] }).images;
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(path.join(dir, file)));
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function u32(v: number): Uint8Array {
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** A chunk with a correct CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat(new TextEncoder().encode(type), data);
  return concat(u32(data.length), body, u32(tn.report.crc32(body)));
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** A PNG from IHDR fields and the raw (filtered) scanlines, compressed by node:zlib; extra chunks go before IDAT. */
function makePng(h: { width: number; height: number; depth?: number; colorType?: number; interlace?: number }, raw: Uint8Array,
  extra: Uint8Array[] = [], zlibStream?: Uint8Array): Uint8Array {
  const ihdr = concat(u32(h.width), u32(h.height), Uint8Array.of(h.depth ?? 8, h.colorType ?? 0, 0, 0, h.interlace ?? 0));
  const idat = zlibStream ?? new Uint8Array(zlib.deflateSync(raw));
  return concat(SIGNATURE, chunk('IHDR', ihdr), ...extra, chunk('IDAT', idat), chunk('IEND', new Uint8Array(0)));
}

describe('decodePng: golden files', () => {
  for (const e of expected.filter((x) => x.file.endsWith('.png'))) {
    test(`${e.file} (${e.writer})`, () => {
      const img = decodePng(read(e.file), e.file);
      assert.deepEqual([img.width, img.height, img.channels], [e.width, e.height, e.channels]);
      assert.equal(img.data.length, e.width * e.height * e.channels);
      if (e.hex !== undefined) {
        assert.equal(hex(img.data), e.hex);
      } else {
        assert.equal(tn.report.crc32(img.data), e.crc32);
        assert.equal(img.data.reduce((s, v) => s + v, 0), e.sum);
      }
    });
  }

  test('the 64×64 drawing agrees with the independent reader of the tests (node:zlib)', () => {
    const file = read('digit64.png');
    assert.deepEqual(decodePng(file).data, referenceDecode(file).pixels);
  });
});

describe('decodePng: round trips through encodePng', () => {
  test('every channel count, odd sizes, and an image over 64 KiB (several stored blocks)', () => {
    const sizes: [number, number][] = [[1, 1], [3, 7], [17, 5], [200, 120]];
    for (const channels of [1, 2, 3, 4] as const) {
      for (const [width, height] of sizes) {
        const data = new Uint8Array(width * height * channels).map((_, i) => (i * 7919 + (i >> 5)) & 0xff);
        const img = decodePng(tn.report.encodePng({ width, height, channels, data }));
        assert.deepEqual(img, { width, height, channels, data }, `${width}×${height}×${channels}`);
      }
    }
  });
});

/** Assert that `fn` throws a DataFormatError whose message matches every pattern. */
function throwsFormat(fn: () => unknown, ...patterns: RegExp[]): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${String(error)}`);
  for (const p of patterns) assert.match(error.message, p);
}

describe('decodePng: corrupt and unsupported files', () => {
  const small = tn.report.encodePng({ width: 3, height: 2, channels: 1, data: Uint8Array.of(1, 2, 3, 4, 5, 6) });

  test('not a PNG: the signature is named, and what was found', () => {
    throwsFormat(() => decodePng(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46), 'photo.jpg'),
      /^decodePng: photo\.jpg, byte offset 0: expected the PNG signature 89 50 4e 47 0d 0a 1a 0a, found ff d8 ff e0 00 10 4a 46 \(not a PNG file\)/);
    throwsFormat(() => decodePng(new Uint8Array(0), 'empty.png'), /found an empty file/);
    const crlf = small.slice();
    crlf[4] = 0x0a; // a file mangled by a text-mode transfer
    throwsFormat(() => decodePng(crlf), /expected the PNG signature/);
  });

  test('truncated files, cut at every length, name the file', () => {
    for (let n = 8; n < small.length; n++) {
      throwsFormat(() => decodePng(small.subarray(0, n), 'cut.png'), /^decodePng: cut\.png/, /truncated/);
    }
    throwsFormat(() => decodePng(small.subarray(0, 30), 'cut.png'), /truncated file: chunk IHDR declares 13 bytes of data \(\+ 4 CRC bytes\), only 14 bytes follow its header/);
    const noEnd = small.subarray(0, small.length - 12);
    throwsFormat(() => decodePng(noEnd, 'cut.png'), /truncated file: expected a chunk header \(8 bytes\) or IEND, found the end of the file \(2 chunks read, the last IDAT\)/);
  });

  test('a bad CRC names the chunk, both values and the offset', () => {
    const bad = small.slice();
    bad[17]! ^= 0x01; // a byte of IHDR's width
    throwsFormat(() => decodePng(bad, 'bad.png'),
      /^decodePng: bad\.png, byte offset 29: CRC mismatch in chunk IHDR \(at byte offset 8\): stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8} \(corrupt file\)$/);
  });

  test('a wrong zlib checksum (valid CRCs) and corrupt compressed data name the offset in the file', () => {
    const raw = Uint8Array.of(0, 1, 2, 3, 0, 4, 5, 6);
    const z = new Uint8Array(zlib.deflateSync(raw));
    z[z.length - 1]! ^= 0xff;
    throwsFormat(() => decodePng(makePng({ width: 3, height: 2 }, raw, [], z), 'adler.png'),
      /^decodePng: adler\.png, byte offset \d+: corrupt image data \(the zlib stream of the IDAT chunks\): Adler-32 checksum mismatch/);
    const bad = new Uint8Array(zlib.deflateSync(raw));
    bad[2] = 0x07; // block type 3
    throwsFormat(() => decodePng(makePng({ width: 3, height: 2 }, raw, [], bad), 'btype.png'), /byte offset 43: .*invalid block type 3/);
  });

  test('too little image data, a bad filter type, a palette index past the palette', () => {
    throwsFormat(() => decodePng(makePng({ width: 3, height: 2 }, Uint8Array.of(0, 1, 2, 3))),
      /truncated image data: the IDAT chunks decompress to 4 bytes, a 3×2 greyscale image at 8 bits needs 8/);
    throwsFormat(() => decodePng(makePng({ width: 3, height: 2 }, Uint8Array.of(0, 1, 2, 3, 7, 4, 5, 6))),
      /expected a filter type 0 to 4, found 7 on row 1/);
    const plte = chunk('PLTE', Uint8Array.of(0, 0, 0, 255, 255, 255));
    throwsFormat(() => decodePng(makePng({ width: 2, height: 1, colorType: 3 }, Uint8Array.of(0, 1, 2), [plte])),
      /palette index 2 at pixel \(1, 0\) is past the 2-entry palette/);
    throwsFormat(() => decodePng(makePng({ width: 2, height: 1, colorType: 3 }, Uint8Array.of(0, 1, 0))),
      /expected a PLTE chunk in a palette image/);
  });

  test('unsupported or invalid headers and chunks', () => {
    const raw = Uint8Array.of(0, 0, 0);
    throwsFormat(() => decodePng(makePng({ width: 2, height: 1, depth: 3 }, raw), 'd3.png'),
      /^decodePng: d3\.png, byte offset 24: IHDR: bit depth 3 is not allowed with colour type 0 \(greyscale\); allowed: 1, 2, 4, 8, 16$/);
    throwsFormat(() => decodePng(makePng({ width: 2, height: 1, depth: 16, colorType: 3 }, raw)), /bit depth 16 is not allowed with colour type 3 \(palette\)/);
    throwsFormat(() => decodePng(makePng({ width: 2, height: 1, colorType: 5 }, raw)), /expected colour type 0 \(grey\), 2 \(RGB\), 3 \(palette\), 4 \(grey \+ alpha\) or 6 \(RGBA\), found 5/);
    throwsFormat(() => decodePng(makePng({ width: 2, height: 1, interlace: 2 }, raw)), /expected interlace method 0 \(none\) or 1 \(Adam7\), found 2/);
    throwsFormat(() => decodePng(makePng({ width: 0, height: 1 }, raw)), /expected a width and height from 1 to 2\^31 − 1, found 0×1/);
    throwsFormat(() => decodePng(makePng({ width: 2, height: 1 }, raw, [chunk('CgBI', new Uint8Array(4))])),
      /unsupported critical chunk CgBI \(known: IHDR, PLTE, IDAT, IEND\)/);
    // ancillary chunks (lower-case first letter) are skipped
    const withText = makePng({ width: 2, height: 1 }, Uint8Array.of(0, 9, 8), [chunk('tEXt', new TextEncoder().encode('Comment\0hi'))]);
    assert.deepEqual(decodePng(withText).data, Uint8Array.of(9, 8));
  });

  test('random corruption of image data (CRCs fixed up) raises DataFormatError or decodes, never anything else', () => {
    for (const name of ['adam7-rgba8.png', 'digit64.png', 'filters-grey4.png']) {
      const file = read(name);
      const view = new DataView(file.buffer, file.byteOffset);
      const idat = file.findIndex((_, i) => i > 8 && String.fromCharCode(...file.subarray(i, i + 4)) === 'IDAT') - 4;
      const length = view.getUint32(idat);
      for (let trial = 0; trial < 300; trial++) {
        const bad = file.slice();
        const at = idat + 8 + ((trial * 7919) % length);
        bad[at]! ^= 1 << (trial % 8);
        new DataView(bad.buffer).setUint32(idat + 8 + length, tn.report.crc32(bad.subarray(idat + 4, idat + 8 + length)));
        try { decodePng(bad); } catch (e) { assert.ok(e instanceof DataFormatError, `${name}, byte ${at}: ${String(e)}`); }
      }
    }
  });
});
