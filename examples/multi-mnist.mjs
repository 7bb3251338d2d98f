// Multi-task learning on MultiMNIST (Sener & Koltun 2018): two real MNIST digits overlaid on one image, task
// `left` = the top-left digit, task `right` = the bottom-right one. One LeNet-style trunk shared by two heads
// (hard parameter sharing), trained with a weighting strategy, against single-task baselines with the same network.
//   node examples/multi-mnist.mjs [--strategy equal|uncertainty|dwa|rlw|gradnorm|pcgrad|cagrad|mgda] [--epochs 3]
//                                 [--size 12000] [--seed 0]
// (PCGrad, CAGrad and MGDA combine the tasks' gradients at the shared 50-unit representation.)
//   node examples/multi-mnist.mjs --dataset fashion     MultiFashion instead
// Prints each task's test accuracy for the multi-task network and for one single-task network per task, and Δm%.
import * as tn from 'tasknet';

const { mtl, nn, data } = tn;

function parseArgs(argv) {
  const args = { strategy: 'equal', epochs: 3, size: 12000, seed: 0, dataset: 'mnist', lr: 1e-3, batchSize: 128 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!(key in args) || argv[i + 1] === undefined) {
      throw new Error(`unknown option ${argv[i]} (expected ${Object.keys(args).map((k) => `--${k} value`).join(', ')})`);
    }
    args[key] = typeof args[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return args;
}

/** LeNet-style trunk of Sener & Koltun: two conv + pool blocks, then a 50-unit representation. */
function trunk() {
  return new nn.Sequential(
    new nn.Conv2d(1, 10, 5), new nn.MaxPool2d(2), new nn.ReLU(),
    new nn.Conv2d(10, 20, 5), new nn.MaxPool2d(2), new nn.ReLU(),
    new nn.Flatten(), new nn.Linear(320, 50), new nn.ReLU(),
  );
}

/** Task head of Sener & Koltun: a 50-unit hidden layer, then the 10 classes. */
function head() {
  return new nn.Sequential(new nn.Linear(50, 50), new nn.ReLU(), new nn.Linear(50, 10));
}

function model(tasks) {
  return new mtl.HardSharing({ trunk: trunk(), heads: Object.fromEntries(tasks.map((t) => [t, head()])) });
}

const taskSpec = (name) => ({ name, kind: 'classification', metrics: [() => new tn.train.Accuracy()] });

/** Only `task`'s targets: a single-task view of the same batches. */
function only(task, set) {
  return { ...set, tasks: [task], targets: { [task]: set.targets[task] } };
}

async function train(tasks, trainSet, testSet, args, strategy) {
  tn.manualSeed(args.seed);
  const net = model(tasks);
  const loader = new data.MultiTaskLoader(trainSet, { batchSize: args.batchSize, shuffle: true, seed: args.seed });
  const specs = tasks.map(taskSpec);
  const started = performance.now();
  await mtl.fitMultiTask(net, {
    tasks: specs, train: loader, epochs: args.epochs, optimizer: new tn.optim.Adam(net.parameters(), { lr: args.lr }),
    ...(strategy === undefined ? {} : { strategy: mtl.createStrategy(strategy, { tasks }) }),
    representation: ['pcgrad', 'cagrad', 'mgda'].includes(strategy),
  });
  const seconds = (performance.now() - started) / 1000;
  const test = await mtl.evaluateMultiTask(net, new data.MultiTaskLoader(testSet, { batchSize: 500 }), { tasks: specs });
  return { test, secondsPerEpoch: seconds / args.epochs };
}

const args = parseArgs(process.argv.slice(2));
const load = args.dataset === 'fashion' ? data.datasets.multiFashion : data.datasets.multiMnist;
const trainSet = await load({ split: 'train', size: args.size, seed: args.seed });
const testSet = await load({ split: 'test', seed: args.seed });
console.log(`Multi${args.dataset === 'fashion' ? 'Fashion' : 'MNIST'}: ${args.size} training and ${testSet.x.shape[0]} test images, ` +
  `${args.epochs} epochs, Adam lr ${args.lr}, batch ${args.batchSize}, seed ${args.seed}, backend ${tn.getBackend()}`);

const baselines = {};
for (const task of ['left', 'right']) {
  const { test, secondsPerEpoch } = await train([task], only(task, trainSet), only(task, testSet), args);
  baselines[task] = test[`accuracy_${task}`];
  console.log(`single-task ${task}: test accuracy ${(100 * baselines[task]).toFixed(2)}%  (${secondsPerEpoch.toFixed(1)} s/epoch)`);
}
const { test, secondsPerEpoch } = await train(['left', 'right'], trainSet, testSet, args, args.strategy);
const delta = mtl.deltaM(['left', 'right'].map((t) => ({ value: test[`accuracy_${t}`], baseline: baselines[t], higherIsBetter: true })));
console.log(`hard sharing + ${args.strategy}: left ${(100 * test.accuracy_left).toFixed(2)}%, right ${(100 * test.accuracy_right).toFixed(2)}%, ` +
  `Δm ${delta >= 0 ? '+' : ''}${delta.toFixed(2)}%  (${secondsPerEpoch.toFixed(1)} s/epoch, one network for both tasks)`);
