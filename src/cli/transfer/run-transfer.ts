/**
 * A transfer run: the source model, the target data, then every label budget × method × seed (`labels` per class,
 * the same rows for every method), each scored on the target's test split; resumable run by run.
 */
import { Generator } from '../../core/index.js';
import { dispose } from '../../tensor/index.js';
import { DataLoader, TensorDataset } from '../../data/index.js';
import { extractFeatures, type FeatureSet } from '../../transfer/index.js';
import { saveModel } from '../../models/index.js';
import type { TestResult } from '../training/classify.js';
import type { TransferConfig, TransferMethod } from '../config/schema.js';
import { loadClassificationData, rowsOf, type ClassificationData } from '../data/classification-data.js';
import { inputShape } from '../data/preprocess.js';
import { CliError, EXIT } from '../errors.js';
import { InterruptedError, type Interrupt } from '../interrupt.js';
import type { Output } from '../output.js';
import type { RunDir } from '../run-dir.js';
import { readsRows } from '../training/build.js';
import { testClassifier } from '../training/classify.js';
import { frozenBody, runMethod, type Classifier } from './methods.js';
import { obtainSource, type SourceModel } from './source-model.js';

/** One finished run of a method. */
export interface TransferRunRow {
  readonly method: TransferMethod;
  readonly perClass: number;
  readonly labels: number;
  readonly seed: number;
  readonly accuracy: number;
  readonly seconds: number;
}

/** `k` rows of each class, drawn with `seed` (all of a class that has fewer). */
export function perClassRows(labels: ArrayLike<number>, k: number, seed: number): number[] {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    if (!byClass.has(labels[i]!)) byClass.set(labels[i]!, []);
    byClass.get(labels[i]!)!.push(i);
  }
  const g = new Generator(seed);
  const rows: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(c)!;
    const order = Array.from(g.permutation(members.length), (j) => members[j]!);
    rows.push(...order.slice(0, k));
  }
  return rows.sort((a, b) => a - b);
}

function checkCompatible(source: SourceModel, target: ClassificationData): void {
  const want = inputShape(source.preprocess).join('×');
  const found = inputShape(target.preprocess).join('×');
  if (want !== found) {
    throw new CliError(`target: its inputs are ${found} but the source model takes ${want}${source.preprocess.kind === 'image' ? ` (set target.imageSize: ${source.preprocess.height})` : ''}`, EXIT.config);
  }
}

/** Options of {@link runTransfer}. */
export interface RunTransferOptions {
  readonly config: TransferConfig;
  readonly run: RunDir;
  readonly out: Output;
  readonly cwd: string;
  readonly resume: boolean;
  readonly interrupt?: Interrupt;
}

/** What a transfer run leaves. */
export interface TransferOutcome {
  readonly rows: readonly TransferRunRow[];
  readonly source: SourceModel;
  readonly target: ClassificationData;
  /** The best method at the largest budget (mean over seeds) and its test results, saved as `checkpoints/best`. */
  readonly best: { readonly method: TransferMethod; readonly test: TestResult; readonly checkpoint: string };
}

