// The report's PNG encoder (stored deflate blocks, CRC-32, Adler-32) checked by an independent decoder, and base64.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import * as tn from 'tasknet';
import { decodePng, PNG_SIGNATURE, referenceCrc32 } from './helpers/png-decode.js';

const { report } = tn;
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('report: checksums and base64', () => {
  test('CRC-32 and Adler-32 of the standard check strings', () => {
    assert.equal(report.crc32(ascii('123456789')), 0xcbf43926);
    assert.equal(report.crc32(new Uint8Array(0)), 0);
    assert.equal(report.adler32(ascii('Wikipedia')), 0x11e60398);
    assert.equal(report.adler32(new Uint8Array(0)), 1);
  });

  test('CRC-32 agrees with a second implementation on random bytes, and continues across pieces', () => {
    const bytes = new Uint8Array(10_000).map((_, i) => (i * 7919 + (i >> 3)) & 0xff);
    assert.equal(report.crc32(bytes), referenceCrc32(bytes));
    assert.equal(report.crc32(bytes.subarray(5000), report.crc32(bytes.subarray(0, 5000))), referenceCrc32(bytes));
  });

  test('Adler-32 of a long run of 0xff matches the sums done by hand with BigInt', () => {
    const bytes = new Uint8Array(100_000).fill(255);
    let s1 = 1n;
    let s2 = 0n;
    for (const b of bytes) { s1 += BigInt(b); s2 += s1; }
    assert.equal(report.adler32(bytes), Number(((s2 % 65521n) << 16n) | (s1 % 65521n)));
  });

  test('base64 matches Buffer on every padding length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 20_000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 0xff);
      assert.equal(report.base64(bytes), Buffer.from(bytes).toString('base64'), `${n} bytes`);
    }
  });
});

describe('report: PNG encoder', () => {
  test('a 3×2 grey image: signature, IHDR fields, CRCs, and the pixels back through node:zlib', () => {
    const data = Uint8Array.of(0, 128, 255, 10, 20, 30);
    const file = report.encodePng({ width: 3, height: 2, channels: 1, data });
    assert.deepEqual([...file.subarray(0, 8)], PNG_SIGNATURE);
    const png = decodePng(file); // throws on any CRC mismatch
    assert.deepEqual(png.chunks.map((c) => c.type), ['IHDR', 'IDAT', 'IEND']);
    assert.ok(png.chunks.every((c) => c.crcOk));
    assert.deepEqual([png.width, png.height, png.bitDepth, png.colorType, png.compression, png.filter, png.interlace], [3, 2, 8, 0, 0, 0, 0]);
    assert.deepEqual([...png.pixels], [...data]);
    // the zlib stream by hand: header 78 01, one final stored block (01, LEN 8 = 08 00, NLEN f7 ff), Adler-32
    const raw = Uint8Array.of(0, 0, 128, 255, 0, 10, 20, 30); // a filter byte 0 before each row
    assert.deepEqual([...png.zlibStream.subarray(0, 7)], [0x78, 0x01, 0x01, 0x08, 0x00, 0xf7, 0xff]);
    assert.deepEqual([...png.zlibStream.subarray(7, 15)], [...raw]);
    const adler = report.adler32(raw);
    assert.deepEqual([...png.zlibStream.subarray(15)], [adler >>> 24, (adler >>> 16) & 255, (adler >>> 8) & 255, adler & 255]);
  });

  test('RGB and RGBA images over 64 KiB split into several stored blocks and inflate to the same pixels', () => {
    for (const channels of [3, 4] as const) {
      const width = 160;
      const height = 150; // 160 × 150 × 3 = 72,000 bytes > 65,535
      const data = new Uint8Array(width * height * channels).map((_, i) => (i * 31 + (i >> 8)) & 0xff);
      const png = decodePng(report.encodePng({ width, height, channels, data }));
      assert.equal(png.colorType, channels === 3 ? 2 : 6);
      assert.deepEqual(png.pixels, data);
      assert.equal(png.zlibStream[2], 0, 'the first block is not final');
    }
  });

  test('zlibStored output inflates to its input, empty input included', () => {
    for (const n of [0, 1, 65535, 65536, 140_000]) {
      const raw = new Uint8Array(n).map((_, i) => i & 0xff);
      assert.deepEqual(new Uint8Array(inflateSync(report.zlibStored(raw))), raw, `${n} bytes`);
    }
  });

  test('a data URI holds the same PNG in base64', () => {
    const image = { width: 2, height: 2, channels: 1 as const, data: Uint8Array.of(0, 255, 255, 0) };
    const uri = report.pngDataUri(image);
    assert.ok(uri.startsWith('data:image/png;base64,iVBORw0KGgo'));
    assert.deepEqual(new Uint8Array(Buffer.from(uri.slice(22), 'base64')), report.encodePng(image));
  });

  test('bad sizes and pixel counts are rejected with what was expected and found', () => {
    assert.throws(() => report.encodePng({ width: 0, height: 1, channels: 1, data: new Uint8Array(0) }), /encodePng: width must be a positive integer, found 0/);
    assert.throws(() => report.encodePng({ width: 2, height: 2, channels: 3, data: new Uint8Array(11) }), /encodePng: expected 2×2×3 = 12 bytes of pixels, found 11 bytes/);
    assert.throws(() => report.encodePng({ width: 1, height: 1, channels: 5 as 1, data: new Uint8Array(5) }), /channels must be 1, 2, 3 or 4, found 5/);
  });

  test('toPngImage scales 0…maxValue to bytes, clips, and maps NaN to black', () => {
    assert.deepEqual([...report.toPngImage({ width: 4, height: 1, pixels: [0, 0.5, 1.7, -1] }).data], [0, 128, 255, 0]);
    assert.deepEqual([...report.toPngImage({ width: 1, height: 1, channels: 3, pixels: [255, 51, NaN], maxValue: 255 }).data], [255, 51, 0]);
    assert.throws(() => report.toPngImage({ width: 2, height: 2, pixels: [1, 2, 3] }), /toPngImage: expected 2×2×1 = 4 pixel values, found 3/);
  });
});
