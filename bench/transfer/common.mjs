// Shared pieces of `npm run bench:transfer`: statistics, labelled subsets, a plain training loop, accuracy, and a
// cache of the source (pretrained) models so that every method and seed starts from the same weights.
import { mkdir, access } from 'node:fs/promises';
import { join } from 'node:path';
import * as tn from 'tasknet';

/** Where source models are cached between runs: `$TASKNET_CACHE_DIR` (as the GloVe binary cache) or node_modules/.cache. */
export const CACHE_DIR = join(process.env.TASKNET_CACHE_DIR ?? join('node_modules', '.cache', 'tasknet'), 'bench-transfer');

/** Mean and sample standard deviation. */
export function meanStd(xs) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean: m, std: sd };
}

/** Plain-array indices (Generator.permutation returns a typed array, whose map() would coerce to numbers). */
export function permutation(seed, n) {
  return Array.from(new tn.Generator(seed).permutation(n));
}

/** `perClass` indices of each class of `labels` (an array), drawn with `seed`; class order, then draw order. */
export function perClassSubset(labels, perClass, seed, classes) {
  const order = permutation(seed, labels.length);
  const taken = new Map(classes.map((c) => [c, []]));
  for (const i of order) {
    const bucket = taken.get(labels[i]);
    if (bucket !== undefined && bucket.length < perClass) bucket.push(i);
  }
  return classes.flatMap((c) => taken.get(c));
}

/**
 * Rows `idx` of `x` and `y` for one run, and a `release()` that frees them: copies, or `x` and `y` themselves when
 * `idx` is every row in order (100% of the labels: no second copy of a large feature matrix).
 */
export function runRows(x, y, idx) {
  const all = idx.length === x.shape[0] && idx.every((v, i) => v === i);
  const [rx, ry] = all ? [x, y] : rows(x, y, idx);
  return { x: rx, y: ry, release: () => { if (!all) tn.dispose([rx, ry]); } };
}

/** Rows `idx` of `x` and `y` as new tensors. */
export function rows(x, y, idx) {
  const index = tn.tensor(Int32Array.from(idx), { dtype: 'int32' });
  const out = tn.noGrad(() => [tn.take(x, index, 0), tn.take(y, index, 0)]);
  index.dispose();
  return out;
}

/** Live and reserved wasm memory in MB, for the log. */
export function memoryMb() {
  const m = tn.memory();
  return `${(m.numBytes / 2 ** 20).toFixed(0)} MB live, ${((m.numReservedBytes ?? 0) / 2 ** 20).toFixed(0)} MB reserved`;
}

/** Batch size for `n` training examples: small sets get more, smaller steps. */
export function batchSizeFor(n) {
  return n <= 1000 ? 32 : 128;
}

/**
 * Train `model` with Adam on (x, y) for `epochs`, optionally only `params`; `beforeStep` adds extra gradients
 * (L2-SP). Returns nothing; the model is left in eval mode.
 */
export async function trainClassifier(model, x, y, { epochs, seed, lr = 1e-3, params, beforeStep, weightDecay = 0 }) {
  const n = x.shape[0];
  const loader = new tn.data.DataLoader(new tn.data.TensorDataset(x, y), { batchSize: batchSizeFor(n), shuffle: true, seed });
  const optimizer = new tn.optim.Adam(params ?? model.parameters().filter((p) => p.requiresGrad), { lr, weightDecay });
  await tn.train.fit(model, { train: loader, loss: tn.crossEntropy, optimizer, epochs, progress: false, beforeStep });
  optimizer.dispose();
  model.eval();
}

/** Rows per forward pass when evaluating or extracting: large batches make the wasm memory pool reserve more. */
export const EVAL_BATCH = 250;

/** Accuracy of `model` (or a function x → logits) on (x, y), batches of EVAL_BATCH, eval mode, no gradients. */
export function accuracy(model, x, y) {
  const forward = typeof model === 'function' ? model : (t) => model.forward(t);
  if (typeof model !== 'function') model.eval();
  const n = x.shape[0];
  const want = y.dataSync();
  let right = 0;
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const len = Math.min(EVAL_BATCH, n - start);
    const pred = tn.tidy(() => tn.noGrad(() => tn.argmax(forward(tn.narrow(x, 0, start, len)), 1)));
    const got = pred.dataSync();
    for (let i = 0; i < len; i++) if (got[i] === want[start + i]) right++;
    pred.dispose();
  }
  return right / n;
}

/**
 * The source model `name`: loaded from the cache when present, otherwise built by `train()` (which returns a model
 * with a `config`) and saved. Returns a fresh copy each call, so methods cannot disturb each other's start.
 */
export async function sourceModel(name, train, log) {
  const path = join(CACHE_DIR, name);
  try {
    await access(`${path}.safetensors`);
  } catch {
    await mkdir(CACHE_DIR, { recursive: true });
    const t0 = performance.now();
    const model = await train();
    await tn.models.saveModel(path, model);
    log(`  source model ${name}: trained in ${((performance.now() - t0) / 1000).toFixed(0)} s, saved to ${path}`);
  }
  return tn.models.loadModel(path);
}

/**
 * The label budgets of a scenario that `wanted` (from --budgets; undefined = all) asks for; an error naming the
 * scenario's budgets when it asks for none of them.
 */
export function selectBudgets(scenario, all, wanted) {
  if (wanted === undefined) return all;
  const chosen = all.filter((b) => wanted.includes(b.label));
  if (chosen.length === 0) throw new Error(`--budgets ${wanted.join(',')}: ${scenario} has ${all.map((b) => b.label).join(', ')}`);
  return chosen;
}