/** Run every budget × method × seed of the config not already in the run's metrics (with `resume`). */
export async function runTransfer(options: RunTransferOptions): Promise<TransferOutcome> {
  const { config, run, out } = options;
  const source = await obtainSource(config, options);
  const target = await loadClassificationData(config.target, 0, options.cwd, 'target');
  out.info(`target: ${target.description}`);
  checkCompatible(source, target);
  if (target.test === undefined) throw new CliError('target: the target data needs a test split (a built-in dataset, or target.test)', EXIT.config);
  const numClasses = target.classNames.length;
  const done = new Map<string, TransferRunRow>();
  if (options.resume) {
    for (const r of await run.readMetrics()) if (r.type === 'transfer') done.set(`${r.method}|${r.perClass}|${r.seed}`, r as unknown as TransferRunRow);
  }
  let features: FeatureSet | undefined;
  if (config.methods.includes('features')) {
    const { body, release } = frozenBody(source, numClasses);
    const loader = new DataLoader(new TensorDataset(...target.train), { batchSize: 256 });
    features = await extractFeatures(body, loader, { label: 'caching features', progress: out.fitSink() !== undefined, sink: out.fitSink() });
    release();
  }
  const budgets = [...config.labels].sort((a, b) => a - b);
  const total = budgets.length * config.methods.length * config.seeds.length;
  const bar = out.progress('transfer runs', total, 'runs');
  const rows: TransferRunRow[] = [];
  const keep = new Map<TransferMethod, Classifier>();
  const largest = budgets.at(-1)!;
  const labels = target.train[1].dataSync();
  try {
    for (const perClass of budgets) {
      for (const seed of config.seeds) {
        const idx = perClassRows(labels, perClass, 1000 + seed);
        const train = rowsOf(target.train, idx);
        for (const method of config.methods) {
          const key = `${method}|${perClass}|${seed}`;
          const previous = done.get(key);
          const keepModel = perClass === largest && seed === config.seeds[0];
          if (previous !== undefined && !keepModel) { rows.push(previous); bar.tick(1, 1); continue; }
          if (options.interrupt?.requested === true) {
            throw new InterruptedError(`interrupted; ${rows.length} of ${total} runs are saved in ${run.metricsFile}; continue with: tasknet transfer --resume ${run.dir}`);
          }
          const started = performance.now();
          const model = await runMethod(method, { config, source, numClasses, train, features, rows: idx, seed });
          const accuracy = previous?.accuracy ?? testClassifier(model, readsRows(source.config), target.test, target.classNames, 0).accuracy;
          const row: TransferRunRow = previous ?? { method, perClass, labels: idx.length, seed, accuracy, seconds: (performance.now() - started) / 1000 };
          rows.push(row);
          if (previous === undefined) await run.appendMetrics([{ type: 'transfer', ...row }]);
          out.event('transfer', { ...row });
          bar.tick(1, 1, { accuracy });
          if (keepModel) keep.set(method, model); else dispose([...model.parameters(), ...model.buffers()]);
        }
        dispose([...train]);
      }
    }
  } finally {
    features?.dispose();
  }
  bar.done();
  const best = await saveBest(rows, keep, largest, { run, source, target });
  return { rows, source, target, best };
}

/** Save each method's model at the largest budget, and the best of them as `checkpoints/best`. */
async function saveBest(rows: readonly TransferRunRow[], models: ReadonlyMap<TransferMethod, Classifier>, largest: number,
  { run, source, target }: { run: RunDir; source: SourceModel; target: ClassificationData }): Promise<TransferOutcome['best']> {
  const mean = (m: TransferMethod): number => {
    const accs = rows.filter((r) => r.method === m && r.perClass === largest).map((r) => r.accuracy);
    return accs.reduce((a, b) => a + b, 0) / accs.length;
  };
  const methods = [...models.keys()];
  const bestMethod = methods.reduce((a, b) => (mean(b) > mean(a) ? b : a));
  const extra = { classNames: target.classNames, preprocess: target.preprocess, run: run.dir, data: target.description, source: source.description };
  const fs = await import('node:fs/promises');
  await fs.mkdir(run.checkpoints, { recursive: true });
  const frozen = (model: Classifier): string[] => model.namedParameters().filter(([, p]) => !p.requiresGrad).map(([name]) => name);
  for (const [method, model] of models) {
    await saveModel(`${run.checkpoints}/${method}`, model as Parameters<typeof saveModel>[1], { extra: { ...extra, method, frozen: frozen(model) } });
  }
  const model = models.get(bestMethod)!;
  await saveModel(run.best, model as Parameters<typeof saveModel>[1], { extra: { ...extra, method: bestMethod, frozen: frozen(model) } });
  const test = testClassifier(model, readsRows(source.config), target.test!, target.classNames);
  for (const m of models.values()) dispose([...m.parameters(), ...m.buffers()]);
  return { method: bestMethod, test, checkpoint: run.best };
}
