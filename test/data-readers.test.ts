/** File readers: IDX (plain and gzip), CIFAR-10 batches, CSV, text folders — on tiny files in a temp folder. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tn from 'tasknet';

let dir = '';
before(() => { dir = mkdtempSync(path.join(tmpdir(), 'tasknet-data-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

function idxBytes(typeCode: number, dims: number[], body: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = typeCode;
  header[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

test('IDX images and labels, plain and gzip', async () => {
  const pixels = Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 10);
  const images = idxBytes(0x08, [2, 3, 3], pixels);
  const labels = idxBytes(0x08, [2], Uint8Array.of(7, 2));
  writeFileSync(path.join(dir, 'images-idx3-ubyte'), images);
  writeFileSync(path.join(dir, 'images-idx3-ubyte.gz'), gzipSync(images));
  writeFileSync(path.join(dir, 'labels.bin'), gzipSync(labels)); // gzip detected by content, not name
  for (const name of ['images-idx3-ubyte', 'images-idx3-ubyte.gz']) {
    const idx = await tn.data.readIdx(path.join(dir, name));
    assert.deepEqual(idx.dims, [2, 3, 3]);
    assert.equal(idx.type, 'uint8');
    assert.deepEqual([...idx.data], [...pixels]);
  }
  const x = await tn.data.loadIdxImages(path.join(dir, 'images-idx3-ubyte.gz'));
  assert.deepEqual(x.shape, [2, 1, 3, 3]);
  assert.ok(Math.abs((x.max().item()) - 170 / 255) < 1e-6);
  assert.deepEqual((await tn.data.loadIdxImages(path.join(dir, 'images-idx3-ubyte'), { flat: true })).shape, [2, 9]);
  const y = await tn.data.loadIdxLabels(path.join(dir, 'labels.bin'));
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.tolist(), [7, 2]);
  await assert.rejects(tn.data.loadIdxLabels(path.join(dir, 'images-idx3-ubyte')), /expected labels: magic 0x00000801/);
  // big-endian multi-byte types
  const ints = new Uint8Array(8);
  new DataView(ints.buffer).setInt32(0, -5, false);
  new DataView(ints.buffer).setInt32(4, 70000, false);
  assert.deepEqual([...tn.data.parseIdx(idxBytes(0x0c, [2], ints)).data], [-5, 70000]);
});

test('IDX errors name the file, expected and found byte counts, and wrong magic numbers', async () => {
  const good = idxBytes(0x08, [2, 3, 3], new Uint8Array(18));
  const truncated = path.join(dir, 'truncated-idx3-ubyte');
  writeFileSync(truncated, good.subarray(0, good.length - 5));
  await assert.rejects(tn.data.readIdx(truncated), (e: Error) => e instanceof tn.data.DataFormatError && e instanceof tn.ValueError &&
    e.message.includes(truncated) && /truncated data: expected 34 bytes \(16-byte header \+ 18 bytes of uint8 for dims \[2, 3, 3\]\), found 29 bytes/.test(e.message));
  const truncatedGz = path.join(dir, 'truncated.gz');
  writeFileSync(truncatedGz, gzipSync(good.subarray(0, 20)));
  await assert.rejects(tn.data.readIdx(truncatedGz), /truncated\.gz.*expected 34 bytes .* found 20 bytes/);
  const brokenGz = path.join(dir, 'broken.gz');
  writeFileSync(brokenGz, gzipSync(good).subarray(0, 15));
  await assert.rejects(tn.data.readIdx(brokenGz), /broken\.gz: gzip data \(magic 1f 8b\) could not be decompressed/);
  const wrong = path.join(dir, 'wrong-magic');
  writeFileSync(wrong, Uint8Array.of(0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0));
  await assert.rejects(tn.data.readIdx(wrong), /wrong-magic, byte offset 0: expected an IDX magic number .* found 0x12340801/);
  assert.throws(() => tn.data.parseIdx(Uint8Array.of(0, 0, 0x07, 1)), /found 0x00000701/);
  assert.throws(() => tn.data.parseIdx(gzipSync(good)), /gzip data: use readIdx/);
  assert.throws(() => tn.data.parseIdx(Uint8Array.of(...good, 1, 2)), /2 trailing bytes after the data/);
});

test('CIFAR-10 binary batches from a directory', async () => {
  const cifar = path.join(dir, 'cifar-10-batches-bin');
  mkdirSync(cifar);
  const record = (label: number, value: number): Uint8Array => { const r = new Uint8Array(3073).fill(value); r[0] = label; return r; };
  const batch = (labels: number[]): Uint8Array => {
    const out = new Uint8Array(labels.length * 3073);
    labels.forEach((l, i) => out.set(record(l, 51 * (i + 1)), i * 3073));
    return out;
  };
  for (let i = 1; i <= 5; i++) writeFileSync(path.join(cifar, `data_batch_${i}.bin`), batch([i, 9]));
  writeFileSync(path.join(cifar, 'test_batch.bin'), batch([3]));
  const train = await tn.data.readCifar10(dir); // finds cifar-10-batches-bin inside
  assert.deepEqual(train.x.shape, [10, 3, 32, 32]);
  assert.deepEqual(train.y.tolist(), [1, 9, 2, 9, 3, 9, 4, 9, 5, 9]);
  assert.equal(train.y.dtype, 'int32');
  assert.equal(train.classes[9], 'truck');
  const test = await tn.data.datasets.cifar10({ dir: cifar, split: 'test' });
  assert.deepEqual(test.x.shape, [1, 3, 32, 32]);
  assert.ok(Math.abs(test.x.mean().item() - 0.2) < 1e-6);
  writeFileSync(path.join(cifar, 'test_batch.bin'), batch([3, 4]).subarray(0, 3073 + 100));
  await assert.rejects(tn.data.readCifar10(cifar, { split: 'test' }), /test_batch\.bin, byte offset 3073: expected a whole number of 3073-byte records .* found 3173 bytes: record 1 is truncated/);
  rmSync(path.join(cifar, 'data_batch_4.bin'));
  await assert.rejects(tn.data.readCifar10(cifar), /missing data_batch_4\.bin/);
  await assert.rejects(tn.data.datasets.cifar10(), /expected \{dir\}/);
});

test('CSV: quotes, numeric and categorical columns, blank lines, bad rows', async () => {
  const text = 'name,age,city\r\n"Smith, J",42,"New\nYork"\n\nLee,,Paris\n"O""Brien",37,Paris\n';
  const table = tn.data.parseCsv(text);
  assert.deepEqual(table.names, ['name', 'age', 'city']);
  assert.equal(table.numRows, 3);
  assert.deepEqual(table.rows[0], ['Smith, J', '42', 'New\nYork']);
  const age = table.column('age');
  assert.equal(age.kind, 'numeric');
  assert.deepEqual([...age.values], [42, NaN, 37]);
  const city = table.column('city');
  assert.equal(city.kind, 'categorical');
  assert.deepEqual(city.categories, ['New\nYork', 'Paris']);
  assert.deepEqual([...city.values], [0, 1, 1]);
  assert.deepEqual(table.column('name').categories, ["O\"Brien", 'Lee', 'Smith, J'].sort());
  const x = table.toTensor(['age', 'city']);
  assert.deepEqual(x.shape, [3, 2]);
  assert.throws(() => table.column('height'), /no column 'height' in <text> \(columns: name, age, city\)/);
  const forced = tn.data.parseCsv('a;label\n1.5;1\n2;0\n', { delimiter: ';', categorical: ['label'] });
  assert.equal(forced.column('label').kind, 'categorical');
  assert.deepEqual(tn.data.parseCsv('1,2\n3,4\n', { header: false }).names, ['0', '1']);
  // the bad row starts on line 4 (the quoted field spans lines 2-3)
  assert.throws(() => tn.data.parseCsv('a,b\n"x\ny",1\n2,3,4\n'), (e: Error) =>
    e instanceof tn.data.DataFormatError && e.line === 4 && /<text>, line 4: expected 2 fields \(as in the header\), found 3/.test(e.message));
  assert.throws(() => tn.data.parseCsv('a,b\n"open,1\n'), /line 2: unterminated quoted field/);
  const file = path.join(dir, 'table.csv');
  writeFileSync(file, 'x,y\n1,2\n3\n');
  await assert.rejects(tn.data.readCsv(file), (e: Error) => e.message.includes(`${file}, line 3: expected 2 fields`));
  writeFileSync(`${file}.gz`, gzipSync('x,y\n1,2\n'));
  assert.deepEqual([...(await tn.data.readCsv(`${file}.gz`)).column('y').values], [2]);
});

test('text folders in the aclImdb layout', async () => {
  const root = path.join(dir, 'aclImdb');
  for (const [cls, texts] of Object.entries({ pos: ['great', 'loved it'], neg: ['awful'], unsup: ['?'] })) {
    mkdirSync(path.join(root, 'train', cls), { recursive: true });
    texts.forEach((t, i) => writeFileSync(path.join(root, 'train', cls, `${i}_${i + 7}.txt`), t));
  }
  writeFileSync(path.join(root, 'train', 'pos', 'notes.md'), 'skip me');
  const folder = await tn.data.readTextFolder(root, { split: 'train' });
  assert.deepEqual(folder.classes, ['neg', 'pos']);
  assert.deepEqual(folder.texts, ['awful', 'great', 'loved it']);
  assert.deepEqual([...folder.labels], [0, 1, 1]);
  const ds = await tn.data.datasets.textFolder({ dir: root, split: 'train', classes: ['pos', 'neg'] });
  assert.deepEqual(ds.y.tolist(), [0, 0, 1]);
  await assert.rejects(tn.data.readTextFolder(root, { split: 'test' }), /expected a folder of class folders at .*test/);
  await assert.rejects(tn.data.readTextFolder(root, { split: 'train', classes: ['pos', 'meh'] }), /class folder 'meh' is missing/);
});
