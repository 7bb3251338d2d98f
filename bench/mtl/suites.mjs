// The four multi-task benchmarks of `npm run bench:mtl` (MultiMNIST and MultiFashion count as two): data,
// tasks, the hard-sharing network and the MMoE network of each, epochs and optimiser settings.
import * as tn from 'tasknet';

const { mtl, nn, data, train } = tn;

const accuracy = () => new train.Accuracy();
const r2 = () => new train.R2Score();
const classification = (name) => ({ name, kind: 'classification', metrics: [accuracy] });
const regression = (name) => ({ name, kind: 'regression', metrics: [r2] });
const headsFor = (tasks, make) => Object.fromEntries(tasks.map((t) => [t, make(t)]));

/** LeNet trunk of Sener & Koltun (2018): conv-pool-conv-pool-FC, `width` scales the channels. */
function lenet(width = 1) {
  const [c1, c2] = [10 * width, 20 * width];
  return new nn.Sequential(
    new nn.Conv2d(1, c1, 5), new nn.MaxPool2d(2), new nn.ReLU(),
    new nn.Conv2d(c1, c2, 5), new nn.MaxPool2d(2), new nn.ReLU(),
    new nn.Flatten(), new nn.Linear(16 * c2, 50), new nn.ReLU(),
  );
}

/** Their task head: a 50-unit hidden layer, then 10 classes. */
const lenetHead = () => new nn.Sequential(new nn.Linear(50, 50), new nn.ReLU(), new nn.Linear(50, 10));

/** MultiMNIST or MultiFashion: two 28×28 items overlaid on a 36×36 canvas, resized to 28×28. */
function imagePairs(which, quick, fullSize = 20000) {
  const load = which === 'fashion' ? data.datasets.multiFashion : data.datasets.multiMnist;
  const size = quick ? 1000 : fullSize;
  const name = which === 'fashion' ? 'MultiFashion' : 'MultiMNIST';
  return {
    id: `${name.toLowerCase()}${fullSize === 20000 ? '' : `-${fullSize / 1000}k`}`,
    title: fullSize === 20000 ? name : `${name}, all ${fullSize.toLocaleString('en')} training images`,
    description: `two real ${which === 'fashion' ? 'Fashion-MNIST' : 'MNIST'} images overlaid with an offset (Sener & Koltun 2018); ` +
      `task left = the top-left item, right = the bottom-right one; ${size} training images, the full 10,000-image test set. ` +
      'Hard sharing: the LeNet trunk of Sener & Koltun with a 50-50-10 head per task; MMoE: 3 half-width LeNet experts, ' +
      'softmax gates on the pixels, the same heads. Gradient methods work on the shared representation with hard sharing ' +
      'and on the experts\' parameters with MMoE.',
    tasks: [classification('left'), classification('right')],
    epochs: quick ? 1 : 5, lr: 1e-3, batchSize: 128, representation: true,
    hardSharing: (tasks) => new mtl.HardSharing({ trunk: lenet(), heads: headsFor(tasks, lenetHead) }),
    mmoe: (tasks) => new mtl.MMoE({ experts: { count: 3, create: () => lenet(0.5) }, inputSize: 784, heads: headsFor(tasks, lenetHead) }),
    load: async () => ({
      train: await load({ split: 'train', size, seed: 0 }),
      test: await load({ split: 'test', ...(quick ? { size: 500 } : {}), seed: 0 }),
    }),
  };
}

/** Fashion-MNIST, three tasks from each image, 30% of the group labels missing in training. */
function fashionThree(quick) {
  const mlp = (sizes) => new nn.Sequential(...sizes.slice(1).flatMap((n, i) => [new nn.Linear(sizes[i], n), new nn.ReLU()]));
  const outputs = { label: 10, group: 3, intensity: 1 };
  const heads = (tasks) => headsFor(tasks, (t) => new nn.Linear(128, outputs[t]));
  return {
    id: 'fashion3',
    title: 'Fashion-MNIST, three tasks, 30% of the group labels missing',
    description: 'each Fashion-MNIST image carries three tasks: label (10 classes), group (top / footwear / other) and ' +
      'intensity (its mean pixel value, standardised; a regression scored by R², higher is better). 30% of the training images have no group ' +
      'label (mask 0, seed 0); the test set is fully labelled. Hard sharing: an MLP trunk 784-256-128 with a linear head ' +
      'per task; MMoE: 3 experts 784-128-128, gates on the pixels.',
    tasks: [classification('label'), classification('group'), regression('intensity')],
    epochs: quick ? 1 : 5, lr: 1e-3, batchSize: 128, representation: true,
    hardSharing: (tasks) => new mtl.HardSharing({ trunk: mlp([784, 256, 128]), heads: heads(tasks) }),
    mmoe: (tasks) => new mtl.MMoE({ experts: { count: 3, create: () => mlp([784, 128, 128]) }, inputSize: 784, heads: heads(tasks) }),
    load: async () => {
      const [trainSet, testSet] = [
        await data.datasets.fashionMultiTask({ split: 'train', flat: true, missing: { group: 0.3 }, seed: 0 }),
        await data.datasets.fashionMultiTask({ split: 'test', flat: true }),
      ];
      return quick ? { train: head(trainSet, 2000), test: head(testSet, 500) } : { train: trainSet, test: testSet };
    },
  };
}

