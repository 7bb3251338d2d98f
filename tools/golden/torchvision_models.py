#!/usr/bin/python3
"""torchvision architectures against tasknet's tn.models (ResNet, MobileNetV2): weights both ways.

Run with Debian's interpreter (python3-torch 1.13, python3-torchvision 0.14). Debian has no `safetensors`
package: files are written and read with the implementation in safetensors_fixture.py (same directory).

  /usr/bin/python3 tools/golden/torchvision_models.py              write the fixtures below, then --reverse
  /usr/bin/python3 tools/golden/torchvision_models.py --reverse    PyTorch's logits for the tasknet-written weights
  /usr/bin/python3 tools/golden/torchvision_models.py --full DIR NAME...
      (test/models-torchvision.test.ts, when torchvision is there) full-size torchvision models (resnet18,
      resnet34, resnet50, mobilenet_v2), random weights and BN statistics, into DIR/NAME.{weights,io}.safetensors
  /usr/bin/python3 tools/golden/torchvision_models.py --logits WEIGHTS INPUT OUT
      load WEIGHTS (a tasknet-written file whose metadata holds the tasknet `config`) strictly into the torchvision
      model that config describes; write the eval logits of INPUT's tensor `input` to OUT

Files in test/fixtures/torchvision/ (regenerate all: run this script, then
`TASKNET_UPDATE_FIXTURES=1 node --test build/test/models-torchvision.test.js`, then this script again):
  keys.json                      full-size torchvision state-dict layouts: {name: {config, keys: [[key, shape, dtype]]}}
  STEM.weights.safetensors       a reduced model's state dict exactly as PyTorch holds it (F32, I64 num_batches_tracked)
  STEM.io.safetensors            input; eval_logits; train_logits (training mode, dropout off), after_train.KEY (two
                                 BatchNorms' buffers after that pass), grad.KEY (gradients of sum(train_logits ·
                                 cotangent) for a few parameters); metadata: config (tasknet's), checked and grads keys
  tasknet_STEM.safetensors       written by the tasknet test (seeded) with its config in the metadata
  tasknet_STEM.torch.safetensors PyTorch's eval logits for it (on STEM.io's input); metadata: sha256 of the weights read
STEMs: resnet_basic (BasicBlock [2,2,2,2], widths [4,8,16,32]), resnet_bottleneck (Bottleneck [1,2,1,1], widths
[4,8,8,16]), mobilenet_v2 (width_mult 0.05, torchvision's full stage setting). torchvision's ResNet fixes the widths
64…512; WidthResNet below is torchvision's class with other widths (its own blocks, _make_layer and forward).

Weights: torchvision's init, then BatchNorm weight ~ U(0.5, 1.5) and bias ~ N(0, 0.2), Linear re-drawn as
nn.Linear, and BatchNorm statistics averaged (momentum None) over 3 training-mode batches of N(0, 1) inputs
(num_batches_tracked = 3), so eval-mode activations are of order one. Deterministic (manual_seed, one thread).
"""

import copy
import hashlib
import json
import os
import sys

import torch
import torch.nn as nn
import torchvision
from torchvision.models import resnet as tvr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_fixture import deserialize, serialize  # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures', 'torchvision')
GENERATOR = 'tools/golden/torchvision_models.py'

# stem -> (tasknet config, input shape, the two BatchNorms whose buffers are checked after a training pass,
#          the parameters whose gradients are checked)
REDUCED = {
    'resnet_basic': ({'name': 'resnet', 'block': 'basic', 'layers': [2, 2, 2, 2], 'widths': [4, 8, 16, 32], 'numClasses': 5},
                     [2, 3, 37, 45], ['bn1', 'layer4.1.bn2'], ['conv1.weight', 'layer2.0.downsample.0.weight', 'layer3.1.bn2.weight', 'fc.weight']),
    'resnet_bottleneck': ({'name': 'resnet', 'block': 'bottleneck', 'layers': [1, 2, 1, 1], 'widths': [4, 8, 8, 16], 'numClasses': 3},
                          [2, 3, 33, 29], ['bn1', 'layer2.1.bn3'], ['conv1.weight', 'layer2.1.conv2.weight', 'fc.bias']),
    'mobilenet_v2': ({'name': 'mobilenet-v2', 'widthMult': 0.05, 'numClasses': 4}, [2, 3, 40, 36], ['features.0.1', 'features.18.1'],
                     ['features.0.0.weight', 'features.2.conv.1.0.weight', 'features.16.conv.1.0.weight', 'classifier.1.weight']),
}
# full-size torchvision constructors and the tasknet config that builds the same layout
FULL = {
    'resnet18': {'name': 'resnet18'},
    'resnet34': {'name': 'resnet34'},
    'resnet50': {'name': 'resnet50'},
    'mobilenet_v2': {'name': 'mobilenet-v2'},
}
FULL_INPUT = [2, 3, 64, 64]


