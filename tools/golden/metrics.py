#!/usr/bin/python3
"""Golden fixtures for tasknet's metrics, computed with scikit-learn.

Run with Debian's interpreter (the one that has numpy and scikit-learn):

    /usr/bin/python3 tools/golden/metrics.py

Writes test/fixtures/golden/metrics.json, which test/metrics.test.ts replays against
tn.train.* (the metric functions, and the streaming metrics fed in batches). The output
is deterministic (numpy.random.default_rng(seed)).

Layout:
  datasets  name -> {field: values}; every field is a list (labels, scores [N] or [N][C]).
            `float32` lists the fields that are float32 (the test feeds them as float32).
  cases     {id, fn, data, args, options, expected, tol}
            fn       the tasknet function (camelCase), called as fn(*args, options)
            args     dataset field names, or {"value": x} for literal arguments (top-k's k)
            options  tasknet option names (average, posLabel, labels, zeroDivision, ...)
            expected a number, a list, a matrix, or {precision, recall, fScore[, support, labels]}
            tol      absolute and relative tolerance
"""

import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics as skm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'metrics.json')

TOL64 = 1e-9
TOL32 = 1e-6

DATASETS = {}
CASES = []


def to_list(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        a = a.astype(np.int64)
    return a.tolist()


def dataset(name, float32=(), **fields):
    DATASETS[name] = {'fields': {k: np.asarray(v) for k, v in fields.items()}, 'float32': list(float32)}


def field(data, name):
    return DATASETS[data]['fields'][name]


def case(cid, fn, data, args, expected, options=None, tol=TOL64):
    if any(c['id'] == cid for c in CASES):
        raise ValueError('duplicate case id ' + cid)
    if isinstance(expected, np.ndarray):
        expected = expected.tolist()
    elif isinstance(expected, (np.floating, np.integer)):
        expected = expected.item()
    CASES.append({'id': cid, 'fn': fn, 'data': data, 'args': args, 'options': options or {},
                  'expected': expected, 'tol': tol})


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


SK_AVERAGE = {'binary': 'binary', 'macro': 'macro', 'micro': 'micro', 'weighted': 'weighted', None: None}


def prfs_cases(prefix, data, pred_field='yPred', labels=None, pos_label=1, averages=('binary', 'macro', 'micro', 'weighted', None)):
    y = field(data, 'yTrue')
    p = field(data, pred_field)
    if p.ndim == 2:
        p = p.argmax(axis=1)
    extra = {}
    sk_extra = {}
    if labels is not None:
        extra['labels'] = labels
        sk_extra['labels'] = labels
    if pos_label != 1:
        extra['posLabel'] = pos_label
    for avg in averages:
        opts = dict(extra, average=avg)
        name = 'none' if avg is None else avg
        P, R, F, S = skm.precision_recall_fscore_support(y, p, average=avg, pos_label=pos_label, zero_division=0, **sk_extra)
        if avg is None:
            used = labels if labels is not None else sorted(set(y.tolist()) | set(p.tolist()))
            exp = {'precision': to_list(P), 'recall': to_list(R), 'fScore': to_list(F), 'support': to_list(S), 'labels': list(used)}
        else:
            exp = {'precision': float(P), 'recall': float(R), 'fScore': float(F)}
        case(f'{prefix}/prfs/{name}', 'precisionRecallFscoreSupport', data, ['yTrue', pred_field], exp, opts)
        if avg is not None:
            kw = dict(average=avg, pos_label=pos_label, zero_division=0, **sk_extra)
            case(f'{prefix}/precision/{name}', 'precision', data, ['yTrue', pred_field], skm.precision_score(y, p, **kw), opts)
            case(f'{prefix}/recall/{name}', 'recall', data, ['yTrue', pred_field], skm.recall_score(y, p, **kw), opts)
            case(f'{prefix}/f1/{name}', 'f1Score', data, ['yTrue', pred_field], skm.f1_score(y, p, **kw), opts)
        else:
            kw = dict(average=None, zero_division=0, **sk_extra)
            case(f'{prefix}/f1/none', 'f1Score', data, ['yTrue', pred_field], skm.f1_score(y, p, **kw), opts)
    kw = dict(average=averages[0], pos_label=pos_label, zero_division=0, **sk_extra)
    case(f'{prefix}/fbeta2/{averages[0]}', 'fbetaScore', data, ['yTrue', pred_field, {'value': 2}],
         skm.fbeta_score(y, p, beta=2, **kw), dict(extra, average=averages[0]))


def build():
    rng = np.random.default_rng(20240607)

    # --- binary: scores in (0,1), labels 0/1, predictions from a 0.5 threshold -------------------------
    n = 60
    y = rng.integers(0, 2, n)
    s = np.clip(0.35 * y + rng.random(n) * 0.65, 0, 1)
    yp = (s > 0.5).astype(np.int64)
    dataset('binary', yTrue=y, scores=s, yPred=yp)
    case('binary/accuracy', 'accuracy', 'binary', ['yTrue', 'yPred'], skm.accuracy_score(y, yp))
    case('binary/accuracy/threshold', 'accuracy', 'binary', ['yTrue', 'scores'], skm.accuracy_score(y, yp), {'threshold': 0.5})
    prfs_cases('binary', 'binary')
    prfs_cases('binary/pos0', 'binary', pos_label=0, averages=('binary',))
    case('binary/confusion', 'confusionMatrix', 'binary', ['yTrue', 'yPred'], skm.confusion_matrix(y, yp))
    case('binary/roc_auc', 'rocAucScore', 'binary', ['yTrue', 'scores'], skm.roc_auc_score(y, s))
    case('binary/log_loss', 'logLoss', 'binary', ['yTrue', 'scores'], skm.log_loss(y, s))
    s2 = np.stack([1 - s, s], axis=1)
    DATASETS['binary']['fields']['scores2'] = s2
    case('binary/roc_auc/two_columns', 'rocAucScore', 'binary', ['yTrue', 'scores2'], skm.roc_auc_score(y, s))
    case('binary/log_loss/two_columns', 'logLoss', 'binary', ['yTrue', 'scores2'], skm.log_loss(y, s2))

    # --- binary with many ties (scores rounded to one decimal), and probabilities of exactly 0 and 1 ----
    n = 50
    y = rng.integers(0, 2, n)
    s = np.round(np.clip(0.3 * y + rng.random(n) * 0.7, 0, 1), 1)
    s[:3] = [0.0, 1.0, 1.0]
    y[:3] = [1, 0, 1]
    dataset('ties', yTrue=y, scores=s)
    case('ties/roc_auc', 'rocAucScore', 'ties', ['yTrue', 'scores'], skm.roc_auc_score(y, s))
    case('ties/log_loss', 'logLoss', 'ties', ['yTrue', 'scores'], skm.log_loss(y, s))
    case('ties/log_loss/eps', 'logLoss', 'ties', ['yTrue', 'scores'], skm.log_loss(y, s, eps=1e-3), {'eps': 1e-3})
    # all scores tied: AUC 0.5
    dataset('all_tied', yTrue=np.array([0, 1, 1, 0, 1]), scores=np.full(5, 0.25))
    case('all_tied/roc_auc', 'rocAucScore', 'all_tied', ['yTrue', 'scores'], skm.roc_auc_score([0, 1, 1, 0, 1], np.full(5, 0.25)))
    # labels other than 0/1: the larger label is the positive class
    y = rng.choice([2, 7], 30)
    s = rng.random(30) + (y == 7) * 0.3
    dataset('labels27', yTrue=y, scores=s)
    case('labels27/roc_auc', 'rocAucScore', 'labels27', ['yTrue', 'scores'], skm.roc_auc_score(y, s))

    # --- multiclass, 4 classes; class 3 never predicted ---------------------------------------------------
    n, c = 80, 4
    y = rng.integers(0, c, n)
    logits = rng.normal(size=(n, c)) + 1.2 * np.eye(c)[y]
    probs = softmax(logits)
    damp = probs.copy()
    damp[:, 3] *= 0.05
    damp /= damp.sum(axis=1, keepdims=True)
    yp = damp.argmax(axis=1)
    assert 3 not in set(yp.tolist()) and 3 in set(y.tolist())
    probs32 = probs.astype(np.float32)
    dataset('multi', float32=['probs32'], yTrue=y, probs=probs, logits=logits, damp=damp, yPred=yp, probs32=probs32)
    case('multi/accuracy', 'accuracy', 'multi', ['yTrue', 'yPred'], skm.accuracy_score(y, yp))
    case('multi/accuracy/argmax', 'accuracy', 'multi', ['yTrue', 'damp'], skm.accuracy_score(y, yp))
    for k in (1, 2, 3, 4):
        case(f'multi/top{k}', 'topKAccuracy', 'multi', ['yTrue', 'logits', {'value': k}],
             skm.top_k_accuracy_score(y, logits, k=k, labels=list(range(c))))
    prfs_cases('multi', 'multi', averages=('macro', 'micro', 'weighted', None))
    prfs_cases('multi/argmax', 'multi', pred_field='damp', averages=('macro', None))
    prfs_cases('multi/labels5', 'multi', labels=[0, 1, 2, 3, 4], averages=('macro', 'weighted', None))
    prfs_cases('multi/labels_subset', 'multi', labels=[2, 0], averages=('macro', 'micro', None))
    case('multi/confusion', 'confusionMatrix', 'multi', ['yTrue', 'yPred'], skm.confusion_matrix(y, yp))
    case('multi/confusion/numClasses', 'confusionMatrix', 'multi', ['yTrue', 'yPred'],
         skm.confusion_matrix(y, yp, labels=[0, 1, 2, 3]), {'numClasses': 4})
    case('multi/confusion/labels', 'confusionMatrix', 'multi', ['yTrue', 'yPred'],
         skm.confusion_matrix(y, yp, labels=[3, 1, 0]), {'labels': [3, 1, 0]})
    for avg in ('macro', 'weighted'):
        case(f'multi/roc_auc/{avg}', 'rocAucScore', 'multi', ['yTrue', 'probs'],
             skm.roc_auc_score(y, probs, multi_class='ovr', average=avg), {'multiClass': 'ovr', 'average': avg})
        case(f'multi/roc_auc/{avg}/float32', 'rocAucScore', 'multi', ['yTrue', 'probs32'],
             skm.roc_auc_score(y, probs32, multi_class='ovr', average=avg), {'average': avg}, tol=TOL32)
    case('multi/log_loss', 'logLoss', 'multi', ['yTrue', 'probs'], skm.log_loss(y, probs, labels=list(range(c))))
    case('multi/log_loss/float32', 'logLoss', 'multi', ['yTrue', 'probs32'],
         skm.log_loss(y, probs32, labels=list(range(c))), tol=TOL32)
    unnorm = probs * rng.uniform(0.5, 2.0, size=(n, 1))
    DATASETS['multi']['fields']['unnormalised'] = unnorm
    case('multi/log_loss/renormalise', 'logLoss', 'multi', ['yTrue', 'unnormalised'],
         skm.log_loss(y, unnorm, labels=list(range(c))))

    # --- multiclass with ties in the scores (one-vs-rest on rounded probabilities) ---------------------------
    # every row is a permutation of (0.4, 0.3, 0.2, 0.1), leaning towards the true class: many ties per column
    tied = np.empty((n, c))
    for i in range(n):
        perm = rng.permutation(c)
        if rng.random() < 0.6:
            perm[perm == 0], perm[y[i]] = perm[y[i]], 0
        tied[i] = np.array([0.4, 0.3, 0.2, 0.1])[perm]
    DATASETS['multi']['fields']['tied'] = tied
    for avg in ('macro', 'weighted'):
        case(f'multi/roc_auc/ties/{avg}', 'rocAucScore', 'multi', ['yTrue', 'tied'],
             skm.roc_auc_score(y, tied, multi_class='ovr', average=avg), {'average': avg})

    # --- small hand-made edge cases -------------------------------------------------------------------------
    dataset('none_positive', yTrue=np.array([0, 0, 0, 0]), yPred=np.array([0, 0, 0, 0]))
    for fn, sk in (('precision', skm.precision_score), ('recall', skm.recall_score), ('f1Score', skm.f1_score)):
        case(f'none_positive/{fn}', fn, 'none_positive', ['yTrue', 'yPred'],
             sk([0, 0, 0, 0], [0, 0, 0, 0], zero_division=0))
        case(f'none_positive/{fn}/zd1', fn, 'none_positive', ['yTrue', 'yPred'],
             sk([0, 0, 0, 0], [0, 0, 0, 0], zero_division=1), {'zeroDivision': 1})
    dataset('zero_support', yTrue=np.array([0, 0, 2, 0]), yPred=np.array([0, 1, 2, 0]))
    for zd in (0, 1):
        P, R, F, _ = skm.precision_recall_fscore_support([0, 0, 2, 0], [0, 1, 2, 0], labels=[1], average='weighted', zero_division=zd)
        case(f'zero_support/weighted/zd{zd}', 'precisionRecallFscoreSupport', 'zero_support', ['yTrue', 'yPred'],
             {'precision': float(P), 'recall': float(R), 'fScore': float(F)}, {'labels': [1], 'average': 'weighted', 'zeroDivision': zd})

    # --- regression -------------------------------------------------------------------------------------------
    n = 40
    t = rng.normal(size=n) * 3 + 1
    p = t + rng.normal(size=n)
    t3 = rng.normal(size=(n, 3)) * np.array([1.0, 5.0, 0.2])
    p3 = t3 + rng.normal(size=(n, 3)) * np.array([0.5, 1.0, 0.3])
    t32 = t.astype(np.float32)
    p32 = p.astype(np.float32)
    dataset('regression', float32=['t32', 'p32'], t=t, p=p, t3=t3, p3=p3, t32=t32, p32=p32)
    for fn, sk in (('meanSquaredError', skm.mean_squared_error), ('meanAbsoluteError', skm.mean_absolute_error),
                   ('r2Score', skm.r2_score)):
        case(f'regression/{fn}', fn, 'regression', ['t', 'p'], sk(t, p))
        case(f'regression/{fn}/float32', fn, 'regression', ['t32', 'p32'], sk(t32.astype(np.float64), p32.astype(np.float64)))
        case(f'regression/{fn}/multi', fn, 'regression', ['t3', 'p3'], sk(t3, p3))
        case(f'regression/{fn}/raw', fn, 'regression', ['t3', 'p3'], sk(t3, p3, multioutput='raw_values'),
             {'multioutput': 'raw_values'})
    case('regression/r2Score/variance_weighted', 'r2Score', 'regression', ['t3', 'p3'],
         skm.r2_score(t3, p3, multioutput='variance_weighted'), {'multioutput': 'variance_weighted'})
    const = np.full(6, 2.5)
    dataset('constant', t=const, exact=const.copy(), off=const + np.array([0, 0.1, 0, 0, 0, 0]))
    case('constant/r2Score/exact', 'r2Score', 'constant', ['t', 'exact'], skm.r2_score(const, const))
    case('constant/r2Score/off', 'r2Score', 'constant', ['t', 'off'], skm.r2_score(const, const + np.array([0, 0.1, 0, 0, 0, 0])))


def main():
    warnings.simplefilter('ignore')  # top-k with k >= classes, ill-defined precision: expected here
    build()
    datasets = {}
    for name, d in DATASETS.items():
        datasets[name] = {'fields': {k: to_list(v) for k, v in d['fields'].items()}, 'float32': d['float32']}
    out = {
        'generator': 'tools/golden/metrics.py',
        'sklearn': sklearn.__version__,
        'numpy': np.__version__,
        'datasets': datasets,
        'cases': CASES,
    }
    text = json.dumps(out, separators=(',', ':'), allow_nan=False)
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, 'w') as f:
        f.write(text + '\n')
    print(f'wrote {len(CASES)} cases, {len(text)} bytes to {os.path.relpath(OUT_PATH, ROOT)}', file=sys.stderr)


if __name__ == '__main__':
    main()
