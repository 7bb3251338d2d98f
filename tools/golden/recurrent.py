#!/usr/bin/python3
"""Golden fixtures for tasknet's recurrent and attention layers, computed with PyTorch.

Run with Debian's interpreter (the one that has torch):

    /usr/bin/python3 tools/golden/recurrent.py

Writes test/fixtures/golden/recurrent.json, which test/nn-recurrent.test.ts replays against
tasknet: RNN (tanh, relu), LSTM, GRU, MultiheadAttention, TransformerEncoderLayer and
TransformerEncoder in several configurations. Seeded (torch.manual_seed per case), float32,
one thread. Every case is also recomputed in float64; the script prints how much of each
case's tolerance the float32 reference itself uses up.

Each case:
  id          unique name
  module      RNN | LSTM | GRU | MultiheadAttention | TransformerEncoderLayer | TransformerEncoder
  args        constructor arguments, named as in tasknet (camelCase)
  train       whether the module is in training mode (always false: dropout off)
  state_dict  {key: {shape, data}}, torch's keys, loaded with strict loadStateDict
  inputs      {name: {shape, dtype, data}} (float32, or bool masks stored as 0/1, int32 lengths)
  forward     forward-call options, naming inputs by key (e.g. {"lengths": "lengths"}) or literal values
  outputs     {name: {shape, data}}: RNN/GRU output, hN; LSTM output, hN, cN; MHA output, weights;
              encoder output
  cotangents  {name: {shape, data}}, one per output
  grads       {"inputs": {name: {shape, data}}, "params": {key: {shape, data}}}: gradients of
              L = sum over outputs of sum(output * cotangent)
  tol         {atol, rtol}: |actual - expected| <= atol + rtol * |expected|
"""

import json
import os
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, 'test', 'fixtures', 'golden', 'recurrent.json')

RNN_TOL = {'atol': 1e-5, 'rtol': 1e-4}
ATTENTION_TOL = {'atol': 2e-5, 'rtol': 1e-4}

CASES = []
WORST = []


def flat(t):
    return [float('%.9g' % v) for v in t.detach().reshape(-1).tolist()]


def tj(t, dtype=None):
    """A tensor as {shape, data} (and dtype for inputs)."""
    d = {'shape': list(t.shape), 'data': flat(t) if t.dtype != torch.bool else [int(v) for v in t.reshape(-1).tolist()]}
    if dtype is not None:
        d['dtype'] = dtype
    return d


def run_case(case_id, module_name, args, build, make_inputs, call, tol):
    """build(dtype) -> module; make_inputs() -> dict of float32 tensors and masks;
    call(module, inputs) -> dict of named outputs (tensors)."""
    torch.manual_seed(len(CASES) + 1)
    module = build()
    module.eval()
    inputs = make_inputs()
    state = {k: v.detach().clone() for k, v in module.state_dict().items()}

    def forward_and_grads(mod, ins):
        float_inputs = {k: v for k, v in ins.items() if v.dtype.is_floating_point and k not in FLOAT_MASK_NAMES}
        for v in float_inputs.values():
            v.requires_grad_(True)
        outs = call(mod, ins)
        return outs, float_inputs

    outs, float_inputs = forward_and_grads(module, inputs)
    gen = torch.Generator().manual_seed(1000 + len(CASES))
    cots = {k: torch.randn(v.shape, generator=gen) for k, v in outs.items()}
    loss = sum((outs[k] * cots[k]).sum() for k in outs)
    params = dict(module.named_parameters())
    grads = torch.autograd.grad(loss, list(float_inputs.values()) + list(params.values()), allow_unused=True)
    n_in = len(float_inputs)
    input_grads = {k: g for k, g in zip(float_inputs.keys(), grads[:n_in])}
    param_grads = {k: g if g is not None else torch.zeros_like(params[k]) for k, g in zip(params.keys(), grads[n_in:])}

    # the same case in float64, to see how much of the tolerance the float32 reference uses
    module64 = build().double().eval()
    module64.load_state_dict({k: v.double() for k, v in state.items()})
    inputs64 = {k: (v.detach().double() if v.dtype.is_floating_point else v) for k, v in inputs.items()}
    outs64, float64 = forward_and_grads(module64, inputs64)
    loss64 = sum((outs64[k] * cots[k].double()).sum() for k in outs64)
    params64 = dict(module64.named_parameters())
    grads64 = torch.autograd.grad(loss64, list(float64.values()) + list(params64.values()), allow_unused=True)
    worst = 0.0
    pairs = [(outs[k], outs64[k]) for k in outs] + [(a, b) for a, b in zip(grads, grads64) if a is not None]
    for a, b in pairs:
        err = (a.detach().double() - b.detach()).abs()
        bound = tol['atol'] + tol['rtol'] * b.detach().abs()
        worst = max(worst, float((err / bound).max()))
    WORST.append((worst, case_id))

    def input_json(k, v):
        if v.dtype == torch.bool:
            return tj(v, 'bool')
        if v.dtype in (torch.int32, torch.int64):
            return tj(v.to(torch.int32), 'int32')
        return tj(v, 'float32')

    CASES.append({
        'id': case_id,
        'module': module_name,
        'args': args,
        'train': False,
        'state_dict': {k: tj(v) for k, v in state.items()},
        'inputs': {k: input_json(k, v) for k, v in inputs.items()},
        'outputs': {k: tj(v) for k, v in outs.items()},
        'cotangents': {k: tj(v) for k, v in cots.items()},
        'grads': {
            'inputs': {k: tj(v) for k, v in input_grads.items()},
            'params': {k: tj(v) for k, v in param_grads.items()},
        },
        'tol': tol,
    })


