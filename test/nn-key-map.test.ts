/** tn.nn.renameKeys / keyMapper / globToRegExp and loadStateDict's mapKey option. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn } = tn;

describe('globToRegExp', () => {
  test('* is one dotted segment, ** zero or more segments, the rest literal (more in name-glob.test.ts)', () => {
    assert.ok(nn.globToRegExp('layer1.*.conv1.weight').test('layer1.0.conv1.weight'));
    assert.ok(!nn.globToRegExp('layer1.*.conv1.weight').test('layer1.0.1.conv1.weight'));
    assert.ok(nn.globToRegExp('layer4.**').test('layer4.1.downsample.0.weight'));
    assert.ok(nn.globToRegExp('layer4.**').test('layer4'), '** matches zero segments');
    assert.ok(!nn.globToRegExp('layer4.**').test('layer40.weight'));
    assert.ok(!nn.globToRegExp('fc.weight').test('fcxweight'), 'the dot is literal');
    assert.ok(!nn.globToRegExp('fc.*').test('xfc.weight'), 'anchored');
    assert.ok(nn.globToRegExp('a+b(c)[d]$.*').test('a+b(c)[d]$.e'), 'regex characters are literal');
  });
});

describe('renameKeys', () => {
  const sd = { 'module.conv1.weight': 1, 'module.fc.weight': 2, 'module.fc.bias': 3, 'module.layer1.0.bn1.running_mean': 4 };

  test('glob rules with $n, null to drop, first match wins, order kept', () => {
    const out = nn.renameKeys(sd, [['module.fc.*', null], ['module.**', '$1']]);
    assert.deepEqual(Object.entries(out), [['conv1.weight', 1], ['layer1.0.bn1.running_mean', 4]]);
    const swapped = nn.renameKeys({ 'a.b.c': 1 }, [['*.*.*', '$3.$2.$1']]);
    assert.deepEqual(swapped, { 'c.b.a': 1 });
  });

  test('RegExp rules replace what they match (global flags too); unmatched keys stay', () => {
    const out = nn.renameKeys({ 'backbone.body.layer1.0.conv1.weight': 1, 'head.w': 2 }, [[/^backbone\.body\./, '']]);
    assert.deepEqual(out, { 'layer1.0.conv1.weight': 1, 'head.w': 2 });
    const g = nn.renameKeys({ 'a_b_c': 1, 'x_y': 2 }, [[/_/g, '.']]);
    assert.deepEqual(g, { 'a.b.c': 1, 'x.y': 2 }, 'a global RegExp matches every key (no lastIndex state)');
  });

  test('a function: null drops, undefined keeps', () => {
    const out = nn.renameKeys(sd, (k) => (k.includes('fc') ? null : k.startsWith('module.layer') ? undefined : k.slice(7)));
    assert.deepEqual(out, { 'conv1.weight': 1, 'module.layer1.0.bn1.running_mean': 4 });
  });

  test('errors: collisions, empty names, malformed rules, a $n beyond the wildcards', () => {
    assert.throws(() => nn.renameKeys({ 'a.x': 1, 'b.x': 2 }, [['*.x', 'x']]), /keys 'a\.x' and 'b\.x' both map to 'x'/);
    assert.throws(() => nn.renameKeys({ a: 1 }, () => ''), /key 'a' maps to ""/);
    assert.throws(() => nn.keyMapper([['fc.*', 3 as unknown as string]]), /rule 0: the replacement must be a string or null/);
    assert.throws(() => nn.keyMapper([['', 'x']]), /rule 0: the pattern must be a non-empty glob string or a RegExp/);
    assert.throws(() => nn.keyMapper([['a.*', 'b'], 'x' as unknown as tn.nn.KeyRule]), /rule 1: expected \[pattern, replacement\]/);
    assert.throws(() => nn.keyMapper([['module.*', '$2']]), /refers to \$2, but the glob 'module\.\*' has 1 wildcard/);
    assert.throws(() => nn.keyMapper([['module.**', '$0']]), /refers to \$0, but the glob 'module\.\*\*' has 1 wildcard/);
    assert.throws(() => nn.keyMapper([['module.a**', '$1']]), /keyMapper: pattern 'module\.a\*\*': expected '\*\*' only as a whole segment/);
  });
});

describe('loadStateDict({mapKey})', () => {
  const source = (): tn.nn.Module => new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));

  test('renames before loading; dropped keys are neither loaded nor unexpected', () => {
    const src = source();
    const prefixed = Object.fromEntries(Object.entries(src.stateDict()).map(([k, v]) => [`module.${k}`, v]));
    prefixed['module.aux.weight'] = tn.zeros([1]);
    const dst = source();
    const result = dst.loadStateDict(prefixed, { strict: true, mapKey: [['module.aux.*', null], ['module.**', '$1']] });
    assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
    for (const [k, v] of Object.entries(dst.stateDict())) assert.deepEqual(v.tolist(), src.stateDict()[k]!.tolist());
  });

  test('a partial load (a new head) with strict: false reports the renamed keys', () => {
    const sd = source().stateDict();
    const result = source().loadStateDict(sd, { strict: false, mapKey: [['2.*', null]] });
    assert.deepEqual(result, { missingKeys: ['2.weight', '2.bias'], unexpectedKeys: [] });
  });

  test('strict errors say the keys were renamed', () => {
    assert.throws(() => source().loadStateDict(source().stateDict(), { mapKey: [['0.**', 'first.$1']] }),
      (e: Error) => /keys as renamed by mapKey/.test(e.message) && /unexpected key\(s\): first\.weight, first\.bias/.test(e.message) &&
        /missing key\(s\): 0\.weight, 0\.bias/.test(e.message));
  });
});
