/** JSON for people: objects and arrays on one line when they fit, indented otherwise. */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function oneLine(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`);
  return parts.length === 0 ? '{}' : `{${parts.join(', ')}}`;
}

function format(value: Json, width: number, indent: string): string {
  const flat = oneLine(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${format(v, width, inner)}`).join(',\n')}\n${indent}]`;
  const lines = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, width - JSON.stringify(k).length - 2, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/**
 * `value` as JSON text (as `JSON.stringify` sees it: `toJSON` applied, functions and undefined members dropped) where
 * each object or array that fits in `width` characters at its indentation stays on one line.
 * @example prettyJson({sizes: [784, 128, 10], optimizer: {name: 'adam'}}) // '{"sizes": [784, 128, 10], "optimizer": {"name": "adam"}}'
 * @throws TypeError from JSON.stringify for a value that cannot be written as JSON (a cycle, a BigInt).
 */
export function prettyJson(value: unknown, width = 96): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : format(JSON.parse(text) as Json, width, '');
}
