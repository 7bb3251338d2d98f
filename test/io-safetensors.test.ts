/**
 * safetensors: byte compatibility with the Python writer both ways (fixtures from
 * tools/golden/safetensors_fixture.py, the reference implementation's own unit-test bytes, and a live check
 * with /usr/bin/python3 when torch is there), round trips of every dtype, every error path, atomic saves.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

type Tensor = ReturnType<typeof tn.tensor>;
type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';
interface ValuesFile {
  metadata: Record<string, string> | null;
  tensors: Record<string, { dtype: string; shape: number[]; data: JsonNumber[] }>;
}

const ROOT = repoRoot();
const FIXTURES = join(ROOT, 'test/fixtures/safetensors');
const SCRIPT = join(ROOT, 'tools/golden/safetensors_fixture.py');
const PYTHON = '/usr/bin/python3';
const { io } = tn;

const readJson = (name: string): ValuesFile => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as ValuesFile;
const readBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
const toNumber = (v: JsonNumber): number => (typeof v === 'number' ? v : Number(v));
const TASKNET_DTYPE: Record<string, tn.DType> = {
  F32: 'float32', F64: 'float64', I32: 'int32', BOOL: 'bool', F16: 'float32', BF16: 'float32',
  I64: 'int32', I8: 'int32', U8: 'int32', I16: 'int32', U16: 'int32', U32: 'int32', U64: 'int32',
};

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'tasknet-safetensors-'));
}

/** Element-wise identity (NaN equals NaN, −0 differs from 0). */
function assertSameValues(actual: ArrayLike<number>, expected: readonly number[], where: string): void {
  assert.equal(actual.length, expected.length, `${where}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Object.is(actual[i], expected[i]), `${where}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

function assertMatches(tensors: Record<string, Tensor>, expected: ValuesFile, where: string): void {
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(expected.tensors).sort(), `${where}: names`);
  for (const [name, e] of Object.entries(expected.tensors)) {
    const t = tensors[name]!;
    assert.deepEqual(t.shape, e.shape, `${where}: ${name} shape`);
    assert.equal(t.dtype, TASKNET_DTYPE[e.dtype], `${where}: ${name} dtype`);
    assertSameValues(t.dataSync(), e.data.map(toNumber), `${where}: ${name}`);
  }
}

/** Tensors described by a values file (native dtypes only). */
function tensorsOf(values: ValuesFile): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(values.tensors).map(([name, e]) =>
    [name, tn.tensor(e.data.map(toNumber), { shape: e.shape, dtype: TASKNET_DTYPE[e.dtype]! })]));
}

/** A file from a header (object or raw text) and data bytes, with an optional forged header length. */
function craft(header: unknown, data: ArrayLike<number> = [], headerLength?: bigint): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(text.length), true);
  out.set(text, 8);
  out.set(Array.from(data), 8 + text.length);
  return out;
}

const le = (array: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }): number[] =>
  Array.from(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));

/** The fixed tensors of tasknet_written.safetensors. */
function tasknetTensors(): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  return {
    tensors: {
      'weight': tn.tensor([[0.5, -1.25, 3e-8], [1e30, -7, 7]]),
      'bias.f64': tn.tensor([1 / 3, -2.5, 5e-324], { dtype: 'float64' }),
      'steps': tn.tensor(42, { dtype: 'int32' }),
      'labels': tn.tensor([-2147483648, -1, 0, 2147483647], { dtype: 'int32' }),
      'flags': tn.tensor([true, false, true]),
      'nothing': tn.zeros([0, 2]),
      'layer1.0.bn1.running_var': tn.tensor([1, 2, 3, 4]),
      'ünï': tn.tensor([6.5]),
      '2': tn.tensor([2]),
      '10': tn.tensor([10]),
    },
    metadata: { format: 'pt', producer: 'tasknet', 'ключ': 'значение' },
  };
}

