#!/usr/bin/python3
"""Golden fixtures for tasknet's layers (tn.nn.*), computed with PyTorch.

Run with Debian's interpreter (the one that has torch):

    /usr/bin/python3 tools/golden/layers.py

Writes test/fixtures/golden/layers.json, which test/nn-layers.test.ts replays: it builds the
tasknet layer from `layer`, `args` and `options` (tasknet's camelCase names), loads `state`
strictly (so the state-dict keys must match PyTorch's), and compares. Deterministic
(torch.manual_seed(0), one thread).

Each case:
  id          unique name
  layer       the tasknet class (tn.nn.<layer>)
  args        positional constructor arguments
  options     constructor options, as tasknet names them
  repr        str(torch_layer): what toString() must print
  state       {key: tensor}: the torch state_dict (parameters randomised, buffers included)
  train       whether the layer is in training mode for the forward
  inputs      [{name, shape, dtype, data}]: forward arguments in order (null entries are omitted)
  output      the forward result
  cotangent   c; gradients are of sum(output * c)
  inputGrads  {name: tensor} for every float input
  paramGrads  {key: tensor} for every parameter that requires grad (zeros where torch has none)
  after       (BatchNorm) {input2, buffers, evalOutput}: a second training forward on input2, the
              buffers after both, then the output of eval mode on the first input
Tensors are {shape, dtype, data} with data flat, row-major; float32 values written with 9 significant
digits (exact for float32); int64 indices and counters written as int32.
"""

import json
import os

import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'layers.json')

CASES = []


def enc(t):
    t = t.detach()
    if t.dtype in (torch.int64, torch.int32):
        return {'shape': list(t.shape), 'dtype': 'int32', 'data': [int(v) for v in t.reshape(-1).tolist()]}
    if t.dtype == torch.bool:
        return {'shape': list(t.shape), 'dtype': 'bool', 'data': [int(v) for v in t.reshape(-1).tolist()]}
    data = [float('%.9g' % v) for v in t.float().reshape(-1).tolist()]
    return {'shape': list(t.shape), 'dtype': 'float32', 'data': data}


def randomise(layer):
    """Draw every parameter (and float buffer) afresh so the test does not rely on default values."""
    with torch.no_grad():
        for name, p in layer.named_parameters():
            p.copy_(torch.randn_like(p) * 0.5 + (1.0 if name.endswith('weight') and p.dim() == 1 else 0.0))
        for name, b in layer.named_buffers():
            if name.endswith('running_mean'):
                b.copy_(torch.randn_like(b) * 0.3)
            elif name.endswith('running_var'):
                b.copy_(torch.rand_like(b) + 0.5)
            elif name.endswith('num_batches_tracked'):
                b.fill_(3)


def add_case(case_id, layer_name, args, options, layer, inputs, train=False, after=None):
    """inputs: list of (name, tensor or None); float tensors get gradients."""
    layer.train(train)
    state = {k: enc(v) for k, v in layer.state_dict().items()}
    present = [(n, t) for n, t in inputs if t is not None]
    for _, t in present:
        if t.is_floating_point():
            t.requires_grad_(True)
    out = layer(*[t for _, t in inputs])
    cot = torch.randn_like(out)
    (out * cot).sum().backward()
    case = {
        'id': case_id,
        'layer': layer_name,
        'args': args,
        'options': options,
        'repr': str(layer),
        'state': state,
        'train': train,
        'inputs': [dict(enc(t), name=n) for n, t in present],
        'output': enc(out),
        'cotangent': enc(cot),
        'inputGrads': {n: enc(t.grad) for n, t in present if t.is_floating_point()},
        'paramGrads': {k: enc(p.grad if p.grad is not None else torch.zeros_like(p)) for k, p in layer.named_parameters()},
    }
    if after is not None:
        x2 = after
        with torch.no_grad():
            layer(x2)
            case['after'] = {'input2': enc(x2), 'buffers': {k: enc(v) for k, v in layer.named_buffers()}}
            layer.eval()
            case['after']['evalOutput'] = enc(layer(present[0][1]))
    CASES.append(case)


def randn(*shape):
    return torch.randn(*shape)


# ---------------------------------------------------------------------------
# Bilinear
# ---------------------------------------------------------------------------

