/**
 * Pieces of WGSL shared by the kernels: element types, the binding header, a 1-D grid that
 * spans more than 65,535 workgroups, and the meta words (shapes, strides, scalars) a dispatch carries.
 */
import { DTypeError, type DType } from '../../core/index.js';

/** The WGSL element type of a dtype's GPU storage. */
export type WgslType = 'f32' | 'i32' | 'u32';

/** Threads per workgroup of the 1-D kernels. */
export const WORKGROUP_SIZE = 256;
/** Workgroups per grid dimension (WebGPU's guaranteed `maxComputeWorkgroupsPerDimension`). */
export const MAX_GROUPS_PER_DIM = 65535;

/**
 * f32 for float32, i32 for int32, u32 (0 or 1) for bool.
 * @throws DTypeError for float64.
 */
export function wgslType(dtype: DType): WgslType {
  switch (dtype) {
    case 'float32': return 'f32';
    case 'int32': return 'i32';
    case 'bool': return 'u32';
    default: throw new DTypeError('webgpu', `the webgpu backend has no ${dtype} (WGSL has no 64-bit floats)`);
  }
}

/** A storage array a shader binds: its variable name and element type. */
export interface Binding {
  readonly name: string;
  readonly type: WgslType;
}

/**
 * The binding declarations in the order `Dispatch` binds them: `inputs` read-only from 0, then
 * `outputs` read-write, then `params: array<u32>` when `meta` is true.
 */
export function header(inputs: readonly Binding[], outputs: readonly Binding[], meta = true): string {
  const lines: string[] = [];
  let binding = 0;
  for (const b of inputs) lines.push(`@group(0) @binding(${binding++}) var<storage, read> ${b.name}: array<${b.type}>;`);
  for (const b of outputs) lines.push(`@group(0) @binding(${binding++}) var<storage, read_write> ${b.name}: array<${b.type}>;`);
  if (meta) lines.push(`@group(0) @binding(${binding}) var<storage, read> params: array<u32>;`);
  return lines.join('\n');
}

/**
 * A `main` that runs `body` once per index `i` below `count` (a WGSL u32 expression, e.g. `params[0]`),
 * over the 2-D grid `grid1d` makes. `body` may `return` to skip an index.
 */
export function flatMain(count: string, body: string): string {
  return `@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.x + gid.y * groups.x * ${WORKGROUP_SIZE}u;
  if (i >= ${count}) { return; }
${body}
}`;
}

/** `count` workgroups laid out as [x, y] with x ≤ 65,535 and x · y ≥ `count` (one workgroup per item). */
export function groupGrid(count: number): [number, number] {
  if (count <= MAX_GROUPS_PER_DIM) return [count, 1];
  const y = Math.ceil(count / MAX_GROUPS_PER_DIM);
  return [Math.ceil(count / y), y];
}

/** Workgroups for `threads` threads of `flatMain`: [x, y] with x ≤ 65,535. */
export function grid1d(threads: number): [number, number] {
  return groupGrid(Math.ceil(threads / WORKGROUP_SIZE));
}

/** Words for a dispatch's `meta` binding, appended in order. */
export class Meta {
  readonly #words: number[] = [];
  readonly #f32 = new Float32Array(1);
  readonly #u32 = new Uint32Array(this.#f32.buffer);

  /** Append unsigned integers (counts, sizes, strides). */
  u32(...values: readonly number[]): this {
    for (const v of values) this.#words.push(v >>> 0);
    return this;
  }

  /** Append signed integers (read back with `bitcast<i32>(params[k])`). */
  i32(...values: readonly number[]): this {
    for (const v of values) this.#words.push((v | 0) >>> 0);
    return this;
  }

  /** Append float32 scalars (read back with `bitcast<f32>(params[k])`). */
  f32(...values: readonly number[]): this {
    for (const v of values) {
      this.#f32[0] = v;
      this.#words.push(this.#u32[0] as number);
    }
    return this;
  }

  /** Words appended so far (the index the next one gets). */
  get length(): number {
    return this.#words.length;
  }

  /** The words. */
  toArray(): Uint32Array {
    return Uint32Array.from(this.#words);
  }
}

/**
 * WGSL that walks the row-major index `flat` of a tensor of rank `params[rankAt]` and shape
 * `params[shapeAt ..]`, accumulating into each `offsets[k]` the coordinate times the strides stored at
 * `params[stridesAt[k] ..]`. Declares `var <offsets[k]>: u32` for each k. The positions are WGSL
 * expressions: anything that varies between dispatches of one pipeline (the rank) must be read from
 * `params`, never baked into the source, since a pipeline is compiled once per key.
 */
export function stridedOffsets(flat: string, rankAt: string, shapeAt: string, offsets: readonly string[], stridesAt: readonly string[]): string {
  const decls = offsets.map((o) => `  var ${o} = 0u;`).join('\n');
  const adds = offsets.map((o, k) => `    ${o} += c * params[${stridesAt[k]} + d];`).join('\n');
  return `${decls}
  var rest = ${flat};
  for (var e = params[${rankAt}]; e > 0u; e -= 1u) {
    let d = e - 1u;
    let dim = params[${shapeAt} + d];
    let c = rest % dim;
    rest = rest / dim;
${adds}
  }`;
}

/** WGSL functions every elementwise kernel may call (NaN tests that survive fast-math). */
export const WGSL_PRELUDE = `
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn nonzero_f32(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }
`;
