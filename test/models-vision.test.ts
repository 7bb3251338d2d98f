/** tn.models ResNet and MobileNetV2: shapes, configs (createModel, saveModel/loadModel), options, errors, training. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';

const { models, nn } = tn;

const smallResNet = (extra: Partial<tn.models.ResNetOptions> = {}): tn.models.ResNet =>
  new models.ResNet({ layers: [1, 1, 1, 1], widths: [4, 8, 8, 16], numClasses: 3, ...extra });
const smallMobileNet = (extra: tn.models.MobileNetV2Options = {}): tn.models.MobileNetV2 =>
  models.mobilenetV2({ widthMult: 0.05, numClasses: 3, invertedResidualSetting: [[1, 8, 1, 1], [6, 8, 2, 2], [6, 16, 1, 2]], ...extra });

describe('ResNet', () => {
  test('named constructors: torchvision layer counts, block types and configs', () => {
    tn.manualSeed(0);
    const r18 = models.resnet18({ numClasses: 10, widths: [4, 8, 8, 8] });
    assert.deepEqual([r18.layer1, r18.layer2, r18.layer3, r18.layer4].map((l) => l.length), [2, 2, 2, 2]);
    assert.ok(r18.layer1.at(0) instanceof models.BasicBlock && r18.layer2.at(0) instanceof models.BasicBlock);
    assert.deepEqual(r18.config, {
      name: 'resnet', layers: [2, 2, 2, 2], block: 'basic', numClasses: 10, inChannels: 3, widths: [4, 8, 8, 8], zeroInitResidual: false,
    });
    const r34 = models.resnet34({ widths: [4, 4, 4, 4] });
    assert.deepEqual([r34.layer1, r34.layer2, r34.layer3, r34.layer4].map((l) => l.length), [3, 4, 6, 3]);
    const r50 = models.resnet50({ widths: [2, 2, 2, 2], numClasses: 7 });
    assert.ok(r50.layer1.at(0) instanceof models.Bottleneck);
    assert.equal(r50.fc.inFeatures, 8);
    assert.equal((models.createModel({ name: 'resnet18', numClasses: 4, widths: [4, 4, 4, 4] }) as tn.models.ResNet).config.name, 'resnet');
  });

  test('shapes: forward, forwardFeatures, one-channel input, downsample only where the shape changes', () => {
    const model = smallResNet({ inChannels: 1 }).eval();
    const x = tn.randn([2, 1, 33, 40]);
    assert.deepEqual(tn.noGrad(() => model.forwardFeatures(x)).shape, [2, 16, 2, 2]);
    assert.deepEqual(tn.noGrad(() => model.forward(x)).shape, [2, 3]);
    const blocks = [model.layer1, model.layer2, model.layer3, model.layer4].map((l) => l.at(0) as tn.models.BasicBlock);
    assert.deepEqual(blocks.map((b) => b.downsample !== null), [false, true, true, true], 'a projection at stride 2 even when the width stays 8');
    const bottleneck = smallResNet({ block: 'bottleneck', layers: [2, 1, 1, 1] });
    assert.deepEqual([0, 1].map((i) => (bottleneck.layer1.at(i) as tn.models.Bottleneck).downsample !== null), [true, false], '4 → 16 channels, then 16 → 16');
    assert.ok(String(model).startsWith('ResNet(\n  (conv1): Conv2d(1, 4, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)'));
  });

  test('zeroInitResidual zeroes the last BatchNorm weight of every block', () => {
    const basic = smallResNet({ zeroInitResidual: true });
    assert.deepEqual((basic.layer2.at(0) as tn.models.BasicBlock).bn2.weight!.tolist(), [0, 0, 0, 0, 0, 0, 0, 0]);
    const bottleneck = smallResNet({ block: 'bottleneck', zeroInitResidual: true });
    assert.ok((bottleneck.layer1.at(0) as tn.models.Bottleneck).bn3.weight!.dataSync().every((v) => v === 0));
    assert.ok(bottleneck.bn1.weight!.dataSync().every((v) => v === 1));
  });

  test('errors name the option, what was expected and what was found', () => {
    assert.throws(() => new models.ResNet({ layers: [2, 2, 2] }), /ResNet: layers must be 4 positive integers \(one per stage\), found \[2,2,2\]/);
    assert.throws(() => new models.ResNet({ layers: [2, 2, 2, 2], widths: [8, 0, 8, 8] }), /widths must be 4 positive integers/);
    assert.throws(() => new models.ResNet({ layers: [1, 1, 1, 1], block: 'wide' as 'basic' }), /block must be 'basic' or 'bottleneck', found "wide"/);
    assert.throws(() => models.resnet18({ numClasses: 0 }), /numClasses must be a positive integer, found 0/);
  });
});

describe('MobileNetV2', () => {
  test('ReLU6 clamps to [0, 6], gradient 1 inside', () => {
    const x = tn.tensor([-2, 0.5, 3, 7.5], { requiresGrad: true });
    const y = new nn.ReLU6().forward(x);
    assert.deepEqual(y.tolist(), [0, 0.5, 3, 6]);
    y.sum().backward();
    assert.deepEqual(x.grad!.tolist(), [0, 1, 1, 0]);
    assert.equal(String(new nn.ReLU6()), 'ReLU6()');
  });

  test('makeDivisible follows torchvision', () => {
    assert.deepEqual([[32 * 0.35, 8], [16 * 0.75, 8], [1280 * 1.4, 8], [320 * 0.05, 8], [24 * 0.1, 8], [96 * 0.1, 8]].map(([v, d]) => models.makeDivisible(v!, d!)),
      [16, 16, 1792, 16, 8, 16]);
  });

  test('structure: stem, blocks with and without expansion and residual, last conv, classifier', () => {
    const model = models.mobilenetV2({ numClasses: 5, widthMult: 0.25 });
    assert.equal(model.features.length, 19);
    assert.equal(model.lastChannel, 1280);
    const first = model.features.at(1) as tn.models.InvertedResidual;
    assert.equal(first.conv.length, 3, 't = 1: no expansion convolution');
    const dw = (first.conv.at(0) as tn.models.Conv2dNormActivation).at(0) as tn.nn.Conv2d;
    assert.deepEqual([dw.groups, dw.inChannels, dw.outChannels], [8, 8, 8]);
    assert.deepEqual([2, 3, 4].map((i) => (model.features.at(i) as tn.models.InvertedResidual).useResConnect), [false, true, false]);
    assert.ok(model.classifier.at(0) instanceof nn.Dropout && model.classifier.at(1) instanceof nn.Linear);
    assert.ok((model.features.at(0) as tn.nn.Sequential).at(2) instanceof nn.ReLU6);
  });

  test('shapes and config', () => {
    const model = smallMobileNet({ inChannels: 1, dropout: 0 }).eval();
    const x = tn.randn([2, 1, 32, 30]);
    assert.deepEqual(tn.noGrad(() => model.forwardFeatures(x)).shape, [2, 1280, 4, 4]);
    assert.deepEqual(tn.noGrad(() => model.forward(x)).shape, [2, 3]);
    assert.deepEqual(model.config, {
      name: 'mobilenet-v2', numClasses: 3, widthMult: 0.05, invertedResidualSetting: [[1, 8, 1, 1], [6, 8, 2, 2], [6, 16, 1, 2]],
      roundNearest: 8, dropout: 0, inChannels: 1,
    });
  });

  test('errors', () => {
    assert.throws(() => models.mobilenetV2({ widthMult: 0 }), /MobileNetV2: widthMult must be a positive number, found 0/);
    assert.throws(() => models.mobilenetV2({ invertedResidualSetting: [[6, 24, 2, 3]] }), /invertedResidualSetting must be a non-empty list of \[t, c, n, s\]/);
    assert.throws(() => models.mobilenetV2({ invertedResidualSetting: [] }), /found \[\]/);
    assert.throws(() => models.mobilenetV2({ dropout: 2 }), /Dropout: p must be in \[0, 1\], found 2/);
  });
});

describe('saveModel / loadModel rebuild both from their configs', () => {
  for (const [name, make] of [['resnet (bottleneck)', () => smallResNet({ block: 'bottleneck' })], ['mobilenet-v2', () => smallMobileNet()]] as const) {
    test(name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tasknet-vision-'));
      try {
        const model = make();
        model.train();
        tn.noGrad(() => model.forward(tn.randn([2, 3, 32, 32]))); // non-default BatchNorm statistics
        model.eval();
        await models.saveModel(join(dir, 'model'), model);
        const back = await models.loadModel(join(dir, 'model'));
        back.eval();
        assert.deepEqual(back.config, model.config);
        const x = tn.randn([2, 3, 32, 32]);
        assert.deepEqual(tn.noGrad(() => back.forward(x)).tolist(), tn.noGrad(() => model.forward(x)).tolist());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

test('fine-tuning: a new head on a loaded backbone trains, gradients reach the depthwise convolutions', () => {
  tn.manualSeed(1);
  const source = smallMobileNet();
  const model = smallMobileNet({ numClasses: 2 });
  const result = model.loadStateDict(source.stateDict(), { strict: false, mapKey: [['classifier.**', null]] });
  assert.deepEqual(result, { missingKeys: ['classifier.1.weight', 'classifier.1.bias'], unexpectedKeys: [] });
  const x = tn.randn([4, 3, 32, 32]);
  const y = tn.tensor([0, 1, 0, 1], { dtype: 'int32' });
  const opt = new tn.optim.SGD(model.parameters(), { lr: 0.05 });
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    tn.tidy(() => {
      opt.zeroGrad();
      const loss = tn.crossEntropy(model.forward(x), y);
      loss.backward();
      losses.push(loss.item());
      opt.step();
    });
  }
  const dw = ((model.features.at(2) as tn.models.InvertedResidual).conv.at(1) as tn.nn.Sequential).at(0) as tn.nn.Conv2d;
  assert.ok(dw.groups > 1 && dw.weight.grad !== null && dw.weight.grad.dataSync().some((g: number) => g !== 0));
  assert.ok(losses.at(-1)! < losses[0]!, `loss ${losses.join(' → ')}`);
});
