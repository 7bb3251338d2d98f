#!/usr/bin/python3
"""Golden fixtures for tasknet's loss functions, computed with PyTorch.

Run with Debian's interpreter (the one that has torch):

    /usr/bin/python3 tools/golden/losses.py

Writes test/fixtures/golden/losses.json, which test/losses.test.ts replays against
tasknet. Deterministic: torch.manual_seed(0), one thread, float32.

Each case:
  id        unique name
  fn        the tasknet function (crossEntropy, mseLoss, ..., l1Penalty)
  inputs    ordered list of {name, role, shape, dtype, data}; role 'arg' is passed
            positionally (in order), role 'option' is passed as options[name]
            (weight, posWeight); role 'param' collects into one list argument
            (the penalties). Class indices are int32.
  args      the non-tensor options, named as in tasknet (reduction, ignoreIndex,
            labelSmoothing, beta, delta, margin, logTarget)
  output    {shape, data}; a NaN is written as the string "NaN"
  cotangent {shape, data}: the gradients are those of sum(output * cotangent)
            (1 for a scalar output, a stored random tensor for reduction 'none')
  grads     [{name, shape, data}] for every input listed in the case's `grad`
  tol       {atol, rtol}: |actual - expected| <= atol + rtol * |expected|
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F
import warnings

warnings.filterwarnings("ignore", message="reduction: .mean. divides the total loss")

torch.manual_seed(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'losses.json')
TOL = {'atol': 1e-5, 'rtol': 1e-4}
REDUCTIONS = ('mean', 'sum', 'none')

CASES = []
IDS = set()


# ---------------------------------------------------------------------------
# Serialisation
# ---------------------------------------------------------------------------

def fmt(v):
    """Round to 9 significant digits (exact round-trip for float32); NaN as "NaN"."""
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        raise ValueError('infinite value in fixture')
    r = float('%.9g' % v)
    if r == int(r) and abs(r) < 1e15:
        return int(r)
    return r


def flat(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype.is_floating_point:
        return [fmt(v) for v in t.tolist()]
    return [int(v) for v in t.tolist()]


def dtype_name(t):
    if t.dtype.is_floating_point:
        return 'float64' if t.dtype == torch.float64 else 'float32'
    return 'int32'


# ---------------------------------------------------------------------------
# Case builder
# ---------------------------------------------------------------------------

def add_case(id, fn, inputs, call, args=None, grad=()):
    """Register a case.

    inputs: list of (name, role, tensor); call(*tensors) computes the PyTorch result.
    grad: names of the inputs whose gradients are recorded.
    """
    if id in IDS:
        raise ValueError('duplicate id ' + id)
    IDS.add(id)
    leaves = []
    for name, role, t in inputs:
        t = t.detach().clone()
        if name in grad:
            t.requires_grad_(True)
        leaves.append((name, role, t))
    out = call(*[t for _, _, t in leaves])
    case = {
        'id': id,
        'fn': fn,
        'inputs': [{'name': n, 'role': r, 'shape': list(t.shape), 'dtype': dtype_name(t), 'data': flat(t)}
                   for n, r, t in leaves],
        'args': args or {},
        'output': {'shape': list(out.shape), 'data': flat(out)},
        'tol': TOL,
    }
    if grad:
        cot = torch.ones(()) if out.dim() == 0 else torch.randn(tuple(out.shape))
        case['cotangent'] = {'shape': list(cot.shape), 'data': flat(cot)}
        wrt = [(n, t) for n, _, t in leaves if n in grad]
        gs = torch.autograd.grad((out * cot).sum(), [t for _, t in wrt])
        case['grads'] = [{'name': n, 'shape': list(t.shape), 'data': flat(g)} for (n, t), g in zip(wrt, gs)]
    CASES.append(case)


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

def uniform(shape, lo=-1.0, hi=1.0):
    return torch.rand(tuple(shape)) * (hi - lo) + lo


def away(shape, lo, hi, points, margin=0.05):
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


def labels(shape, classes):
    return torch.randint(0, classes, tuple(shape), dtype=torch.int64)


def with_ignored(target, ignore, count=2):
    """`target` with `count` positions (spread out) set to `ignore`."""
    t = target.clone().reshape(-1)
    for k in range(count):
        t[(k * 3 + 1) % t.numel()] = ignore
    return t.reshape(target.shape)


def probs(shape, dim=1):
    return torch.softmax(uniform(shape, -2, 2), dim)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

def elementwise():
    for r in REDUCTIONS:
        x, y = uniform([3, 4], -2, 2), uniform([3, 4], -2, 2)
        add_case('mseLoss/%s' % r, 'mseLoss', [('input', 'arg', x), ('target', 'arg', y)],
                 lambda a, b: F.mse_loss(a, b, reduction=r), {'reduction': r}, grad=('input', 'target'))
        d = away([3, 4], -2, 2, [0.0])
        y = uniform([3, 4], -2, 2)
        add_case('l1Loss/%s' % r, 'l1Loss', [('input', 'arg', y + d), ('target', 'arg', y)],
                 lambda a, b: F.l1_loss(a, b, reduction=r), {'reduction': r}, grad=('input', 'target'))
    # 3-D shape
    x, y = uniform([2, 3, 2], -2, 2), uniform([2, 3, 2], -2, 2)
    add_case('mseLoss/3d/mean', 'mseLoss', [('input', 'arg', x), ('target', 'arg', y)],
             lambda a, b: F.mse_loss(a, b), {}, grad=('input', 'target'))
    for beta in (1.0, 0.5, 0.0):
        for r in REDUCTIONS:
            # differences away from ±beta (the kink) and 0 (for beta = 0)
            d = away([4, 5], -2.5, 2.5, [beta, -beta, 0.0])
            y = uniform([4, 5], -1, 1)
            add_case('smoothL1Loss/beta=%g/%s' % (beta, r), 'smoothL1Loss',
                     [('input', 'arg', y + d), ('target', 'arg', y)],
                     lambda a, b: F.smooth_l1_loss(a, b, reduction=r, beta=beta),
                     {'beta': beta, 'reduction': r}, grad=('input', 'target'))
    for delta in (1.0, 0.3, 2.0):
        for r in REDUCTIONS:
            d = away([4, 5], -3, 3, [delta, -delta])
            y = uniform([4, 5], -1, 1)
            add_case('huberLoss/delta=%g/%s' % (delta, r), 'huberLoss',
                     [('input', 'arg', y + d), ('target', 'arg', y)],
                     lambda a, b: F.huber_loss(a, b, reduction=r, delta=delta),
                     {'delta': delta, 'reduction': r}, grad=('input', 'target'))
    # default options (no args at all)
    x, y = uniform([5], -3, 3), uniform([5], -3, 3)
    add_case('smoothL1Loss/defaults', 'smoothL1Loss', [('input', 'arg', y + away([5], -3, 3, [1, -1])), ('target', 'arg', y)],
             lambda a, b: F.smooth_l1_loss(a, b), {}, grad=('input',))
    add_case('huberLoss/defaults', 'huberLoss', [('input', 'arg', y + away([5], -3, 3, [1, -1])), ('target', 'arg', y)],
             lambda a, b: F.huber_loss(a, b), {}, grad=('input',))


def ce_case(id, logits, target, weight=None, **kw):
    """crossEntropy case: kw in tasknet's names (reduction, ignoreIndex, labelSmoothing)."""
    inputs = [('input', 'arg', logits), ('target', 'arg', target)]
    if weight is not None:
        inputs.append(('weight', 'option', weight))
    torch_kw = {'reduction': kw.get('reduction', 'mean'), 'ignore_index': kw.get('ignoreIndex', -100),
                'label_smoothing': kw.get('labelSmoothing', 0.0)}
    grad = ('input', 'target') if target.dtype.is_floating_point else ('input',)

    def call(x, t, *w):
        return F.cross_entropy(x, t, weight=w[0] if w else None, **torch_kw)
    add_case(id, 'crossEntropy', inputs, call, kw, grad=grad)