class WidthResNet(tvr.ResNet):
    """torchvision's ResNet with chosen stage widths: the same modules, names, init and forward."""

    def __init__(self, block, layers, widths, num_classes=1000, in_channels=3):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes, self.dilation, self.groups, self.base_width = widths[0], 1, 1, 64
        self.conv1 = nn.Conv2d(in_channels, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3] * block.expansion, num_classes)
        for m in self.modules():  # torchvision's ResNet init
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)


def build(config):
    """The torchvision model a tasknet config describes."""
    name = config['name']
    classes = config.get('numClasses', 1000)
    if name in ('resnet18', 'resnet34', 'resnet50'):
        return getattr(torchvision.models, name)(num_classes=classes)
    if name == 'resnet':
        block = tvr.BasicBlock if config.get('block', 'basic') == 'basic' else tvr.Bottleneck
        return WidthResNet(block, config['layers'], config.get('widths', [64, 128, 256, 512]), classes, config.get('inChannels', 3))
    if name == 'mobilenet-v2':
        model = torchvision.models.mobilenet_v2(
            num_classes=classes, width_mult=config.get('widthMult', 1.0), round_nearest=config.get('roundNearest', 8),
            inverted_residual_setting=config.get('invertedResidualSetting'), dropout=config.get('dropout', 0.2))
        if config.get('inChannels', 3) != 3:
            old = model.features[0][0]
            model.features[0][0] = nn.Conv2d(config['inChannels'], old.out_channels, 3, 2, 1, bias=False)
        return model
    raise ValueError(f'no torchvision model for config {config}')


