/** The one dotted-name glob dialect: tn.nn.globToRegExp, tn.transfer.compileNameGlob/matchesName, freeze and keyMapper agree. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn, transfer } = tn;

/** [pattern, name, matches]: `**` for zero, one and many segments in front, in the middle and at the end; `*`. */
const CASES: readonly (readonly [string, string, boolean])[] = [
  ['**', '', true], ['**', 'a', true], ['**', 'a.b.c', true],
  ['**.bias', 'bias', true], ['**.bias', 'fc.bias', true], ['**.bias', 'layer1.0.bn1.bias', true], ['**.bias', 'fc.biasx', false],
  ['**.bias', 'xbias', false],
  ['layer4.**', 'layer4', true], ['layer4.**', 'layer4.0', true], ['layer4.**', 'layer4.1.bn2.bias', true],
  ['layer4.**', 'layer40.weight', false], ['layer4.**', 'xlayer4', false],
  ['a.**.b', 'a.b', true], ['a.**.b', 'a.x.b', true], ['a.**.b', 'a.x.y.b', true], ['a.**.b', 'ab', false], ['a.**.b', 'a.x.bb', false],
  ['**.**', 'x', true], ['a.**.**', 'a', true], ['a.**.**', 'a.x.y', true], ['**.**.b', 'b', true], ['**.**.b', 'x.y.b', true],
  ['*', 'fc', true], ['*', '', false], ['*', 'fc.weight', false],
  ['layer1.*.conv1.weight', 'layer1.0.conv1.weight', true], ['layer1.*.conv1.weight', 'layer1.0.1.conv1.weight', false],
  ['layer1.*.conv1.weight', 'layer1..conv1.weight', false],
  ['layer*', 'layer', true], ['layer*', 'layer3', true], ['layer*', 'layer3.0', false], ['*_proj', 'q_proj', true],
  ['layer*.**.weight', 'layer1.weight', true], ['layer*.**.weight', 'layer2.0.conv1.weight', true], ['layer*.**.weight', 'fc.weight', false],
  ['fc.weight', 'fc.weight', true], ['fc.weight', 'fcXweight', false], ['fc.*', 'xfc.weight', false],
  ['a+b(c)[d]$.*', 'a+b(c)[d]$.e', true],
];

