#!/usr/bin/python3
"""safetensors fixtures written with PyTorch, and a reader to check files tasknet writes.

Debian has no `safetensors` package, so this script implements the published format itself, following the
reference implementation (huggingface/safetensors, safetensors/src/tensor.rs):

  * 8-byte little-endian unsigned header length N, then N bytes of UTF-8 JSON, then the data section;
  * the JSON is compact (no spaces), `"__metadata__"` first when given, then one entry per tensor
    `{"dtype":"F32","shape":[2,3],"data_offsets":[begin,end]}`, non-ASCII characters unescaped (serde_json);
  * tensors ordered by dtype (descending in the reference `Dtype` enum order, which is by alignment), then by
    name (byte order of the UTF-8 encoding); data back to back in that order, little-endian, row-major;
  * the header padded with spaces to a multiple of 8 bytes.
  The reference writes `__metadata__` keys in hash-map order (unspecified, see safetensors issue #584); this
  script, like tasknet, sorts them, which makes files reproducible.

Usage (Debian's interpreter, which has torch):

  /usr/bin/python3 tools/golden/safetensors_fixture.py            write the torch fixtures, then --verify
  /usr/bin/python3 tools/golden/safetensors_fixture.py --verify   check test/fixtures/safetensors/tasknet_written.*
  /usr/bin/python3 tools/golden/safetensors_fixture.py --read F   print F's metadata and tensors as JSON

Files (test/fixtures/safetensors/):
  torch_written.safetensors/.json  every dtype tasknet reads (F16, BF16, I64, I8, U8, I16 ...), torchvision-style
                                   keys, a num_batches_tracked int64 scalar, an empty tensor, metadata
  torch_native.safetensors/.json   only F32/F64/I32/BOOL: tasknet must re-encode it byte for byte
  tasknet_written.safetensors/.json written by test/io-safetensors.test.ts (TASKNET_UPDATE_FIXTURES=1); --verify
                                   reads it with the reader below, compares the values, and re-writes it with the
                                   writer below, which must reproduce it byte for byte

JSON values: {"metadata": {...} | null, "tensors": {name: {"dtype", "shape", "data": flat list}}}; NaN and
infinities are written as the strings "NaN", "Infinity", "-Infinity"; booleans as 0/1.
"""

import json
import math
import os
import struct
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures', 'safetensors')

# name -> (torch dtype, bytes per element, rank in the reference Dtype enum)
DTYPES = {
    'BOOL': (torch.bool, 1, 0),
    'U8': (torch.uint8, 1, 4),
    'I8': (torch.int8, 1, 5),
    'I16': (torch.int16, 2, 9),
    'F16': (torch.float16, 2, 11),
    'BF16': (torch.bfloat16, 2, 12),
    'I32': (torch.int32, 4, 13),
    'F32': (torch.float32, 4, 15),
    'F64': (torch.float64, 8, 17),
    'I64': (torch.int64, 8, 18),
}
BY_TORCH = {v[0]: k for k, v in DTYPES.items()}


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def serialize(tensors, metadata=None):
    """The bytes of a safetensors file holding `tensors` (name -> torch tensor) and `metadata`."""
    assert sys.byteorder == 'little'
    items = sorted(tensors.items(), key=lambda kv: (-DTYPES[BY_TORCH[kv[1].dtype]][2], kv[0].encode('utf-8')))
    header = {}
    if metadata is not None:
        header['__metadata__'] = {k: metadata[k] for k in sorted(metadata, key=lambda k: k.encode('utf-8'))}
    offset = 0
    chunks = []
    for name, t in items:
        data = tensor_bytes(t)
        header[name] = {'dtype': BY_TORCH[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        chunks.append(data)
    text = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(chunks)


def deserialize(data):
    """(metadata or None, {name: torch tensor}) of a safetensors file's bytes, validating the layout."""
    if len(data) < 8:
        raise ValueError('file shorter than 8 bytes')
    (n,) = struct.unpack('<Q', data[:8])
    if 8 + n > len(data):
        raise ValueError('header length beyond the end of the file')
    header = json.loads(data[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', None)
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]['data_offsets']))
    start = 8 + n
    covered = 0
    tensors = {}
    for name, info in entries:
        begin, end = info['data_offsets']
        if begin != covered or end < begin:
            raise ValueError(f'tensor {name!r}: bad data_offsets {info["data_offsets"]}')
        dtype, size, _ = DTYPES[info['dtype']]
        shape = info['shape']
        if math.prod(shape) * size != end - begin:
            raise ValueError(f'tensor {name!r}: shape {shape} does not match its {end - begin} bytes')
        raw = bytearray(data[start + begin:start + end])
        if len(raw) == 0:
            t = torch.empty(shape, dtype=dtype)
        elif dtype == torch.bfloat16:
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16).reshape(shape)
        else:
            t = torch.frombuffer(raw, dtype=dtype).reshape(shape)
        tensors[name] = t
        covered = end
    if start + covered != len(data):
        raise ValueError('the tensors do not cover the data section')
    return metadata, tensors


def number(x):
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, float):
        if math.isnan(x):
            return 'NaN'
        if math.isinf(x):
            return 'Infinity' if x > 0 else '-Infinity'
    return x


def values_json(metadata, tensors):
    out = {}
    for name, t in tensors.items():
        flat = t.reshape(-1)
        if t.dtype in (torch.float16, torch.bfloat16):
            flat = flat.float()
        out[name] = {'dtype': BY_TORCH[t.dtype], 'shape': list(t.shape), 'data': [number(v) for v in flat.tolist()]}
    return {'metadata': metadata, 'tensors': out}