def nll_case(id, logp, target, weight=None, **kw):
    inputs = [('logProbs', 'arg', logp), ('target', 'arg', target)]
    if weight is not None:
        inputs.append(('weight', 'option', weight))
    torch_kw = {'reduction': kw.get('reduction', 'mean'), 'ignore_index': kw.get('ignoreIndex', -100)}

    def call(x, t, *w):
        return F.nll_loss(x, t, weight=w[0] if w else None, **torch_kw)
    add_case(id, 'nllLoss', inputs, call, kw, grad=('logProbs',))


def cross_entropy():
    N, C = 6, 5
    w = uniform([C], 0.2, 2.0)
    for r in REDUCTIONS:
        x, y = uniform([N, C], -3, 3), labels([N], C)
        ce_case('crossEntropy/index/%s' % r, x, y, reduction=r)
        ce_case('crossEntropy/index/weight/%s' % r, x, y, w, reduction=r)
        yi = with_ignored(y, -100)
        ce_case('crossEntropy/index/ignore/%s' % r, x, yi, reduction=r)
        ce_case('crossEntropy/index/ignore/weight/%s' % r, x, yi, w, reduction=r)
        y1 = with_ignored(y, 1)
        ce_case('crossEntropy/index/ignoreIndex=1/weight/%s' % r, x, y1, w, reduction=r, ignoreIndex=1)
        for eps in (0.1, 0.3):
            ce_case('crossEntropy/index/smoothing=%g/%s' % (eps, r), x, y, reduction=r, labelSmoothing=eps)
            ce_case('crossEntropy/index/smoothing=%g/weight/%s' % (eps, r), x, y, w, reduction=r, labelSmoothing=eps)
            ce_case('crossEntropy/index/smoothing=%g/ignore/%s' % (eps, r), x, yi, reduction=r, labelSmoothing=eps)
            ce_case('crossEntropy/index/smoothing=%g/ignore/weight/%s' % (eps, r), x, yi, w, reduction=r,
                    labelSmoothing=eps)
        # K-dimensional: [N, C, d] and [N, C, d1, d2]
        xk, yk = uniform([3, C, 4], -3, 3), labels([3, 4], C)
        ykI = with_ignored(yk, -100, 3)
        ce_case('crossEntropy/index/kdim1/%s' % r, xk, yk, reduction=r)
        ce_case('crossEntropy/index/kdim1/ignore/weight/%s' % r, xk, ykI, w, reduction=r)
        ce_case('crossEntropy/index/kdim1/smoothing=0.2/ignore/weight/%s' % r, xk, ykI, w, reduction=r,
                labelSmoothing=0.2)
        xk2, yk2 = uniform([2, C, 3, 2], -3, 3), labels([2, 3, 2], C)
        ce_case('crossEntropy/index/kdim2/weight/%s' % r, xk2, yk2, w, reduction=r)
        ce_case('crossEntropy/index/kdim2/smoothing=0.1/ignore/%s' % r, xk2, with_ignored(yk2, -100, 2),
                reduction=r, labelSmoothing=0.1)
        # class probabilities
        xp, tp = uniform([N, C], -3, 3), probs([N, C])
        ce_case('crossEntropy/prob/%s' % r, xp, tp, reduction=r)
        ce_case('crossEntropy/prob/weight/%s' % r, xp, tp, w, reduction=r)
        ce_case('crossEntropy/prob/smoothing=0.2/%s' % r, xp, tp, reduction=r, labelSmoothing=0.2)
        ce_case('crossEntropy/prob/smoothing=0.2/weight/%s' % r, xp, tp, w, reduction=r, labelSmoothing=0.2)
        xpk, tpk = uniform([2, C, 3], -3, 3), probs([2, C, 3])
        ce_case('crossEntropy/prob/kdim1/weight/%s' % r, xpk, tpk, w, reduction=r)
        # unbatched [C]
        xu = uniform([C], -3, 3)
        ce_case('crossEntropy/unbatched/index/weight/%s' % r, xu, torch.tensor(3), w, reduction=r,
                labelSmoothing=0.1)
        ce_case('crossEntropy/unbatched/prob/%s' % r, xu, probs([C], 0), reduction=r)
    # defaults, large logits, every target ignored (mean is NaN), smoothing 1
    x, y = uniform([N, C], -3, 3), labels([N], C)
    ce_case('crossEntropy/defaults', x, y)
    ce_case('crossEntropy/large-logits', uniform([N, C], -80, 80), y)
    ce_case('crossEntropy/all-ignored/mean', x, torch.full([N], -100, dtype=torch.int64))
    ce_case('crossEntropy/all-ignored/sum', x, torch.full([N], -100, dtype=torch.int64), reduction='sum')
    ce_case('crossEntropy/smoothing=1/weight', x, y, w, labelSmoothing=1.0)
    # NLL on log-probabilities
    for r in REDUCTIONS:
        logp = torch.log_softmax(uniform([N, C], -3, 3), 1)
        y = labels([N], C)
        nll_case('nllLoss/%s' % r, logp, y, reduction=r)
        nll_case('nllLoss/weight/ignore/%s' % r, logp, with_ignored(y, -100), w, reduction=r)
        nll_case('nllLoss/ignoreIndex=0/%s' % r, logp, with_ignored(y, 0), reduction=r, ignoreIndex=0)
        logpk = torch.log_softmax(uniform([2, C, 3, 2], -3, 3), 1)
        nll_case('nllLoss/kdim2/weight/ignore/%s' % r, logpk, with_ignored(labels([2, 3, 2], C), -100, 2), w,
                 reduction=r)
        nll_case('nllLoss/unbatched/%s' % r, torch.log_softmax(uniform([C], -3, 3), 0), torch.tensor(2), reduction=r)


