/** extractFeatures: run a frozen extractor once over a data set and keep its outputs. */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import { cat, clone } from '../ops/index.js';
import { dispose, noGrad, tidy, type Tensor } from '../tensor/index.js';
import { Module } from '../nn/index.js';
import { DataLoader } from '../data/index.js';
import { ProgressBar, type BatchSource, type ProgressSink } from '../train/index.js';
import { FeatureSet } from './feature-set.js';

/** A feature extractor: a module mapping a batch to features, or a plain function. */
export type Extractor = (Module & { forward(x: Tensor): Tensor }) | ((x: Tensor) => Tensor);

/** Options of `extractFeatures`. */
export interface ExtractFeaturesOptions {
  /** Progress-bar label (default `features`). */
  readonly label?: string;
  /** `true` (default) shows a progress bar; `false` prints nothing. */
  readonly progress?: boolean;
  /** Where the progress bar writes (default stderr). */
  readonly sink?: ProgressSink;
}

async function* batchesOf(data: BatchSource): AsyncGenerator<readonly [Tensor, Tensor]> {
  if (Symbol.asyncIterator in data) yield* data as AsyncIterable<readonly [Tensor, Tensor]>;
  else yield* data as Iterable<readonly [Tensor, Tensor]>;
}

/** Run `fn` with every module of `extractor` in eval mode, then restore each module's mode. */
async function inEvalMode<R>(extractor: Extractor, fn: () => Promise<R>): Promise<R> {
  if (!(extractor instanceof Module)) return fn();
  const modes = extractor.modules().map((m) => [m, m.training] as const);
  extractor.eval();
  try {
    return await fn();
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
}

/**
 * Run `extractor` once over every batch of `data` (a DataLoader, an array of `[x, y]` batches, any `BatchSource`)
 * and keep the outputs with the labels: one forward per batch under `noGrad` and `tidy` with a module in eval mode
 * (BatchNorm on running statistics, no dropout; the modes are restored after), so only the features stay alive.
 * Batches a DataLoader makes are disposed as they are used; an array's batches are left to the caller.
 * @param extractor - a module (e.g. `tn.transfer.backbone(model)`) or a function `x → features`
 * @param data - batches `[x [B, ...], y [B, ...]]`
 * @param options - progress-bar label, `progress: false`, sink
 * @returns features `[N, ...]` and labels `[N, ...]` (new tensors owned by the caller)
 * @throws ValueError when `data` has no batches; ShapeError when the extractor changes the batch size
 * @example
 * const feats = await tn.transfer.extractFeatures(tn.transfer.backbone(cnn), trainLoader, {label: 'mnist train'});
 */
export async function extractFeatures(extractor: Extractor, data: BatchSource, options: ExtractFeaturesOptions = {}): Promise<FeatureSet> {
  const run = extractor instanceof Module ? (x: Tensor) => extractor.forward(x) : extractor;
  const owned = data instanceof DataLoader;
  const total = Array.isArray(data) ? data.length : typeof data.length === 'number' ? data.length : 0;
  const bar = new ProgressBar(total, { label: options.label ?? 'features', unit: 'samples', sink: options.sink, quiet: options.progress === false });
  const features: Tensor[] = [];
  const labels: Tensor[] = [];
  try {
    await inEvalMode(extractor, async () => {
      for await (const [x, y] of batchesOf(data)) {
        labels.push(y);
        try {
          const f = noGrad(() => tidy(() => {
            const out = run(x);
            return out === x ? clone(x) : out;
          }));
          features.push(f);
          if (f.ndim === 0 || f.shape[0] !== y.shape[0]) {
            throw new ShapeError('extractFeatures', `batch ${features.length}: the extractor returned ${formatShape(f.shape)} for input ` +
              `${formatShape(x.shape)}; expected the batch size ${y.shape[0] ?? '?'} first, as the labels ${formatShape(y.shape)}`);
          }
        } finally {
          if (owned) x.dispose();
        }
        bar.tick(1, y.shape[0] ?? 1);
      }
    });
    if (features.length === 0) throw new ValueError('extractFeatures', 'the data gave no batches');
    const set = noGrad(() => new FeatureSet(cat(features, 0), cat(labels, 0)));
    bar.done({ samples: set.length });
    return set;
  } finally {
    dispose(features);
    if (owned) dispose(labels);
  }
}
