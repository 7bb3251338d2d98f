/** JSON lines as the command line writes them (stdout events, metrics.jsonl). */

/** One line of JSON; NaN and ±∞, which JSON cannot hold, are written as the strings "NaN", "Infinity", "-Infinity". */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}\n`;
}
