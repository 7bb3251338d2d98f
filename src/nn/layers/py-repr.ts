/** Formatting values the way PyTorch's `extra_repr` prints them (Python's `repr`), for `toString()`. */

/** A float as Python prints it: `1.0`, `0.1`, `1e-05`, `0.001`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = x.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const plain = String(x); // JavaScript prints plain decimals for these exponents, with the same shortest digits
  return plain.includes('.') ? plain : `${plain}.0`;
}

/** A boolean as Python prints it: `True` / `False`. */
export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** A number or a tuple as Python prints it: `2`, `(2, 3)`, `(3,)`; `null` entries print `None`. */
export function pyTuple(value: number | readonly (number | null)[]): string {
  if (typeof value === 'number') return String(value);
  const items = value.map((v) => (v === null ? 'None' : String(v)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}
