/**
 * Metrics: every function against scikit-learn (test/fixtures/golden/metrics.json, written by
 * `/usr/bin/python3 tools/golden/metrics.py`), fed as plain arrays and as tensors; the streaming metrics fed
 * in batches; edge cases and errors.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

const { train } = tn;
type Tensor = ReturnType<typeof tn.tensor>;
type Value = number | number[] | number[][];
type Arg = string | { value: number };

interface Dataset { fields: Record<string, Value>; float32: string[] }
interface GoldenCase {
  id: string;
  fn: string;
  data: string;
  args: Arg[];
  options: Record<string, unknown>;
  expected: unknown;
  tol: number;
}
interface Fixture { sklearn: string; datasets: Record<string, Dataset>; cases: GoldenCase[] }

const fixture = JSON.parse(readFileSync(join(repoRoot(), 'test/fixtures/golden/metrics.json'), 'utf8')) as Fixture;

type Input = Parameters<typeof train.accuracy>[0];
type Fn = (...args: unknown[]) => unknown;
const FUNCTIONS: Record<string, Fn> = {
  accuracy: train.accuracy as Fn,
  topKAccuracy: train.topKAccuracy as Fn,
  precisionRecallFscoreSupport: train.precisionRecallFscoreSupport as Fn,
  precision: train.precision as Fn,
  recall: train.recall as Fn,
  f1Score: train.f1Score as Fn,
  fbetaScore: train.fbetaScore as Fn,
  confusionMatrix: train.confusionMatrix as Fn,
  rocAucScore: train.rocAucScore as Fn,
  logLoss: train.logLoss as Fn,
  meanSquaredError: train.meanSquaredError as Fn,
  meanAbsoluteError: train.meanAbsoluteError as Fn,
  r2Score: train.r2Score as Fn,
};

const isLabelField = (name: string): boolean => name === 'yTrue' || name === 'yPred';

/** A dataset field as plain arrays (Float32Array rows for float32 fields) or as a tensor. */
function input(c: GoldenCase, name: string, as: 'arrays' | 'tensors', rows?: [number, number]): Input {
  const ds = fixture.datasets[c.data]!;
  let value = ds.fields[name]!;
  if (rows !== undefined && Array.isArray(value)) value = value.slice(rows[0], rows[1]) as Value;
  const f32 = ds.float32.includes(name);
  if (as === 'tensors') {
    const dtype = isLabelField(name) ? 'int32' : f32 ? 'float32' : 'float64';
    return tn.tensor(value, { dtype });
  }
  if (!Array.isArray(value)) throw new Error(`field ${name} is not an array`);
  if (!f32) return value as Input;
  return Array.isArray(value[0]) ? (value as number[][]).map((r) => Float32Array.from(r)) : Float32Array.from(value as number[]);
}

function argsOf(c: GoldenCase, as: 'arrays' | 'tensors'): unknown[] {
  const args = c.args.map((a) => (typeof a === 'string' ? input(c, a, as) : a.value));
  return [...args, c.options];
}

function close(actual: unknown, expected: unknown, tol: number, where: string): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${where}: expected a number, found ${JSON.stringify(actual)}`);
    const a = actual as number;
    assert.ok(Math.abs(a - expected) <= tol + tol * Math.abs(expected), `${where}: ${a} vs ${expected} (tol ${tol})`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, found ${JSON.stringify(actual)}`);
    assert.equal((actual as unknown[]).length, expected.length, `${where}: length`);
    expected.forEach((e, i) => close((actual as unknown[])[i], e, tol, `${where}[${i}]`));
    return;
  }
  const obj = expected as Record<string, unknown>;
  for (const key of Object.keys(obj)) close((actual as Record<string, unknown>)[key], obj[key], tol, `${where}.${key}`);
}

describe(`metrics against scikit-learn ${fixture.sklearn}`, () => {
  test('the fixture covers every function', () => {
    const covered = new Set(fixture.cases.map((c) => c.fn));
    for (const name of Object.keys(FUNCTIONS)) assert.ok(covered.has(name), `no golden case for ${name}`);
    assert.ok(fixture.cases.length >= 100);
  });
  for (const as of ['arrays', 'tensors'] as const) {
    test(`every case, inputs as ${as}`, () => {
      for (const c of fixture.cases) {
        const fn = FUNCTIONS[c.fn];
        if (fn === undefined) throw new Error(`unknown function ${c.fn}`);
        const actual = tn.tidy(() => fn(...argsOf(c, as)));
        close(actual, c.expected, c.tol, `${c.id} (${as})`);
      }
    });
  }
});

