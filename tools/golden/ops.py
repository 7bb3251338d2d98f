#!/usr/bin/python3
"""Golden fixtures for tasknet's ops, computed with PyTorch.

Run with Debian's interpreter (the one that has torch):

    /usr/bin/python3 tools/golden/ops.py

Writes test/fixtures/golden/ops.json, which test/golden.test.ts replays against
tasknet. The output is deterministic (torch.manual_seed(0), one thread).
With --check it also recomputes every case in float64 and prints how much of each
case's tolerance the float32 reference itself uses up (the file is unchanged).

Each case:
  id        unique name
  op        the tasknet function name (or a composite name)
  inputs    ordered list of {name, shape, dtype, data} (data flat, row-major;
            integer index tensors are int32, masks are bool stored as 0/1)
  args      the non-tensor arguments, named as in tasknet's signature
  output    {shape, dtype, data}            (single-output ops)
  outputs   [{shape, dtype, data}, ...]     (split)
  cotangent {shape, data} or a list of them (differentiable cases only)
  grads     [{name, shape, data}, ...]: d/d input of sum(output * cotangent),
            for every float input whose gradient is defined
  tol       {atol, rtol}: |actual - expected| <= atol + rtol * |expected|
  description  (composites) the exact formula to rebuild in TypeScript
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'ops.json')

DEFAULT_TOL = {'atol': 1e-5, 'rtol': 1e-4}

CASES = []
IDS = set()


# ---------------------------------------------------------------------------
# Input generators
# ---------------------------------------------------------------------------

def uniform(shape, lo=-1.0, hi=1.0):
    return torch.rand(tuple(shape)) * (hi - lo) + lo


def away(shape, lo=-1.0, hi=1.0, points=(0.0,), margin=0.05):
    """Uniform in [lo, hi) with every element at least `margin` from each of `points`."""
    x = uniform(shape, lo, hi)
    for _ in range(1000):
        bad = torch.zeros(x.shape, dtype=torch.bool)
        for p in points:
            bad |= (x - p).abs() <= margin
        if not bad.any():
            return x
        x = torch.where(bad, uniform(shape, lo, hi), x)
    raise RuntimeError('could not draw values away from %r' % (points,))


def distinct(shape, lo=-2.0, hi=2.0):
    """All elements distinct, spaced at least (hi - lo) / (2 n) apart."""
    n = 1
    for s in shape:
        n *= s
    perm = torch.randperm(n).float()
    step = (hi - lo) / n
    jitter = torch.rand(n) * step * 0.5
    return (lo + perm * step + jitter).reshape(*shape)


def positive(shape, lo=0.2, hi=2.0):
    return uniform(shape, lo, hi)


def randint(shape, high, low=0):
    return torch.randint(low, high, tuple(shape), dtype=torch.int64)


# ---------------------------------------------------------------------------
# Serialisation helpers
# ---------------------------------------------------------------------------

def fmt(v):
    """Round to 9 significant digits (exact round-trip for float32)."""
    if math.isnan(v) or math.isinf(v):
        raise ValueError('non-finite value in fixture')
    r = float('%.9g' % v)
    if r == int(r) and abs(r) < 1e15:
        return int(r) if r != 0 or math.copysign(1, r) > 0 else 0
    return r


def dtype_name(t):
    if t.dtype == torch.bool:
        return 'bool'
    if t.dtype in (torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8):
        return 'int32'
    if t.dtype == torch.float64:
        return 'float64'
    return 'float32'


def flat(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.bool:
        return [1 if v else 0 for v in t.tolist()]
    if t.dtype.is_floating_point:
        return [fmt(v) for v in t.tolist()]
    return [int(v) for v in t.tolist()]


def enc(t, name=None, with_dtype=True):
    d = {}
    if name is not None:
        d['name'] = name
    d['shape'] = list(t.shape)
    if with_dtype:
        d['dtype'] = dtype_name(t)
    d['data'] = flat(t)
    return d


# ---------------------------------------------------------------------------
# Case builder
# ---------------------------------------------------------------------------

def add_case(id, op, inputs, fn, args=None, grad=True, tol=None, zero_grads=False,
             description=None, cotangent=None):
    """Register a case.

    inputs: list of (name, tensor). Float tensors get requires_grad when `grad`.
    fn: called with the (leaf) tensors in order; returns a tensor or a list.
    """
    if id in IDS:
        raise ValueError('duplicate id ' + id)
    IDS.add(id)
    leaves = []
    for name, t in inputs:
        t = t.detach().clone()
        if grad and t.dtype.is_floating_point:
            t.requires_grad_(True)
        leaves.append((name, t))
    out = fn(*[t for _, t in leaves])
    case = {
        'id': id,
        'op': op,
        'inputs': [enc(t, name) for name, t in leaves],
        'args': args or {},
        'tol': tol or DEFAULT_TOL,
    }
    if description is not None:
        case['description'] = description
    is_list = isinstance(out, (list, tuple))
    outs = list(out) if is_list else [out]
    if is_list:
        case['outputs'] = [enc(o) for o in outs]
    else:
        case['output'] = enc(out)
    if grad:
        if cotangent is not None:
            cots = [cotangent]
        else:
            cots = [torch.randn(tuple(o.shape)) for o in outs]
        case['cotangent'] = ([enc(c, with_dtype=False) for c in cots] if is_list
                             else enc(cots[0], with_dtype=False))
        floats = [(n, t) for n, t in leaves if t.dtype.is_floating_point]
        if zero_grads:
            grads = [torch.zeros(tuple(t.shape)) for _, t in floats]
        else:
            total = sum((o * c).sum() for o, c in zip(outs, cots))
            grads = torch.autograd.grad(total, [t for _, t in floats], allow_unused=True)
        case['grads'] = [
            {'name': n, 'shape': list(t.shape), 'data': flat(g)}
            for (n, t), g in zip(floats, grads) if g is not None
        ]
    if CHECK:
        check_float64(case, inputs, fn, outs, cots if grad else None, zero_grads)
    CASES.append(case)


CHECK = '--check' in sys.argv
WORST = []


def check_float64(case, inputs, fn, outs32, cots, zero_grads):
    """--check: recompute the case in float64 and report how much of the tolerance the
    float32 reference uses up (ratio > 1 would mean the tolerance is too tight)."""
    leaves = []
    for _, t in inputs:
        t = t.detach().clone()
        if t.dtype.is_floating_point:
            t = t.double().requires_grad_(cots is not None)
        leaves.append(t)
    out = fn(*leaves)
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    tol = case['tol']

    def ratio(a32, a64):
        a32 = a32.detach().double()
        a64 = a64.detach().double()
        return ((a32 - a64).abs() / (tol['atol'] + tol['rtol'] * a64.abs())).max().item() \
            if a64.numel() else 0.0

    r = max(ratio(o32, o64) for o32, o64 in zip(outs32, outs))
    if cots is not None and not zero_grads:
        floats = [t for t in leaves if t.dtype.is_floating_point]
        total = sum((o * c.double()).sum() for o, c in zip(outs, cots))
        g64 = torch.autograd.grad(total, floats, allow_unused=True)
        for g, g64k in zip(case['grads'], [g for g in g64 if g is not None]):
            r = max(r, ratio(torch.tensor(g['data']).reshape(g['shape']), g64k))
    WORST.append((r, case['id']))


T = lambda atol, rtol=1e-4: {'atol': atol, 'rtol': rtol}  # noqa: E731


# ---------------------------------------------------------------------------
# Elementwise
# ---------------------------------------------------------------------------

def elementwise():
    # add / sub / mul / div, plain and broadcasting
    add_case('add_same', 'add', [('input', uniform([3, 4])), ('other', uniform([3, 4]))],
             torch.add)
    add_case('add_broadcast_3x1x4_2x4', 'add',
             [('input', uniform([3, 1, 4])), ('other', uniform([2, 4]))], torch.add)
    add_case('add_broadcast_scalar_tensor', 'add',
             [('input', uniform([2, 3])), ('other', uniform([]))], torch.add)
    add_case('sub_same', 'sub', [('input', uniform([3, 4])), ('other', uniform([3, 4]))],
             torch.sub)
    add_case('sub_broadcast_4x1_1x5', 'sub',
             [('input', uniform([4, 1])), ('other', uniform([1, 5]))], torch.sub)
    add_case('mul_same', 'mul', [('input', uniform([3, 4])), ('other', uniform([3, 4]))],
             torch.mul)
    add_case('mul_broadcast_2x3x4_4', 'mul',
             [('input', uniform([2, 3, 4])), ('other', uniform([4]))], torch.mul)
    add_case('div_same', 'div',
             [('input', uniform([3, 4])), ('other', away([3, 4], -2, 2, margin=0.5))], torch.div)
    add_case('div_broadcast_2x3_2x1', 'div',
             [('input', uniform([2, 3])), ('other', away([2, 1], -2, 2, margin=0.5))], torch.div)

    # pow
    add_case('pow_tensor', 'pow',
             [('input', positive([3, 4], 0.3, 2.0)), ('exponent', uniform([3, 4], -2, 2))],
             torch.pow)
    add_case('pow_tensor_broadcast', 'pow',
             [('input', positive([2, 3], 0.3, 2.0)), ('exponent', uniform([3], -2, 2))],
             torch.pow)
    add_case('pow_scalar_2_5', 'pow', [('input', positive([3, 4]))],
             lambda x: torch.pow(x, 2.5), args={'exponent': 2.5})
    add_case('pow_scalar_neg1_5', 'pow', [('input', positive([2, 5]))],
             lambda x: torch.pow(x, -1.5), args={'exponent': -1.5})
    add_case('pow_scalar_2', 'pow', [('input', positive([2, 5]))],
             lambda x: torch.pow(x, 2.0), args={'exponent': 2})

    # unary math
    add_case('neg', 'neg', [('input', uniform([3, 4]))], torch.neg)
    add_case('exp', 'exp', [('input', uniform([3, 4], -3, 3))], torch.exp)
    add_case('log', 'log', [('input', positive([3, 4], 0.1, 5.0))], torch.log)
    add_case('log1p', 'log1p', [('input', uniform([3, 4], -0.8, 3.0))], torch.log1p)
    add_case('sqrt', 'sqrt', [('input', positive([3, 4], 0.1, 5.0))], torch.sqrt)
    add_case('rsqrt', 'rsqrt', [('input', positive([3, 4], 0.1, 5.0))], torch.rsqrt)
    add_case('abs', 'abs', [('input', away([3, 4], -2, 2))], torch.abs)
    add_case('sign', 'sign', [('input', away([3, 4], -2, 2))], torch.sign)

    # maximum / minimum: keep |a - b| > 0.05
    a = uniform([3, 4], -2, 2)
    b = a + away([3, 4], -1, 1, margin=0.05)
    add_case('maximum_same', 'maximum', [('input', a), ('other', b)], torch.maximum)
    add_case('minimum_same', 'minimum', [('input', a), ('other', b)], torch.minimum)
    a = uniform([2, 3, 4], -2, 2)
    b = away([3, 1], -2, 2, margin=0.0)
    while ((a - b).abs() <= 0.05).any():
        a = torch.where((a - b).abs() <= 0.05, uniform([2, 3, 4], -2, 2), a)
    add_case('maximum_broadcast', 'maximum', [('input', a), ('other', b)], torch.maximum)
    add_case('minimum_broadcast', 'minimum', [('input', a), ('other', b)], torch.minimum)

    # clamp
    add_case('clamp_min_max', 'clamp', [('input', away([3, 5], -1.5, 1.5, points=(-0.5, 0.5)))],
             lambda x: torch.clamp(x, -0.5, 0.5), args={'min': -0.5, 'max': 0.5})
    add_case('clamp_min_only', 'clamp', [('input', away([3, 5], -1.5, 1.5, points=(0.2,)))],
             lambda x: torch.clamp(x, min=0.2), args={'min': 0.2})
    add_case('clamp_max_only', 'clamp', [('input', away([3, 5], -1.5, 1.5, points=(-0.3,)))],
             lambda x: torch.clamp(x, max=-0.3), args={'max': -0.3})

    # comparisons: values on a small integer grid so that ties (eq) occur
    a = torch.randint(-2, 3, (3, 4)).float()
    b = torch.randint(-2, 3, (3, 4)).float()
    a2 = torch.randint(-2, 3, (2, 3, 4)).float()
    b2 = torch.randint(-2, 3, (3, 1)).float()
    for name, fn in (('eq', torch.eq), ('ne', torch.ne), ('lt', torch.lt),
                     ('le', torch.le), ('gt', torch.gt), ('ge', torch.ge)):
        add_case(name + '_same', name, [('input', a), ('other', b)], fn, grad=False)
        add_case(name + '_broadcast', name, [('input', a2), ('other', b2)], fn, grad=False)

    # where
    add_case('where_same', 'where',
             [('condition', torch.rand(3, 4) > 0.5), ('input', uniform([3, 4])),
              ('other', uniform([3, 4]))], torch.where)
    add_case('where_broadcast', 'where',
             [('condition', torch.rand(3, 1) > 0.5), ('input', uniform([2, 3, 4])),
              ('other', uniform([4]))], torch.where)


# ---------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------

def activations():
    add_case('sigmoid', 'sigmoid', [('input', uniform([3, 5], -4, 4))], torch.sigmoid)
    add_case('tanh', 'tanh', [('input', uniform([3, 5], -3, 3))], torch.tanh)
    add_case('relu', 'relu', [('input', away([3, 5], -2, 2))], torch.relu)
    add_case('relu_3d', 'relu', [('input', away([2, 3, 4], -2, 2))], torch.relu)
    add_case('leakyRelu_default', 'leakyRelu', [('input', away([3, 5], -2, 2))],
             lambda x: F.leaky_relu(x, 0.01), args={'negativeSlope': 0.01})
    add_case('leakyRelu_0_2', 'leakyRelu', [('input', away([3, 5], -2, 2))],
             lambda x: F.leaky_relu(x, 0.2), args={'negativeSlope': 0.2})
    add_case('elu_alpha1', 'elu', [('input', away([3, 5], -3, 3))],
             lambda x: F.elu(x, 1.0), args={'alpha': 1.0})
    add_case('elu_alpha0_5', 'elu', [('input', away([3, 5], -3, 3))],
             lambda x: F.elu(x, 0.5), args={'alpha': 0.5})
    add_case('gelu_none', 'gelu', [('input', uniform([3, 5], -3, 3))],
             lambda x: F.gelu(x, approximate='none'), args={'approximate': 'none'})
    add_case('gelu_tanh', 'gelu', [('input', uniform([3, 5], -3, 3))],
             lambda x: F.gelu(x, approximate='tanh'), args={'approximate': 'tanh'})
    add_case('softplus_default', 'softplus', [('input', uniform([3, 5], -4, 4))],
             lambda x: F.softplus(x, 1.0, 20.0), args={'beta': 1, 'threshold': 20})
    # beta * x crosses the threshold for some elements (linear branch)
    add_case('softplus_beta2_threshold1', 'softplus',
             [('input', away([3, 5], -2, 2, points=(0.5,)))],
             lambda x: F.softplus(x, 2.0, 1.0), args={'beta': 2, 'threshold': 1})
    add_case('silu', 'silu', [('input', uniform([3, 5], -4, 4))], F.silu)
    add_case('step', 'step', [('input', away([3, 5], -2, 2))],
             lambda x: (x > 0).float(), zero_grads=True)


# ---------------------------------------------------------------------------
# Softmax family
# ---------------------------------------------------------------------------

def softmax_family():
    x = uniform([2, 3, 4], -3, 3)
    for d in (-1, 0, 1):
        sd = str(d).replace('-', 'neg')
        add_case('softmax_dim' + sd, 'softmax', [('input', x)],
                 lambda t, d=d: torch.softmax(t, d), args={'dim': d})
        add_case('logSoftmax_dim' + sd, 'logSoftmax', [('input', x)],
                 lambda t, d=d: torch.log_softmax(t, d), args={'dim': d})
    add_case('softmax_2d_large', 'softmax', [('input', uniform([4, 6], -30, 30))],
             lambda t: torch.softmax(t, 1), args={'dim': 1})
    add_case('logSoftmax_2d_large', 'logSoftmax', [('input', uniform([4, 6], -30, 30))],
             lambda t: torch.log_softmax(t, 1), args={'dim': 1})
    add_case('logSumExp_dim1', 'logSumExp', [('input', x)],
             lambda t: torch.logsumexp(t, 1), args={'dim': 1, 'keepDim': False})
    add_case('logSumExp_dimneg1_keep', 'logSumExp', [('input', x)],
             lambda t: torch.logsumexp(t, -1, keepdim=True), args={'dim': -1, 'keepDim': True})
    add_case('logSumExp_large', 'logSumExp', [('input', uniform([3, 5], 50, 90))],
             lambda t: torch.logsumexp(t, 1), args={'dim': 1, 'keepDim': False})


# ---------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------

def reductions():
    x = uniform([2, 3, 4])
    for op, fn in (('sum', torch.sum), ('mean', torch.mean)):
        add_case(op + '_all', op, [('input', x)], lambda t, fn=fn: fn(t))
        add_case(op + '_dim1', op, [('input', x)],
                 lambda t, fn=fn: fn(t, 1), args={'dim': 1, 'keepDim': False})
        add_case(op + '_dimneg1_keep', op, [('input', x)],
                 lambda t, fn=fn: fn(t, -1, keepdim=True), args={'dim': -1, 'keepDim': True})
        add_case(op + '_dims0_2', op, [('input', x)],
                 lambda t, fn=fn: fn(t, [0, 2]), args={'dim': [0, 2], 'keepDim': False})
        add_case(op + '_dims0_2_keep', op, [('input', x)],
                 lambda t, fn=fn: fn(t, [0, 2], keepdim=True), args={'dim': [0, 2], 'keepDim': True})
    add_case('sum_large_all', 'sum', [('input', uniform([16, 16]))], torch.sum,
             tol=T(1e-4))
    add_case('mean_large_dim0', 'mean', [('input', uniform([64, 4]))],
             lambda t: torch.mean(t, 0), args={'dim': 0, 'keepDim': False})

    xd = distinct([3, 4, 5])
    for op, fn in (('max', torch.amax), ('min', torch.amin)):
        add_case(op + '_all', op, [('input', xd)], lambda t, fn=fn: fn(t))
        add_case(op + '_dim1', op, [('input', xd)],
                 lambda t, fn=fn: fn(t, 1), args={'dim': 1, 'keepDim': False})
        add_case(op + '_dimneg1_keep', op, [('input', xd)],
                 lambda t, fn=fn: fn(t, -1, keepdim=True), args={'dim': -1, 'keepDim': True})
        add_case(op + '_dim0', op, [('input', xd)],
                 lambda t, fn=fn: fn(t, 0), args={'dim': 0, 'keepDim': False})
    for op, fn in (('argmax', torch.argmax), ('argmin', torch.argmin)):
        add_case(op + '_all', op, [('input', xd)], lambda t, fn=fn: fn(t), grad=False)
        add_case(op + '_dim1', op, [('input', xd)],
                 lambda t, fn=fn: fn(t, 1), args={'dim': 1, 'keepDim': False}, grad=False)
        add_case(op + '_dimneg1_keep', op, [('input', xd)],
                 lambda t, fn=fn: fn(t, -1, keepdim=True), args={'dim': -1, 'keepDim': True},
                 grad=False)
        add_case(op + '_dim0', op, [('input', xd)],
                 lambda t, fn=fn: fn(t, 0), args={'dim': 0, 'keepDim': False}, grad=False)

    x = uniform([3, 4, 5], -2, 2)
    for op, fn in (('var', torch.var), ('std', torch.std)):
        add_case(op + '_all', op, [('input', x)], lambda t, fn=fn: fn(t, unbiased=True),
                 args={'correction': 1})
        add_case(op + '_all_correction0', op, [('input', x)],
                 lambda t, fn=fn: fn(t, unbiased=False), args={'correction': 0})
        add_case(op + '_dim1', op, [('input', x)],
                 lambda t, fn=fn: fn(t, 1, unbiased=True),
                 args={'dim': 1, 'keepDim': False, 'correction': 1})
        add_case(op + '_dimneg1_keep_correction0', op, [('input', x)],
                 lambda t, fn=fn: fn(t, -1, unbiased=False, keepdim=True),
                 args={'dim': -1, 'keepDim': True, 'correction': 0})
        add_case(op + '_dims0_2', op, [('input', x)],
                 lambda t, fn=fn: fn(t, [0, 2], unbiased=True),
                 args={'dim': [0, 2], 'keepDim': False, 'correction': 1})

    xn = away([3, 4, 5], -2, 2)
    add_case('norm_p2_all', 'norm', [('input', xn)],
             lambda t: torch.linalg.vector_norm(t, 2), args={'p': 2})
    add_case('norm_p2_dimneg1_keep', 'norm', [('input', xn)],
             lambda t: torch.linalg.vector_norm(t, 2, -1, keepdim=True),
             args={'p': 2, 'dim': -1, 'keepDim': True})
    add_case('norm_p2_dims0_1', 'norm', [('input', xn)],
             lambda t: torch.linalg.vector_norm(t, 2, [0, 1]),
             args={'p': 2, 'dim': [0, 1], 'keepDim': False})
    add_case('norm_p1_all', 'norm', [('input', xn)],
             lambda t: torch.linalg.vector_norm(t, 1), args={'p': 1})
    add_case('norm_p1_dim0', 'norm', [('input', xn)],
             lambda t: torch.linalg.vector_norm(t, 1, 0), args={'p': 1, 'dim': 0, 'keepDim': False})


# ---------------------------------------------------------------------------
# Shapes and indexing
# ---------------------------------------------------------------------------

def shapes():
    x = uniform([2, 3, 4])
    add_case('reshape_6x4', 'reshape', [('input', x)], lambda t: t.reshape(6, 4),
             args={'shape': [6, 4]})
    add_case('reshape_infer', 'reshape', [('input', x)], lambda t: t.reshape(-1, 2, 3),
             args={'shape': [-1, 2, 3]})
    add_case('reshape_to_1d', 'reshape', [('input', x)], lambda t: t.reshape(24),
             args={'shape': [24]})
    x4 = uniform([2, 3, 2, 2])
    add_case('flatten_all', 'flatten', [('input', x4)], lambda t: torch.flatten(t),
             args={'startDim': 0, 'endDim': -1})
    add_case('flatten_1_end', 'flatten', [('input', x4)], lambda t: torch.flatten(t, 1),
             args={'startDim': 1, 'endDim': -1})
    add_case('flatten_1_2', 'flatten', [('input', x4)], lambda t: torch.flatten(t, 1, 2),
             args={'startDim': 1, 'endDim': 2})
    xs = uniform([2, 1, 3, 1])
    add_case('squeeze_all', 'squeeze', [('input', xs)], lambda t: torch.squeeze(t))
    add_case('squeeze_dim1', 'squeeze', [('input', xs)], lambda t: torch.squeeze(t, 1),
             args={'dim': 1})
    add_case('squeeze_dimneg1', 'squeeze', [('input', xs)], lambda t: torch.squeeze(t, -1),
             args={'dim': -1})
    add_case('squeeze_dim0_noop', 'squeeze', [('input', xs)], lambda t: torch.squeeze(t, 0),
             args={'dim': 0})
    x = uniform([2, 3])
    add_case('unsqueeze_dim0', 'unsqueeze', [('input', x)], lambda t: torch.unsqueeze(t, 0),
             args={'dim': 0})
    add_case('unsqueeze_dim1', 'unsqueeze', [('input', x)], lambda t: torch.unsqueeze(t, 1),
             args={'dim': 1})
    add_case('unsqueeze_dimneg1', 'unsqueeze', [('input', x)], lambda t: torch.unsqueeze(t, -1),
             args={'dim': -1})
    x = uniform([2, 3, 4])
    add_case('transpose_0_1', 'transpose', [('input', x)], lambda t: torch.transpose(t, 0, 1),
             args={'dim0': 0, 'dim1': 1})
    add_case('transpose_neg1_neg2', 'transpose', [('input', x)],
             lambda t: torch.transpose(t, -1, -2), args={'dim0': -1, 'dim1': -2})
    add_case('transpose_0_2', 'transpose', [('input', x)], lambda t: torch.transpose(t, 0, 2),
             args={'dim0': 0, 'dim1': 2})
    add_case('permute_2_0_1', 'permute', [('input', x)], lambda t: t.permute(2, 0, 1),
             args={'dims': [2, 0, 1]})
    add_case('permute_1_2_0', 'permute', [('input', x)], lambda t: t.permute(1, 2, 0),
             args={'dims': [1, 2, 0]})
    add_case('expand_3x1_to_3x4', 'expand', [('input', uniform([3, 1]))],
             lambda t: t.expand(3, 4), args={'shape': [3, 4]})
    add_case('expand_new_dims_neg1', 'expand', [('input', uniform([3, 1]))],
             lambda t: t.expand(2, -1, 5), args={'shape': [2, -1, 5]})
    add_case('expand_1x4_to_2x3x4', 'expand', [('input', uniform([1, 4]))],
             lambda t: t.expand(2, 3, 4), args={'shape': [2, 3, 4]})

    x = uniform([3, 8, 2])
    add_case('slice_dim1_1_6', 'slice', [('input', x)], lambda t: t[:, 1:6],
             args={'dim': 1, 'start': 1, 'end': 6, 'step': 1})
    add_case('slice_dim1_step2', 'slice', [('input', x)], lambda t: t[:, 0:7:2],
             args={'dim': 1, 'start': 0, 'end': 7, 'step': 2})
    add_case('slice_dim0_1_3', 'slice', [('input', x)], lambda t: t[1:3],
             args={'dim': 0, 'start': 1, 'end': 3, 'step': 1})
    add_case('slice_dimneg1', 'slice', [('input', x)], lambda t: t[..., 1:2],
             args={'dim': -1, 'start': 1, 'end': 2, 'step': 1})
    add_case('slice_dim1_step3_from2', 'slice', [('input', x)], lambda t: t[:, 2:8:3],
             args={'dim': 1, 'start': 2, 'end': 8, 'step': 3})

    t0, t1, t2 = uniform([2, 3]), uniform([1, 3]), uniform([3, 3])
    add_case('concat_dim0', 'concat', [('t0', t0), ('t1', t1), ('t2', t2)],
             lambda a, b, c: torch.cat([a, b, c], 0), args={'dim': 0})
    t0, t1 = uniform([2, 3, 2]), uniform([2, 1, 2])
    add_case('concat_dim1', 'concat', [('t0', t0), ('t1', t1)],
             lambda a, b: torch.cat([a, b], 1), args={'dim': 1})
    t0, t1 = uniform([2, 3]), uniform([2, 4])
    add_case('concat_dimneg1', 'concat', [('t0', t0), ('t1', t1)],
             lambda a, b: torch.cat([a, b], -1), args={'dim': -1})
    t0, t1, t2 = uniform([2, 3]), uniform([2, 3]), uniform([2, 3])
    add_case('stack_dim0', 'stack', [('t0', t0), ('t1', t1), ('t2', t2)],
             lambda a, b, c: torch.stack([a, b, c], 0), args={'dim': 0})
    add_case('stack_dim1', 'stack', [('t0', t0), ('t1', t1)],
             lambda a, b: torch.stack([a, b], 1), args={'dim': 1})
    add_case('stack_dimneg1', 'stack', [('t0', t0), ('t1', t1), ('t2', t2)],
             lambda a, b, c: torch.stack([a, b, c], -1), args={'dim': -1})

    x = uniform([7, 3])
    add_case('split_size3_dim0', 'split', [('input', x)], lambda t: list(torch.split(t, 3, 0)),
             args={'splitSizeOrSections': 3, 'dim': 0})
    add_case('split_sections_dim0', 'split', [('input', x)],
             lambda t: list(torch.split(t, [2, 4, 1], 0)),
             args={'splitSizeOrSections': [2, 4, 1], 'dim': 0})
    x = uniform([2, 5, 2])
    add_case('split_size2_dim1', 'split', [('input', x)], lambda t: list(torch.split(t, 2, 1)),
             args={'splitSizeOrSections': 2, 'dim': 1})
    add_case('split_sections_dimneg1', 'split', [('input', uniform([3, 4]))],
             lambda t: list(torch.split(t, [1, 3], -1)),
             args={'splitSizeOrSections': [1, 3], 'dim': -1})

    x = uniform([2, 3, 4])
    add_case('pad_last_1_2', 'pad', [('input', x)], lambda t: F.pad(t, [1, 2]),
             args={'pad': [1, 2], 'value': 0})
    add_case('pad_last2_value', 'pad', [('input', x)], lambda t: F.pad(t, [0, 1, 2, 1], value=0.5),
             args={'pad': [0, 1, 2, 1], 'value': 0.5})
    add_case('pad_3dims', 'pad', [('input', x)], lambda t: F.pad(t, [1, 0, 0, 2, 1, 1], value=-1.0),
             args={'pad': [1, 0, 0, 2, 1, 1], 'value': -1})

    x = uniform([3, 4])
    idx = torch.tensor([[0, 2, 1, 0], [1, 1, 0, 2]])
    add_case('gather_dim0', 'gather', [('input', x), ('index', idx)],
             lambda t, i: torch.gather(t, 0, i), args={'dim': 0})
    idx = torch.tensor([[3, 0], [1, 1], [2, 3]])
    add_case('gather_dim1', 'gather', [('input', x), ('index', idx)],
             lambda t, i: torch.gather(t, 1, i), args={'dim': 1})
    x3 = uniform([2, 3, 4])
    idx = randint([2, 3, 2], 4)
    add_case('gather_3d_dimneg1', 'gather', [('input', x3), ('index', idx)],
             lambda t, i: torch.gather(t, -1, i), args={'dim': -1})

    x = uniform([4, 3])
    add_case('indexSelect_dim0', 'indexSelect',
             [('input', x), ('index', torch.tensor([2, 0, 2, 3]))],
             lambda t, i: torch.index_select(t, 0, i), args={'dim': 0})
    add_case('indexSelect_dim1', 'indexSelect',
             [('input', x), ('index', torch.tensor([1, 1, 0]))],
             lambda t, i: torch.index_select(t, 1, i), args={'dim': 1})
    add_case('indexSelect_3d_dim1', 'indexSelect',
             [('input', x3), ('index', torch.tensor([2, 0]))],
             lambda t, i: torch.index_select(t, 1, i), args={'dim': 1})

    add_case('oneHot_1d', 'oneHot', [('input', torch.tensor([0, 3, 1, 4, 3]))],
             lambda i: F.one_hot(i, 5), args={'numClasses': 5}, grad=False)
    add_case('oneHot_2d', 'oneHot', [('input', torch.tensor([[1, 0, 2], [2, 2, 0]]))],
             lambda i: F.one_hot(i, 4), args={'numClasses': 4}, grad=False)

    w = uniform([6, 4])
    add_case('embedding_1d', 'embedding', [('input', torch.tensor([1, 5, 1, 0])), ('weight', w)],
             lambda i, wt: F.embedding(i, wt))
    add_case('embedding_2d_padding', 'embedding',
             [('input', torch.tensor([[0, 2, 3], [2, 5, 0]])), ('weight', w)],
             lambda i, wt: F.embedding(i, wt, padding_idx=2), args={'paddingIdx': 2})


def matmuls():
    add_case('matmul_2d_2d', 'matmul', [('input', uniform([3, 4])), ('other', uniform([4, 5]))],
             torch.matmul)
    add_case('matmul_2d_2d_k64', 'matmul',
             [('input', uniform([3, 64])), ('other', uniform([64, 4]))], torch.matmul,
             tol=T(1e-4))
    add_case('matmul_3d_3d', 'matmul',
             [('input', uniform([2, 3, 4])), ('other', uniform([2, 4, 5]))], torch.matmul)
    add_case('matmul_3d_2d', 'matmul',
             [('input', uniform([2, 3, 4])), ('other', uniform([4, 5]))], torch.matmul)
    add_case('matmul_2d_3d', 'matmul',
             [('input', uniform([3, 4])), ('other', uniform([2, 4, 5]))], torch.matmul)
    add_case('matmul_1d_2d', 'matmul', [('input', uniform([4])), ('other', uniform([4, 5]))],
             torch.matmul)
    add_case('matmul_2d_1d', 'matmul', [('input', uniform([3, 4])), ('other', uniform([4]))],
             torch.matmul)
    add_case('matmul_4d_batch_broadcast', 'matmul',
             [('input', uniform([2, 1, 3, 4])), ('other', uniform([3, 4, 5]))], torch.matmul)


# ---------------------------------------------------------------------------
# Convolutions and pooling
# ---------------------------------------------------------------------------

def conv_args(stride=1, padding=0, dilation=1, groups=1):
    return {'stride': stride, 'padding': padding, 'dilation': dilation, 'groups': groups}


def convs():
    x = uniform([2, 3, 10])
    add_case('conv1d_basic_bias', 'conv1d',
             [('input', x), ('weight', uniform([4, 3, 3])), ('bias', uniform([4]))],
             lambda a, w, b: F.conv1d(a, w, b), args=conv_args())
    add_case('conv1d_stride2_pad1_nobias', 'conv1d',
             [('input', x), ('weight', uniform([4, 3, 3]))],
             lambda a, w: F.conv1d(a, w, None, 2, 1), args=conv_args(2, 1))
    add_case('conv1d_dilation2_pad2', 'conv1d',
             [('input', x), ('weight', uniform([2, 3, 3])), ('bias', uniform([2]))],
             lambda a, w, b: F.conv1d(a, w, b, 1, 2, 2), args=conv_args(1, 2, 2))
    x = uniform([1, 4, 9])
    add_case('conv1d_groups2_stride2', 'conv1d',
             [('input', x), ('weight', uniform([6, 2, 2])), ('bias', uniform([6]))],
             lambda a, w, b: F.conv1d(a, w, b, 2, 0, 1, 2), args=conv_args(2, 0, 1, 2))

    x = uniform([2, 2, 6, 6])
    add_case('conv2d_basic_bias', 'conv2d',
             [('input', x), ('weight', uniform([3, 2, 3, 3])), ('bias', uniform([3]))],
             lambda a, w, b: F.conv2d(a, w, b), args=conv_args())
    add_case('conv2d_stride2_pad1', 'conv2d',
             [('input', x), ('weight', uniform([3, 2, 3, 3])), ('bias', uniform([3]))],
             lambda a, w, b: F.conv2d(a, w, b, 2, 1), args=conv_args(2, 1))
    add_case('conv2d_dilation2_nobias', 'conv2d',
             [('input', x), ('weight', uniform([2, 2, 2, 2]))],
             lambda a, w: F.conv2d(a, w, None, 1, 0, 2), args=conv_args(1, 0, 2))
    x4 = uniform([1, 4, 5, 5])
    add_case('conv2d_groups2_nobias', 'conv2d',
             [('input', x4), ('weight', uniform([4, 2, 3, 3]))],
             lambda a, w: F.conv2d(a, w, None, 1, 1, 1, 2), args=conv_args(1, 1, 1, 2))
    add_case('conv2d_stride2_pad1_dil2_groups2_nobias', 'conv2d',
             [('input', uniform([2, 4, 7, 7])), ('weight', uniform([2, 2, 3, 3]))],
             lambda a, w: F.conv2d(a, w, None, 2, 1, 2, 2), args=conv_args(2, 1, 2, 2))
    add_case('conv2d_tuple_stride_pad', 'conv2d',
             [('input', uniform([1, 2, 5, 6])), ('weight', uniform([3, 2, 2, 3])),
              ('bias', uniform([3]))],
             lambda a, w, b: F.conv2d(a, w, b, (2, 1), (1, 0), (1, 2)),
             args=conv_args([2, 1], [1, 0], [1, 2]))


def pools():
    x = distinct([2, 2, 6, 6])
    add_case('maxPool2d_k2', 'maxPool2d', [('input', x)], lambda t: F.max_pool2d(t, 2),
             args={'kernelSize': 2})
    add_case('maxPool2d_k3_s1', 'maxPool2d', [('input', x)], lambda t: F.max_pool2d(t, 3, 1),
             args={'kernelSize': 3, 'stride': 1, 'padding': 0})
    add_case('maxPool2d_k3_s2_p1', 'maxPool2d', [('input', x)],
             lambda t: F.max_pool2d(t, 3, 2, 1), args={'kernelSize': 3, 'stride': 2, 'padding': 1})
    xo = distinct([1, 2, 7, 5])
    add_case('maxPool2d_k2_s2_p1_odd', 'maxPool2d', [('input', xo)],
             lambda t: F.max_pool2d(t, 2, 2, 1), args={'kernelSize': 2, 'stride': 2, 'padding': 1})

    x = uniform([2, 2, 6, 6])
    add_case('avgPool2d_k2', 'avgPool2d', [('input', x)], lambda t: F.avg_pool2d(t, 2),
             args={'kernelSize': 2})
    add_case('avgPool2d_k3_s2', 'avgPool2d', [('input', x)], lambda t: F.avg_pool2d(t, 3, 2),
             args={'kernelSize': 3, 'stride': 2, 'padding': 0, 'countIncludePad': True})
    add_case('avgPool2d_k3_s2_p1_include', 'avgPool2d', [('input', x)],
             lambda t: F.avg_pool2d(t, 3, 2, 1, count_include_pad=True),
             args={'kernelSize': 3, 'stride': 2, 'padding': 1, 'countIncludePad': True})
    add_case('avgPool2d_k3_s2_p1_exclude', 'avgPool2d', [('input', x)],
             lambda t: F.avg_pool2d(t, 3, 2, 1, count_include_pad=False),
             args={'kernelSize': 3, 'stride': 2, 'padding': 1, 'countIncludePad': False})

    add_case('adaptiveAvgPool2d_4_to_2', 'adaptiveAvgPool2d', [('input', uniform([2, 2, 4, 4]))],
             lambda t: F.adaptive_avg_pool2d(t, 2), args={'outputSize': 2})
    add_case('adaptiveAvgPool2d_7_to_3', 'adaptiveAvgPool2d', [('input', uniform([1, 2, 7, 7]))],
             lambda t: F.adaptive_avg_pool2d(t, 3), args={'outputSize': 3})
    add_case('adaptiveAvgPool2d_5x5_to_2x3', 'adaptiveAvgPool2d',
             [('input', uniform([2, 1, 5, 5]))],
             lambda t: F.adaptive_avg_pool2d(t, [2, 3]), args={'outputSize': [2, 3]})
    add_case('adaptiveAvgPool2d_to_1', 'adaptiveAvgPool2d', [('input', uniform([2, 3, 5, 4]))],
             lambda t: F.adaptive_avg_pool2d(t, 1), args={'outputSize': 1})


def folds():
    # generated after the composites, so that adding them left the earlier cases' draws unchanged
    x = uniform([2, 3, 5, 5])
    add_case('unfold_k3_p1', 'unfold', [('input', x)], lambda t: F.unfold(t, 3, padding=1),
             args={'kernelSize': 3, 'padding': 1})
    add_case('unfold_rect_s2x1_d1x2_p1x0', 'unfold', [('input', uniform([1, 2, 6, 7]))],
             lambda t: F.unfold(t, (2, 3), dilation=(1, 2), padding=(1, 0), stride=(2, 1)),
             args={'kernelSize': [2, 3], 'dilation': [1, 2], 'padding': [1, 0], 'stride': [2, 1]})
    add_case('fold_k2_overlapping', 'fold', [('input', uniform([2, 8, 12]))],
             lambda t: F.fold(t, (4, 5), 2), args={'outputSize': [4, 5], 'kernelSize': 2})
    add_case('fold_k3_s2_p1', 'fold', [('input', uniform([1, 18, 9]))],
             lambda t: F.fold(t, (5, 6), 3, stride=2, padding=1),
             args={'outputSize': [5, 6], 'kernelSize': 3, 'stride': 2, 'padding': 1})
    add_case('fold_rect_d2_unbatched', 'fold', [('input', uniform([6, 10]))],
             lambda t: F.fold(t, (5, 6), (1, 3), dilation=(1, 2)),
             args={'outputSize': [5, 6], 'kernelSize': [1, 3], 'dilation': [1, 2]})


# ---------------------------------------------------------------------------
# Composites
# ---------------------------------------------------------------------------

def cross_entropy(logits, targets):
    logp = torch.log_softmax(logits, 1)
    return -logp.gather(1, targets.reshape(-1, 1)).mean()


def composites():
    w1, b1 = uniform([6, 5]), uniform([5], -0.5, 0.5)
    w2, b2 = uniform([5, 4]), uniform([4], -0.5, 0.5)
    for _ in range(1000):
        x = uniform([8, 6], -2, 2)
        if ((x @ w1 + b1).abs() > 0.05).all():
            break
    else:
        raise RuntimeError('mlp: no kink-free draw')
    targets = randint([8], 4)

    def mlp(x, w1, b1, w2, b2, t):
        h = torch.relu(x @ w1 + b1)
        return cross_entropy(h @ w2 + b2, t)

    add_case('mlp2_softmax_ce', 'mlp2_softmax_ce',
             [('x', x), ('w1', w1), ('b1', b1), ('w2', w2), ('b2', b2), ('targets', targets)],
             mlp, cotangent=torch.tensor(1.0),
             description=(
                 'h = relu(matmul(x, w1) + b1); logits = matmul(h, w2) + b2; '
                 'logp = logSoftmax(logits, 1); '
                 'loss = -mean_i logp[i, targets[i]] '
                 '(= neg(mean(gather(logp, 1, unsqueeze(targets, 1))))); '
                 'output is the scalar loss, cotangent 1.0'))

    cw, cb = uniform([3, 1, 3, 3]), uniform([3], -0.2, 0.2)
    w, b = uniform([48, 5], -0.5, 0.5), uniform([5], -0.5, 0.5)
    for _ in range(1000):
        x = uniform([2, 1, 8, 8], -1, 1)
        pre = F.conv2d(x, cw, cb, padding=1)
        if not (pre.abs() > 0.02).all():
            continue
        # every 2x2 pooling window with a positive max must have a clear winner
        r = torch.relu(pre).reshape(2, 3, 4, 2, 4, 2).permute(0, 1, 2, 4, 3, 5).reshape(-1, 4)
        top = r.topk(2, dim=1).values
        if ((top[:, 0] > 0) & (top[:, 0] - top[:, 1] < 1e-3)).any():
            continue
        break
    else:
        raise RuntimeError('conv_pool_linear: no kink-free draw')
    targets = randint([2], 5)

    def cpl(x, cw, cb, w, b, t):
        c = torch.relu(F.conv2d(x, cw, cb, stride=1, padding=1))
        p = F.max_pool2d(c, 2)
        f = torch.flatten(p, 1)
        return cross_entropy(f @ w + b, t)

    add_case('conv_pool_linear', 'conv_pool_linear',
             [('x', x), ('convWeight', cw), ('convBias', cb), ('w', w), ('b', b),
              ('targets', targets)],
             cpl, cotangent=torch.tensor(1.0), tol=T(2e-5),
             description=(
                 'c = relu(conv2d(x, convWeight, convBias, {stride: 1, padding: 1})); '
                 'p = maxPool2d(c, 2) (stride 2, padding 0); f = flatten(p, 1) -> [2, 48]; '
                 'logits = matmul(f, w) + b; logp = logSoftmax(logits, 1); '
                 'loss = -mean_i logp[i, targets[i]]; output is the scalar loss, cotangent 1.0'))


def main():
    elementwise()
    activations()
    softmax_family()
    reductions()
    shapes()
    matmuls()
    convs()
    pools()
    composites()
    folds()

    doc = {
        'generator': 'tools/golden/ops.py',
        'torch': torch.__version__,
        'seed': 0,
        'comparison': '|actual - expected| <= atol + rtol * |expected|',
        'gradient': 'grads[k] = d sum(output * cotangent) / d inputs[k]',
    }
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    head = json.dumps(doc, separators=(',', ':'))[:-1]
    body = ',\n'.join(json.dumps(c, separators=(',', ':')) for c in CASES)
    with open(OUT_PATH, 'w') as f:
        f.write(head + ',"cases":[\n' + body + '\n]}\n')
    size = os.path.getsize(OUT_PATH)
    ops = sorted({c['op'] for c in CASES})
    if CHECK:
        WORST.sort(reverse=True)
        print('float64 check: largest fractions of tolerance used by the float32 reference:')
        for r, id in WORST[:8]:
            print('  %.3f  %s' % (r, id))
    print('wrote %d cases (%d ops, %d bytes) to %s' % (len(CASES), len(ops), size,
                                                        os.path.relpath(OUT_PATH, ROOT)))


if __name__ == '__main__':
    sys.exit(main())