function valuesFileOf(decoded: { tensors: Record<string, Tensor>; metadata: Record<string, string> | null; dtypes: Record<string, string> }): ValuesFile {
  return {
    metadata: decoded.metadata,
    tensors: Object.fromEntries(Object.entries(decoded.tensors).map(([name, t]) =>
      [name, { dtype: decoded.dtypes[name]!, shape: [...t.shape], data: Array.from(t.dataSync()) }])),
  };
}

function torchAvailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no torch (${probe.stderr.trim().split('\n').pop() ?? ''})`;
  return undefined;
}

describe('byte compatibility with the Python writer', () => {
  test('loads the PyTorch-written file: every dtype, torchvision keys, an int64 scalar, metadata', async () => {
    const expected = readJson('torch_written.json');
    const { tensors, metadata, dtypes } = await io.loadSafetensorsWithMetadata(join(FIXTURES, 'torch_written.safetensors'));
    assert.deepEqual(metadata, expected.metadata);
    assertMatches(tensors, expected, 'torch_written');
    assert.equal(dtypes['half'], 'F16');
    assert.equal(dtypes['layer1.0.bn1.num_batches_tracked'], 'I64');
    assert.deepEqual(tensors['layer1.0.bn1.num_batches_tracked']!.shape, []);
    assert.equal(tensors['layer1.0.bn1.num_batches_tracked']!.item(), 7);
    assert.deepEqual(tensors['layer1.0.conv1.weight']!.shape, [4, 2, 3, 3]);
    assert.deepEqual(tensors['mask']!.tolist(), [[true, false], [false, true]]);
    const loaded = await io.loadSafetensors(join(FIXTURES, 'torch_written.safetensors'));
    assert.deepEqual(Object.keys(loaded), Object.keys(tensors));
  });

  test('re-encodes the PyTorch-written F32/F64/I32/BOOL file byte for byte', () => {
    const bytes = readBytes('torch_native.safetensors');
    const expected = readJson('torch_native.json');
    assert.deepEqual(io.encodeSafetensors(tensorsOf(expected), expected.metadata ?? undefined), bytes);
    const decoded = io.decodeSafetensors(bytes);
    assertMatches(decoded.tensors, expected, 'torch_native');
    assert.deepEqual(io.encodeSafetensors(decoded.tensors, decoded.metadata ?? undefined), bytes);
  });

  test("reproduces the reference implementation's unit-test bytes", () => {
    // safetensors/src/tensor.rs: test_serialization, test_serialization_forced_alignement, test_empty
    const data = new Float32Array([0, 1, 2, 3, 4, 5]);
    const header = (name: string, shape: string): number[] =>
      Array.from(new TextEncoder().encode(`{"${name}":{"dtype":"F32","shape":${shape},"data_offsets":[0,24]}}`));
    const attn = io.encodeSafetensors({ 'attn.0': tn.tensor(data, { shape: [1, 2, 3] }) });
    assert.deepEqual(Array.from(attn), [64, 0, 0, 0, 0, 0, 0, 0, ...header('attn.0', '[1,2,3]'), ...le(data)]);
    const aligned = io.encodeSafetensors({ attn0: tn.tensor(data, { shape: [1, 1, 2, 3] }) });
    assert.deepEqual(Array.from(aligned), [72, 0, 0, 0, 0, 0, 0, 0, ...header('attn0', '[1,1,2,3]'), 32, 32, 32, 32, 32, 32, 32, ...le(data)]);
    assert.deepEqual(Array.from(io.encodeSafetensors({})), [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    const meta = io.encodeSafetensors({}, { framework: 'pt' });
    assert.deepEqual(Array.from(meta), [40, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{"__metadata__":{"framework":"pt"}}'), 32, 32, 32, 32, 32]);
    assert.deepEqual(io.decodeSafetensors(meta), { tensors: {}, metadata: { framework: 'pt' }, dtypes: {} });
  });

  test('the committed tasknet-written fixture is what tasknet writes now', () => {
    const { tensors, metadata } = tasknetTensors();
    const bytes = io.encodeSafetensors(tensors, metadata);
    if (process.env['TASKNET_UPDATE_FIXTURES'] === '1') {
      writeFileSync(join(FIXTURES, 'tasknet_written.safetensors'), bytes);
      writeFileSync(join(FIXTURES, 'tasknet_written.json'), JSON.stringify(valuesFileOf(io.decodeSafetensors(bytes)), null, 1) + '\n');
    }
    assert.deepEqual(bytes, readBytes('tasknet_written.safetensors'), 'regenerate with TASKNET_UPDATE_FIXTURES=1 if the change is intended');
    assertMatches(io.decodeSafetensors(bytes).tensors, readJson('tasknet_written.json'), 'tasknet_written');
  });

  const noTorch = torchAvailable();
  test('PyTorch reads what tasknet writes (values, metadata, and its writer reproduces the bytes)', { skip: noTorch }, async () => {
    const dir = scratch();
    try {
      const path = join(dir, 'model.safetensors');
      const { tensors, metadata } = tasknetTensors();
      await io.saveSafetensors(path, tensors, metadata);
      const run = spawnSync(PYTHON, [SCRIPT, '--read', path], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const read = JSON.parse(run.stdout) as ValuesFile;
      assert.deepEqual(read.metadata, metadata);
      assertMatches(tensors, read, 'read by Python');
      const verify = spawnSync(PYTHON, [SCRIPT, '--verify'], { encoding: 'utf8' });
      assert.equal(verify.status, 0, verify.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('round trips and conversions', () => {
  test('every native dtype, empty tensors, scalars, awkward names, metadata', () => {
    const tensors: Record<string, Tensor> = {
      f32: tn.tensor([[1.5, -0, Infinity], [NaN, -Infinity, 1e-45]]),
      f64: tn.tensor([Math.PI, -0, Number.MIN_VALUE, Number.MAX_VALUE, NaN], { dtype: 'float64' }),
      i32: tn.tensor([[-2147483648], [2147483647]], { dtype: 'int32' }),
      bool: tn.tensor([[true, false, true]]),
      empty0: tn.zeros([0]),
      empty2: tn.zeros([2, 0, 5], { dtype: 'float64' }),
      emptyBool: tn.zeros([0, 1], { dtype: 'bool' }),
      scalarF: tn.tensor(-3.5),
      scalarI: tn.tensor(9, { dtype: 'int32' }),
      scalarB: tn.tensor(true),
      '': tn.tensor([1]),
      '__proto__': tn.tensor([2]),
      'with "quotes" and \\ and \n': tn.tensor([3]),
      '😀 emoji': tn.tensor([4]),
      '0': tn.tensor([5]),
    };
    const metadatas: (Record<string, string> | undefined)[] = [undefined, {}, { a: '', 'b\u0001': 'x"y', 'ü': '😀' }];
    for (const metadata of metadatas) {
      const bytes = io.encodeSafetensors(tensors, metadata);
      assert.equal(new DataView(bytes.buffer).getBigUint64(0, true) % 8n, 0n);
      const back = io.decodeSafetensors(bytes);
      assert.deepEqual(back.metadata, metadata ?? null);
      assert.deepEqual(Object.keys(back.tensors).sort(), Object.keys(tensors).sort());
      for (const [name, t] of Object.entries(tensors)) {
        const u = back.tensors[name]!;
        assert.ok(u instanceof tn.Tensor, name);
        assert.equal(u.dtype, t.dtype, name);
        assert.deepEqual(u.shape, t.shape, name);
        assertSameValues(u.dataSync(), Array.from(t.dataSync()), name);
      }
      assert.deepEqual(io.encodeSafetensors(back.tensors, back.metadata ?? undefined), bytes);
    }
  });

  test('tensors are ordered by dtype (F64, F32, I32, BOOL) then by UTF-8 name; offsets tile the data', () => {
    const bytes = io.encodeSafetensors({
      b: tn.tensor([true]), i: tn.tensor([1], { dtype: 'int32' }), z: tn.tensor([1]), 'é': tn.tensor([1]),
      '\uffff': tn.tensor([1]), '😀': tn.tensor([1]), A: tn.tensor([1]), d: tn.tensor([1], { dtype: 'float64' }),
    });
    const header = io.parseSafetensorsHeader(bytes);
    // U+FFFF is EF BF BF in UTF-8 and sorts before U+1F600 (F0 9F 98 80), unlike UTF-16 order
    assert.deepEqual(header.entries.map((e) => e.name), ['d', 'A', 'z', 'é', '\uffff', '😀', 'i', 'b']);
    assert.deepEqual(header.entries.map((e) => e.dataOffsets), [[0, 8], [8, 12], [12, 16], [16, 20], [20, 24], [24, 28], [28, 32], [32, 33]]);
  });

  test('F16, BF16, I8, U8, I16, U16, U32, I64, U64 convert; out-of-range integers are errors naming the tensor', () => {
    const f16 = new Uint16Array([0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x7c00, 0xfc00, 0x7e00, 0x3555]);
    const bf16 = new Uint16Array([0x3f80, 0xc020, 0x7f80, 0x0001]);
    const i64 = new BigInt64Array([-2147483648n, 2147483647n, -1n, 0n]);
    const u64 = new BigUint64Array([0n, 2147483647n]);
    const u32 = new Uint32Array([0, 2147483647]);
    const parts: [string, string, number[], number[]][] = [
      ['h', 'F16', [12], le(f16)], ['bh', 'BF16', [2, 2], le(bf16)], ['i8', 'I8', [3], [0x80, 0xff, 0x7f]],
      ['u8', 'U8', [3], [0, 128, 255]], ['i16', 'I16', [2], le(new Int16Array([-32768, 32767]))],
      ['u16', 'U16', [2], le(new Uint16Array([0, 65535]))], ['u32', 'U32', [2], le(u32)],
      ['i64', 'I64', [4], le(i64)], ['u64', 'U64', [2], le(u64)],
    ];
    const header: Record<string, unknown> = {};
    const data: number[] = [];
    for (const [name, dtype, shape, bytes] of parts) {
      header[name] = { dtype, shape, data_offsets: [data.length, data.length + bytes.length] };
      data.push(...bytes);
    }
    const { tensors, dtypes } = io.decodeSafetensors(craft(header, data));
    assertSameValues(tensors['h']!.dataSync(), [0, -0, 1, -2, 65504, 2 ** -24, 1023 * 2 ** -24, 2 ** -14, Infinity, -Infinity, NaN, 0.333251953125], 'F16');
    assertSameValues(tensors['bh']!.dataSync(), [1, -2.5, Infinity, 2 ** -133], 'BF16');
    assertSameValues(tensors['i8']!.dataSync(), [-128, -1, 127], 'i8');
    assertSameValues(tensors['u8']!.dataSync(), [0, 128, 255], 'u8');
    assertSameValues(tensors['i16']!.dataSync(), [-32768, 32767], 'i16');
    assertSameValues(tensors['u16']!.dataSync(), [0, 65535], 'u16');
    assertSameValues(tensors['u32']!.dataSync(), [0, 2147483647], 'u32');
    assertSameValues(tensors['i64']!.dataSync(), [-2147483648, 2147483647, -1, 0], 'i64');
    assertSameValues(tensors['u64']!.dataSync(), [0, 2147483647], 'u64');
    assert.equal(tensors['bh']!.dtype, 'float32');
    assert.equal(tensors['i64']!.dtype, 'int32');
    assert.equal(dtypes['u16'], 'U16');

    const one = (name: string, dtype: string, bytes: number[]): Uint8Array =>
      craft({ [name]: { dtype, shape: [bytes.length / 8 >= 1 && dtype.endsWith('64') ? bytes.length / 8 : bytes.length / 4], data_offsets: [0, bytes.length] } }, bytes);
    assert.throws(() => io.decodeSafetensors(one('step', 'I64', le(new BigInt64Array([1n, 2147483648n]))), { source: 'ck.safetensors' }),
      /decodeSafetensors: ck\.safetensors: tensor 'step' \(I64\): value 2147483648 at flat index 1 does not fit in int32/);
    assert.throws(() => io.decodeSafetensors(one('neg', 'I64', le(new BigInt64Array([-2147483649n])))), /tensor 'neg' \(I64\): value -2147483649 at flat index 0/);
    assert.throws(() => io.decodeSafetensors(one('big', 'I64', le(new BigInt64Array([-(2n ** 63n)])))), /value -9223372036854775808/);
    assert.throws(() => io.decodeSafetensors(one('u', 'U64', le(new BigUint64Array([2n ** 64n - 1n])))), /tensor 'u' \(U64\): value 18446744073709551615/);
    assert.throws(() => io.decodeSafetensors(one('u', 'U32', le(new Uint32Array([5, 2147483648])))), /tensor 'u' \(U32\): value 2147483648 at flat index 1/);
  });

  test('unaligned data (a Uint8Array or Buffer at an odd offset) decodes the same; the input is not modified', () => {
    const bytes = io.encodeSafetensors({ a: tn.tensor([1.5, 2.5]), b: tn.tensor([3], { dtype: 'float64' }), m: tn.tensor([true, false]) });
    bytes[bytes.length - 1] = 5; // a BOOL byte other than 0/1 reads as true
    for (const make of [(n: number) => new Uint8Array(n), (n: number) => Buffer.alloc(n)]) {
      const shifted = make(bytes.length + 1);
      shifted.set(bytes, 1);
      const { tensors } = io.decodeSafetensors(shifted.subarray(1));
      assertSameValues(tensors['a']!.dataSync(), [1.5, 2.5], 'a');
      assertSameValues(tensors['b']!.dataSync(), [3], 'b');
      assertSameValues(tensors['m']!.dataSync(), [1, 1], 'm');
      assert.equal(shifted[shifted.length - 1], 5, 'the input bytes are left alone');
    }
  });
});

describe('malformed files are errors naming the file and the tensor', () => {
  const source = { source: 'bad.safetensors' };
  const F32x2 = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
  const cases: [string, Uint8Array, RegExp][] = [
    ['shorter than 8 bytes', new Uint8Array(5), /bad\.safetensors: the file has 5 bytes, fewer than the 8 of the header length/],
    ['header length beyond the file', craft({}, [], 1000n), /the header length is 1000 bytes, but only 2 bytes follow it \(truncated file\?\)/],
    ['header length near 2^64', craft({}, [], 2n ** 64n - 1n), /the header length is 18446744073709551615 bytes/],
    ['invalid UTF-8', craft('{"\xff"}'.replace('\xff', 'x'), []).map((b, i) => (i === 10 ? 0xff : b)), /the 5-byte header is not valid UTF-8/],
    ['invalid JSON', craft('{"a": {', []), /the header is not valid JSON .*: "\{\\"a\\": \{"/],
    ['JSON array', craft('[1, 2]', []), /the header must be a JSON object, found an array/],
    ['metadata not strings', craft({ __metadata__: { a: 1 } }), /__metadata__ must map strings to strings, found \{"a":1\}/],
    ['entry not an object', craft({ w: 3 }), /tensor 'w': expected an object \{dtype, shape, data_offsets\}, found 3/],
    ['unknown dtype', craft({ w: { ...F32x2, dtype: 'Q4' } }, new Array(8).fill(0)), /tensor 'w': unknown dtype 'Q4' \(tasknet reads BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64\)/],
    ['unsupported dtype', craft({ w: { ...F32x2, dtype: 'F8_E4M3' } }, new Array(8).fill(0)), /tensor 'w': dtype F8_E4M3 is not supported/],
    ['bad shape', craft({ w: { ...F32x2, shape: [2, -1] } }, new Array(8).fill(0)), /tensor 'w': shape must be an array of non-negative integers, found \[2,-1\]/],
    ['bad offsets', craft({ w: { ...F32x2, data_offsets: [0] } }, new Array(8).fill(0)), /tensor 'w': data_offsets must be \[begin, end\]/],
    ['reversed offsets', craft({ w: { ...F32x2, shape: [0], data_offsets: [8, 0] } }, new Array(8).fill(0)), /tensor 'w': data_offsets \[8,0\] end before they begin/],
    ['shape and span disagree', craft({ w: { ...F32x2, shape: [3] } }, new Array(8).fill(0)), /tensor 'w': shape \[3\] of F32 needs 12 bytes, but data_offsets \[0,8\] span 8/],
    ['offsets past the end', craft({ w: { ...F32x2, data_offsets: [4, 12] } }, new Array(8).fill(0)), /tensor 'w' needs data bytes \[4,12\), but the data section has only 8 bytes/],
    ['gap', craft({ w: { ...F32x2, data_offsets: [4, 12] } }, new Array(12).fill(0)), /data bytes \[0,4\) belong to no tensor \(gap before tensor 'w'\)/],
    ['overlap', craft({ v: F32x2, w: { ...F32x2, data_offsets: [4, 12] } }, new Array(12).fill(0)), /tensor 'w' data_offsets \[4,12\] overlap tensor 'v' \[0,8\]/],
    ['zero-size tensor inside another', craft({ v: F32x2, w: { ...F32x2, shape: [0], data_offsets: [4, 4] } }, new Array(8).fill(0)), /tensor 'w' data_offsets \[4,4\] overlap tensor 'v' \[0,8\]/],
    ['trailing bytes', craft({ w: F32x2 }, new Array(11).fill(0)), /the data section has 11 bytes, but the tensors cover only 8 \(3 trailing bytes\)/],
  ];
  for (const [name, bytes, message] of cases) {
    test(name, () => {
      assert.throws(() => io.decodeSafetensors(bytes, source), (e: unknown) => {
        assert.ok(e instanceof tn.ValueError, `${name}: ${String(e)}`);
        assert.match(e.message, /^decodeSafetensors: bad\.safetensors: /);
        assert.match(e.message, message);
        return true;
      });
    });
  }

  test('a valid file cut at every length is an error, never a crash or garbage', () => {
    const bytes = readBytes('torch_written.safetensors');
    for (let n = 0; n < bytes.length; n++) {
      assert.throws(() => io.decodeSafetensors(bytes.subarray(0, n), source), tn.ValueError, `cut at ${n}`);
    }
    const before = tn.numTensors();
    assert.throws(() => io.decodeSafetensors(bytes.subarray(0, bytes.length - 1)));
    assert.equal(tn.numTensors(), before, 'no tensor leaks from a failed decode');
  });

  test('loading a truncated file names the path', async () => {
    const dir = scratch();
    try {
      const path = join(dir, 'cut.safetensors');
      writeFileSync(path, readBytes('torch_written.safetensors').subarray(0, 1500));
      await assert.rejects(io.loadSafetensors(path), (e: unknown) => {
        assert.ok(e instanceof tn.ValueError);
        assert.ok(e.message.startsWith(`decodeSafetensors: ${path}: tensor '`), e.message);
        assert.match(e.message, /truncated file\?/);
        return true;
      });
      await assert.rejects(io.loadSafetensors(join(dir, 'missing.safetensors')), (e: unknown) => {
        assert.ok(e instanceof tn.TasknetError);
        assert.match(e.message, /^loadSafetensors: .*missing\.safetensors: ENOENT/);
        assert.equal((e.cause as { code?: string }).code, 'ENOENT');
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad arguments to the encoder', () => {
    const t = tn.tensor([1]);
    assert.throws(() => io.encodeSafetensors({ __metadata__: t }), /encodeSafetensors: '__metadata__' is reserved/);
    assert.throws(() => io.encodeSafetensors({ a: [1, 2] as unknown as Tensor }), /tensors\['a'\] must be a Tensor, found object/);
    const gone = tn.tensor([1]);
    gone.dispose();
    assert.throws(() => io.encodeSafetensors({ gone }), /tensors\['gone'\] was disposed/);
    assert.throws(() => io.encodeSafetensors({ t }, { n: 1 as unknown as string }), /metadata\['n'\] must be a string, found number/);
    assert.throws(() => io.encodeSafetensors({ 'a\ud800': t }), /tensor name "a\\ud800" has a lone surrogate/);
    assert.throws(() => io.encodeSafetensors({ t }, { k: '\udc00' }), /metadata entry "k" has a lone surrogate/);
    assert.doesNotThrow(() => io.encodeSafetensors({ '😀': t }, { '😀': '😀' }));
  });
});

