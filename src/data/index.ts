/**
 * data: datasets and loaders with seeded shuffling, splits, transforms, tokenisers, scalers, synthetic generators,
 * file readers (IDX, CIFAR-10, CSV, text folders), image decoders (PNG, PGM/PPM) and ready data sets
 * (`datasets.mnist()`, ...).
 *
 * The readers and `datasets` need Node.js; they load `node:` built-ins on first use (no static `node:` import), so
 * this module also loads in a browser, where `tasknet/data` resolves to the browser-safe part (`./browser.js`).
 * @example
 * import * as tn from 'tasknet';
 * const {x, y} = await tn.data.datasets.mnist({split: 'test'});
 * const loader = new tn.data.DataLoader(new tn.data.TensorDataset(x, y), {batchSize: 128, shuffle: true, seed: 0});
 */
export * from './browser.js';
export { readIdx, loadIdxImages, loadIdxLabels, readCifar10, readCsv, type ReadCifar10Options } from './read-files.js';
export { readTextFolder, type TextFolderOptions, type TextFolder } from './read-text-folder.js';
export * as datasets from './datasets/index.js';
export * as wordVectors from './word-vectors/index.js';