# float inputs that are masks, not differentiated
FLOAT_MASK_NAMES = {'attnMask', 'keyPaddingMask', 'srcMask', 'srcKeyPaddingMask', 'mask'}


# ---------------------------------------------------------------------------
# Recurrent layers
# ---------------------------------------------------------------------------

def recurrent(case_id, kind, input_size, hidden, seq, batch, lengths=None, h0=True, unbatched=False, **kw):
    """kw: num_layers, bias, batch_first, bidirectional, nonlinearity, dropout."""
    num_layers = kw.get('num_layers', 1)
    bidirectional = kw.get('bidirectional', False)
    batch_first = kw.get('batch_first', False)
    d = 2 if bidirectional else 1
    args = {'inputSize': input_size, 'hiddenSize': hidden, 'numLayers': num_layers, 'bias': kw.get('bias', True),
            'batchFirst': batch_first, 'bidirectional': bidirectional, 'dropout': kw.get('dropout', 0.0)}
    if kind == 'RNN':
        args['nonlinearity'] = kw.get('nonlinearity', 'tanh')

    def build():
        cls = {'RNN': nn.RNN, 'LSTM': nn.LSTM, 'GRU': nn.GRU}[kind]
        extra = {'nonlinearity': args['nonlinearity']} if kind == 'RNN' else {}
        return cls(input_size, hidden, num_layers=num_layers, bias=args['bias'], batch_first=batch_first,
                   dropout=args['dropout'], bidirectional=bidirectional, **extra)

    def make_inputs():
        if unbatched:
            shape = (seq, input_size)
            state_shape = (d * num_layers, hidden)
        else:
            shape = (batch, seq, input_size) if batch_first else (seq, batch, input_size)
            state_shape = (d * num_layers, batch, hidden)
        ins = {'input': torch.randn(shape)}
        if h0:
            ins['h0'] = torch.randn(state_shape) * 0.5
            if kind == 'LSTM':
                ins['c0'] = torch.randn(state_shape) * 0.5
        if lengths is not None:
            ins['lengths'] = torch.tensor(lengths, dtype=torch.int64)
        return ins

    def call(mod, ins):
        x = ins['input']
        hx = None
        if h0:
            hx = (ins['h0'], ins['c0']) if kind == 'LSTM' else ins['h0']
        if lengths is not None:
            packed = pack_padded_sequence(x, ins['lengths'], batch_first=batch_first, enforce_sorted=False)
            out, state = mod(packed, hx)
            out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=seq)
        else:
            out, state = mod(x, hx)
        if kind == 'LSTM':
            return {'output': out, 'hN': state[0], 'cN': state[1]}
        return {'output': out, 'hN': state}

    run_case(case_id, kind, args, build, make_inputs, call, RNN_TOL)


