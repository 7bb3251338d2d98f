/** Short, stable number formats for tick labels and tables. */

/** `1e-7`, `2e+21` → `1e-7`, `2e21`: JavaScript's exponent form without the `+`. */
function exponent(v: number, digits: number): string {
  return v.toExponential(digits).replace(/\.?0+e/, 'e').replace('e+', 'e');
}

/**
 * A tick label for `value` on an axis whose ticks are `step` apart: as many decimals as the step needs
 * (0.2 → one, 0.05 → two; zero too, so an axis reads 0.0, 0.2, …), or exponent form for steps below 10⁻⁴ or values
 * from 10⁶ up.
 * @example formatTick(0.6000000000000001, 0.2) // '0.6'
 * @example formatTick(2000000, 1000000) // '2e6'
 */
export function formatTick(value: number, step: number): string {
  if (Math.abs(value) >= 1e6 || (step > 0 && step < 1e-4)) return value === 0 ? '0' : exponent(value, 2);
  const decimals = step > 0 ? Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)) : 0;
  return value.toFixed(Math.min(decimals, 20));
}

/**
 * A number in at most `digits` significant digits, without trailing zeros; exponent form for magnitudes
 * from 10⁶ up or below 10⁻³; `NaN`, `∞` and `−∞` spelled out.
 * @example formatNumber(0.123456) // '0.1235'
 * @example formatNumber(1500) // '1500'
 */
export function formatNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a >= 1e6 || a < 1e-3) return exponent(value, Math.max(0, digits - 1));
  if (a >= 10 ** digits) return value.toFixed(0);
  return String(Number(value.toPrecision(digits)));
}
