// Fast checks of the demo's pieces: the XOR part (examples/xor.mjs) learns XOR, and the IDX reader
// (examples/idx.mjs) reads IDX files and rejects one with the wrong magic number. The MNIST part is not run here.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/repo.js';

interface XorOptions { seed?: number; lr?: number; steps?: number; logEvery?: number }
interface XorResult {
  losses: { step: number; loss: number }[];
  predictions: number[];
  accuracy: number;
  seconds: number;
  tensorsBefore: number;
  tensorsAfter: number;
}
interface XorModule {
  trainXor(options?: XorOptions): XorResult;
  XOR_DEFAULTS: Required<XorOptions>;
  XOR_TARGETS: number[];
}
interface IdxModule {
  IDX_IMAGES_MAGIC: number;
  IDX_LABELS_MAGIC: number;
  readIdx(file: string, expectedMagic: number): { dims: number[]; data: Uint8Array };
  readImages(file: string): { count: number; rows: number; cols: number; pixels: Uint8Array };
  readLabels(file: string): { count: number; labels: Uint8Array };
}


const root = repoRoot();
const importExample = async <T>(name: string): Promise<T> =>
  (await import(pathToFileURL(path.join(root, 'examples', name)).href)) as T;
const xor = await importExample<XorModule>('xor.mjs');
const idx = await importExample<IdxModule>('idx.mjs');

describe('examples/xor.mjs', () => {
  test('the default settings learn XOR: 100% accuracy, loss decreasing at every report', () => {
    const result = xor.trainXor();
    assert.equal(result.accuracy, 1, `predictions ${result.predictions.join(', ')}`);
    result.predictions.forEach((p, i) => assert.ok(Math.abs(p - xor.XOR_TARGETS[i]!) < 0.1, `prediction ${i}: ${p}`));
    const losses = result.losses.map((l) => l.loss);
    assert.equal(result.losses[0]!.step, 0);
    assert.equal(result.losses.at(-1)!.step, xor.XOR_DEFAULTS.steps);
    for (let i = 1; i < losses.length; i++) {
      assert.ok(losses[i]! < losses[i - 1]!, `loss went up between reports: ${losses.join(', ')}`);
    }
    assert.ok(losses.at(-1)! < 0.01, `final loss ${losses.at(-1)}`);
    assert.equal(result.tensorsAfter, result.tensorsBefore, 'live tensors grew during training');
  });

  test('converges for seeds 0…4', () => {
    for (let seed = 0; seed < 5; seed++) {
      const result = xor.trainXor({ seed });
      assert.equal(result.accuracy, 1, `seed ${seed}: predictions ${result.predictions.join(', ')}`);
      assert.ok(result.losses.at(-1)!.loss < result.losses[0]!.loss, `seed ${seed}: loss did not decrease`);
    }
  });
});

describe('examples/idx.mjs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tasknet-idx-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Write an unsigned-byte IDX file: big-endian magic, big-endian dims, then the bytes. */
  function writeIdx(name: string, magic: number, dims: number[], values: number[]): string {
    const header = Buffer.alloc(4 + 4 * dims.length);
    header.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
    const file = path.join(dir, name);
    writeFileSync(file, Buffer.concat([header, Buffer.from(values)]));
    return file;
  }

  test('reads a tiny image file and a label file', () => {
    const pixels = Array.from({ length: 2 * 2 * 3 }, (_, i) => i * 20);
    const images = idx.readImages(writeIdx('images-idx3-ubyte', 0x00000803, [2, 2, 3], pixels));
    assert.deepEqual([images.count, images.rows, images.cols], [2, 2, 3]);
    assert.deepEqual(Array.from(images.pixels), pixels);
    const labels = idx.readLabels(writeIdx('labels-idx1-ubyte', 0x00000801, [3], [7, 0, 9]));
    assert.equal(labels.count, 3);
    assert.deepEqual(Array.from(labels.labels), [7, 0, 9]);
  });

  test('rejects a file with the wrong magic number, naming the file and both magic numbers', () => {
    const file = writeIdx('labels-given-as-images', 0x00000801, [3], [1, 2, 3]);
    assert.throws(() => idx.readImages(file), (error: Error) => {
      assert.ok(error.message.includes(file), error.message);
      assert.match(error.message, /expected 0x00000803/);
      assert.match(error.message, /found 0x00000801/);
      return true;
    });
    const gz = path.join(dir, 'compressed.gz');
    writeFileSync(gz, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]));
    assert.throws(() => idx.readLabels(gz), /compressed\.gz: wrong IDX magic number: expected 0x00000801, found 0x1f8b0800 .*gzip/);
  });

  test('rejects a truncated file', () => {
    const file = writeIdx('short-idx3-ubyte', 0x00000803, [2, 28, 28], [1, 2, 3]);
    assert.throws(() => idx.readImages(file), /short-idx3-ubyte: truncated IDX data/);
    const tiny = path.join(dir, 'tiny');
    writeFileSync(tiny, Buffer.from([0, 0]));
    assert.throws(() => idx.readLabels(tiny), /tiny: not an IDX file/);
  });
});