def recurrent_cases():
    recurrent('rnn_tanh_1layer_h0', 'RNN', 4, 5, seq=6, batch=3)
    recurrent('rnn_relu_2layer_bidir_batchfirst', 'RNN', 4, 5, seq=5, batch=2, h0=False,
              num_layers=2, bidirectional=True, batch_first=True, nonlinearity='relu')
    recurrent('rnn_tanh_bidir_lengths', 'RNN', 3, 4, seq=6, batch=3, lengths=[6, 2, 4], bidirectional=True)
    recurrent('rnn_tanh_unbatched', 'RNN', 3, 4, seq=4, batch=1, unbatched=True)
    recurrent('lstm_1layer_h0c0', 'LSTM', 4, 5, seq=6, batch=3)
    recurrent('lstm_2layer_bidir_batchfirst', 'LSTM', 3, 4, seq=5, batch=2, num_layers=2, bidirectional=True,
              batch_first=True)
    recurrent('lstm_2layer_bidir_lengths_batchfirst', 'LSTM', 3, 4, seq=6, batch=4, lengths=[3, 6, 1, 5],
              num_layers=2, bidirectional=True, batch_first=True)
    recurrent('lstm_3layer_nobias_dropout_eval', 'LSTM', 4, 3, seq=4, batch=2, h0=False, num_layers=3, bias=False,
              dropout=0.3)
    recurrent('lstm_lengths_timemajor', 'LSTM', 3, 5, seq=5, batch=3, lengths=[2, 5, 4])
    recurrent('gru_1layer_h0', 'GRU', 4, 5, seq=6, batch=3)
    recurrent('gru_2layer_bidir_lengths', 'GRU', 3, 4, seq=5, batch=3, lengths=[5, 1, 3], num_layers=2,
              bidirectional=True)
    recurrent('gru_batchfirst_nobias', 'GRU', 3, 4, seq=4, batch=2, batch_first=True, bias=False)


# ---------------------------------------------------------------------------
# Attention
# ---------------------------------------------------------------------------

def bool_kpm(lengths, s):
    """True past each length (padding)."""
    return torch.tensor([[j >= n for j in range(s)] for n in lengths], dtype=torch.bool)


def mha(case_id, embed, heads, l, s, batch, batch_first=False, kdim=None, vdim=None, bias=True, self_attn=False,
        kpm=None, attn_mask=None, need_weights=True, average=True, unbatched=False):
    """kpm: list of key lengths (bool mask) or 'float'; attn_mask: 'causal' (bool), 'float', 'bool3d' or None."""
    args = {'embedDim': embed, 'numHeads': heads, 'bias': bias, 'batchFirst': batch_first}
    if kdim is not None:
        args['kdim'] = kdim
    if vdim is not None:
        args['vdim'] = vdim

    def build():
        return nn.MultiheadAttention(embed, heads, bias=bias, batch_first=batch_first, kdim=kdim, vdim=vdim)

    def seq_shape(n, f):
        if unbatched:
            return (n, f)
        return (batch, n, f) if batch_first else (n, batch, f)

    def make_inputs():
        ins = {'query': torch.randn(seq_shape(l, embed))}
        if not self_attn:
            ins['key'] = torch.randn(seq_shape(s, kdim or embed))
            ins['value'] = torch.randn(seq_shape(s, vdim or embed))
        if kpm == 'float':
            ins['keyPaddingMask'] = torch.randn((batch, s)) * 0.5
        elif kpm is not None:
            m = bool_kpm(kpm, s)
            ins['keyPaddingMask'] = m[0] if unbatched else m
        if attn_mask == 'causal':
            ins['attnMask'] = torch.triu(torch.ones(l, s, dtype=torch.bool), diagonal=1)
        elif attn_mask == 'float':
            ins['attnMask'] = torch.randn(l, s) * 0.5
        elif attn_mask == 'bool3d':
            m = torch.rand(batch * heads, l, s) < 0.3
            m[:, :, 0] = False  # every query keeps at least one key
            ins['attnMask'] = m
        return ins

    def call(mod, ins):
        q = ins['query']
        k = q if self_attn else ins['key']
        v = q if self_attn else ins['value']
        out, w = mod(q, k, v, key_padding_mask=ins.get('keyPaddingMask'), attn_mask=ins.get('attnMask'),
                     need_weights=need_weights, average_attn_weights=average)
        return {'output': out, 'weights': w} if need_weights else {'output': out}

    run_case(case_id, 'MultiheadAttention', args, build, make_inputs, call, ATTENTION_TOL)
    CASES[-1]['forward'] = {'selfAttention': self_attn, 'needWeights': need_weights, 'averageAttnWeights': average}


def attention_cases():
    mha('mha_self_kpm_causal', 8, 2, l=5, s=5, batch=3, self_attn=True, kpm=[5, 3, 4], attn_mask='causal')
    mha('mha_cross_kdim_vdim_batchfirst_floatmask', 8, 4, l=4, s=6, batch=2, batch_first=True, kdim=5, vdim=7,
        kpm=[6, 2], attn_mask='float')
    mha('mha_cross_nobias_perhead_bool3d', 6, 3, l=3, s=4, batch=2, bias=False, attn_mask='bool3d', average=False)
    mha('mha_self_float_kpm_noweights', 8, 2, l=4, s=4, batch=2, batch_first=True, self_attn=True, kpm='float',
        need_weights=False)
    mha('mha_unbatched_kpm', 6, 2, l=3, s=5, batch=1, unbatched=True, kpm=[3])


