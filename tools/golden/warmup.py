#!/usr/bin/python3
"""Golden fixture for tasknet's WarmupLR: the same schedules built from PyTorch's own schedulers.

Run with Debian's interpreter (the one that has torch):

    /usr/bin/python3 tools/golden/warmup.py

Writes test/fixtures/golden/warmup.json, which test/optim-warmup.test.ts replays against tasknet.

Layout:
  schedules  [{id, options (tasknet WarmupLR options), torch (how PyTorch builds it), groupLrs,
               lrs: [[lr of group 0, lr of group 1], ...]}]  (the lr in use at each of STEPS steps, then the lr
               after the last scheduler step: STEPS + 1 entries)
"""

import json
import math
import os
import warnings

import torch
from torch.optim import lr_scheduler as S

warnings.filterwarnings('ignore')

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'warmup.json')
STEPS = 30
GROUP_LRS = [0.1, 0.02]


def record(make):
    params = [torch.nn.Parameter(torch.zeros(1)), torch.nn.Parameter(torch.zeros(1))]
    opt = torch.optim.SGD([{'params': [params[0]], 'lr': GROUP_LRS[0]}, {'params': [params[1]], 'lr': GROUP_LRS[1]}], lr=GROUP_LRS[0])
    sched = make(opt)
    lrs = []
    for _ in range(STEPS):
        lrs.append([g['lr'] for g in opt.param_groups])
        opt.step()
        sched.step()
    lrs.append([g['lr'] for g in opt.param_groups])
    return lrs


def hf_cosine(w, t):
    """Hugging Face get_cosine_schedule_with_warmup's lambda (num_cycles 0.5)."""
    def f(step):
        if step < w:
            return step / max(1, w)
        progress = (step - w) / max(1, t - w)
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
    return f


def hf_linear(w, t):
    """Hugging Face get_linear_schedule_with_warmup's lambda."""
    def f(step):
        if step < w:
            return step / max(1, w)
        return max(0.0, (t - step) / max(1, t - w))
    return f


SCHEDULES = [
    ('constant', {'warmupSteps': 6, 'startFactor': 0.1}, 'LinearLR(start_factor=0.1, total_iters=6)',
     lambda o: S.LinearLR(o, start_factor=0.1, total_iters=6)),
    ('cosine', {'warmupSteps': 5, 'startFactor': 0.2, 'decay': 'cosine', 'totalSteps': 30},
     'SequentialLR([LinearLR(start_factor=0.2, total_iters=5), CosineAnnealingLR(T_max=25)], milestones=[5])',
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.2, total_iters=5), S.CosineAnnealingLR(o, T_max=25)], milestones=[5])),
    ('linear-min', {'warmupSteps': 4, 'startFactor': 0.25, 'decay': 'linear', 'totalSteps': 24, 'minFactor': 0.1},
     'SequentialLR([LinearLR(start_factor=0.25, total_iters=4), LinearLR(start_factor=1, end_factor=0.1, total_iters=20)], milestones=[4])',
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.25, total_iters=4),
                                  S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=20)], milestones=[4])),
    ('hf-cosine', {'warmupSteps': 3, 'decay': 'cosine', 'totalSteps': 30},
     'LambdaLR(Hugging Face get_cosine_schedule_with_warmup lambda, W=3, T=30)',
     lambda o: S.LambdaLR(o, hf_cosine(3, 30))),
    ('hf-linear', {'warmupSteps': 8, 'decay': 'linear', 'totalSteps': 28},
     'LambdaLR(Hugging Face get_linear_schedule_with_warmup lambda, W=8, T=28)',
     lambda o: S.LambdaLR(o, hf_linear(8, 28))),
]


def main():
    out = {
        'torch': torch.__version__,
        'groupLrs': GROUP_LRS,
        'schedules': [{'id': i, 'options': opts, 'torch': desc, 'lrs': record(make)} for i, opts, desc, make in SCHEDULES],
    }
    with open(OUT_PATH, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote %s: %d schedules' % (os.path.relpath(OUT_PATH, ROOT), len(SCHEDULES)))


if __name__ == '__main__':
    main()
