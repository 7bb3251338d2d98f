/** readTextFolder (Node.js only): labelled texts stored one file per text, one folder per class (aclImdb layout). */
import { ValueError } from '../core/index.js';
import { nodeBuiltins } from './node-builtins.js';

/** Options of `readTextFolder`. */
export interface TextFolderOptions {
  /** Sub-folder to read (`'train'` or `'test'` in aclImdb); default: `dir` itself holds the class folders. */
  readonly split?: string;
  /** Class folders to read, in label order (default: every sub-folder except `unsup`, sorted). */
  readonly classes?: readonly string[];
  /** File name endings to read (default `['.txt']`; an empty list reads every file). */
  readonly extensions?: readonly string[];
  /** Read at most this many files per class, in sorted order (default all). */
  readonly limitPerClass?: number;
}

/** What `readTextFolder` returns. */
export interface TextFolder {
  /** The texts, class by class, files in sorted order. */
  readonly texts: string[];
  /** Label of each text: the index of its folder in `classes`. */
  readonly labels: Int32Array;
  /** Class names (folder names) in label order. */
  readonly classes: string[];
  /** Path of each text's file. */
  readonly files: string[];
}

/**
 * Read texts laid out as `dir/[split/]<class>/<file>.txt`, the layout of the IMDB reviews (`aclImdb/train/pos`,
 * `aclImdb/train/neg`; the unlabelled `unsup` folder is skipped) and of torchvision's `ImageFolder`. Classes are the
 * sub-folder names in sorted order (so `neg` = 0, `pos` = 1), unless listed.
 * @param dir - the root folder
 * @param options - split, classes, extensions (['.txt']), limitPerClass
 * @throws ValueError when the folder has no class sub-folders or a listed class is missing.
 * @example
 * const {texts, labels, classes} = await tn.data.readTextFolder('aclImdb', {split: 'train'}); // classes ['neg', 'pos']
 */
export async function readTextFolder(dir: string, options: TextFolderOptions = {}): Promise<TextFolder> {
  const { fs, path } = await nodeBuiltins('readTextFolder');
  const root = options.split === undefined ? dir : path.join(dir, options.split);
  let entries;
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch (err) {
    throw new ValueError('readTextFolder', `expected a folder of class folders at ${root}, but it cannot be read (${(err as Error).message})`);
  }
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  const classes = options.classes !== undefined ? [...options.classes] : folders.filter((f) => f !== 'unsup').sort();
  for (const c of classes) {
    if (!folders.includes(c)) throw new ValueError('readTextFolder', `class folder '${c}' is missing in ${root} (found: ${folders.join(', ') || 'none'})`);
  }
  if (classes.length === 0) throw new ValueError('readTextFolder', `expected class sub-folders in ${root}, found none`);
  const extensions = options.extensions ?? ['.txt'];
  const texts: string[] = [];
  const labels: number[] = [];
  const files: string[] = [];
  for (const [label, name] of classes.entries()) {
    const folder = path.join(root, name);
    let names = (await fs.readdir(folder, { withFileTypes: true }))
      .filter((e) => e.isFile() && (extensions.length === 0 || extensions.some((x) => e.name.endsWith(x))))
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (options.limitPerClass !== undefined) names = names.slice(0, options.limitPerClass);
    const paths = names.map((n) => path.join(folder, n));
    for (let start = 0; start < paths.length; start += 64) {
      const chunk = paths.slice(start, start + 64);
      texts.push(...await Promise.all(chunk.map((p) => fs.readFile(p, 'utf8'))));
    }
    files.push(...paths);
    for (let i = 0; i < paths.length; i++) labels.push(label);
  }
  return { texts, labels: Int32Array.from(labels), classes, files };
}
