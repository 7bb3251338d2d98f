/** Escaping user text (run names, class names, config values) for HTML and SVG. */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escape `text` for HTML or XML text and double- or single-quoted attribute values: `& < > " '` become entities, and
 * characters XML forbids (control characters other than tab, newline and carriage return, lone surrogates) become
 * U+FFFD, so an SVG file stays well-formed whatever a class name holds.
 * @example escapeHtml('<script>') // '&lt;script&gt;'
 */
export function escapeHtml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Cut `text` to at most `max` characters (code points), ending in `…` when cut; the result is not escaped.
 * @example truncate('convolutional', 6) // 'convo…'
 */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/**
 * A file-name-safe slug: lower-case ASCII letters and digits joined by `-` (at most 60 characters), or `fallback`
 * when nothing is left. Used for `plots/<name>.svg`, so a user's string can never leave the folder.
 * @example slug('Accuracy / Left task') // 'accuracy-left-task'
 */
export function slug(text: string, fallback = 'plot'): string {
  const s = text.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return s.length > 0 ? s : fallback;
}
