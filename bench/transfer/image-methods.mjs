// The five ways to reach a target image task from a source SmallCNN (scenarios 1–3 of `npm run bench:transfer`).
//
//   scratch    a new SmallCNN, every parameter trained on the target labels;
//   features   the source's convolutional base frozen and run once (cached [N, 3136] features), a new
//              Linear 3136→128 → ReLU → Linear 128→C head trained on the cache;
//   finetune   the source model with a new last Linear 128→C, every parameter trained;
//   l2sp       finetune plus the L2-SP gradient α(w − w₀) on the backbone (α = 0.01) and β·w on the head (β = 1e-4);
//   lora       the source frozen, LoRA adapters (rank 4, alpha 8) on both convolutions and the Linear 3136→128, and
//              the new head trained.
// All use Adam lr 1e-3, the same epochs and batch size for a given number of labels, and the seed for the head's
// initialisation, the adapters' and the shuffling.
import * as tn from 'tasknet';
import { EVAL_BATCH, accuracy, runRows, trainClassifier } from './common.mjs';

/** The method names, in table order. */
export const IMAGE_METHODS = ['scratch', 'features', 'finetune', 'l2sp', 'lora'];

/** The SmallCNN's layers up to its Flatten (children 0–6): the convolutional base. */
export function convBase(model) {
  return new tn.nn.Sequential(...Array.from({ length: 7 }, (_, i) => model.at(i)));
}

/**
 * Run the source's frozen convolutional base once over `x` (batches of EVAL_BATCH); the features are shared by every
 * seed and every labelled subset of a scenario.
 */
export async function baseFeatures(source, x, y) {
  const base = convBase(source).eval();
  tn.transfer.freeze(base);
  const loader = new tn.data.DataLoader(new tn.data.TensorDataset(x, y), { batchSize: EVAL_BATCH });
  return tn.transfer.extractFeatures(base, loader, { progress: false });
}

/**
 * Train `method` on the labelled rows `idx` of `target.train` and return its test accuracy.
 * @param ctx - { loadSource: () => Promise<SmallCNN>, numClasses, target: {train: [x, y], test: [x, y]},
 *              features: {train: FeatureSet, test: FeatureSet}, idx, epochs, seed }
 */
export async function runImageMethod(method, ctx) {
  const { numClasses, target, idx, epochs, seed } = ctx;
  tn.manualSeed(seed);
  if (method === 'features') {
    const head = new tn.nn.Sequential(new tn.nn.Linear(3136, 128), new tn.nn.ReLU(), new tn.nn.Linear(128, numClasses));
    const train = runRows(ctx.features.train.x, ctx.features.train.y, idx);
    await trainClassifier(head, train.x, train.y, { epochs, seed });
    train.release();
    const acc = accuracy(head, ctx.features.test.x, ctx.features.test.y);
    tn.dispose(head.parameters());
    return acc;
  }
  let model;
  let l2sp;
  if (method === 'scratch') {
    model = new tn.models.SmallCNN({ numClasses });
  } else {
    model = await ctx.loadSource();
    tn.transfer.replaceHead(model, '9', new tn.nn.Linear(128, numClasses));
    if (method === 'l2sp') l2sp = new tn.transfer.L2SP(model, { alpha: 0.01, beta: 1e-4, head: '9' });
    if (method === 'lora') tn.transfer.addLora(model, { targets: ['0', '3', '7'], rank: 4, alpha: 8, trainable: ['9.**'] });
    if (!['finetune', 'l2sp', 'lora'].includes(method)) throw new Error(`unknown method ${method}; expected one of ${IMAGE_METHODS.join(', ')}`);
  }
  const train = runRows(...target.train, idx);
  await trainClassifier(model, train.x, train.y, { epochs, seed, beforeStep: l2sp === undefined ? undefined : () => l2sp.addGradient() });
  train.release();
  l2sp?.dispose();
  const acc = accuracy(model, ...target.test);
  tn.dispose([...model.parameters(), ...model.buffers()]);
  return acc;
}