def randomise(model, input_shape):
    """BatchNorm affine and Linear re-drawn, BatchNorm statistics from 3 training batches (see the docstring)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.2)
                m.momentum = None
            elif isinstance(m, nn.Linear):
                m.reset_parameters()
        model.train()
        for _ in range(3):
            model(torch.randn(*input_shape))
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.momentum = 0.1
    return model.eval()


def dropout_off(model):
    for m in model.modules():
        if isinstance(m, nn.Dropout):
            m.eval()


def io_tensors(model, x, checked, grads):
    """input, eval logits, training-mode logits, the checked BatchNorms' buffers after that pass, and the gradients
    of sum(train_logits · cotangent) for the `grads` parameters."""
    with torch.no_grad():
        out = {'input': x, 'eval_logits': model.eval()(x)}
    trained = copy.deepcopy(model).train()
    dropout_off(trained)
    logits = trained(x)
    out['train_logits'] = logits.detach()
    out['cotangent'] = torch.randn(logits.shape)
    (logits * out['cotangent']).sum().backward()
    params = dict(trained.named_parameters())
    for key in grads:
        out[f'grad.{key}'] = params[key].grad
    state = trained.state_dict()
    for bn in checked:
        for buffer in ('running_mean', 'running_var', 'num_batches_tracked'):
            out[f'after_train.{bn}.{buffer}'] = state[f'{bn}.{buffer}']
    return out


def write(path, tensors, metadata):
    data = serialize({k: v.contiguous() for k, v in tensors.items()}, metadata)
    with open(path, 'wb') as f:
        f.write(data)
    print(f'wrote {os.path.relpath(path, ROOT)} ({len(data)} bytes)', file=sys.stderr)


def versions():
    return {'generator': GENERATOR, 'torch': torch.__version__, 'torchvision': torchvision.__version__}


def write_model(stem, config, input_shape, checked, grads, directory, seed):
    torch.manual_seed(seed)
    model = randomise(build(config), input_shape)
    x = torch.randn(*input_shape)
    state = model.state_dict()
    assert state[f'{checked[0]}.num_batches_tracked'].dtype == torch.int64
    write(os.path.join(directory, f'{stem}.weights.safetensors'), dict(state), versions())
    meta = {**versions(), 'config': json.dumps(config), 'checked': json.dumps(checked), 'grads': json.dumps(grads)}
    write(os.path.join(directory, f'{stem}.io.safetensors'), io_tensors(model, x, checked, grads), meta)


def keys_json():
    out = {}
    for name, config in FULL.items():
        state = getattr(torchvision.models, name)().state_dict()
        out[name] = {'config': config, 'keys': [[k, list(v.shape), str(v.dtype).replace('torch.', '')] for k, v in state.items()]}
    # WidthResNet with torchvision's widths is torchvision's ResNet
    same = WidthResNet(tvr.BasicBlock, [2, 2, 2, 2], [64, 128, 256, 512]).state_dict()
    assert [(k, v.shape) for k, v in same.items()] == [(k, tuple(s)) for k, s, _ in out['resnet18']['keys']]
    path = os.path.join(FIXTURES, 'keys.json')
    with open(path, 'w') as f:
        f.write('{\n' + ',\n'.join(f'{json.dumps(k)}: {json.dumps(v)}' for k, v in out.items()) + '\n}\n')
    print(f'wrote {os.path.relpath(path, ROOT)}', file=sys.stderr)


def read(path):
    with open(path, 'rb') as f:
        data = f.read()
    metadata, tensors = deserialize(data)
    return metadata, tensors, hashlib.sha256(data).hexdigest()


def torch_logits(weights_path, x):
    """(eval logits, sha256, config) of a tasknet-written weights file loaded strictly into torchvision."""
    metadata, state, digest = read(weights_path)
    config = json.loads(metadata['config'])
    model = build(config)
    model.load_state_dict(state, strict=True)  # int32 counters are copied into the int64 buffers
    for key, value in state.items():
        assert torch.equal(model.state_dict()[key].to(value.dtype), value), key
    with torch.no_grad():
        return model.eval()(x), digest, config


def logits_file(weights_path, input_path, out_path):
    _, io, _ = read(input_path)
    logits, digest, config = torch_logits(weights_path, io['input'])
    write(out_path, {'logits': logits}, {**versions(), 'weights_sha256': digest, 'config': json.dumps(config)})


def reverse():
    found = False
    for stem in REDUCED:
        weights = os.path.join(FIXTURES, f'tasknet_{stem}.safetensors')
        if not os.path.exists(weights):
            print(f'--reverse: no {os.path.relpath(weights, ROOT)} yet (run the tasknet test with TASKNET_UPDATE_FIXTURES=1)', file=sys.stderr)
            continue
        found = True
        logits_file(weights, os.path.join(FIXTURES, f'{stem}.io.safetensors'), os.path.join(FIXTURES, f'tasknet_{stem}.torch.safetensors'))
    return 0 if found else 1


def main(argv):
    if argv == ['--reverse']:
        return reverse()
    if len(argv) >= 3 and argv[0] == '--full':
        for i, name in enumerate(argv[2:]):
            write_model(name, FULL[name], FULL_INPUT, full_checked(name), [], argv[1], seed=100 + i)
        return 0
    if len(argv) == 4 and argv[0] == '--logits':
        logits_file(argv[1], argv[2], argv[3])
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    os.makedirs(FIXTURES, exist_ok=True)
    keys_json()
    for i, (stem, (config, shape, checked, grads)) in enumerate(REDUCED.items()):
        write_model(stem, config, shape, checked, grads, FIXTURES, seed=i)
    reverse()
    return 0


def full_checked(name):
    return ['features.0.1'] if name.startswith('mobilenet') else ['bn1']


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