def bilinear_cases():
    for cid, (p, q, o), lead, bias in [
        ('bilinear_small_out', (5, 3, 2), [6], True),      # in1 > out: the matmul path
        ('bilinear_large_out', (3, 4, 5), [2, 3], True),   # in1 <= out: the outer-product path
        ('bilinear_nobias', (4, 2, 3), [5], False),
    ]:
        layer = nn.Bilinear(p, q, o, bias=bias)
        randomise(layer)
        add_case(cid, 'Bilinear', [p, q, o], {'bias': bias}, layer,
                 [('input1', randn(*lead, p)), ('input2', randn(*lead, q))])


# ---------------------------------------------------------------------------
# Convolutions
# ---------------------------------------------------------------------------

def conv_cases():
    specs1 = [
        ('conv1d_basic', (3, 4, 3), {}, {}, [2, 3, 9]),
        ('conv1d_stride_pad_dil', (3, 4, 3), dict(stride=2, padding=1, dilation=2), dict(stride=2, padding=1, dilation=2), [2, 3, 11]),
        ('conv1d_groups_nobias', (4, 6, 2), dict(groups=2, bias=False), dict(groups=2, bias=False), [2, 4, 7]),
        ('conv1d_same_even', (2, 3, 4), dict(padding='same'), dict(padding='same'), [2, 2, 8]),
        ('conv1d_same_dilated', (2, 3, 3), dict(padding='same', dilation=2), dict(padding='same', dilation=2), [1, 2, 9]),
        ('conv1d_valid_unbatched', (2, 3, 3), dict(padding='valid'), dict(padding='valid'), [2, 6]),
    ]
    for cid, args, torch_kw, options, shape in specs1:
        layer = nn.Conv1d(*args, **torch_kw)
        randomise(layer)
        add_case(cid, 'Conv1d', list(args), options, layer, [('input', randn(*shape))])
    specs2 = [
        ('conv2d_basic', (3, 4, 3), {}, {}, [2, 3, 6, 6]),
        ('conv2d_full', (4, 6, (3, 5)), dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2),
         dict(stride=[2, 1], padding=[1, 2], dilation=[1, 2], groups=2), [2, 4, 7, 9]),
        ('conv2d_same_even', (2, 3, 4), dict(padding='same'), dict(padding='same'), [2, 2, 6, 5]),
        ('conv2d_same_rect_dilated', (2, 2, (2, 3)), dict(padding='same', dilation=2, bias=False),
         dict(padding='same', dilation=2, bias=False), [1, 2, 7, 6]),
        ('conv2d_valid', (3, 2, 2), dict(padding='valid', stride=2), dict(padding='valid', stride=2), [2, 3, 5, 5]),
        ('conv2d_unbatched_depthwise', (3, 3, 3), dict(padding=1, groups=3), dict(padding=1, groups=3), [3, 5, 4]),
    ]
    for cid, args, torch_kw, options, shape in specs2:
        layer = nn.Conv2d(*args, **torch_kw)
        randomise(layer)
        targs = [args[0], args[1], list(args[2]) if isinstance(args[2], tuple) else args[2]]
        add_case(cid, 'Conv2d', targs, options, layer, [('input', randn(*shape))])


# ---------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------

def distinct(*shape):
    """Distinct values (no ties in max pooling)."""
    n = 1
    for s in shape:
        n *= s
    return (torch.randperm(n).float() / n * 4 - 2 + torch.rand(n) * 0.5 / n).reshape(*shape)