def binary():
    for r in REDUCTIONS:
        x, y = uniform([4, 3], 0.02, 0.98), uniform([4, 3], 0, 1)
        yb = (torch.rand(4, 3) > 0.5).float()
        w = uniform([4, 3], 0.2, 2.0)
        w_row = uniform([3], 0.2, 2.0)

        def bce(a, b, *ws):
            return F.binary_cross_entropy(a, b, weight=ws[0] if ws else None, reduction=r)
        add_case('binaryCrossEntropy/%s' % r, 'binaryCrossEntropy', [('input', 'arg', x), ('target', 'arg', y)],
                 bce, {'reduction': r}, grad=('input', 'target'))
        add_case('binaryCrossEntropy/hard/%s' % r, 'binaryCrossEntropy', [('input', 'arg', x), ('target', 'arg', yb)],
                 bce, {'reduction': r}, grad=('input',))
        add_case('binaryCrossEntropy/weight/%s' % r, 'binaryCrossEntropy',
                 [('input', 'arg', x), ('target', 'arg', y), ('weight', 'option', w)], bce, {'reduction': r},
                 grad=('input', 'target'))
        add_case('binaryCrossEntropy/weight-broadcast/%s' % r, 'binaryCrossEntropy',
                 [('input', 'arg', x), ('target', 'arg', yb), ('weight', 'option', w_row)], bce, {'reduction': r},
                 grad=('input',))
        # logits with an exact 0, moderate values and saturating ones
        z = uniform([4, 3], -4, 4)
        z[0, 0], z[1, 1], z[2, 2], z[3, 0] = 0.0, 30.0, -40.0, 100.0
        pw = uniform([3], 0.5, 4.0)

        def bcel(a, b, *ws, use_w=False, use_pw=False):
            it = iter(ws)
            weight = next(it) if use_w else None
            pos = next(it) if use_pw else None
            return F.binary_cross_entropy_with_logits(a, b, weight=weight, pos_weight=pos, reduction=r)
        for tag, tgt in (('soft', y), ('hard', yb)):
            add_case('binaryCrossEntropyWithLogits/%s/%s' % (tag, r), 'binaryCrossEntropyWithLogits',
                     [('input', 'arg', z), ('target', 'arg', tgt)], bcel, {'reduction': r}, grad=('input', 'target'))
            add_case('binaryCrossEntropyWithLogits/%s/weight/%s' % (tag, r), 'binaryCrossEntropyWithLogits',
                     [('input', 'arg', z), ('target', 'arg', tgt), ('weight', 'option', w)],
                     lambda a, b, c: bcel(a, b, c, use_w=True), {'reduction': r}, grad=('input', 'target'))
            add_case('binaryCrossEntropyWithLogits/%s/posWeight/%s' % (tag, r), 'binaryCrossEntropyWithLogits',
                     [('input', 'arg', z), ('target', 'arg', tgt), ('posWeight', 'option', pw)],
                     lambda a, b, c: bcel(a, b, c, use_pw=True), {'reduction': r}, grad=('input', 'target'))
            add_case('binaryCrossEntropyWithLogits/%s/weight+posWeight/%s' % (tag, r), 'binaryCrossEntropyWithLogits',
                     [('input', 'arg', z), ('target', 'arg', tgt), ('weight', 'option', w_row), ('posWeight', 'option', pw)],
                     lambda a, b, c, d: bcel(a, b, c, d, use_w=True, use_pw=True), {'reduction': r},
                     grad=('input', 'target'))
    # the log clamp at exactly 0 and 1 (values only: at the ends PyTorch's backward divides by
    # max(x(1 - x), 1e-12), which is not the derivative of the clamped formula)
    x = torch.tensor([0.0, 1.0, 0.0, 1.0, 1e-30, 0.5])
    y = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.3])
    for r in REDUCTIONS:
        add_case('binaryCrossEntropy/clamp/%s' % r, 'binaryCrossEntropy', [('input', 'arg', x), ('target', 'arg', y)],
                 lambda a, b: F.binary_cross_entropy(a, b, reduction=r), {'reduction': r})


