/** Predictions of a classifier over a whole split, and the test results a report shows. */
import { noGrad, dispose, tidy, type Tensor } from '../../tensor/index.js';
import { softmax, max, argmax } from '../../ops/index.js';
import { confusionMatrix, f1Score } from '../../train/index.js';
import type { ClassificationRecord, ExampleRecord } from '../../report/index.js';
import type { Module } from '../../nn/index.js';
import { takeRows, type Split } from '../data/classification-data.js';
import { modelInput } from './build.js';

/** Predicted class and its probability for each row. */
export interface Predictions {
  readonly labels: Int32Array;
  readonly confidence: Float32Array;
  /** Every class's probability, row-major `[N, C]`. */
  readonly probabilities: Float32Array;
}

/** Run `model` (in eval mode) over `x` in batches of `batchSize`. */
export function predictClasses(model: Module & { forward(x: Tensor): Tensor }, flat: boolean, x: Tensor, batchSize = 512): Predictions {
  const wasTraining = model.training;
  model.eval();
  const n = x.shape[0]!;
  const parts: { labels: Int32Array; confidence: Float32Array; probabilities: Float32Array }[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const xb = takeRows(x, idx);
    const [probs, conf, pred] = tidy(() => noGrad(() => {
      const p = softmax(model.forward(modelInput(xb, flat)), 1);
      return [p, max(p, 1), argmax(p, 1)];
    }));
    parts.push({ labels: Int32Array.from(pred.dataSync()), confidence: Float32Array.from(conf.dataSync()), probabilities: Float32Array.from(probs.dataSync()) });
    dispose([xb, probs, conf, pred]);
  }
  if (wasTraining) model.train();
  const cat = <T extends Int32Array | Float32Array>(arrays: T[], make: (n: number) => T): T => {
    const out = make(arrays.reduce((s, a) => s + a.length, 0));
    let o = 0;
    for (const a of arrays) { out.set(a, o); o += a.length; }
    return out;
  };
  return {
    labels: cat(parts.map((p) => p.labels), (k) => new Int32Array(k)),
    confidence: cat(parts.map((p) => p.confidence), (k) => new Float32Array(k)),
    probabilities: cat(parts.map((p) => p.probabilities), (k) => new Float32Array(k)),
  };
}

/** Accuracy, macro F1, the confusion matrix and the most confident mistakes of `model` on `split`. */
export interface TestResult {
  readonly accuracy: number;
  readonly macroF1: number;
  readonly classification: ClassificationRecord;
}

/**
 * Score a classifier on a labelled split.
 * @param examples - how many misclassified images to keep (most confident first; none for tabular data)
 */
export function testClassifier(model: Module & { forward(x: Tensor): Tensor }, flat: boolean, [x, y]: Split, classNames: readonly string[], examples = 8, split = 'test'): TestResult {
  const pred = predictClasses(model, flat, x);
  const truth = Int32Array.from(y.dataSync());
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred.labels[i]) right++;
  const numClasses = classNames.length;
  const confusion = confusionMatrix(truth, pred.labels, { numClasses });
  const macroF1 = f1Score(truth, pred.labels, { average: 'macro', numClasses }) as number;
  const shown: ExampleRecord[] = [];
  if (x.ndim === 4 && examples > 0) {
    const [, c, h, w] = x.shape as [number, number, number, number];
    const wrong = Array.from(truth.keys()).filter((i) => truth[i] !== pred.labels[i]).sort((a, b) => pred.confidence[b]! - pred.confidence[a]!).slice(0, examples);
    const pixels = x.dataSync();
    for (const i of wrong) {
      const plane = pixels.subarray(i * c * h * w, i * c * h * w + h * w);
      shown.push({ image: { width: w, height: h, channels: 1, pixels: Float32Array.from(plane) }, trueLabel: truth[i]!, predictedLabel: pred.labels[i]!, confidence: pred.confidence[i]! });
    }
  }
  return { accuracy: right / truth.length, macroF1, classification: { split, classNames: [...classNames], confusion, examples: shown } };
}
