/** A RunRecord with every part filled (synthetic numbers, hostile strings), for the report tests. */
import type * as tn from 'tasknet';

type RunRecord = tn.report.RunRecord;

/** A 12×12 grey ring (values 0…1) and a 12×12 RGB gradient, as the example images. */
function ring(): number[] {
  const px: number[] = [];
  for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) px.push(Math.abs(Math.hypot(x - 5.5, y - 5.5) - 4) < 1.2 ? 1 : 0);
  return px;
}

function gradient(): number[] {
  const px: number[] = [];
  for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) px.push(x * 21, y * 21, 128);
  return px;
}

/** Everything: epochs with tasks and weights, steps, a Δm% table, two transfer scenarios, a confusion matrix. */
export function fullRecord(): RunRecord {
  const epochs = [1, 2, 3, 4, 5].map((e) => ({
    epoch: e, step: e * 40, lr: 1e-3 * 0.5 ** (e - 1),
    train: { loss: 2 / e, accuracy: 0.5 + 0.08 * e, delta_m: -3 + e },
    validation: { loss: 2.2 / e + 0.05, accuracy: 0.45 + 0.08 * e },
    tasks: {
      left: { train: { loss: 1 / e, accuracy: 0.6 + 0.06 * e }, validation: { loss: 1.1 / e, accuracy: 0.55 + 0.06 * e } },
      right: { train: { loss: 1.2 / e, accuracy: 0.5 + 0.07 * e }, validation: { loss: 1.3 / e, accuracy: 0.45 + 0.07 * e } },
    },
    taskWeights: { left: 1 + 0.1 * e, right: 1 - 0.1 * e },
  }));
  const steps = Array.from({ length: 200 }, (_, i) => ({ step: i + 1, epoch: Math.floor(i / 40) + 1, lr: 1e-3 * 0.5 ** Math.floor(i / 40), loss: 2.5 / Math.sqrt(i + 1) }));
  const classNames = ['zero', 'one', '<script>alert(1)</script>', 'three'];
  return {
    name: 'demo <run> & "friends"',
    startedAt: '2026-11-23T10:00:00Z',
    summary: { 'test accuracy': 0.8731, 'wall time': '12 s' },
    config: { model: 'mlp', layers: [784, 128, 10], optimizer: { name: 'adam', lr: 1e-3 }, note: '</pre><script>alert("config")</script>' },
    epochs,
    steps,
    multiTask: {
      method: 'hard sharing, uncertainty weighting',
      tasks: [
        { name: 'left', metric: 'accuracy', higherIsBetter: true, value: 0.9, baseline: 0.8 },
        { name: 'right', metric: 'mse', higherIsBetter: false, value: 0.5, baseline: 0.4 },
      ],
    },
    transfer: [
      {
        title: 'MNIST → digits', description: 'LeNet pretrained on MNIST, fine-tuned on 8×8 digits.',
        curves: [
          { method: 'from scratch', points: [10, 50, 100, 500].map((n, i) => ({ labels: n, mean: 0.3 + 0.15 * i, std: 0.05, runs: 3 })) },
          { method: 'fine-tune', points: [10, 50, 100, 500].map((n, i) => ({ labels: n, mean: 0.55 + 0.1 * i, std: 0.03, runs: 3 })) },
          { method: 'features + logistic', points: [10, 50, 100, 500].map((n, i) => ({ labels: n, mean: 0.5 + 0.11 * i, std: 0.04, runs: 3 })) },
        ],
        references: [{ label: 'source model as is', value: 0.12 }],
      },
      { title: 'Text', metric: 'f1', curves: [{ method: 'glove', points: [{ labels: 100, mean: 0.7 }, { labels: 1000, mean: 0.8 }] }] },
    ],
    classification: {
      classNames,
      confusion: [[50, 2, 1, 0], [3, 45, 0, 2], [0, 1, 40, 9], [1, 0, 7, 39]],
      examples: [
        { image: { width: 12, height: 12, pixels: ring() }, trueLabel: 0, predictedLabel: 2, confidence: 0.81 },
        { image: { width: 12, height: 12, channels: 3, pixels: gradient(), maxValue: 255 }, trueLabel: 3, predictedLabel: 2 },
      ],
    },
  };
}
