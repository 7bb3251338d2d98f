/** FeatureCache: extracted features by name, in memory and optionally in safetensors files. */
import { ValueError } from '../core/index.js';
import { loadSafetensorsWithMetadata, saveSafetensors } from '../io/index.js';
import type { BatchSource, ProgressSink } from '../train/index.js';
import { extractFeatures, type Extractor } from './extract-features.js';
import { FeatureSet } from './feature-set.js';

/** Options of a FeatureCache. */
export interface FeatureCacheOptions {
  /** A folder for `<name>.safetensors` files (Node.js; created when needed); without it the cache is in memory only. */
  readonly dir?: string;
  /** `true` (default) shows a progress bar while extracting; `false` prints nothing. */
  readonly progress?: boolean;
  /** Where the progress bar writes (default stderr). */
  readonly sink?: ProgressSink;
}

/** The `format` entry of a features file's metadata. */
export const FEATURES_FORMAT = 'tasknet-features';

const NAME = /^[A-Za-z0-9][\w.-]*$/;

/**
 * Features by a name you choose (the name is the key: change it when the extractor or the data change): the first
 * `get` runs the extractor once over the data (`extractFeatures`) and keeps the result in memory and, with `dir`,
 * in `dir/<name>.safetensors` (tensors `features` and `labels`); later calls, and later runs with the same `dir`,
 * return it without running the extractor. The cache owns the sets it returns: `delete` or `clear` free them.
 * @example
 * const cache = new tn.transfer.FeatureCache({dir: '.cache/features'});
 * const train = await cache.get('mnist-train.small-cnn', tn.transfer.backbone(cnn), trainLoader);
 * await tn.train.fit(head, {train: train.loader({batchSize: 128, shuffle: true}), loss: tn.crossEntropy, optimizer, epochs: 5});
 */
export class FeatureCache {
  private readonly sets = new Map<string, FeatureSet>();

  /** @param options - `dir` for files, progress bar settings */
  constructor(readonly options: FeatureCacheOptions = {}) {}

  /** The file a name is stored in, or undefined without `dir`. */
  pathOf(name: string): string | undefined {
    checkName(name);
    return this.options.dir === undefined ? undefined : `${this.options.dir.replace(/[/\\]+$/, '')}/${name}.safetensors`;
  }

  /**
   * The features stored under `name`: from memory, else from the file, else extracted now (and saved).
   * @param name - the key: letters, digits, `_`, `.`, `-` (a file name)
   * @param extractor - the frozen part: a module or a function `x → features`
   * @param data - the batches `[x, y]` to run it over
   * @param options - `refresh: true` extracts again, replacing what was stored
   * @throws ValueError for a bad name, or a file under that name that is not a features file
   */
  async get(name: string, extractor: Extractor, data: BatchSource, options: { readonly refresh?: boolean } = {}): Promise<FeatureSet> {
    const path = this.pathOf(name);
    if (options.refresh === true) this.delete(name);
    const held = this.sets.get(name);
    if (held !== undefined) return held;
    let set = options.refresh === true || path === undefined ? undefined : await readFeatures(path);
    if (set === undefined) {
      set = await extractFeatures(extractor, data, { label: `features ${name}`, progress: this.options.progress, sink: this.options.sink });
      if (path !== undefined) await writeFeatures(path, name, set);
    }
    this.sets.set(name, set);
    return set;
  }

  /** Whether `name` is held in memory. */
  has(name: string): boolean {
    return this.sets.has(name);
  }

  /** Free the features held under `name` (the file stays). */
  delete(name: string): void {
    this.sets.get(name)?.dispose();
    this.sets.delete(name);
  }

  /** Free every set held in memory (files stay). */
  clear(): void {
    for (const name of [...this.sets.keys()]) this.delete(name);
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ValueError('FeatureCache', `a name must be letters, digits, '_', '.' or '-' (starting with a letter or digit), found ${JSON.stringify(name)}`);
  }
}

async function readFeatures(path: string): Promise<FeatureSet | undefined> {
  const fs = await import('node:fs/promises');
  if (!(await fs.stat(path).then((s) => s.isFile(), () => false))) return undefined;
  const { tensors, metadata } = await loadSafetensorsWithMetadata(path);
  const { features, labels } = tensors;
  if (metadata?.format !== FEATURES_FORMAT || features === undefined || labels === undefined) {
    for (const t of Object.values(tensors)) t.dispose();
    throw new ValueError('FeatureCache', `${path} is not a features file (expected metadata format '${FEATURES_FORMAT}' and tensors features, labels)`);
  }
  return new FeatureSet(features, labels, 'disk');
}

async function writeFeatures(path: string, name: string, set: FeatureSet): Promise<void> {
  const fs = await import('node:fs/promises');
  const dir = path.slice(0, path.lastIndexOf('/'));
  if (dir !== '') await fs.mkdir(dir, { recursive: true });
  await saveSafetensors(path, { features: set.x, labels: set.y }, { format: FEATURES_FORMAT, name, samples: String(set.length) });
}
