// One benchmark configuration (a suite, an architecture, a strategy or a single-task baseline) trained once
// per seed: each task's test metric, the training seconds per epoch, and Δm% against the baselines.
import * as tn from 'tasknet';

const { mtl, data } = tn;

/** The single-task view of a multi-task set: only `task`'s input, target and mask. */
export function onlyTask(set, task) {
  const x = set.x instanceof tn.Tensor ? set.x : { [task]: set.x[task] };
  const masks = set.masks?.[task] === undefined ? undefined : { [task]: set.masks[task] };
  return { ...set, x, tasks: [task], targets: { [task]: set.targets[task] }, ...(masks === undefined ? { masks: undefined } : { masks }) };
}

/** The test metric key of a task spec: `<first metric's name>_<task>`. */
export function metricKey(spec) {
  return `${spec.metrics[0]().name}_${spec.name}`;
}

/**
 * Train `config` once with `seed`: a fresh model (`config.build(tasks)`), Adam at the suite's lr, the
 * strategy (`undefined` = equal weighting), the suite's epochs; then evaluate on the test set.
 * @returns each task's test metric (none with `evaluate: false`) and the training seconds per epoch
 */
export async function trainOnce(suite, config, seed, sets, { evaluate = true } = {}) {
  tn.manualSeed(seed);
  const specs = suite.tasks.filter((t) => config.tasks.includes(t.name));
  const model = config.build(config.tasks);
  const loader = new data.MultiTaskLoader(sets.train, { batchSize: suite.batchSize, shuffle: true, seed });
  const strategy = config.strategy === undefined ? undefined
    : mtl.createStrategy(config.strategy, { tasks: config.tasks, ...strategySeed(config.strategy, seed) });
  const started = performance.now();
  await mtl.fitMultiTask(model, {
    tasks: specs, train: loader, epochs: suite.epochs, progress: false,
    optimizer: new tn.optim.Adam(model.parameters(), { lr: suite.lr }),
    ...(strategy === undefined ? {} : { strategy }),
    representation: config.representation === true,
  });
  const secondsPerEpoch = (performance.now() - started) / 1000 / suite.epochs;
  if (!evaluate) return { metrics: {}, secondsPerEpoch };
  const test = await mtl.evaluateMultiTask(model, new data.MultiTaskLoader(sets.test, { batchSize: 1000 }), { tasks: specs });
  const metrics = Object.fromEntries(specs.map((s) => [s.name, test[metricKey(s)]]));
  return { metrics, secondsPerEpoch };
}

/** Strategies that draw random numbers take the run's seed. */
function strategySeed(name, seed) {
  return name === 'rlw' || name === 'pcgrad' ? { seed } : {};
}

/** Mean and sample standard deviation. */
export function meanStd(values) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length < 2 ? 0 : values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

/** Δm% of one run's metrics against the baselines' means. */
export function runDeltaM(suite, metrics, baselines) {
  return mtl.deltaM(suite.tasks.map((t) => ({ value: metrics[t.name], baseline: baselines[t.name], higherIsBetter: t.higherIsBetter ?? true })));
}
