/** summary: a table of a model's modules with their parameter counts and whether they train (Keras `summary`). */
import { formatShape, ValueError, type Shape } from '../core/index.js';
import { noGrad, tidy, zeros, Tensor } from '../tensor/index.js';
import { BatchNormNd, Parameter, type Module } from '../nn/index.js';
import { hookForward } from './hook-forward.js';

/** Options of `summary`. */
export interface SummaryOptions {
  /** An example input (batch included): adds an output-shape column from one forward run in eval mode under noGrad. */
  readonly input?: Tensor;
  /** The shape of a float32 example input of zeros, batch included (instead of `input`), e.g. `[1, 1, 28, 28]`. */
  readonly inputShape?: Shape;
  /** Show modules down to this many name segments (default: all; 1 shows only the top-level children). */
  readonly depth?: number;
}

/** `1234567` → `1,234,567`. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function describeOutput(value: unknown): string {
  if (value instanceof Tensor) return formatShape(value.shape);
  if (Array.isArray(value)) return `(${value.map(describeOutput).join(', ')})`;
  return '-';
}

/** Output description of each module for one forward run on `input` (eval mode, noGrad; modes restored). */
function outputShapes(model: Module, input: Tensor): Map<Module, string> {
  const shapes = new Map<Module, string>();
  const modes = model.modules().map((m) => [m, m.training] as const);
  const removers = [...new Set(model.modules())].map((m) => hookForward(m, (out) => {
    if (!shapes.has(m)) shapes.set(m, describeOutput(out));
  }));
  try {
    model.eval();
    tidy(() => noGrad(() => { (model as unknown as { forward(x: Tensor): unknown }).forward(input); }));
  } finally {
    for (const remove of removers.reverse()) remove();
    for (const [m, mode] of modes) m.training = mode;
  }
  return shapes;
}

function trainsLabel(params: readonly Parameter[], module: Module): string {
  const trainable = params.filter((p) => p.requiresGrad).length;
  let label = params.length === 0 ? '-' : trainable === params.length ? 'yes' : trainable === 0 ? 'no' : 'partly';
  if (module instanceof BatchNormNd && module.freezeStatistics && module.trackRunningStats) label += ' (stats frozen)';
  return label;
}

/**
 * A text table of the model: each module by dotted name (PyTorch `named_modules`) with its class, the parameters it
 * holds itself (`--`: none, only its children do), whether it trains (`yes`, `no`, `partly` over all parameters
 * below it; `-` without parameters; a BatchNorm that keeps its running statistics frozen says so), then the total,
 * trainable and frozen parameter counts. With `input` or `inputShape`, a column of each module's output shape
 * from one forward pass (eval mode, no gradients; the modes are restored, running statistics untouched).
 * @param model - the model
 * @param options - `input` or `inputShape` for output shapes; `depth` to hide deeper modules
 * @returns the table, lines joined by `\n`
 * @throws ValueError for a bad `depth` or when both `input` and `inputShape` are given
 * @example console.log(tn.transfer.summary(model, {inputShape: [1, 1, 28, 28]}));
 */
export function summary(model: Module, options: SummaryOptions = {}): string {
  const depth = options.depth ?? Infinity;
  if (!(depth >= 1)) throw new ValueError('summary', `depth must be ≥ 1, found ${depth}`);
  if (options.input !== undefined && options.inputShape !== undefined) throw new ValueError('summary', 'give input or inputShape, not both');
  const input = options.input ?? (options.inputShape === undefined ? undefined : zeros(options.inputShape));
  let shapes: Map<Module, string> | undefined;
  try {
    shapes = input === undefined ? undefined : outputShapes(model, input);
  } finally {
    if (options.input === undefined) input?.dispose();
  }
  const seen = new Set<Parameter>();
  const rows: string[][] = [];
  for (const [name, m] of model.namedModules()) {
    const own = Object.values(m).filter((v): v is Parameter => v instanceof Parameter && !seen.has(v));
    for (const p of own) seen.add(p);
    const count = own.reduce((n, p) => n + p.size, 0);
    const segments = name === '' ? 0 : name.split('.').length;
    if (segments > depth || (name === '' && own.length === 0)) continue;
    const row = [name === '' ? '(root)' : name, m.constructor.name];
    if (shapes !== undefined) row.push(shapes.get(m) ?? '(not called)');
    row.push(own.length === 0 && m.children().length > 0 ? '--' : thousands(count), trainsLabel(m.parameters(), m));
    rows.push(row);
  }
  const header = ['Name', 'Type', ...(shapes === undefined ? [] : ['Output shape']), 'Params', 'Trains'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const numeric = header.indexOf('Params');
  const line = (cells: string[]) => cells.map((cell, c) => (c === numeric ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const total = model.numParameters();
  const trainable = model.numParameters(true);
  return [
    `${model.constructor.name} summary`, rule, line(header), rule, ...rows.map(line), rule,
    `Total params: ${thousands(total)}`, `Trainable params: ${thousands(trainable)}`, `Frozen params: ${thousands(total - trainable)}`,
  ].join('\n');
}