describe('saveSafetensors is atomic', () => {
  const tmpLeft = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes('.tmp-'));

  test('writes, overwrites, and leaves no temporary file', async () => {
    const dir = scratch();
    try {
      const path = join(dir, 'm.safetensors');
      await io.saveSafetensors(path, { a: tn.tensor([1, 2]) });
      const progress: [number, number][] = [];
      await io.saveSafetensors(path, { b: tn.tensor([3], { dtype: 'int32' }) }, { k: 'v' }, { onProgress: (w, t) => progress.push([w, t]) });
      const back = await io.loadSafetensorsWithMetadata(path);
      assert.deepEqual(Object.keys(back.tensors), ['b']);
      assert.deepEqual(back.metadata, { k: 'v' });
      assert.deepEqual(progress, [[readFileSync(path).length, readFileSync(path).length]]);
      assert.deepEqual(readdirSync(dir), ['m.safetensors']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a write that fails midway leaves the previous file intact and removes the temporary file', async () => {
    const dir = scratch();
    try {
      const path = join(dir, 'm.safetensors');
      await io.saveSafetensors(path, { a: tn.tensor([1, 2]) });
      const before = readFileSync(path);
      const big = { w: tn.zeros([5 * 1024 * 1024]) }; // 20 MB: three 8 MiB chunks
      let calls = 0;
      await assert.rejects(io.saveSafetensors(path, big, undefined, {
        onProgress: () => { if (++calls === 1) throw new Error('disk full (simulated)'); },
      }), (e: unknown) => {
        assert.ok(e instanceof tn.TasknetError);
        assert.equal(e.message, `saveSafetensors: ${path}: disk full (simulated)`);
        return true;
      });
      assert.equal(calls, 1);
      assert.deepEqual(readFileSync(path), before);
      assert.deepEqual(tmpLeft(dir), []);
      // renaming over a directory fails after the data was written: the temporary file is removed too
      const asDir = join(dir, 'taken');
      mkdirSync(asDir);
      await assert.rejects(io.saveSafetensors(asDir, { a: tn.tensor([1]) }), /saveSafetensors: .*taken: E(ISDIR|EXIST|NOTEMPTY|PERM)/);
      assert.deepEqual(tmpLeft(dir), []);
      await assert.rejects(io.saveSafetensors(join(dir, 'no/such/dir/m.safetensors'), { a: tn.tensor([1]) }), /saveSafetensors: .*m\.safetensors: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const root = process.getuid?.() === 0;
  test('a read-only directory: the save fails, the previous file stays', { skip: root ? 'running as root, which ignores directory permissions' : false }, async () => {
    const dir = scratch();
    try {
      const path = join(dir, 'm.safetensors');
      await io.saveSafetensors(path, { a: tn.tensor([1, 2]) });
      const before = readFileSync(path);
      chmodSync(dir, 0o555);
      await assert.rejects(io.saveSafetensors(path, { b: tn.tensor([3]) }), /saveSafetensors: .*EACCES/);
      chmodSync(dir, 0o755);
      assert.deepEqual(readFileSync(path), before);
      assert.deepEqual(tmpLeft(dir), []);
    } finally {
      chmodSync(dir, 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
