/** A plain n-dimensional array for reference implementations: no tasknet code involved. */

/** Shape and row-major values. */
export interface ND {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major strides. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
}

/** Multi-index of flat position `flat`. */
export function coordsOf(flat: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length).fill(0);
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i] as number;
    coords[i] = flat % d;
    flat = Math.floor(flat / d);
  }
  return coords;
}

/** Element at a multi-index. */
export function at(x: ND, coords: readonly number[]): number {
  const s = stridesOf(x.shape);
  let off = 0;
  coords.forEach((c, i) => { off += c * (s[i] as number); });
  return x.data[off] as number;
}

/** Build an array of `shape` from a function of the multi-index. */
export function build(shape: readonly number[], f: (coords: number[]) => number): ND {
  const n = sizeOf(shape);
  const data = new Array<number>(n);
  for (let i = 0; i < n; i++) data[i] = f(coordsOf(i, shape));
  return { shape: [...shape], data };
}

/** NumPy broadcast shape of several shapes. */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1) d = v;
    }
    out.push(d);
  }
  return out;
}

/** Element of `x` read at a coordinate of a larger broadcast shape. */
export function atBroadcast(x: ND, coords: readonly number[]): number {
  const offset = coords.length - x.shape.length;
  return at(x, x.shape.map((d, i) => (d === 1 ? 0 : (coords[i + offset] as number))));
}

/** Element-wise function of broadcast operands. */
export function zipWith(inputs: readonly ND[], f: (...values: number[]) => number): ND {
  const shape = broadcastShape(...inputs.map((x) => x.shape));
  return build(shape, (c) => f(...inputs.map((x) => atBroadcast(x, c))));
}

/** Reduce the values over `axes` with `f` (one call per output element). */
export function reduceAxes(x: ND, axes: readonly number[], keepDim: boolean, f: (values: number[]) => number): ND {
  const norm = axes.map((a) => (a < 0 ? a + x.shape.length : a));
  const keptShape = x.shape.map((d, i) => (norm.includes(i) ? 1 : d));
  const groups = new Map<number, number[]>();
  for (let i = 0; i < sizeOf(x.shape); i++) {
    const c = coordsOf(i, x.shape).map((v, k) => (norm.includes(k) ? 0 : v));
    const key = c.reduce((acc, v, k) => acc * (keptShape[k] as number) + v, 0);
    const list = groups.get(key) ?? [];
    list.push(x.data[i] as number);
    groups.set(key, list);
  }
  const out = build(keptShape, (c) => f(groups.get(c.reduce((acc, v, k) => acc * (keptShape[k] as number) + v, 0)) ?? []));
  return keepDim ? out : { shape: x.shape.filter((_, i) => !norm.includes(i)), data: out.data };
}

/** Apply `f` to every 1-D fibre along `axis` (f maps a vector to a vector of the same length). */
export function alongAxis(x: ND, axis: number, f: (v: number[]) => number[]): ND {
  const ax = axis < 0 ? axis + x.shape.length : axis;
  const s = stridesOf(x.shape);
  const n = x.shape[ax] as number;
  const data = [...x.data];
  for (let i = 0; i < data.length; i++) {
    if (coordsOf(i, x.shape)[ax] !== 0) continue;
    const idx = Array.from({ length: n }, (_, k) => i + k * (s[ax] as number));
    const out = f(idx.map((j) => x.data[j] as number));
    idx.forEach((j, k) => { data[j] = out[k] as number; });
  }
  return { shape: x.shape, data };
}

/** Axes reordered: result axis i is input axis perm[i]. */
export function permuteND(x: ND, perm: readonly number[]): ND {
  const shape = perm.map((p) => x.shape[p] as number);
  return build(shape, (c) => {
    const src = new Array<number>(perm.length);
    perm.forEach((p, i) => { src[p] = c[i] as number; });
    return at(x, src);
  });
}
