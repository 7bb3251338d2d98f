/** PyTorch-style text rendering of a tensor: `tensor([[1., 2.],\n        [3., 4.]])`. */
import { isFloatDType, sizeOf, type DType, type Shape, type TypedArray } from '../core/index.js';

/** What the suffix of the printout shows. */
export interface FormatOptions {
  /** Print `requires_grad=True` (for leaves). */
  readonly requiresGrad: boolean;
  /** Name of the producing op, printed as `grad_fn=<NameBackward>`. */
  readonly gradFn: string | undefined;
}

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

type ElementFormatter = (v: number) => string;

function floatFormatter(values: readonly number[]): ElementFormatter {
  const finite = values.filter((v) => Number.isFinite(v));
  const special = (v: number): string | undefined => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : undefined);
  if (finite.every((v) => Number.isInteger(v))) {
    const big = finite.some((v) => Math.abs(v) >= 1e8);
    return (v) => special(v) ?? (big ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : `${v.toFixed(0)}.`);
  }
  const magnitudes = finite.map(Math.abs).filter((v) => v > 0);
  const max = Math.max(...magnitudes);
  const min = Math.min(...magnitudes);
  const scientific = max >= 1e8 || min < 1e-4 || max / min > 1000;
  return (v) => special(v) ?? (scientific ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : v.toFixed(4));
}

function elementFormatter(values: TypedArray, dtype: DType, shown: readonly number[]): ElementFormatter {
  if (dtype === 'bool') return (v) => (v !== 0 ? 'True' : 'False');
  if (!isFloatDType(dtype)) return (v) => String(v);
  return floatFormatter(shown.map((i) => values[i] as number));
}

/** Flat indices of the elements that will be printed (all, or the edges when summarised). */
function shownIndices(shape: Shape, summarise: boolean): number[] {
  const out: number[] = [];
  const visit = (dim: number, offset: number): void => {
    if (dim === shape.length) { out.push(offset); return; }
    const n = shape[dim] as number;
    const stride = sizeOf(shape.slice(dim + 1));
    for (let i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE_ITEMS && i === EDGE_ITEMS) i = n - EDGE_ITEMS;
      visit(dim + 1, offset + i * stride);
    }
  };
  visit(0, 0);
  return out;
}

function renderNested(shape: Shape, text: (flat: number) => string, summarise: boolean, indent: number): string {
  const render = (dim: number, offset: number): string => {
    if (dim === shape.length) return text(offset);
    const n = shape[dim] as number;
    const stride = sizeOf(shape.slice(dim + 1));
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE_ITEMS && i === EDGE_ITEMS) { parts.push('...'); i = n - EDGE_ITEMS; }
      parts.push(render(dim + 1, offset + i * stride));
    }
    const depth = shape.length - dim - 1;
    const separator = depth === 0 ? ', ' : ',' + '\n'.repeat(depth) + ' '.repeat(indent + dim + 1);
    return `[${parts.join(separator)}]`;
  };
  return render(0, 0);
}

/**
 * Render values of the given shape the way PyTorch prints a tensor.
 * @param values - the elements, or undefined when they cannot be read synchronously
 */
export function formatTensor(values: TypedArray | undefined, shape: Shape, dtype: DType, options: FormatOptions): string {
  const suffix: string[] = [];
  if (dtype !== 'float32' && dtype !== 'bool') suffix.push(`dtype=${dtype}`);
  if (options.gradFn !== undefined) suffix.push(`grad_fn=<${options.gradFn[0]?.toUpperCase()}${options.gradFn.slice(1)}Backward>`);
  else if (options.requiresGrad) suffix.push('requires_grad=True');
  const tail = suffix.length > 0 ? `, ${suffix.join(', ')}` : '';
  if (values === undefined) return `tensor(<on device> shape=[${shape.join(', ')}]${tail})`;
  const size = sizeOf(shape);
  if (size === 0) return `tensor([]${tail}, size=[${shape.join(', ')}])`;
  const summarise = size > SUMMARY_THRESHOLD;
  const shown = shownIndices(shape, summarise);
  const format = elementFormatter(values, dtype, shown);
  const width = Math.max(...shown.map((i) => format(values[i] as number).length));
  const text = (i: number) => format(values[i] as number).padStart(width);
  return `tensor(${renderNested(shape, text, summarise, 'tensor('.length)}${tail})`;
}
