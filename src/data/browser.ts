/**
 * data (browser-safe part): datasets, the DataLoader, splits, transforms, tokenisers, scalers, synthetic generators
 * and parsers of bytes and text (image files: PNG, PGM/PPM; zlib streams). Nothing here touches the file system;
 * `tasknet/data` in a browser bundle resolves to this module (the `browser` export condition).
 */
export { DataFormatError, type DataLocation } from './errors.js';
export { TensorDataset, Subset, ArrayDataset, type Dataset } from './dataset.js';
export { defaultCollate, type Collated } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './data-loader.js';
export { MultiTaskLoader, type MultiTaskLoaderOptions } from './multi-task-loader.js';
export type { MultiTaskBatch, MultiTaskSet, TaskTensors } from './multi-task-set.js';
export { dropLabels } from './drop-labels.js';
export type { Standardization } from './standardization.js';
export { overlayPair, type OverlayOptions } from './overlay-pair.js';
export {
  randomSplit, trainTestSplit, kFold, stratifiedKFold,
  type SplitRandomOptions, type TrainTestSplitOptions, type TrainTestSplit, type KFoldOptions, type Fold,
} from './splits.js';
export {
  compose, normalize, randomCrop, randomHorizontalFlip, randomVerticalFlip, toTensor,
  type Transform, type RandomCropOptions, type RandomFlipOptions, type ImageInput, type ToTensorOptions,
} from './transforms.js';
export { wordTokenize, CharTokenizer, type WordTokenizeOptions, type CharTokenizerOptions } from './tokenize.js';
export { Vocabulary, type VocabularyOptions, type VocabularyJSON } from './vocabulary.js';
export { NgramVectorizer, type NgramVectorizerOptions } from './ngram-vectorizer.js';
export { padSequences, type PadSequencesOptions } from './pad-sequences.js';
export { makeClassification, type MakeClassificationOptions } from './make-classification.js';
export {
  makeRegression, makeMoons, makeCircles, makeBlobs, xor,
  type MakeRegressionOptions, type MakeShapesOptions, type MakeBlobsOptions,
} from './synthetic.js';
export { StandardScaler, MinMaxScaler, type StandardScalerOptions } from './scalers.js';
export { parseCsv, splitCsvRecords, type CsvOptions, type CsvColumn, type CsvTable } from './csv.js';
export { parseIdx, idxImagesToTensor, idxLabelsToTensor, type IdxData, type IdxType, type IdxImagesOptions } from './idx.js';
export { parseCifar10Batch, cifar10ToTensors, CIFAR10_CLASSES, CIFAR10_RECORD_BYTES, type Cifar10Batch } from './cifar.js';
export { inflate, inflateRaw, type InflateOptions, type InflateResult } from './inflate.js';
export type { DecodedImage } from './decoded-image.js';
export { decodePng } from './png-decode.js';
export { decodeNetpbm } from './netpbm.js';
export { decodeImage, imageToTensor, type ImageToTensorOptions } from './image-files.js';