def divergences():
    for r in ('mean', 'batchmean', 'sum', 'none'):
        x = torch.log_softmax(uniform([3, 4], -2, 2), 1)
        t = probs([3, 4])
        t0 = t.clone()
        t0[0, 1], t0[2, 3] = 0.0, 0.0
        add_case('klDiv/%s' % r, 'klDiv', [('input', 'arg', x), ('target', 'arg', t)],
                 lambda a, b: F.kl_div(a, b, reduction=r), {'reduction': r}, grad=('input', 'target'))
        add_case('klDiv/zeros-in-target/%s' % r, 'klDiv', [('input', 'arg', x), ('target', 'arg', t0)],
                 lambda a, b: F.kl_div(a, b, reduction=r), {'reduction': r}, grad=('input',))
        add_case('klDiv/logTarget/%s' % r, 'klDiv', [('input', 'arg', x), ('target', 'arg', torch.log(t))],
                 lambda a, b: F.kl_div(a, b, reduction=r, log_target=True), {'reduction': r, 'logTarget': True},
                 grad=('input', 'target'))
        x3 = torch.log_softmax(uniform([2, 3, 2], -2, 2), 1)
        add_case('klDiv/3d/%s' % r, 'klDiv', [('input', 'arg', x3), ('target', 'arg', probs([2, 3, 2]))],
                 lambda a, b: F.kl_div(a, b, reduction=r), {'reduction': r}, grad=('input', 'target'))
    for margin in (0.0, 0.2, -0.3):
        for r in REDUCTIONS:
            for _ in range(1000):
                a, b = uniform([6, 4], -1, 1), uniform([6, 4], -1, 1)
                cos = F.cosine_similarity(a, b, dim=1, eps=0)
                if ((cos - margin).abs() > 0.05).all():
                    break
            y = torch.tensor([1, -1, 1, -1, -1, 1])
            add_case('cosineEmbeddingLoss/margin=%g/%s' % (margin, r), 'cosineEmbeddingLoss',
                     [('x1', 'arg', a), ('x2', 'arg', b), ('y', 'arg', y)],
                     lambda p, q, s: F.cosine_embedding_loss(p, q, s, margin=margin, reduction=r),
                     {'margin': margin, 'reduction': r}, grad=('x1', 'x2'))
    a, b = uniform([6, 4], -1, 1), uniform([6, 4], -1, 1)
    yf = torch.tensor([1.0, -1.0, 0.0, 1.0, -1.0, -1.0])
    add_case('cosineEmbeddingLoss/float-labels-with-0', 'cosineEmbeddingLoss',
             [('x1', 'arg', a), ('x2', 'arg', b), ('y', 'arg', yf)],
             lambda p, q, s: F.cosine_embedding_loss(p, q, s, margin=-1.0), {'margin': -1.0}, grad=('x1', 'x2'))
    for label in (1, -1):
        add_case('cosineEmbeddingLoss/unbatched/y=%d' % label, 'cosineEmbeddingLoss',
                 [('x1', 'arg', uniform([5], -1, 1)), ('x2', 'arg', uniform([5], -1, 1)), ('y', 'arg', torch.tensor(label))],
                 lambda p, q, s: F.cosine_embedding_loss(p, q, s, margin=-1.0, reduction='none'),
                 {'margin': -1.0, 'reduction': 'none'}, grad=('x1', 'x2'))


