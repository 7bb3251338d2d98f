/** HTML fragments of the report: tables and figures, with every piece of user text escaped here. */
import { escapeHtml } from './escape.js';

/** A table cell: text (escaped when rendered) or pre-built HTML with an optional class. */
export type Cell = string | { readonly html: string; readonly className?: string };

function cell(tag: 'td' | 'th', c: Cell): string {
  if (typeof c === 'string') return `<${tag}>${escapeHtml(c)}</${tag}>`;
  return `<${tag}${c.className === undefined ? '' : ` class="${escapeHtml(c.className)}"`}>${c.html}</${tag}>`;
}

/** A table with a header row; `rowClasses[i]` (optional) is the class of body row i. */
export function htmlTable(head: readonly Cell[], rows: readonly (readonly Cell[])[], rowClasses: readonly (string | undefined)[] = []): string {
  const body = rows.map((r, i) => {
    const cls = rowClasses[i];
    return `<tr${cls === undefined ? '' : ` class="${escapeHtml(cls)}"`}>${r.map((c) => cell('td', c)).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((c) => cell('th', c)).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** A figure holding an inline SVG (already safe) and an escaped caption. */
export function htmlFigure(svg: string, caption: string, id: string): string {
  return `<figure id="${escapeHtml(id)}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** A section with an id (for the contents), a heading and a body of HTML. */
export function htmlSection(id: string, heading: string, body: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(heading)}</h2>${body}</section>`;
}
