#!/usr/bin/python3
"""Golden fixtures for tasknet's optimisers, gradient clipping and LR schedules, computed with PyTorch.

Run with Debian's interpreter (the one that has torch):

    /usr/bin/python3 tools/golden/optim.py

Writes test/fixtures/golden/optim.json, which test/optim.test.ts replays against tasknet.
Deterministic: fixed data (torch.manual_seed(0)), float32, one thread.

Layout:
  problem       {x, y, w0, b0}: flat row-major data and shapes. Parameters W [3,4] and b [3] start at w0, b0;
                the loss is  mean_rows(sum_cols((x @ W^T + b - y)^2)) + 0.1 * sum(b^2)
                (x [5,4], y [5,3]); each step: zero grads, loss.backward(), [clip], opt.step(), [sched.step()].
  trajectories  [{id, optimizer, options (tasknet names), groups?, clipGradNorm?, stepLR?, steps: [{w, b, norm?, lr?}]}]
                `clipGradNorm`: {maxNorm, normType?} ('inf' for the max norm), applied before every step.
                `stepLR`: {stepSize, gamma}, stepped after every step (`lr`: the lr of group 0 after it).
                `groups`: per-group options for [W] and [b] instead of one group holding both.
                `steps[i]` holds the parameters after step i+1 (and the total norm clipGradNorm_ returned).
  schedules     [{id, scheduler, options (tasknet names), optimizer, optimizerOptions, groupLrs, metrics?,
                  lrs: [[lr of group 0, lr of group 1], ...] (the lr in use at each of 30 steps, then the lr
                  after the 30th scheduler step), momenta? (OneCycleLR: momentum or beta1, same indexing)}]
  tol           {params: {atol, rtol}, lrs: {atol, rtol}}
"""

import json
import math
import os
import warnings

import torch
from torch.optim import lr_scheduler as S

warnings.filterwarnings('ignore')
torch.manual_seed(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'optim.json')
STEPS = 5
SCHEDULE_STEPS = 30


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


X = torch.randn(5, 4)
Y = torch.randn(5, 3)
W0 = torch.randn(3, 4)
B0 = torch.randn(3)


def loss_fn(w, b):
    return ((X @ w.t() + b - Y) ** 2).sum(1).mean() + 0.1 * (b ** 2).sum()


# tasknet option name -> torch keyword
TORCH_NAMES = {
    'lr': 'lr', 'momentum': 'momentum', 'dampening': 'dampening', 'nesterov': 'nesterov',
    'weightDecay': 'weight_decay', 'maximize': 'maximize', 'betas': 'betas', 'eps': 'eps',
    'amsgrad': 'amsgrad', 'alpha': 'alpha', 'centered': 'centered', 'lrDecay': 'lr_decay',
    'initialAccumulatorValue': 'initial_accumulator_value',
}
OPTIMIZERS = {
    'SGD': torch.optim.SGD, 'Adam': torch.optim.Adam, 'AdamW': torch.optim.AdamW,
    'RMSprop': torch.optim.RMSprop, 'Adagrad': torch.optim.Adagrad,
}


def torch_kwargs(options):
    out = {}
    for k, v in options.items():
        out[TORCH_NAMES[k]] = tuple(v) if isinstance(v, list) else v
    return out


def trajectory(id, optimizer, options, groups=None, clip=None, step_lr=None):
    w = W0.clone().requires_grad_(True)
    b = B0.clone().requires_grad_(True)
    if groups is None:
        opt = OPTIMIZERS[optimizer]([w, b], **torch_kwargs(options))
    else:
        opt = OPTIMIZERS[optimizer]([
            dict(params=[w], **torch_kwargs(groups[0])),
            dict(params=[b], **torch_kwargs(groups[1])),
        ], **torch_kwargs(options))
    sched = S.StepLR(opt, **{'step_size': step_lr['stepSize'], 'gamma': step_lr['gamma']}) if step_lr else None
    steps = []
    for _ in range(STEPS):
        opt.zero_grad(set_to_none=True)
        loss_fn(w, b).backward()
        record = {}
        if clip is not None:
            norm_type = clip.get('normType', 2.0)
            norm_type = math.inf if norm_type == 'inf' else norm_type
            record['norm'] = float(torch.nn.utils.clip_grad_norm_([w, b], clip['maxNorm'], norm_type))
        opt.step()
        if sched is not None:
            sched.step()
            record['lr'] = opt.param_groups[0]['lr']
        record['w'] = flat(w)
        record['b'] = flat(b)
        steps.append(record)
    case = {'id': id, 'optimizer': optimizer, 'options': options, 'steps': steps}
    if groups is not None:
        case['groups'] = groups
    if clip is not None:
        case['clipGradNorm'] = clip
    if step_lr is not None:
        case['stepLR'] = step_lr
    return case


