/** decodeNetpbm (PGM/PPM), decodeImage's format sniffing, and imageToTensor (grey, alpha, invert, Pillow's resize). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

const { decodeNetpbm, decodeImage, imageToTensor, DataFormatError } = tn.data;
const dir = path.join(repoRoot(), 'test', 'fixtures', 'images');

interface Golden {
  images: { file: string; width: number; height: number; channels: number; hex?: string }[];
  resize: { input: { height: number; width: number; data: number[] }; cases: { size: [number, number]; data: number[] }[] };
}

const golden = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Golden;
const read = (file: string): Uint8Array => new Uint8Array(readFileSync(path.join(dir, file)));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const values = (t: tn.Tensor): number[] => Array.from(t.dataSync());

/** Assert that `fn` throws a DataFormatError whose message matches every pattern. */
function throwsFormat(fn: () => unknown, ...patterns: RegExp[]): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${String(error)}`);
  for (const p of patterns) assert.match(error.message, p);
}

function close(actual: number[], expected: number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= tol, `${what} at ${i}: ${v} vs ${expected[i]}`));
}

describe('decodeNetpbm', () => {
  for (const e of golden.images.filter((x) => /\.p[gp]m$/.test(x.file))) {
    test(`${e.file} written by Pillow`, () => {
      const img = decodeNetpbm(read(e.file), e.file);
      assert.deepEqual([img.width, img.height, img.channels], [e.width, e.height, e.channels]);
      assert.equal(Buffer.from(img.data).toString('hex'), e.hex);
    });
  }

  test('plain P2 and P3 with comments anywhere, and maxval scaling', () => {
    const pgm = decodeNetpbm(ascii('P2\n# a comment\n3 2 # width height\n15\n0 15 7\n# between samples\n8  1\t2\n'));
    assert.deepEqual(pgm, { width: 3, height: 2, channels: 1, data: Uint8Array.of(0, 255, 119, 136, 17, 34) });
    const ppm = decodeNetpbm(ascii('P3 2 1 1000 1000 0 500 0 1 999'));
    assert.deepEqual(ppm, { width: 2, height: 1, channels: 3, data: Uint8Array.of(255, 0, 128, 0, 0, 255) });
  });

  test('raw P5 and P6 at one and two bytes per sample', () => {
    const p5 = concat(ascii('P5 2 2 100\n'), Uint8Array.of(0, 50, 99, 100));
    assert.deepEqual(decodeNetpbm(p5).data, Uint8Array.of(0, 128, 252, 255));
    const p6 = concat(ascii('P6\n1 1\n65535\n'), Uint8Array.of(0xff, 0xff, 0x01, 0x01, 0x80, 0x00));
    assert.deepEqual(decodeNetpbm(p6), { width: 1, height: 1, channels: 3, data: Uint8Array.of(255, 1, 128) });
  });

  test('errors: other Netpbm kinds, bad headers, samples over maxval, truncated rasters', () => {
    throwsFormat(() => decodeNetpbm(ascii('P1 1 1 0'), 'a.pbm'),
      /^decodeNetpbm: a\.pbm, byte offset 0: expected a PGM or PPM magic number P2, P3, P5 or P6, found P1 \(plain PBM \(bitmap\)\), which is not supported$/);
    throwsFormat(() => decodeNetpbm(ascii('P7\nWIDTH 1\n')), /found P7 \(PAM\)/);
    throwsFormat(() => decodeNetpbm(ascii('P2 2 x 255 0 0')), /byte offset 5: expected the height \(a non-negative decimal integer\), found 'x'/);
    throwsFormat(() => decodeNetpbm(ascii('P2 2 1 70000 0 0')), /expected a maxval from 1 to 65535, found 70000/);
    throwsFormat(() => decodeNetpbm(ascii('P2 2 1 255 0 256')), /sample 1 \(pixel 1\) is 256, over the maxval 255/);
    throwsFormat(() => decodeNetpbm(ascii('P3 2 1 255 0 0 0 1')), /truncated file: expected sample 4 of 6 \(plain PPM 2×1\), found the end of the file/);
    throwsFormat(() => decodeNetpbm(concat(ascii('P6 2 2 255\n'), new Uint8Array(11)), 'cut.ppm'),
      /^decodeNetpbm: cut\.ppm, byte offset 22: truncated file: a raw PPM of 2×2 with maxval 255 needs 12 bytes of samples from byte offset 11, found 11$/);
    throwsFormat(() => decodeNetpbm(concat(ascii('P5 1 1 300\n'), Uint8Array.of(0x01, 0x2d))), /sample 0 \(pixel 0\) is 301, over the maxval 300/);
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

describe('decodeImage', () => {
  test('recognises PNG and PGM/PPM by content, not by name', () => {
    assert.deepEqual(decodeImage(read('grey8.png'), 'x.pgm'), tn.data.decodePng(read('grey8.png')));
    assert.deepEqual(decodeImage(read('rgb8.ppm'), 'x.png'), decodeNetpbm(read('rgb8.ppm')));
    assert.equal(decodeImage(ascii('P2 1 1 255 7')).data[0], 7);
  });

  test('other formats are named, with the supported ones', () => {
    throwsFormat(() => decodeImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'photo.jpg'),
      /^decodeImage: photo\.jpg, byte offset 0: expected an image file: PNG, PGM \(P2, P5\) or PPM \(P3, P6\); found JPEG, which is not supported \(convert it to PNG\)$/);
    throwsFormat(() => decodeImage(ascii('GIF89a')), /found GIF, which is not supported/);
    throwsFormat(() => decodeImage(ascii('RIFF\0\0\0\0WEBPVP8 ')), /found WebP/);
    throwsFormat(() => decodeImage(ascii('P4 8 1 ')), /found PBM \(a Netpbm bitmap\)/);
    throwsFormat(() => decodeImage(new Uint8Array(0), 'none'), /found an empty file/);
    throwsFormat(() => decodeImage(ascii('hello, world')), /found unrecognised data starting 68 65 6c 6c 6f 2c 20 77/);
  });
});

describe('imageToTensor', () => {
  const rgba = { width: 2, height: 1, channels: 4 as const, data: Uint8Array.of(200, 100, 50, 255, 0, 0, 0, 0) };

  test('defaults: float32 [C, H, W] in [0, 1], channels from the image', () => {
    const grey = imageToTensor({ width: 3, height: 2, channels: 1, data: Uint8Array.of(0, 51, 102, 153, 204, 255) });
    assert.equal(grey.dtype, 'float32');
    assert.deepEqual(grey.shape, [1, 2, 3]);
    close(values(grey), [0, 0.2, 0.4, 0.6, 0.8, 1], 1e-7, 'grey');
    const rgb = imageToTensor({ width: 2, height: 1, channels: 3, data: Uint8Array.of(1, 2, 3, 4, 5, 6) }, { scale: 'byte' });
    assert.deepEqual(rgb.shape, [3, 1, 2]);
    assert.deepEqual(values(rgb), [1, 4, 2, 5, 3, 6]); // planar: R plane, G plane, B plane
  });

  test('grey from colour by luminance 0.299 R + 0.587 G + 0.114 B; alpha over white (or a background)', () => {
    const g = values(imageToTensor(rgba, { channels: 1, scale: 'byte' }));
    close(g, [0.299 * 200 + 0.587 * 100 + 0.114 * 50, 255], 1e-4, 'grey of RGBA');
    const half = { width: 1, height: 1, channels: 2 as const, data: Uint8Array.of(0, 102) }; // black at 40% opacity
    close(values(imageToTensor(half, { scale: 'byte' })), [255 * 0.6], 1e-4, 'over white');
    close(values(imageToTensor(half, { scale: 'byte', background: 0 })), [0], 1e-4, 'over black');
    const rgb = values(imageToTensor(rgba, { scale: 'byte' }));
    assert.deepEqual(rgb, [200, 255, 100, 255, 50, 255]);
  });

  test('grey into three channels, invert, unit scale', () => {
    const img = { width: 2, height: 1, channels: 1 as const, data: Uint8Array.of(0, 255) };
    const x = imageToTensor(img, { channels: 3, invert: true });
    assert.deepEqual(x.shape, [3, 1, 2]);
    assert.deepEqual(values(x), [1, 0, 1, 0, 1, 0]);
  });

  test('resize matches Pillow’s BILINEAR on mode F images (enlarging and shrinking)', () => {
    const { input, cases } = golden.resize;
    const img = { width: input.width, height: input.height, channels: 1 as const, data: Uint8Array.from(input.data) };
    for (const c of cases) {
      const x = imageToTensor(img, { size: c.size, scale: 'byte' });
      assert.deepEqual(x.shape, [1, ...c.size]);
      close(values(x), c.data, 1e-5, `size ${c.size.join('×')}`); // float32 results, printed to float32's shortest digits
    }
  });

  test('resize: a simple case by hand, and a drawing to MNIST’s 28×28, inverted', () => {
    const img = { width: 2, height: 1, channels: 1 as const, data: Uint8Array.of(0, 255) };
    assert.deepEqual(values(imageToTensor(img, { size: [1, 4], scale: 'byte' })), [0, 63.75, 191.25, 255]);
    const four = { width: 4, height: 2, channels: 1 as const, data: Uint8Array.of(0, 100, 200, 40, 0, 100, 200, 40) };
    // halving: a triangle filter twice as wide, weights (¾, ¾, ¼) / 1.75 at the edges, as in Pillow
    close(values(imageToTensor(four, { size: [1, 2], scale: 'byte' })), [(0.75 * 0 + 0.75 * 100 + 0.25 * 200) / 1.75,
      (0.25 * 100 + 0.75 * 200 + 0.75 * 40) / 1.75], 1e-4, 'shrinking');
    const digit = imageToTensor(decodeImage(read('digit64.png'), 'digit64.png'), { size: [28, 28], invert: true });
    assert.deepEqual(digit.shape, [1, 28, 28]);
    const v = values(digit);
    assert.ok(v.every((p) => p >= 0 && p <= 1));
    assert.ok(v[0]! < 1e-6); // the white corner becomes black (up to rounding of the filter weights)
    assert.ok(Math.max(...v) > 0.9); // the stroke becomes (nearly) white
  });

  test('invalid options and images', () => {
    const img = { width: 2, height: 1, channels: 1 as const, data: Uint8Array.of(0, 255) };
    assert.throws(() => imageToTensor(img, { channels: 2 as 1 }), /imageToTensor: channels must be 1 or 3, found 2/);
    assert.throws(() => imageToTensor(img, { size: [0, 3] }), /size must be \[height, width\], two positive integers, found \[0,3\]/);
    assert.throws(() => imageToTensor(img, { scale: 'percent' as 'unit' }), /scale must be 'unit' or 'byte', found 'percent'/);
    assert.throws(() => imageToTensor(img, { background: 300 }), /background must be a grey level from 0 to 255, found 300/);
    assert.throws(() => imageToTensor({ ...img, data: Uint8Array.of(1) }), /expected 2×1×1 = 2 bytes of pixels, found 1 bytes/);
  });
});
