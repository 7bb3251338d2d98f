/** Image transforms: normalize, randomCrop, flips, toTensor, compose. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

function close(a: number[], b: number[], tol = 1e-6): void {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) <= tol, `at ${i}: ${v} vs ${b[i]}`));
}

test('normalize is per channel, on one image and on a batch', () => {
  const img = tn.tensor([[[1, 2]], [[3, 5]]]); // [2, 1, 2]
  const out = tn.data.normalize([1, 3], [1, 2])(img);
  close((out.tolist() as number[][][]).flat(2), [0, 1, 0, 1]);
  const batch = tn.stack([img, img]);
  assert.deepEqual(tn.data.normalize([1, 3], [1, 2])(batch).shape, [2, 2, 1, 2]);
  assert.throws(() => tn.data.normalize([0, 0, 0], [1, 1, 1])(img), /expected 3 channels at dimension -3, found shape \[2,1,2\]/);
  assert.throws(() => tn.data.normalize([0], [0]), /std must be finite and non-zero/);
});

test('randomCrop pads and crops reproducibly; a batch gets one window per sample', () => {
  const img = tn.arange(16, undefined, 1, { dtype: 'float32' }).reshape([1, 4, 4]);
  const crop = (seed: number) => tn.data.randomCrop(2, { generator: new tn.Generator(seed) })(img);
  const a = crop(0);
  assert.deepEqual(a.shape, [1, 2, 2]);
  assert.deepEqual(a.tolist(), crop(0).tolist());
  const v = (a.tolist() as number[][][])[0]!;
  // a 2×2 window of a row-major 4×4 ramp: right neighbour +1, lower neighbour +4
  assert.equal(v[0]![1]! - v[0]![0]!, 1);
  assert.equal(v[1]![0]! - v[0]![0]!, 4);
  const padded = tn.data.randomCrop(4, { padding: 2, generator: new tn.Generator(1) })(img);
  assert.deepEqual(padded.shape, [1, 4, 4]);
  const full = tn.data.randomCrop(8, { padding: 2 })(img); // only one window: the padded image itself
  assert.equal((full.sum().item()), 120);
  assert.throws(() => tn.data.randomCrop(5)(img), /crop size \[5, 5\] is larger than the \(padded\) image \[1,4,4\]/);
  const batch = tn.stack(Array.from({ length: 8 }, () => img));
  const crops = tn.data.randomCrop(2, { generator: new tn.Generator(3) })(batch);
  assert.deepEqual(crops.shape, [8, 1, 2, 2]);
  const corners = new Set((crops.tolist() as number[][][][]).map((c) => c[0]![0]![0]));
  assert.ok(corners.size > 1, 'different windows per sample');
});

test('random flips mirror with probability p', () => {
  const img = tn.tensor([[[1, 2, 3], [4, 5, 6]]]); // [1, 2, 3]
  assert.deepEqual(tn.data.randomHorizontalFlip(1)(img).tolist(), [[[3, 2, 1], [6, 5, 4]]]);
  assert.deepEqual(tn.data.randomHorizontalFlip(0)(img).tolist(), img.tolist());
  assert.deepEqual(tn.data.randomVerticalFlip(1)(img).tolist(), [[[4, 5, 6], [1, 2, 3]]]);
  const batch = tn.stack(Array.from({ length: 32 }, () => img));
  const flipped = tn.data.randomHorizontalFlip(0.5, { generator: new tn.Generator(0) })(batch).tolist() as number[][][][];
  const count = flipped.filter((s) => s[0]![0]![0] === 3).length;
  assert.ok(count > 5 && count < 27, `${count} of 32 flipped`);
  assert.ok(flipped.every((s) => s[0]![0]![0] === 3 || s[0]![0]![0] === 1));
  assert.throws(() => tn.data.randomHorizontalFlip(2), /p must be a probability in \[0, 1\], found 2/);
});

test('toTensor turns HWC or CHW bytes into float CHW in [0, 1]', () => {
  const hwc = Uint8Array.of(0, 255, 51, 102, 255, 0); // H=1, W=2, C=3
  const t = tn.data.toTensor(hwc, { shape: [1, 2, 3] });
  assert.deepEqual(t.shape, [3, 1, 2]);
  close((t.tolist() as number[][][]).flat(2), [0, 0.4, 1, 1, 0.2, 0]);
  const chw = tn.data.toTensor(hwc, { shape: [3, 1, 2], layout: 'CHW' });
  close((chw.tolist() as number[][][]).flat(2), [0, 1, 0.2, 0.4, 1, 0]);
  const rgba = tn.data.toTensor({ data: new Uint8ClampedArray(2 * 2 * 4).fill(255), width: 2, height: 2 });
  assert.deepEqual(rgba.shape, [4, 2, 2]);
  assert.deepEqual(tn.data.toTensor(new Uint8Array(4), { shape: [2, 2] }).shape, [1, 2, 2]);
  assert.throws(() => tn.data.toTensor(hwc, { shape: [2, 2, 3] }), /expected 12 values for shape \[2,2,3\] \(HWC\), found 6/);
});

test('compose chains transforms and frees the intermediates', () => {
  const pipeline = tn.data.compose(
    (bytes: Uint8Array) => tn.data.toTensor(bytes, { shape: [4, 4, 1] }),
    tn.data.randomCrop(2, { generator: new tn.Generator(0) }),
    tn.data.normalize([0.5], [0.5]),
  );
  const before = tn.numTensors();
  const out = pipeline(new Uint8Array(16).fill(255));
  assert.deepEqual(out.shape, [1, 2, 2]);
  close((out.tolist() as number[][][]).flat(2), [1, 1, 1, 1]);
  assert.equal(tn.numTensors(), before + 1);
});
