#!/usr/bin/python3
"""Hugging Face BERT (BertModel, BertForMaskedLM, BertForSequenceClassification) against tasknet's tn.models.bert.

Debian has python3-torch but not `transformers`, and nothing can be downloaded here, so this file re-implements the
three models with exactly the module names of transformers' modeling_bert.py (BertEmbeddings, BertSelfAttention,
BertSelfOutput, BertAttention, BertIntermediate, BertOutput, BertLayer, BertEncoder, BertPooler,
BertPredictionHeadTransform, BertLMPredictionHead, BertOnlyMLMHead), so `state_dict()` has Hugging Face's keys,
and with its maths: embeddings word + token type + absolute position → LayerNorm → dropout; per layer post-LN
self-attention (scores q·kᵀ/√d plus the extended mask (1 − mask)·finfo(float32).min, softmax, dropout, ·v, dense,
dropout, LayerNorm(· + input)) and feed-forward (dense, activation, dense, dropout, LayerNorm(· + input)); the pooler
tanh(dense(h[:, 0])); the MLM head dense → activation → LayerNorm → decoder tied to the word embeddings, its bias the
head's `bias` (so state_dict() holds `cls.predictions.bias`, `cls.predictions.decoder.weight` and
`cls.predictions.decoder.bias`, the last two the same tensors as `bert.embeddings.word_embeddings.weight` and
`cls.predictions.bias`); the classifier dropout → Linear on the pooled output. Initialisation as
BertPreTrainedModel._init_weights (normal(0, initializer_range) for Linear and Embedding weights, zero biases and
padding row, LayerNorm 1 and 0).

`embeddings.position_ids` is a buffer [1, max_position_embeddings] (0, 1, 2, …): persistent (in state_dict) in
transformers before 4.31, non-persistent since; `legacy_position_ids` picks the old behaviour. token_type_ids is a
non-persistent buffer in every version that has it, so it is left out here.

Files are written and read with safetensors_fixture.py (same directory); run with Debian's interpreter:

  /usr/bin/python3 tools/golden/bert.py              write the fixtures below, then --reverse
  /usr/bin/python3 tools/golden/bert.py --reverse    PyTorch's outputs for the tasknet-written weights
  /usr/bin/python3 tools/golden/bert.py --outputs WEIGHTS INPUT OUT
      load WEIGHTS (a tasknet-written file whose metadata holds the tasknet `config`) strictly into the model that
      config describes; write its eval-mode outputs for INPUT's input_ids/attention_mask/token_type_ids to OUT

Files in test/fixtures/bert/ (regenerate all: run this script, then
`TASKNET_UPDATE_FIXTURES=1 node --test build/test/models-bert.test.js`, then this script again):
  input.safetensors              input_ids, attention_mask, token_type_ids [3, 12] (int64; rows of 12, 9, 5 tokens)
  STEM.weights.safetensors       the model's state_dict() exactly as PyTorch holds it
  STEM.io.safetensors            the model's eval-mode outputs for the input (STEM bert_model: last_hidden_state,
                                 pooler_output; bert_mlm: logits and grad.KEY, gradients of sum(logits · cotangent)
                                 with the fixed cotangent of `cotangent` below; bert_seqcls: logits); metadata: config
                                 (tasknet's), hf_config (the config.json Hugging Face would write), keys (the
                                 state-dict layout [[key, shape, dtype]]), grads (the keys of grad.KEY), and for
                                 bert_mlm and bert_seqcls reverse_config (a smaller model's config, for the next files)
  tasknet_STEM.safetensors       written by the tasknet test (seeded, reverse_config) with its config in the metadata
  tasknet_STEM.torch.safetensors PyTorch's outputs for it; metadata: sha256 of the weights read
STEMs: bert_model (BertModel with pooler, hidden_act gelu, position_ids non-persistent as transformers ≥ 4.31),
bert_mlm (BertForMaskedLM, gelu, position_ids persistent as transformers < 4.31, so the file holds
bert.embeddings.position_ids as int64), bert_seqcls (BertForSequenceClassification, 3 labels, gelu_new).

Weights: _init_weights with initializer_range 0.2 (larger than BERT's 0.02, so attention is far from uniform and a
masked key changes the outputs), then every bias ~ N(0, 0.1) and LayerNorm weights ~ U(0.5, 1.5), bias ~ N(0, 0.1),
so every parameter matters. Deterministic (manual_seed, one thread).
"""