def encoder_layer(case_id, d_model, nhead, ff, l, batch, batch_first=False, norm_first=False, activation='relu',
                  kpm=None, src_mask=None, num_layers=None, final_norm=False, eps=1e-5):
    args = {'dModel': d_model, 'nhead': nhead, 'dimFeedforward': ff, 'dropout': 0.1, 'activation': activation,
            'layerNormEps': eps, 'batchFirst': batch_first, 'normFirst': norm_first}
    if num_layers is not None:
        args['numLayers'] = num_layers
        args['finalNorm'] = final_norm

    def build():
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=ff, dropout=0.1, activation=activation,
                                           layer_norm_eps=eps, batch_first=batch_first, norm_first=norm_first)
        if num_layers is None:
            layer_module = layer
        else:
            norm = nn.LayerNorm(d_model, eps=eps) if final_norm else None
            layer_module = nn.TransformerEncoder(layer, num_layers, norm=norm)
            # distinct weights per layer, and non-trivial norms, so that key mix-ups would show
            with torch.no_grad():
                for p in layer_module.parameters():
                    p.add_(torch.randn(p.shape) * 0.05)
        if num_layers is None:
            with torch.no_grad():
                for name, p in layer_module.named_parameters():
                    if name.startswith('norm') or name.endswith('in_proj_bias') or name.endswith('out_proj.bias'):
                        p.add_(torch.randn(p.shape) * 0.1)
        return layer_module

    def make_inputs():
        shape = (batch, l, d_model) if batch_first else (l, batch, d_model)
        ins = {'src': torch.randn(shape)}
        if kpm is not None:
            ins['srcKeyPaddingMask'] = bool_kpm(kpm, l)
        if src_mask == 'causal':
            ins['srcMask'] = torch.triu(torch.ones(l, l, dtype=torch.bool), diagonal=1)
        elif src_mask == 'float':
            ins['srcMask'] = torch.randn(l, l) * 0.5
        return ins

    def call(mod, ins):
        if num_layers is None:
            out = mod(ins['src'], src_mask=ins.get('srcMask'), src_key_padding_mask=ins.get('srcKeyPaddingMask'))
        else:
            out = mod(ins['src'], mask=ins.get('srcMask'), src_key_padding_mask=ins.get('srcKeyPaddingMask'))
        return {'output': out}

    module_name = 'TransformerEncoderLayer' if num_layers is None else 'TransformerEncoder'
    run_case(case_id, module_name, args, build, make_inputs, call, ATTENTION_TOL)


def encoder_cases():
    encoder_layer('enc_layer_postln_relu_kpm_causal', 8, 2, 16, l=5, batch=3, kpm=[5, 3, 4], src_mask='causal')
    encoder_layer('enc_layer_preln_gelu_batchfirst_floatmask', 8, 4, 12, l=4, batch=2, batch_first=True,
                  norm_first=True, activation='gelu', src_mask='float')
    encoder_layer('enc_layer_postln_gelu_batchfirst_kpm', 6, 3, 10, l=5, batch=2, batch_first=True,
                  activation='gelu', kpm=[2, 5], eps=1e-6)
    encoder_layer('encoder_2layers_preln_norm_kpm', 8, 2, 16, l=5, batch=2, norm_first=True, kpm=[4, 5],
                  num_layers=2, final_norm=True)
    encoder_layer('encoder_3layers_postln_batchfirst', 8, 2, 12, l=4, batch=2, batch_first=True,
                  src_mask='causal', num_layers=3)


def main():
    recurrent_cases()
    attention_cases()
    encoder_cases()
    doc = {
        'generator': 'tools/golden/recurrent.py',
        'torch': torch.__version__,
        'comparison': '|actual - expected| <= atol + rtol * |expected|',
        'gradient': 'grads = d/d(inputs, params) of sum_k sum(outputs[k] * cotangents[k])',
    }
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    head = json.dumps(doc, separators=(',', ':'))[:-1]
    body = ',\n'.join(json.dumps(c, separators=(',', ':')) for c in CASES)
    with open(OUT_PATH, 'w') as f:
        f.write(head + ',"cases":[\n' + body + '\n]}\n')
    WORST.sort(reverse=True)
    print('float64 check: largest fractions of tolerance used by the float32 reference:')
    for r, case_id in WORST[:6]:
        print('  %.3f  %s' % (r, case_id))
    print('wrote %d cases (%d bytes) to %s' % (len(CASES), os.path.getsize(OUT_PATH), os.path.relpath(OUT_PATH, ROOT)))


if __name__ == '__main__':
    sys.exit(main())