def pool_cases():
    for cid, args, torch_kw, options, shape in [
        ('maxpool_2', [2], {}, {}, [2, 3, 6, 6]),
        ('maxpool_3s2p1', [3], dict(stride=2, padding=1), dict(stride=2, padding=1), [2, 2, 7, 7]),
        ('maxpool_rect_dil_ceil', [[2, 3]], dict(stride=(1, 2), padding=1, dilation=2, ceil_mode=True),
         dict(stride=[1, 2], padding=1, dilation=2, ceilMode=True), [1, 2, 7, 8]),
        ('maxpool_ceil_unbatched', [3], dict(stride=2, ceil_mode=True), dict(stride=2, ceilMode=True), [2, 8, 8]),
    ]:
        targs = [tuple(a) if isinstance(a, list) else a for a in args]
        layer = nn.MaxPool2d(*targs, **torch_kw)
        add_case(cid, 'MaxPool2d', args, options, layer, [('input', distinct(*shape))])
    for cid, args, torch_kw, options, shape in [
        ('avgpool_2', [2], {}, {}, [2, 3, 6, 6]),
        ('avgpool_3s2p1_exclude', [3], dict(stride=2, padding=1, count_include_pad=False),
         dict(stride=2, padding=1, countIncludePad=False), [2, 2, 7, 7]),
        ('avgpool_ceil_include', [3], dict(stride=2, padding=1, ceil_mode=True),
         dict(stride=2, padding=1, ceilMode=True), [1, 2, 6, 6]),
        ('avgpool_ceil_exclude_rect', [[2, 3]], dict(stride=2, padding=1, ceil_mode=True, count_include_pad=False),
         dict(stride=2, padding=1, ceilMode=True, countIncludePad=False), [1, 2, 6, 7]),
    ]:
        targs = [tuple(a) if isinstance(a, list) else a for a in args]
        layer = nn.AvgPool2d(*targs, **torch_kw)
        add_case(cid, 'AvgPool2d', args, options, layer, [('input', randn(*shape))])
    for cid, size, shape in [
        ('adaptive_global', 1, [2, 3, 5, 6]),
        ('adaptive_3x2', [3, 2], [2, 2, 7, 5]),
        ('adaptive_none', [2, None], [1, 2, 5, 3]),
        ('adaptive_unbatched_up', 4, [2, 3, 3]),
    ]:
        layer = nn.AdaptiveAvgPool2d(tuple(size) if isinstance(size, list) else size)
        add_case(cid, 'AdaptiveAvgPool2d', [size], {}, layer, [('input', randn(*shape))])


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

def batchnorm_cases():
    for cid, cls, c, torch_kw, options, shape in [
        ('bn1d_2d_input', nn.BatchNorm1d, 4, {}, {}, [6, 4]),
        ('bn1d_3d_cumulative', nn.BatchNorm1d, 3, dict(momentum=None), dict(momentum=None), [4, 3, 5]),
        ('bn1d_eps_momentum', nn.BatchNorm1d, 3, dict(eps=1e-3, momentum=0.3), dict(eps=1e-3, momentum=0.3), [5, 3]),
        ('bn1d_no_affine', nn.BatchNorm1d, 2, dict(affine=False), dict(affine=False), [3, 2, 4]),
        ('bn2d_default', nn.BatchNorm2d, 3, {}, {}, [2, 3, 4, 5]),
        ('bn2d_cumulative', nn.BatchNorm2d, 2, dict(momentum=None), dict(momentum=None), [3, 2, 3, 3]),
        ('bn2d_no_affine', nn.BatchNorm2d, 2, dict(affine=False, eps=1e-4), dict(affine=False, eps=1e-4), [2, 2, 3, 4]),
        ('bn2d_no_running_stats', nn.BatchNorm2d, 3, dict(track_running_stats=False), dict(trackRunningStats=False), [2, 3, 3, 3]),
    ]:
        layer = cls(c, **torch_kw)
        randomise(layer)
        x = randn(*shape) * 2 + 0.5
        add_case(cid, cls.__name__, [c], options, layer, [('input', x)], train=True, after=randn(*shape) * 1.5 - 0.3)
    # eval mode straight away: running statistics loaded from the state dict
    layer = nn.BatchNorm2d(3)
    randomise(layer)
    add_case('bn2d_eval', 'BatchNorm2d', [3], {}, layer, [('input', randn(2, 3, 2, 2))], train=False)


def norm_cases():
    for cid, shape_arg, torch_kw, options, shape in [
        ('layernorm_1d', 10, {}, {}, [4, 10]),
        ('layernorm_2d', [3, 4], {}, {}, [2, 5, 3, 4]),
        ('layernorm_no_affine', [6], dict(eps=1e-3, elementwise_affine=False), dict(eps=1e-3, elementwiseAffine=False), [3, 6]),
    ]:
        layer = nn.LayerNorm(shape_arg, **torch_kw)
        randomise(layer)
        add_case(cid, 'LayerNorm', [shape_arg], options, layer, [('input', randn(*shape) * 2 + 1)])
    for cid, (g, c), torch_kw, options, shape in [
        ('groupnorm_basic', (2, 4), {}, {}, [3, 4, 5]),
        ('groupnorm_2d', (3, 6), {}, {}, [2, 6, 4, 4]),
        ('groupnorm_one_group_no_affine', (1, 3), dict(affine=False, eps=1e-3), dict(affine=False, eps=1e-3), [2, 3, 4]),
        ('groupnorm_instance', (4, 4), {}, {}, [2, 4, 3, 3]),
        ('groupnorm_flat', (2, 4), {}, {}, [3, 4]),
    ]:
        layer = nn.GroupNorm(g, c, **torch_kw)
        randomise(layer)
        add_case(cid, 'GroupNorm', [g, c], options, layer, [('input', randn(*shape) * 2 - 1)])