import hashlib
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_fixture import deserialize, serialize  # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures', 'bert')
GENERATOR = 'tools/golden/bert.py'


def gelu_tanh(x):
    """transformers' NewGELUActivation ('gelu_new'): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


ACT2FN = {
    'gelu': F.gelu,
    'gelu_python': lambda x: x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0))),
    'gelu_new': gelu_tanh,
    'gelu_pytorch_tanh': lambda x: F.gelu(x, approximate='tanh'),
    'relu': F.relu,
    'silu': F.silu,
    'swish': F.silu,
    'tanh': torch.tanh,
}


class BertConfig:
    """The fields of transformers.BertConfig these models read (defaults: bert-base-uncased)."""

    def __init__(self, vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                 intermediate_size=3072, hidden_act='gelu', hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
                 max_position_embeddings=512, type_vocab_size=2, initializer_range=0.02, layer_norm_eps=1e-12,
                 pad_token_id=0, classifier_dropout=None, num_labels=2, legacy_position_ids=False):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.hidden_act = hidden_act
        self.hidden_dropout_prob = hidden_dropout_prob
        self.attention_probs_dropout_prob = attention_probs_dropout_prob
        self.max_position_embeddings = max_position_embeddings
        self.type_vocab_size = type_vocab_size
        self.initializer_range = initializer_range
        self.layer_norm_eps = layer_norm_eps
        self.pad_token_id = pad_token_id
        self.classifier_dropout = classifier_dropout
        self.num_labels = num_labels
        self.legacy_position_ids = legacy_position_ids

    def to_json(self, architecture):
        """config.json as transformers writes it (the fields that matter, plus a few it always writes)."""
        out = {k: v for k, v in vars(self).items() if k not in ('legacy_position_ids', 'num_labels')}
        out.update({'architectures': [architecture], 'model_type': 'bert', 'position_embedding_type': 'absolute',
                    'transformers_version': '4.30.2', 'use_cache': True, 'torch_dtype': 'float32'})
        if architecture == 'BertForSequenceClassification':
            out['id2label'] = {str(i): f'LABEL_{i}' for i in range(self.num_labels)}
            out['label2id'] = {f'LABEL_{i}': i for i in range(self.num_labels)}
        return out


class BertEmbeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size, padding_idx=config.pad_token_id)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.token_type_embeddings = nn.Embedding(config.type_vocab_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.register_buffer('position_ids', torch.arange(config.max_position_embeddings).expand((1, -1)),
                             persistent=config.legacy_position_ids)

    def forward(self, input_ids, token_type_ids):
        seq_length = input_ids.shape[1]
        position_ids = self.position_ids[:, :seq_length]
        embeddings = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        embeddings = embeddings + self.position_embeddings(position_ids)
        return self.dropout(self.LayerNorm(embeddings))


class BertSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        if config.hidden_size % config.num_attention_heads != 0:
            raise ValueError(f'hidden_size {config.hidden_size} is not a multiple of num_attention_heads {config.num_attention_heads}')
        self.num_attention_heads = config.num_attention_heads
        self.attention_head_size = config.hidden_size // config.num_attention_heads
        self.all_head_size = self.num_attention_heads * self.attention_head_size
        self.query = nn.Linear(config.hidden_size, self.all_head_size)
        self.key = nn.Linear(config.hidden_size, self.all_head_size)
        self.value = nn.Linear(config.hidden_size, self.all_head_size)
        self.dropout = nn.Dropout(config.attention_probs_dropout_prob)

    def transpose_for_scores(self, x):
        return x.view(*x.shape[:-1], self.num_attention_heads, self.attention_head_size).permute(0, 2, 1, 3)

    def forward(self, hidden_states, attention_mask):
        query_layer = self.transpose_for_scores(self.query(hidden_states))
        key_layer = self.transpose_for_scores(self.key(hidden_states))
        value_layer = self.transpose_for_scores(self.value(hidden_states))
        scores = torch.matmul(query_layer, key_layer.transpose(-1, -2)) / math.sqrt(self.attention_head_size)
        scores = scores + attention_mask
        probs = self.dropout(F.softmax(scores, dim=-1))
        context = torch.matmul(probs, value_layer).permute(0, 2, 1, 3).contiguous()
        return context.view(*context.shape[:-2], self.all_head_size)


class BertSelfOutput(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, hidden_states, input_tensor):
        return self.LayerNorm(self.dropout(self.dense(hidden_states)) + input_tensor)


class BertAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.self = BertSelfAttention(config)
        self.output = BertSelfOutput(config)

    def forward(self, hidden_states, attention_mask):
        return self.output(self.self(hidden_states, attention_mask), hidden_states)


class BertIntermediate(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)
        self.intermediate_act_fn = ACT2FN[config.hidden_act]

    def forward(self, hidden_states):
        return self.intermediate_act_fn(self.dense(hidden_states))


class BertOutput(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.intermediate_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, hidden_states, input_tensor):
        return self.LayerNorm(self.dropout(self.dense(hidden_states)) + input_tensor)


class BertLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.attention = BertAttention(config)
        self.intermediate = BertIntermediate(config)
        self.output = BertOutput(config)

    def forward(self, hidden_states, attention_mask):
        attention_output = self.attention(hidden_states, attention_mask)
        return self.output(self.intermediate(attention_output), attention_output)


class BertEncoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(config) for _ in range(config.num_hidden_layers)])

    def forward(self, hidden_states, attention_mask):
        for layer in self.layer:
            hidden_states = layer(hidden_states, attention_mask)
        return hidden_states


class BertPooler(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.activation = nn.Tanh()

    def forward(self, hidden_states):
        return self.activation(self.dense(hidden_states[:, 0]))


def init_weights(module, config):
    """BertPreTrainedModel._init_weights."""
    if isinstance(module, nn.Linear):
        module.weight.data.normal_(mean=0.0, std=config.initializer_range)
        if module.bias is not None:
            module.bias.data.zero_()
    elif isinstance(module, nn.Embedding):
        module.weight.data.normal_(mean=0.0, std=config.initializer_range)
        if module.padding_idx is not None:
            module.weight.data[module.padding_idx].zero_()
    elif isinstance(module, nn.LayerNorm):
        module.bias.data.zero_()
        module.weight.data.fill_(1.0)


class BertModel(nn.Module):
    def __init__(self, config, add_pooling_layer=True):
        super().__init__()
        self.config = config
        self.embeddings = BertEmbeddings(config)
        self.encoder = BertEncoder(config)
        self.pooler = BertPooler(config) if add_pooling_layer else None
        self.apply(lambda m: init_weights(m, config))

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        dtype = torch.float32
        extended = (1.0 - attention_mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min
        sequence_output = self.encoder(self.embeddings(input_ids, token_type_ids), extended)
        pooled_output = self.pooler(sequence_output) if self.pooler is not None else None
        return sequence_output, pooled_output


class BertPredictionHeadTransform(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.transform_act_fn = ACT2FN[config.hidden_act]
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, hidden_states):
        return self.LayerNorm(self.transform_act_fn(self.dense(hidden_states)))


class BertLMPredictionHead(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.transform = BertPredictionHeadTransform(config)
        self.decoder = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
        self.bias = nn.Parameter(torch.zeros(config.vocab_size))
        self.decoder.bias = self.bias

    def forward(self, hidden_states):
        return self.decoder(self.transform(hidden_states))


class BertOnlyMLMHead(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.predictions = BertLMPredictionHead(config)

    def forward(self, sequence_output):
        return self.predictions(sequence_output)


class BertForMaskedLM(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.bert = BertModel(config, add_pooling_layer=False)
        self.cls = BertOnlyMLMHead(config)
        self.cls.apply(lambda m: init_weights(m, config))
        self.cls.predictions.decoder.weight = self.bert.embeddings.word_embeddings.weight  # tie_weights()

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        sequence_output, _ = self.bert(input_ids, attention_mask, token_type_ids)
        return self.cls(sequence_output)


class BertForSequenceClassification(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.bert = BertModel(config)
        dropout = config.classifier_dropout if config.classifier_dropout is not None else config.hidden_dropout_prob
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        init_weights(self.classifier, config)

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        _, pooled_output = self.bert(input_ids, attention_mask, token_type_ids)
        return self.classifier(self.dropout(pooled_output))


# tasknet config keys (camelCase) -> BertConfig arguments
CAMEL = {
    'vocabSize': 'vocab_size', 'hiddenSize': 'hidden_size', 'numHiddenLayers': 'num_hidden_layers',
    'numAttentionHeads': 'num_attention_heads', 'intermediateSize': 'intermediate_size', 'hiddenAct': 'hidden_act',
    'hiddenDropoutProb': 'hidden_dropout_prob', 'attentionProbsDropoutProb': 'attention_probs_dropout_prob',
    'maxPositionEmbeddings': 'max_position_embeddings', 'typeVocabSize': 'type_vocab_size',
    'initializerRange': 'initializer_range', 'layerNormEps': 'layer_norm_eps', 'padTokenId': 'pad_token_id',
    'classifierDropout': 'classifier_dropout', 'numLabels': 'num_labels',
}
TIED_OPTIONS = ('name', 'addPoolingLayer', 'tieWordEmbeddings')


def build(config, legacy_position_ids=False):
    """The PyTorch model a tasknet config describes."""
    unknown = [k for k in config if k not in CAMEL and k not in TIED_OPTIONS]
    if unknown:
        raise ValueError(f'config keys this script does not know: {unknown}')
    if config.get('tieWordEmbeddings', True) is not True:
        raise ValueError('only tied word embeddings (the Hugging Face default) are modelled here')
    bert_config = BertConfig(legacy_position_ids=legacy_position_ids,
                             **{CAMEL[k]: v for k, v in config.items() if k in CAMEL})
    name = config['name']
    if name == 'bert':
        return BertModel(bert_config, add_pooling_layer=config.get('addPoolingLayer', True))
    if name == 'bert-for-masked-lm':
        return BertForMaskedLM(bert_config)
    if name == 'bert-for-sequence-classification':
        return BertForSequenceClassification(bert_config)
    raise ValueError(f'no model for config {config}')


def outputs(model, ids, mask, types):
    """Eval-mode outputs by name."""
    with torch.no_grad():
        result = model.eval()(ids, mask, types)
    if isinstance(model, BertModel):
        return {'last_hidden_state': result[0], 'pooler_output': result[1]}
    return {'logits': result}


TINY = {'vocabSize': 50, 'hiddenSize': 16, 'numHiddenLayers': 2, 'numAttentionHeads': 4, 'intermediateSize': 37,
        'maxPositionEmbeddings': 16, 'typeVocabSize': 2, 'initializerRange': 0.2}
# the tasknet-written models PyTorch reads are smaller still (the files are committed)
TINIER = {**TINY, 'hiddenSize': 8, 'numAttentionHeads': 2, 'intermediateSize': 12}
# stem -> (tasknet config, Hugging Face architecture, persistent position_ids, parameters whose gradients are checked,
#          config of the tasknet-written model read back here, or None)
MODELS = {
    'bert_model': ({'name': 'bert', **TINY, 'hiddenAct': 'gelu'}, 'BertModel', False, [], None),
    'bert_mlm': ({'name': 'bert-for-masked-lm', **TINY, 'hiddenAct': 'gelu'}, 'BertForMaskedLM', True,
                 ['bert.embeddings.word_embeddings.weight', 'bert.embeddings.token_type_embeddings.weight',
                  'bert.encoder.layer.0.attention.self.query.weight', 'cls.predictions.bias'],
                 {'name': 'bert-for-masked-lm', **TINIER, 'hiddenAct': 'gelu'}),
    'bert_seqcls': ({'name': 'bert-for-sequence-classification', **TINY, 'hiddenAct': 'gelu_new', 'numLabels': 3},
                    'BertForSequenceClassification', False, [],
                    {'name': 'bert-for-sequence-classification', **TINIER, 'hiddenAct': 'gelu_new', 'numLabels': 3}),
}


def cotangent(shape):
    """A fixed cotangent both sides compute exactly: ((i·7919) mod 23 − 11) / 11 for the i-th element."""
    n = math.prod(shape)
    return (((torch.arange(n, dtype=torch.int64) * 7919) % 23 - 11).to(torch.float32) / 11).reshape(shape)
LENGTHS = [12, 9, 5]
SEQ = 12


def make_input():
    """A padded batch: [CLS]=2 first, ids in 3…49, [SEP]=3 closing each segment, pad 0; two segments in rows 0, 1."""
    g = torch.Generator().manual_seed(1234)
    ids = torch.zeros(len(LENGTHS), SEQ, dtype=torch.int64)
    mask = torch.zeros(len(LENGTHS), SEQ, dtype=torch.int64)
    types = torch.zeros(len(LENGTHS), SEQ, dtype=torch.int64)
    for row, n in enumerate(LENGTHS):
        ids[row, :n] = torch.randint(4, 50, (n,), generator=g)
        ids[row, 0] = 2
        ids[row, n - 1] = 3
        mask[row, :n] = 1
        if n > 6:
            cut = n // 2
            ids[row, cut - 1] = 3
            types[row, cut:n] = 1
    return {'input_ids': ids, 'attention_mask': mask, 'token_type_ids': types}


def randomise(model):
    """Every bias ~ N(0, 0.1), LayerNorm weights ~ U(0.5, 1.5) (see the docstring)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
            elif isinstance(m, nn.Linear) and m.bias is not None:
                m.bias.normal_(0, 0.1)
            elif isinstance(m, BertLMPredictionHead):
                m.bias.normal_(0, 0.1)
    return model