/** The streaming metric for a golden case (undefined when there is none for it). */
function streamingFor(c: GoldenCase): tn.train.Metric | undefined {
  const o = c.options as Record<string, never>;
  const k = c.args[2];
  switch (c.fn) {
    case 'accuracy': return new train.Accuracy(o);
    case 'topKAccuracy': return typeof k === 'object' ? new train.Accuracy({ topK: k.value }) : undefined;
    case 'f1Score': return (c.options.average === null) ? undefined : new train.F1(o);
    case 'rocAucScore': return new train.RocAuc(o);
    case 'meanSquaredError': return c.options.multioutput === undefined ? new train.MeanSquaredError() : undefined;
    case 'r2Score': return c.options.multioutput === undefined ? new train.R2Score() : undefined;
    default: return undefined;
  }
}

describe('streaming metrics equal the functions over all batches', () => {
  test('golden cases fed as tensor batches of 7 rows', () => {
    let checked = 0;
    for (const c of fixture.cases) {
      const metric = streamingFor(c);
      if (metric === undefined) continue;
      const [a, b] = c.args as [string, string];
      const n = (fixture.datasets[c.data]!.fields[a] as unknown[]).length;
      for (let start = 0; start < n; start += 7) {
        tn.tidy(() => metric.update(input(c, a, 'tensors', [start, start + 7]) as Tensor, input(c, b, 'tensors', [start, start + 7]) as Tensor));
      }
      close(metric.compute(), c.expected, c.tol, `${c.id} (${metric.name}, streamed)`);
      metric.reset();
      assert.ok(Number.isNaN(metric.compute()), `${c.id}: NaN after reset`);
      checked++;
    }
    assert.ok(checked >= 20, `only ${checked} streaming checks`);
  });

  test('the streaming metrics fit the (yTrue, yPred) tensor protocol of fit/evaluate', () => {
    interface TensorMetric { readonly name: string; update(yTrue: Tensor, yPred: Tensor): void; compute(): number; reset(): void }
    const metrics: TensorMetric[] = [new train.Accuracy(), new train.F1(), new train.RocAuc(), new train.MeanSquaredError()];
    assert.deepEqual(metrics.map((m) => m.name), ['accuracy', 'f1', 'roc_auc', 'mse']);
  });

  test('Accuracy: names, thresholds, reset', () => {
    const acc = new train.Accuracy();
    assert.equal(acc.name, 'accuracy');
    assert.ok(Number.isNaN(acc.compute()));
    acc.update([0, 1, 1], [[2, 1], [0, 3], [5, 4]]);
    acc.update(tn.tensor([1], { dtype: 'int32' }), tn.tensor([[0.1, 0.9]]));
    assert.equal(acc.compute(), 0.75);
    assert.equal(new train.Accuracy({ topK: 3 }).name, 'top3_accuracy');
    const thr = new train.Accuracy({ threshold: 0, name: 'acc' });
    thr.update([0, 1, 1, 0], tn.tensor([[-1.5], [2], [-0.1], [0]]));
    assert.equal(thr.compute(), 0.75);
    assert.equal(thr.name, 'acc');
  });

  test('F1 over batches equals f1Score on the concatenation, with classes appearing late', () => {
    const t = [0, 0, 1, 1, 2, 0, 3, 3, 1, 2];
    const p = [0, 1, 1, 1, 2, 2, 3, 0, 1, 0];
    for (const average of ['macro', 'micro', 'weighted'] as const) {
      const f1 = new train.F1({ average });
      f1.update(t.slice(0, 4), p.slice(0, 4));
      f1.update(t.slice(4), p.slice(4));
      assert.equal(f1.compute(), train.f1Score(t, p, { average }));
    }
    const withClasses = new train.F1({ average: 'macro', numClasses: 5 });
    withClasses.update(t, p);
    assert.equal(withClasses.compute(), train.f1Score(t, p, { average: 'macro', numClasses: 5 }));
    assert.throws(() => withClasses.update([5], [0]), /F1\.update: yTrue\[0\] = 5 is outside the classes 0…4/);
    assert.throws(() => new train.F1({ average: null as never }), /streaming metric computes one number/);
  });

  test('RocAuc keeps scores; MeanSquaredError and Mean', () => {
    const auc = new train.RocAuc();
    auc.update([0, 1], [0.3, 0.9]);
    auc.update([1, 0], [0.6, 0.2]);
    assert.equal(auc.compute(), 1);
    assert.throws(() => auc.update([0], [[0.1, 0.9]]), /RocAuc\.update: scores changed shape between batches: \[N\] then \[N,2\]/);
    const mse = new train.MeanSquaredError();
    mse.update([[1, 2], [3, 4]], [[1, 2], [3, 5]]);
    mse.update(tn.tensor([[0, 0]]), tn.tensor([[2, 0]]));
    assert.equal(mse.compute(), 5 / 6);
    assert.throws(() => mse.update([1], [1]), /targets changed width between batches: 2 then 1 outputs/);
    const mean = new train.Mean({ name: 'loss' });
    mean.update(tn.tensor(2), 3);
    mean.update(4, 1);
    mean.update([1, 1], 0);
    assert.equal(mean.compute(), 2.5);
    assert.throws(() => mean.update(1, -1), /Mean\.update: weight must be a finite number >= 0, found -1/);
    mean.reset();
    assert.ok(Number.isNaN(mean.compute()));
  });
});

