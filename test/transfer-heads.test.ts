/** transfer head surgery: getSubmodule, replaceHead, backbone, features at a named layer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn, transfer } = tn;

const values = (t: tn.Tensor): number[] => Array.from(t.dataSync());

/** A model that is not a Sequential: body → classifier (Dropout, Linear), times a root-level scale. */
class Net extends nn.Module {
  body = new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU());
  classifier = new nn.Sequential(new nn.Dropout(0.5), new nn.Linear(8, 3));
  heads = new nn.ModuleDict({ digits: new nn.Linear(8, 10) });
  scale = new nn.Parameter(tn.full([1], 2));
  forward(x: tn.Tensor): tn.Tensor { return this.classifier.forward(this.body.forward(x)).mul(this.scale); }
}

test('getSubmodule follows attributes, Sequential indices (negative ones too) and ModuleDict keys', () => {
  tn.manualSeed(0);
  const model = new Net();
  assert.equal(transfer.getSubmodule(model, 'body.1'), model.body.at(1));
  assert.equal(transfer.getSubmodule(model, 'classifier.-1'), model.classifier.at(1));
  assert.equal(transfer.getSubmodule(model, 'heads.digits'), model.heads.get('digits'));
  assert.equal(transfer.getSubmodule(model, ''), model);
  assert.equal(transfer.findSubmodule(model, 'classifier.-1').path, 'classifier.1');
  assert.throws(() => transfer.getSubmodule(model, 'body.7.weight'), {
    name: 'ValueError', message: "getSubmodule: Net has no submodule 'body.7' (in Sequential, its children: 0, 1, 2)",
  });
  assert.throws(() => transfer.getSubmodule(model, 'scale'), { name: 'ValueError', message: /no submodule 'scale'/ });
});

test('replaceHead puts the new module in the old one\'s place: parameters, state dict and training see it at once', () => {
  tn.manualSeed(0);
  const cnn = new tn.models.SmallCNN();
  const oldKeys = Object.keys(cnn.stateDict());
  const newHead = new nn.Linear(128, 5);
  const old = transfer.replaceHead(cnn, '-1', newHead);
  assert.ok(old instanceof nn.Linear && old.outFeatures === 10);
  assert.equal(cnn.at(-1), newHead);
  assert.deepEqual(Object.keys(cnn.stateDict()), oldKeys, 'same keys, same order');
  assert.equal(cnn.stateDict()['9.weight'], newHead.weight);
  assert.ok(cnn.parameters().includes(newHead.bias as tn.nn.Parameter));
  tn.manualSeed(1);
  const x = tn.randn([2, 1, 28, 28]);
  assert.deepEqual(tn.noGrad(() => cnn.forward(x)).shape, [2, 5]);

  const net = new Net();
  const digits = net.heads.get('digits');
  assert.equal(transfer.replaceHead(net, 'heads.digits', new nn.Linear(8, 2)), digits);
  assert.deepEqual(net.heads.keys(), ['digits']);
  assert.deepEqual(net.stateDict()['heads.digits.weight']?.shape, [2, 8]);
  assert.throws(() => transfer.replaceHead(net, 'classifier.5', new nn.Identity()), { name: 'ValueError', message: /replaceHead: Net has no submodule 'classifier\.5'/ });
  assert.throws(() => transfer.replaceHead(net, 'classifier.1', {} as tn.nn.Module), { name: 'ValueError', message: /must be a Module/ });
  x.dispose();
});

test('backbone of a Sequential is a Sequential of the same modules but the last', () => {
  tn.manualSeed(0);
  const cnn = new tn.models.SmallCNN();
  const body = transfer.backbone(cnn);
  assert.ok(body instanceof nn.Sequential);
  assert.equal((body as tn.nn.Sequential).length, 9);
  assert.equal((body as tn.nn.Sequential).at(0), cnn.at(0), 'shared, not copied');
  assert.deepEqual(Object.keys(body.stateDict()), Object.keys(cnn.stateDict()).filter((k) => !k.startsWith('9.')));
  tn.manualSeed(2);
  const x = tn.randn([3, 1, 28, 28]);
  const h = tn.noGrad(() => body.forward(x));
  assert.deepEqual(h.shape, [3, 128]);
  const logits = tn.noGrad(() => (cnn.at(9) as tn.nn.Linear).forward(h));
  assert.deepEqual(values(logits), values(tn.noGrad(() => cnn.forward(x))), 'head(backbone(x)) = model(x)');
  tn.dispose([x, h, logits]);
});