TRAJECTORIES = [
    trajectory('sgd-plain', 'SGD', {'lr': 0.05}),
    trajectory('sgd-momentum-nesterov-wd', 'SGD', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True, 'weightDecay': 0.01}),
    trajectory('sgd-dampening', 'SGD', {'lr': 0.05, 'momentum': 0.8, 'dampening': 0.3}),
    trajectory('sgd-maximize', 'SGD', {'lr': 0.01, 'momentum': 0.5, 'maximize': True}),
    trajectory('adam', 'Adam', {'lr': 0.1}),
    trajectory('adam-amsgrad-wd', 'Adam', {'lr': 0.1, 'betas': [0.8, 0.95], 'eps': 1e-6, 'weightDecay': 0.1, 'amsgrad': True}),
    trajectory('adam-groups', 'Adam', {'lr': 0.1}, groups=[{'lr': 0.2}, {'lr': 0.01, 'betas': [0.5, 0.9]}]),
    trajectory('adamw', 'AdamW', {'lr': 0.1}),
    trajectory('adamw-amsgrad', 'AdamW', {'lr': 0.05, 'weightDecay': 0.5, 'amsgrad': True, 'maximize': False}),
    trajectory('rmsprop', 'RMSprop', {'lr': 0.01}),
    trajectory('rmsprop-centered-momentum', 'RMSprop', {'lr': 0.01, 'alpha': 0.9, 'momentum': 0.7, 'centered': True, 'weightDecay': 0.05}),
    trajectory('adagrad-lrdecay', 'Adagrad', {'lr': 0.1, 'lrDecay': 0.05}),
    trajectory('adagrad-wd-init', 'Adagrad', {'lr': 0.1, 'weightDecay': 0.1, 'initialAccumulatorValue': 0.5, 'eps': 1e-6}),
    trajectory('sgd-clip-norm', 'SGD', {'lr': 0.05, 'momentum': 0.9}, clip={'maxNorm': 1.0}),
    trajectory('adam-clip-norm-inf', 'Adam', {'lr': 0.1}, clip={'maxNorm': 0.5, 'normType': 'inf'}),
    trajectory('sgd-steplr', 'SGD', {'lr': 0.1, 'momentum': 0.9}, step_lr={'stepSize': 2, 'gamma': 0.5}),
]


def schedule(id, scheduler, options, make, optimizer='SGD', optimizer_options=None, metrics=None, momentum=False):
    optimizer_options = optimizer_options or {'lr': 0.1, 'momentum': 0.9}
    group_lrs = [0.1, 0.05]
    p0 = torch.zeros(2, requires_grad=True)
    p1 = torch.zeros(3, requires_grad=True)
    opt = OPTIMIZERS[optimizer]([
        {'params': [p0], 'lr': group_lrs[0]},
        {'params': [p1], 'lr': group_lrs[1]},
    ], **torch_kwargs(optimizer_options))
    sched = make(opt)

    def momenta():
        if 'betas' in opt.defaults:
            return [g['betas'][0] for g in opt.param_groups]
        return [g['momentum'] for g in opt.param_groups]

    lrs, moms = [], []
    for i in range(SCHEDULE_STEPS):
        lrs.append([g['lr'] for g in opt.param_groups])
        moms.append(momenta())
        opt.step()  # no grads: a no-op, keeps torch from warning about the order
        if metrics is not None:
            sched.step(metrics[i])
        else:
            sched.step()
    lrs.append([g['lr'] for g in opt.param_groups])
    moms.append(momenta())
    case = {
        'id': id, 'scheduler': scheduler, 'options': options, 'optimizer': optimizer,
        'optimizerOptions': optimizer_options, 'groupLrs': group_lrs, 'lrs': lrs,
    }
    if metrics is not None:
        case['metrics'] = metrics
    if momentum:
        case['momenta'] = moms
    return case


PLATEAU_METRICS = [1.0, 0.9, 0.8, 0.8, 0.8, 0.79995, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.6, 0.65, 0.66,
                   0.67, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4]
PLATEAU_MAX_METRICS = [0.1, 0.2, 0.25, 0.26, 0.27, 0.3, 0.3, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                       0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]