def penalties():
    ps = [away([3, 4], -1, 1, [0.0]), away([4], -1, 1, [0.0]), away([2, 2, 2], -1, 1, [0.0])]
    names = ('p0', 'p1', 'p2')
    inputs = [(n, 'param', p) for n, p in zip(names, ps)]
    add_case('l1Penalty', 'l1Penalty', inputs, lambda *xs: sum(x.abs().sum() for x in xs), grad=names)
    add_case('l2Penalty', 'l2Penalty', inputs, lambda *xs: sum((x * x).sum() for x in xs), grad=names)


def main():
    elementwise()
    cross_entropy()
    binary()
    divergences()
    penalties()
    doc = {'generator': 'tools/golden/losses.py', 'torch': torch.__version__, 'tol': TOL}
    head = json.dumps(doc, separators=(',', ':'))[:-1]
    body = ',\n'.join(json.dumps(c, separators=(',', ':')) for c in CASES)
    with open(OUT_PATH, 'w') as f:
        f.write(head + ',"cases":[\n' + body + '\n]}\n')
    fns = sorted({c['fn'] for c in CASES})
    print('wrote %d cases (%d functions, %d bytes) to %s' % (len(CASES), len(fns), os.path.getsize(OUT_PATH),
                                                            os.path.relpath(OUT_PATH, ROOT)))


if __name__ == '__main__':
    sys.exit(main())