describe('metric functions: documented examples and edge cases', () => {
  test('TSDoc examples', () => {
    assert.equal(train.accuracy([0, 1, 2, 1], [0, 2, 2, 1]), 0.75);
    assert.equal(train.accuracy([0, 1], [0.2, 0.9], { threshold: 0.5 }), 1);
    assert.equal(train.topKAccuracy([2, 0], [[0.1, 0.5, 0.4], [0.2, 0.3, 0.5]], 2), 0.5);
    assert.deepEqual(train.confusionMatrix([0, 1, 1], [0, 0, 1], { numClasses: 2 }), [[1, 0], [1, 1]]);
    const macro = train.precisionRecallFscoreSupport([0, 1, 2, 2], [0, 2, 2, 2], { average: 'macro' });
    close(macro, { precision: 5 / 9, recall: 2 / 3, fScore: 0.6, support: 4 }, 1e-12, 'prfs example');
    assert.equal(train.precision([0, 1, 1, 0], [1, 1, 0, 0]), 0.5);
    assert.equal(train.recall([0, 1, 1, 0], [1, 1, 0, 0]), 0.5);
    close(train.f1Score([0, 1, 2, 2], [0, 2, 2, 2], { average: 'macro' }), 0.6, 1e-12, 'f1 example');
    close(train.fbetaScore([0, 1, 1, 0], [1, 1, 0, 0], 2), 0.5, 1e-12, 'fbeta example');
    assert.equal(train.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
    close(train.logLoss([0, 1], [[0.9, 0.1], [0.2, 0.8]]), (-Math.log(0.9) - Math.log(0.8)) / 2, 1e-12, 'logLoss example');
    assert.equal(train.meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]), 0.375);
    assert.equal(train.meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]), 0.5);
    close(train.r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]), 0.9486081370449679, 1e-12, 'r2 example');
  });

  test('inputs: booleans, bool tensors, [N,1] labels, ties in argmax and top-k', () => {
    assert.equal(train.accuracy([true, false, true], [1, 0, 0]), 2 / 3);
    assert.equal(train.accuracy(tn.tensor([true, false]), tn.tensor([[1], [0]], { dtype: 'int32' }).reshape([2])), 1);
    assert.equal(train.accuracy([[1], [0]], [1, 0]), 1);
    assert.equal(train.accuracy([0, 1], [[1, 1], [2, 2]]), 0.5); // argmax ties → the first index
    assert.equal(train.topKAccuracy([1], [[1, 1, 1]], 1), 0); // ties go to the lower index
    assert.equal(train.topKAccuracy([1], [[1, 1, 1]], 2), 1);
    assert.equal(train.topKAccuracy([2], [[0.1, 0.2, 0.3]], 9), 1);
    const perClass = train.precisionRecallFscoreSupport([0, 1, 1], [0, 1, 0]);
    assert.deepEqual(perClass.labels, [0, 1]);
    assert.deepEqual(perClass.support, [1, 2]);
    assert.ok(Number.isNaN(train.accuracy([], [])));
    assert.ok(Number.isNaN(train.r2Score([1], [1])));
  });

  test('errors name the function and what was wrong', () => {
    assert.throws(() => train.accuracy([0, 1], [0]), /accuracy: yTrue and yPred have different numbers of samples: 2 vs 1/);
    assert.throws(() => train.accuracy([0.5], [0]), /accuracy: yTrue must hold integer class labels, found 0\.5 at index 0/);
    assert.throws(() => train.accuracy([0, 1], [0.2, 0.9]), /pass \{threshold\} to turn scores into labels/);
    assert.throws(() => train.accuracy([0], [[0.3]]), /one score per sample needs \{threshold\}/);
    assert.throws(() => train.accuracy(tn.zeros([2, 2, 2]), [0, 1]), /accuracy: yTrue must be a vector \[N\] or a matrix \[N,C\], found shape \[2,2,2\]/);
    assert.throws(() => train.accuracy([[0, 1], [1]], [0, 1]), /ragged nested array: row 1 should have length 2, found length 1/);
    assert.throws(() => train.f1Score([0, 1, 2], [0, 1, 1]), /f1Score: the targets have 3 classes \[0, 1, 2\] but average='binary'/);
    assert.throws(() => train.precision([2, 3], [2, 3]), /precision: posLabel=1 is not a valid label; it should be one of \[2, 3\]/);
    assert.throws(() => train.recall([0, 1], [0, 1], { average: 'mean' as never }), /average must be one of/);
    assert.throws(() => train.confusionMatrix([0, 3], [0, 1], { numClasses: 3 }), /confusionMatrix: yTrue\[1\] = 3 is outside the classes 0…2/);
    assert.throws(() => train.confusionMatrix([0], [0], { numClasses: 2, labels: [0, 1] }), /either numClasses or labels/);
    assert.throws(() => train.confusionMatrix([0, 1], [0, 1], { labels: [5] }), /none of the labels \[5\] occurs in yTrue/);
    assert.throws(() => train.confusionMatrix([0, 1], [0, 1], { labels: [1, 1] }), /labels must be distinct, found 1 twice/);
    assert.throws(() => train.topKAccuracy([0], [[1, 2]], 0), /topKAccuracy: k must be a positive integer, found 0/);
    assert.throws(() => train.topKAccuracy([0], [1], 1), /scores must be a matrix \[N,C\]/);
    assert.throws(() => train.topKAccuracy([2], [[1, 2]], 1), /yTrue\[0\] = 2 is not a class index of scores with 2 columns/);
    assert.throws(() => train.rocAucScore([1, 1], [0.2, 0.3]), /rocAucScore: only one class \(1\) present in yTrue; ROC AUC is not defined/);
    assert.throws(() => train.rocAucScore([0, 1, 2], [0.2, 0.3, 0.1]), /multiclass ROC AUC needs scores \[N,C\]/);
    assert.throws(() => train.rocAucScore([0, 1, 1], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]]),
      /one-vs-rest ROC AUC needs every class in yTrue, but class 2 of 3 never occurs/);
    assert.throws(() => train.rocAucScore([0, 1], [NaN, 0.3]), /rocAucScore: scores contains NaN at index 0/);
    assert.throws(() => train.rocAucScore([0, 2], [[0.5, 0.5], [0.4, 0.6]]), /scores \[N,2\] need yTrue labels 0 and 1/);
    assert.throws(() => train.logLoss([0, 3], [[0.5, 0.5], [0.4, 0.6]]), /logLoss: yTrue\[1\] = 3 is not a class of probs with 2 classes/);
    assert.throws(() => train.logLoss([0], [0.5], { eps: 0.7 }), /eps must be 'auto' or a number in \[0, 0\.5\)/);
    assert.throws(() => train.meanSquaredError([1, 2], [[1, 2]]), /meanSquaredError: yTrue and yPred must have the same shape, found \[2\] and \[1,2\]/);
    assert.throws(() => train.r2Score([1, 2], [1, 2], { multioutput: 'sum' as never }), /multioutput must be one of/);
    assert.throws(() => new train.Accuracy({ topK: 1.5 }), /Accuracy: topK must be a positive integer, found 1\.5/);
    assert.throws(() => train.accuracy([0], [0], { threshold: NaN }), /threshold must be a finite number/);
  });
});