def lambda_fn(epoch):
    # the same function is written in test/optim.test.ts
    return 0.9 ** epoch / (1 + epoch // 5)


SCHEDULES = [
    schedule('step', 'StepLR', {'stepSize': 7, 'gamma': 0.5}, lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    schedule('multistep', 'MultiStepLR', {'milestones': [3, 10, 10, 22], 'gamma': 0.3},
             lambda o: S.MultiStepLR(o, milestones=[3, 10, 10, 22], gamma=0.3)),
    schedule('exponential', 'ExponentialLR', {'gamma': 0.9}, lambda o: S.ExponentialLR(o, gamma=0.9)),
    schedule('cosine', 'CosineAnnealingLR', {'Tmax': 10, 'etaMin': 0.001},
             lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
    schedule('cosine-zero-min', 'CosineAnnealingLR', {'Tmax': 30}, lambda o: S.CosineAnnealingLR(o, T_max=30)),
    schedule('warm-restarts', 'CosineAnnealingWarmRestarts', {'T0': 5, 'Tmult': 2, 'etaMin': 0.0001},
             lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.0001)),
    schedule('warm-restarts-mult1', 'CosineAnnealingWarmRestarts', {'T0': 7},
             lambda o: S.CosineAnnealingWarmRestarts(o, T_0=7)),
    schedule('linear', 'LinearLR', {'startFactor': 0.25, 'endFactor': 1.0, 'totalIters': 8},
             lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=8)),
    schedule('linear-decay', 'LinearLR', {'startFactor': 1.0, 'endFactor': 0.1, 'totalIters': 20},
             lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=20)),
    schedule('lambda', 'LambdaLR', {'lrLambda': 'lambda_fn'}, lambda o: S.LambdaLR(o, lr_lambda=lambda_fn)),
    schedule('onecycle-cos', 'OneCycleLR', {'maxLr': [1.0, 0.5], 'totalSteps': 30},
             lambda o: S.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=30), momentum=True),
    schedule('onecycle-linear-adam', 'OneCycleLR',
             {'maxLr': 0.3, 'totalSteps': 30, 'pctStart': 0.25, 'annealStrategy': 'linear', 'divFactor': 10.0,
              'finalDivFactor': 100.0, 'baseMomentum': 0.8, 'maxMomentum': 0.9},
             lambda o: S.OneCycleLR(o, max_lr=0.3, total_steps=30, pct_start=0.25, anneal_strategy='linear',
                                    div_factor=10.0, final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9),
             optimizer='Adam', optimizer_options={'lr': 0.001}, momentum=True),
    schedule('onecycle-three-phase', 'OneCycleLR', {'maxLr': 0.8, 'totalSteps': 30, 'threePhase': True},
             lambda o: S.OneCycleLR(o, max_lr=0.8, total_steps=30, three_phase=True), momentum=True),
    schedule('plateau-min-rel', 'ReduceLROnPlateau', {'mode': 'min', 'factor': 0.5, 'patience': 2, 'cooldown': 1,
                                                      'threshold': 1e-4, 'thresholdMode': 'rel', 'minLr': 0.004},
             lambda o: S.ReduceLROnPlateau(o, mode='min', factor=0.5, patience=2, cooldown=1, threshold=1e-4,
                                           threshold_mode='rel', min_lr=0.004),
             metrics=PLATEAU_METRICS),
    schedule('plateau-max-abs', 'ReduceLROnPlateau', {'mode': 'max', 'factor': 0.2, 'patience': 3,
                                                      'threshold': 0.05, 'thresholdMode': 'abs', 'minLr': [0.001, 0.0]},
             lambda o: S.ReduceLROnPlateau(o, mode='max', factor=0.2, patience=3, threshold=0.05,
                                           threshold_mode='abs', min_lr=[0.001, 0.0]),
             metrics=PLATEAU_MAX_METRICS),
    schedule('sequential-linear-cosine', 'SequentialLR',
             {'schedulers': [{'scheduler': 'LinearLR', 'options': {'startFactor': 0.1, 'totalIters': 5}},
                             {'scheduler': 'CosineAnnealingLR', 'options': {'Tmax': 25, 'etaMin': 0.0}}],
              'milestones': [5]},
             lambda o: S.SequentialLR(o, schedulers=[S.LinearLR(o, start_factor=0.1, total_iters=5),
                                                     S.CosineAnnealingLR(o, T_max=25)], milestones=[5])),
    schedule('chained-linear-exponential', 'ChainedScheduler',
             {'schedulers': [{'scheduler': 'LinearLR', 'options': {'startFactor': 0.2, 'totalIters': 4}},
                             {'scheduler': 'ExponentialLR', 'options': {'gamma': 0.95}}]},
             lambda o: S.ChainedScheduler([S.LinearLR(o, start_factor=0.2, total_iters=4),
                                           S.ExponentialLR(o, gamma=0.95)])),
]


def main():
    out = {
        'generator': 'tools/golden/optim.py',
        'torch': torch.__version__,
        'problem': {
            'x': {'shape': list(X.shape), 'data': flat(X)},
            'y': {'shape': list(Y.shape), 'data': flat(Y)},
            'w0': {'shape': list(W0.shape), 'data': flat(W0)},
            'b0': {'shape': list(B0.shape), 'data': flat(B0)},
        },
        'trajectories': TRAJECTORIES,
        'schedules': SCHEDULES,
        'tol': {'params': {'atol': 1e-5, 'rtol': 1e-4}, 'lrs': {'atol': 1e-15, 'rtol': 1e-9}},
    }
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, 'w') as f:
        json.dump(out, f, indent=1, allow_nan=False)
        f.write('\n')
    print('wrote %s: %d trajectories, %d schedules' % (os.path.relpath(OUT_PATH, ROOT), len(TRAJECTORIES), len(SCHEDULES)))


if __name__ == '__main__':
    main()