/** The first `n` rows of a set with one shared input. */
function head(set, n) {
  const take = (t) => tn.slice(t, 0, 0, n);
  const map = (r) => (r === undefined ? undefined : Object.fromEntries(Object.entries(r).map(([k, t]) => [k, take(t)])));
  return { ...set, x: take(set.x), targets: map(set.targets), masks: map(set.masks) };
}

/** Sentiment on IMDB, Amazon and Yelp sentences: per-task inputs through one shared encoder. */
function sentiment(quick) {
  let vocabularySize = 0;
  const encoder = (dim) => new nn.Sequential(new nn.EmbeddingBag(vocabularySize, dim, { mode: 'mean', paddingIdx: 0 }), new nn.Linear(dim, 64), new nn.ReLU(), new nn.Dropout(0.3));
  const heads = (tasks) => headsFor(tasks, () => new nn.Linear(64, 2));
  return {
    id: 'sentiment',
    title: 'Sentiment, three sources with per-task inputs',
    description: 'the IMDB, Amazon and Yelp sentences of the npm package `sentiment` (1,000 each, 800 train / 200 test, ' +
      'seed 0) as three tasks; each task brings its own sentences through one shared encoder (mean of 64-d word ' +
      'embeddings, randomly initialised, then 64 ReLU units with dropout 0.3) to its own linear head. MMoE: 3 such ' +
      'encoders (32-d embeddings) as experts, each gate a 16-d mean embedding. Gradient methods work on the shared ' +
      'parameters (per-task inputs have no single shared representation).',
    tasks: [classification('imdb'), classification('amazon'), classification('yelp')],
    epochs: quick ? 1 : 15, lr: 3e-3, batchSize: 32, representation: false,
    hardSharing: (tasks) => new mtl.HardSharing({ trunk: encoder(64), heads: heads(tasks) }),
    mmoe: (tasks) => new mtl.MMoE({
      experts: { count: 3, create: () => encoder(32) }, inputSize: 64, heads: heads(tasks),
      gateFor: (_task, _n, e) => new nn.Sequential(new nn.EmbeddingBag(vocabularySize, 16, { mode: 'mean', paddingIdx: 0 }), new nn.Linear(16, e)),
    }),
    load: async () => {
      const trainSet = await data.datasets.sentimentMultiTask({ split: 'train', seed: 0 });
      const testSet = await data.datasets.sentimentMultiTask({ split: 'test', seed: 0 });
      vocabularySize = trainSet.vocabulary.size;
      return { train: trainSet, test: testSet };
    },
  };
}

/** Palmer penguins: species, sex (some unknown) and body mass from three measurements. */
function penguins(quick) {
  const mlp = (a, b) => new nn.Sequential(new nn.Linear(3, a), new nn.ReLU(), new nn.Linear(a, b), new nn.ReLU());
  const outputs = { species: 3, sex: 2, bodyMass: 1 };
  const heads = (tasks) => headsFor(tasks, (t) => new nn.Linear(32, outputs[t]));
  return {
    id: 'penguins',
    title: 'Penguins, three targets on the same rows',
    description: 'Palmer penguins (vega-datasets): species (3 classes), sex (2; the 9 rows of unknown sex are masked) and ' +
      'body mass (standardised; scored by R²) from beak length, beak depth and flipper length; 273 training and ' +
      '69 test rows (stratified, seed 0). Hard sharing: an MLP trunk 3-32-32 with a linear head per task; MMoE: 3 experts ' +
      '3-16-32, gates on the 3 features.',
    tasks: [classification('species'), classification('sex'), regression('bodyMass')],
    epochs: quick ? 2 : 60, lr: 1e-2, batchSize: 32, representation: true,
    hardSharing: (tasks) => new mtl.HardSharing({ trunk: mlp(32, 32), heads: heads(tasks) }),
    mmoe: (tasks) => new mtl.MMoE({ experts: { count: 3, create: () => mlp(16, 32) }, inputSize: 3, heads: heads(tasks) }),
    load: async () => ({
      train: await data.datasets.penguinsMultiTask({ split: 'train', seed: 0 }),
      test: await data.datasets.penguinsMultiTask({ split: 'test', seed: 0 }),
    }),
  };
}

/** Every suite by id; `quick` gives tiny versions (a smoke test of the benchmark itself). */
export const SUITES = {
  multimnist: (quick) => imagePairs('mnist', quick),
  multifashion: (quick) => imagePairs('fashion', quick),
  'multimnist-60k': (quick) => imagePairs('mnist', quick, 60000),
  fashion3: fashionThree,
  sentiment,
  penguins,
};