describe('one glob dialect', () => {
  test('globToRegExp, matchesName and a keyMapper rule give the same answer', () => {
    for (const [pattern, name, expected] of CASES) {
      const why = `${pattern} ~ '${name}'`;
      assert.equal(nn.globToRegExp(pattern).test(name), expected, why);
      assert.equal(transfer.matchesName(transfer.compileNameGlob(pattern), name), expected, why);
      if (name !== '') assert.equal(nn.keyMapper([[pattern, null]])(name) === null, expected, why);
    }
  });

  test('freeze selects the parameters whose keys the same keyMapper pattern matches', () => {
    const model = (): tn.nn.Module => new nn.ModuleDict({
      layer1: new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 2)), layer4: new nn.Sequential(new nn.Linear(2, 2)), fc: new nn.Linear(2, 2),
    });
    const keys = Object.keys(model().stateDict());
    for (const pattern of ['layer4.**', '**.weight', 'layer*.**.bias', 'layer1.*.weight', '**.0.**', 'fc.*', '*.*.bias', '**']) {
      const drop = nn.keyMapper([[pattern, null]]);
      assert.deepEqual(transfer.freeze(model(), pattern), keys.filter((k) => drop(k) === null), pattern);
    }
    assert.deepEqual(transfer.freeze(model(), 'layer4.**'), ['layer4.0.weight', 'layer4.0.bias']);
  });

  test('a name pattern covers the parameters of the modules it names, ** with zero segments included', () => {
    const bn1 = transfer.compileNameGlob('**.bn1');
    assert.deepEqual(['layer1.0.bn1.weight', 'bn1', 'bn1.bias', 'bn10.weight'].map((name) => transfer.coversName(bn1, name)), [true, true, true, false]);
  });

  test('each * and ** is a capture group, in order; ** over no segment captures nothing', () => {
    const captures = (pattern: string, name: string): string[] =>
      Array.from(nn.globToRegExp(pattern).exec(name)!.slice(1), (c) => c ?? '');
    assert.deepEqual(captures('module.**', 'module.layer1.0.conv1.weight'), ['layer1.0.conv1.weight']);
    assert.deepEqual(captures('module.**', 'module'), ['']);
    assert.deepEqual(captures('**.running_var', 'layer1.0.bn1.running_var'), ['layer1.0.bn1']);
    assert.deepEqual(captures('**.running_var', 'running_var'), ['']);
    assert.deepEqual(captures('layer*.**.conv*.weight', 'layer2.conv1.weight'), ['2', '', '1']);
    assert.deepEqual(captures('layer*.**.conv*.weight', 'layer2.0.1.conv.weight'), ['2', '0.1', '']);
    assert.deepEqual(captures('*.*.*', 'a.b.c'), ['a', 'b', 'c']);
  });

  test('$n in a replacement; a whole-segment $n that captured nothing goes with its dot', () => {
    const map = nn.keyMapper([['module.**', '$1'], ['**.running_var', '$1.var'], ['x.**.y', 'pre.$1.post'], ['layer*.w', 'block$1.$1.w']]);
    assert.equal(map('module.layer1.0.conv1.weight'), 'layer1.0.conv1.weight');
    assert.equal(map('layer1.0.bn1.running_var'), 'layer1.0.bn1.var');
    assert.equal(map('running_var'), 'var', 'not .var');
    assert.equal(map('x.y'), 'pre.post', 'not pre..post');
    assert.equal(map('x.a.b.y'), 'pre.a.b.post');
    assert.equal(map('layer.w'), 'block.w', 'inside a segment an empty capture is just empty');
    assert.equal(map('layer3.w'), 'block3.3.w');
    assert.equal(map('other.key'), 'other.key', 'no rule matches: unchanged');
    assert.equal(nn.keyMapper([['**.x', 'y.$1']])('x'), 'y', 'a trailing empty $n takes the dot before it');
    assert.throws(() => nn.renameKeys({ module: 1 }, [['module.**', '$1']]), /key 'module' maps to ""/, 'a key renamed to nothing');
  });

  test('errors name the pattern, what was expected and what was found', () => {
    const model = new nn.Sequential(new nn.Linear(2, 2));
    assert.throws(() => nn.globToRegExp('a**.b'), { name: 'ValueError', message: "globToRegExp: pattern 'a**.b': expected '**' only as a whole segment (as in 'a.**.b'), found 'a**'" });
    assert.throws(() => transfer.freeze(model, 'x.**b'), { name: 'ValueError', message: /^freeze: pattern 'x\.\*\*b': expected '\*\*' only as a whole segment .*found '\*\*b'$/ });
    assert.throws(() => transfer.addLora(model, { targets: ['***'] }), { name: 'ValueError', message: /^addLora: pattern '\*\*\*': expected '\*\*' only/ });
    assert.throws(() => nn.keyMapper([['module.**', '$1'], ['a.b**', '$1']]), { name: 'ValueError', message: /^keyMapper: pattern 'a\.b\*\*': expected '\*\*' only as a whole segment .*found 'b\*\*'$/ });
    assert.throws(() => nn.globToRegExp('a..b'), { name: 'ValueError', message: /pattern 'a\.\.b' has an empty segment/ });
    assert.throws(() => nn.keyMapper([['.a', 'b']]), { name: 'ValueError', message: /^keyMapper: pattern '\.a' has an empty segment/ });
    assert.throws(() => nn.globToRegExp(''), { name: 'ValueError', message: /expected a non-empty name pattern, found ""/ });
  });
});