def write_pair(stem, tensors, metadata):
    data = serialize(tensors, metadata)
    with open(os.path.join(FIXTURES, stem + '.safetensors'), 'wb') as f:
        f.write(data)
    with open(os.path.join(FIXTURES, stem + '.json'), 'w') as f:
        json.dump(values_json(metadata, tensors), f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(f'wrote test/fixtures/safetensors/{stem}.safetensors ({len(data)} bytes) and {stem}.json', file=sys.stderr)


def torch_tensors():
    g = torch.Generator().manual_seed(0)
    half = torch.tensor([0.0, -0.0, 1 / 3, 65504.0, 2.0 ** -24, -2.0 ** -14, float('inf'), float('nan')], dtype=torch.float16)
    written = {
        'fc.weight': torch.randn(2, 3, generator=g),
        'fc.bias': torch.tensor([0.5, -0.25]),
        'layer1.0.conv1.weight': torch.randn(4, 2, 3, 3, generator=g),
        'layer1.0.bn1.running_mean': torch.randn(4, generator=g),
        'layer1.0.bn1.num_batches_tracked': torch.tensor(7, dtype=torch.int64),
        'double': torch.tensor([1 / 3, -2.5e-300, 1e300], dtype=torch.float64),
        'indices': torch.tensor([-3, 0, 1, 2147483647, -2147483648], dtype=torch.int64),
        'mask': torch.tensor([[True, False], [False, True]]),
        'half': half,
        'bhalf': torch.tensor([1.0, -2.5, 3.140625, 1e-20], dtype=torch.bfloat16),
        'int8': torch.tensor([-128, 0, 127], dtype=torch.int8),
        'uint8': torch.tensor([0, 128, 255], dtype=torch.uint8),
        'int16': torch.tensor([-32768, 32767], dtype=torch.int16),
        'int32': torch.tensor([[1, -2], [3, -4]], dtype=torch.int32),
        'empty': torch.zeros(0, 3),
        'scalar': torch.tensor(2.5),
    }
    native = {
        'fc.weight': torch.randn(2, 3, generator=g),
        'fc.bias': torch.tensor([0.125, -8.0]),
        'layer1.0.conv1.weight': torch.randn(2, 1, 3, 3, generator=g),
        'double': torch.tensor([1 / 3, -1e-310, 6.02214076e23], dtype=torch.float64),
        'counts': torch.tensor([0, -1, 2147483647, -2147483648], dtype=torch.int32),
        'mask': torch.tensor([True, False, True]),
        'scalar': torch.tensor(-0.75),
        'empty': torch.zeros(0),
        'B': torch.tensor([1.0]),
        'a': torch.tensor([2.0]),
        'é': torch.tensor([3.0]),
        'z': torch.tensor([4.0]),
        '10': torch.tensor([5.0]),
        '9': torch.tensor([6.0]),
    }
    return written, native


def verify():
    path = os.path.join(FIXTURES, 'tasknet_written.safetensors')
    if not os.path.exists(path):
        print('--verify: no tasknet_written.safetensors yet (run the TypeScript test with TASKNET_UPDATE_FIXTURES=1)', file=sys.stderr)
        return 1
    with open(path, 'rb') as f:
        data = f.read()
    with open(os.path.join(FIXTURES, 'tasknet_written.json')) as f:
        expected = json.load(f)
    metadata, tensors = deserialize(data)
    got = values_json(metadata, tensors)
    problems = []
    if got['metadata'] != expected['metadata']:
        problems.append(f'metadata {got["metadata"]} != {expected["metadata"]}')
    if set(got['tensors']) != set(expected['tensors']):
        problems.append(f'names {sorted(got["tensors"])} != {sorted(expected["tensors"])}')
    for name, e in expected['tensors'].items():
        g = got['tensors'].get(name)
        if g is not None and g != e:
            problems.append(f'tensor {name!r}: {g} != {e}')
    again = serialize(tensors, metadata)
    if again != data:
        problems.append(f'the Python writer gives different bytes ({len(again)} vs {len(data)})')
    for p in problems:
        print('--verify: ' + p, file=sys.stderr)
    if not problems:
        print(f'--verify: tasknet_written.safetensors ({len(data)} bytes, {len(tensors)} tensors): values and bytes match', file=sys.stderr)
    return 1 if problems else 0


def main(argv):
    if len(argv) == 2 and argv[0] == '--read':
        with open(argv[1], 'rb') as f:
            metadata, tensors = deserialize(f.read())
        json.dump(values_json(metadata, tensors), sys.stdout, ensure_ascii=False)
        sys.stdout.write('\n')
        return 0
    if argv == ['--verify']:
        return verify()
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    os.makedirs(FIXTURES, exist_ok=True)
    written, native = torch_tensors()
    write_pair('torch_written', written, {'format': 'pt', 'source': 'tools/golden/safetensors_fixture.py'})
    write_pair('torch_native', native, {'format': 'pt', 'zeta': 'last', 'alpha': 'first', 'ünïcode': 'ß'})
    # the writer must read back what it wrote
    for stem, tensors in (('torch_written', written), ('torch_native', native)):
        with open(os.path.join(FIXTURES, stem + '.safetensors'), 'rb') as f:
            _, back = deserialize(f.read())
        for name, t in tensors.items():
            assert torch.equal(back[name], t) or (t.is_floating_point() and torch.equal(back[name].isnan(), t.isnan())), name
    return verify() if os.path.exists(os.path.join(FIXTURES, 'tasknet_written.safetensors')) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