# ---------------------------------------------------------------------------
# Embeddings
# ---------------------------------------------------------------------------

def embedding_cases():
    # Note: with include_last_offset, entries after the last offset are ignored by torch's forward, but its
    # backward (1.13, CPU) then reads uninitialised memory for them, so no case leaves trailing entries.
    for cid, (n, d), torch_kw, options, idx in [
        ('embedding_basic', (10, 3), {}, {}, torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])),
        ('embedding_padding', (8, 4), dict(padding_idx=0), dict(paddingIdx=0), torch.tensor([[0, 2, 0, 7], [1, 1, 0, 3]])),
        ('embedding_negative_padding', (6, 2), dict(padding_idx=-1), dict(paddingIdx=-1), torch.tensor([5, 1, 5, 2, 2])),
    ]:
        layer = nn.Embedding(n, d, **torch_kw)
        randomise(layer)
        add_case(cid, 'Embedding', [n, d], options, layer, [('input', idx)])
    for cid, (n, d), torch_kw, options, idx, offsets, psw in [
        ('bag_mean_2d', (10, 3), {}, {}, torch.tensor([[1, 2, 4], [4, 3, 9]]), None, None),
        ('bag_sum_2d_weights', (10, 3), dict(mode='sum'), dict(mode='sum'), torch.tensor([[1, 2, 4, 4], [0, 3, 9, 1]]), None, randn(2, 4)),
        ('bag_max_2d_padding', (8, 3), dict(mode='max', padding_idx=2), dict(mode='max', paddingIdx=2),
         torch.tensor([[1, 2, 4], [2, 2, 2], [5, 6, 2]]), None, None),
        ('bag_mean_1d_padding_empty', (9, 4), dict(padding_idx=0), dict(paddingIdx=0),
         torch.tensor([1, 0, 3, 4, 0, 0, 7, 8, 2]), torch.tensor([0, 3, 3, 4, 6]), None),
        ('bag_sum_1d_last_offset', (7, 2), dict(mode='sum', include_last_offset=True), dict(mode='sum', includeLastOffset=True),
         torch.tensor([1, 2, 3, 4, 5, 6, 0]), torch.tensor([0, 2, 2, 5, 7]), randn(7)),
        ('bag_max_1d', (7, 3), dict(mode='max'), dict(mode='max'),
         torch.tensor([1, 2, 3, 4, 5, 6, 0, 2]), torch.tensor([0, 2, 2, 5]), None),
        ('bag_sum_1d_padding', (6, 2), dict(mode='sum', padding_idx=-2), dict(mode='sum', paddingIdx=-2),
         torch.tensor([4, 1, 4, 3, 2]), torch.tensor([0, 1, 3]), None),
    ]:
        layer = nn.EmbeddingBag(n, d, **torch_kw)
        randomise(layer)
        add_case(cid, 'EmbeddingBag', [n, d], options, layer, [('input', idx), ('offsets', offsets), ('perSampleWeights', psw)])


def main():
    bilinear_cases()
    conv_cases()
    pool_cases()
    batchnorm_cases()
    norm_cases()
    embedding_cases()
    ids = [c['id'] for c in CASES]
    assert len(ids) == len(set(ids)), 'duplicate case ids'
    fixture = {
        'generator': 'tools/golden/layers.py',
        'torch': torch.__version__,
        'tol': {'atol': 1e-5, 'rtol': 1e-4},
        'cases': CASES,
    }
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    print('wrote %d cases to %s (%d bytes)' % (len(CASES), os.path.relpath(OUT_PATH, ROOT), os.path.getsize(OUT_PATH)))


if __name__ == '__main__':
    main()