test('backbone of another model leaves the head (nested too) out of its parameters and state dict and returns the head\'s input', () => {
  tn.manualSeed(0);
  const model = new Net();
  const body = transfer.backbone(model, { head: 'classifier.-1' });
  assert.ok(body instanceof transfer.Backbone);
  assert.deepEqual(body.namedParameters().map(([n]) => n), ['scale', 'body.0.weight', 'body.0.bias', 'body.1.weight', 'body.1.bias', 'heads.digits.weight', 'heads.digits.bias']);
  const outer = new nn.Sequential(body, new nn.Linear(8, 2));
  assert.deepEqual(Object.keys(outer.stateDict()).filter((k) => k.includes('classifier')), [], 'no head keys inside a container either');
  assert.ok(Object.keys(outer.stateDict()).includes('0.body.1.running_mean'));
  transfer.freeze(body);
  assert.equal((model.classifier.at(1) as tn.nn.Linear).weight.requiresGrad, true, 'freezing the backbone leaves the head trainable');
  assert.equal(model.scale.requiresGrad, false, 'the root-level parameter belongs to the backbone');
  body.eval();
  assert.equal(model.training, false);
  assert.equal(model.body.at(1).training, false);
  assert.equal(model.classifier.at(1).training, true, 'the head keeps its mode');
  tn.manualSeed(3);
  const x = tn.randn([6, 4]);
  model.eval();
  const h = tn.noGrad(() => body.forward(x));
  const expected = tn.noGrad(() => model.body.forward(x).mul(model.scale)); // eval: dropout is the identity
  assert.deepEqual(values(h), values(expected));
  assert.ok(!Object.prototype.hasOwnProperty.call(model.classifier.at(1), 'forward'), 'the head\'s forward is restored');
  assert.deepEqual(tn.noGrad(() => model.forward(x)).shape, [6, 3]);
  assert.throws(() => transfer.backbone(new nn.Linear(2, 2)), { name: 'ValueError', message: /Linear has no child modules/ });
  tn.dispose([x, h, expected]);
});

test('features returns a named layer\'s output and stops there; the layer is restored, also after an error', () => {
  tn.manualSeed(0);
  const cnn = new tn.models.SmallCNN();
  cnn.eval();
  tn.manualSeed(4);
  const x = tn.randn([2, 1, 28, 28]);
  let headCalls = 0;
  const remove = transfer.hookForward(cnn.at(9), () => { headCalls++; });
  const live = tn.memory().numTensors;
  const flat = tn.noGrad(() => transfer.features(cnn, x, '6'));
  assert.equal(tn.memory().numTensors, live + 1, 'only the result stays alive');
  assert.equal(headCalls, 0, 'layers after the named one do not run');
  remove();
  assert.deepEqual(flat.shape, [2, 64 * 7 * 7]);
  const manual = tn.noGrad(() => new nn.Sequential(...cnn.children().slice(0, 7)).forward(x));
  assert.deepEqual(values(flat), values(manual));
  const out = tn.noGrad(() => transfer.features(cnn, x, '9'));
  assert.deepEqual(values(out), values(tn.noGrad(() => cnn.forward(x))));
  assert.ok(cnn.modules().every((m) => !Object.prototype.hasOwnProperty.call(m, 'forward')));

  class Unused extends nn.Module {
    used = new nn.Linear(4, 2);
    spare = new nn.ReLU();
    forward(v: tn.Tensor): tn.Tensor { return this.used.forward(v); }
  }
  const unused = new Unused();
  const input = tn.randn([1, 4]);
  assert.throws(() => transfer.features(unused, input, 'spare'), { name: 'StateError', message: /did not call the layer 'spare' \(ReLU\)/ });
  assert.throws(() => transfer.features(cnn, tn.randn([2, 3, 28, 28]), '6'), { name: 'ShapeError' });
  assert.ok(cnn.modules().every((m) => !Object.prototype.hasOwnProperty.call(m, 'forward')), 'restored after the error');
  assert.throws(() => transfer.features(cnn, x, 'fc'), { name: 'ValueError', message: /no submodule 'fc'/ });
  tn.dispose([x, flat, manual, out, input]);
});

test('features works through a forward that frees its intermediates (ResNet under noGrad); a kept output stays kept', () => {
  tn.manualSeed(2);
  const net = tn.models.resnet({ layers: [1, 1, 1, 1], widths: [4, 8, 16, 32], numClasses: 3 });
  net.eval();
  const x = tn.randn([2, 3, 16, 16]);
  const live = tn.memory().numTensors;
  const h = tn.noGrad(() => transfer.features(net, x, 'layer1'));
  assert.equal(h.isDisposed, false);
  assert.deepEqual(h.shape, [2, 4, 4, 4]);
  assert.equal(tn.memory().numTensors, live + 1, 'only the result stays alive');
  const inTidy = tn.tidy(() => tn.noGrad(() => transfer.features(net, x, 'layer1')).sum());
  assert.ok(Math.abs(inTidy.item() - h.sum().item()) < 1e-4);

  class PassThrough extends nn.Module {
    identity = new nn.Identity();
    forward(v: tn.Tensor): tn.Tensor { return this.identity.forward(v); }
  }
  const kept = tn.keep(tn.ones([2]));
  const same = tn.tidy(() => { transfer.features(new PassThrough(), kept, 'identity'); return tn.zeros([1]); });
  assert.equal(kept.isDisposed, false, 'the caller\'s kept input is not handed to a tidy');
  tn.dispose([x, h, inTidy, kept, same]);
});