def write(path, tensors, metadata):
    data = serialize({k: v.contiguous() for k, v in tensors.items()}, metadata)
    with open(path, 'wb') as f:
        f.write(data)
    print(f'wrote {os.path.relpath(path, ROOT)} ({len(data)} bytes)', file=sys.stderr)


def read(path):
    with open(path, 'rb') as f:
        data = f.read()
    metadata, tensors = deserialize(data)
    return metadata, tensors, hashlib.sha256(data).hexdigest()


def versions():
    return {'generator': GENERATOR, 'torch': torch.__version__}


def layout(state):
    return [[k, list(v.shape), str(v.dtype).replace('torch.', '')] for k, v in state.items()]


def write_model(stem, seed, x):
    config, architecture, legacy, grads, reverse_config = MODELS[stem]
    torch.manual_seed(seed)
    model = randomise(build(config, legacy_position_ids=legacy))
    state = model.state_dict()
    if isinstance(model, BertForMaskedLM):  # the tie: one tensor under two names, twice
        assert state['cls.predictions.decoder.weight'].data_ptr() == state['bert.embeddings.word_embeddings.weight'].data_ptr()
        assert state['cls.predictions.decoder.bias'].data_ptr() == state['cls.predictions.bias'].data_ptr()
    write(os.path.join(FIXTURES, f'{stem}.weights.safetensors'), dict(state), versions())
    out = outputs(model, x['input_ids'], x['attention_mask'], x['token_type_ids'])
    if grads:
        model.eval()
        logits = model(x['input_ids'], x['attention_mask'], x['token_type_ids'])
        (logits * cotangent(logits.shape)).sum().backward()
        params = dict(model.named_parameters())
        for key in grads:
            out[f'grad.{key}'] = params[key].grad
    hf = BertConfig(**{CAMEL[k]: v for k, v in config.items() if k in CAMEL}).to_json(architecture)
    meta = {**versions(), 'config': json.dumps(config), 'hf_config': json.dumps(hf), 'keys': json.dumps(layout(state)),
            'grads': json.dumps(grads)}
    if reverse_config is not None:
        meta['reverse_config'] = json.dumps(reverse_config)
    write(os.path.join(FIXTURES, f'{stem}.io.safetensors'), out, meta)


