/** The files a config section names, as `[key, path]` pairs for `checkFilesExist`. */
import type { DataConfig, FileSource } from './schema.js';

function sourceFiles(source: FileSource | undefined, key: string): [string, string][] {
  if (source === undefined) return [];
  return source.format === 'csv' ? [[`${key}.path`, source.path]] : [[`${key}.images`, source.images], [`${key}.labels`, source.labels]];
}

/** Files of a `data` (or `target`) section. */
export function dataFiles(data: DataConfig, key: string): [string, string][] {
  return [...sourceFiles(data.train, `${key}.train`), ...sourceFiles(data.test, `${key}.test`)];
}
