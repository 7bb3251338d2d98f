/** Number and path formatting of the command line's messages. */

/** `0.9731` → `97.31%`. */
export function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(2)}%`;
}

/** A path relative to `cwd` when it lies inside it, else as given. */
export function relative(cwd: string, path: string): string {
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