def torch_outputs(weights_path, x):
    """(outputs, sha256, config) of a tasknet-written weights file loaded strictly into PyTorch."""
    metadata, state, digest = read(weights_path)
    config = json.loads(metadata['config'])
    model = build(config)
    model.load_state_dict(state, strict=True)
    for key, value in state.items():
        assert torch.equal(model.state_dict()[key], value), key
    return outputs(model, x['input_ids'], x['attention_mask'], x['token_type_ids']), digest, config


def outputs_file(weights_path, input_path, out_path):
    _, x, _ = read(input_path)
    out, digest, config = torch_outputs(weights_path, {k: v.to(torch.int64) for k, v in x.items()})
    write(out_path, out, {**versions(), 'weights_sha256': digest, 'config': json.dumps(config)})


def reverse():
    found = False
    for stem, (*_, reverse_config) in MODELS.items():
        if reverse_config is None:
            continue
        weights = os.path.join(FIXTURES, f'tasknet_{stem}.safetensors')
        if not os.path.exists(weights):
            print(f'--reverse: no {os.path.relpath(weights, ROOT)} (run the tasknet test with TASKNET_UPDATE_FIXTURES=1)', file=sys.stderr)
            continue
        found = True
        outputs_file(weights, os.path.join(FIXTURES, 'input.safetensors'), os.path.join(FIXTURES, f'tasknet_{stem}.torch.safetensors'))
    return 0 if found else 1


def main(argv):
    if argv == ['--reverse']:
        return reverse()
    if len(argv) == 4 and argv[0] == '--outputs':
        outputs_file(argv[1], argv[2], argv[3])
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    os.makedirs(FIXTURES, exist_ok=True)
    x = make_input()
    write(os.path.join(FIXTURES, 'input.safetensors'), x, versions())
    for seed, stem in enumerate(MODELS):
        write_model(stem, seed, x)
    reverse()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
