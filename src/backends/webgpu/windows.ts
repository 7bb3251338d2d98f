/**
 * Sliding-window kernels in WGSL: `im2col`, `col2im`, `maxPoolGather` and `maxPoolScatter`, with the
 * reference kernels' semantics (src/backend/reference/im2col.ts, col2im.ts, max-pool.ts).
 *
 * The adjoints are gathers, not scatters: one thread per image position sums the taps (col2im) or
 * the windows' contributions (maxPoolScatter) that land on it, in the reference's order of additions
 * (taps in order of (i, j); windows in row-major order), so there are no atomics and float sums
 * round like the reference's. The geometry is read from `params`, never baked into the shaders:
 * params = [count, h, w, kh, kw, sh, sw, dh, dw, top, left, outH, outW, …].
 */
import { castArray, sizeOf, type DType } from '../../core/index.js';
import { windowCount, type KernelFunc, type WindowGeometry } from '../../backend/index.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, header, Meta, WGSL_PRELUDE, wgslType, type WgslType } from './wgsl.js';

/** The geometry words after the count, for images [N, C, H, W] = `image`. */
function geometryMeta(count: number, image: readonly number[], g: WindowGeometry): Meta {
  const h = image[2]!;
  const w = image[3]!;
  return new Meta().u32(count, h, w, g.kernel[0], g.kernel[1], g.stride[0], g.stride[1], g.dilation[0], g.dilation[1],
    g.pads[0][0], g.pads[1][0], windowCount(h, g, 0), windowCount(w, g, 1));
}

/** WGSL reading the geometry words into `let`s. */
const GEOMETRY = `  let h = params[1]; let w = params[2]; let kh = params[3]; let kw = params[4];
  let sh = params[5]; let sw = params[6]; let dh = params[7]; let dw = params[8];
  let top = params[9]; let left = params[10]; let outH = params[11]; let outW = params[12];`;

/** Zero of a WGSL type. */
function zeroOf(t: WgslType): string {
  return t === 'f32' ? '0.0' : t === 'i32' ? '0i' : '0u';
}

/** `acc + v` of a dtype's storage: OR for bool, wrapping for int32. */
function accumulate(t: WgslType, acc: string, v: string): string {
  return t === 'u32' ? `select(0u, 1u, ${acc} != 0u || ${v} != 0u)` : `${acc} + ${v}`;
}

/** The word holding `value` converted to `dtype` like `cast` (im2col's padding value). */
function fillWord(meta: Meta, value: number, dtype: DType): Meta {
  const converted = castArray([value], dtype)[0]!;
  if (dtype === 'float32') return meta.f32(converted);
  if (dtype === 'int32') return meta.i32(converted);
  return meta.u32(converted);
}

/** `im2col`: one thread per element of the columns [N, C·kh·kw, outH·outW]. */
export const im2colKernel: KernelFunc<'im2col', WebGpuBackend> = (backend, [x], attrs, out) => {
  const size = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, size);
  if (size === 0) return y;
  const t = wgslType(out.dtype);
  backend.run({
    key: `im2col/${t}`,
    code: () => `${header([{ name: 'X', type: t }], [{ name: 'Y', type: t }])}
${flatMain('params[0]', `${GEOMETRY}
  let columns = outH * outW;
  let col = i % columns;
  let row = i / columns;
  let taps = kh * kw;
  let plane = row / taps;
  let tap = row % taps;
  let oy = col / outW;
  let ox = col % outW;
  let yy = i32(oy * sh + (tap / kw) * dh) - i32(top);
  let xx = i32(ox * sw + (tap % kw) * dw) - i32(left);
  if (yy >= 0 && yy < i32(h) && xx >= 0 && xx < i32(w)) {
    Y[i] = X[(plane * h + u32(yy)) * w + u32(xx)];
  } else {
    Y[i] = bitcast<${t}>(params[13]);
  }`)}`,
    inputs: [gpuStorage(x.storage).buffer],
    outputs: [y.buffer],
    meta: fillWord(geometryMeta(size, x.shape, attrs), attrs.value, out.dtype).toArray(),
    workgroups: grid1d(size),
  });
  return y;
};

/** `col2im`: one thread per image element, summing its taps in order of (i, j). */
export const col2imKernel: KernelFunc<'col2im', WebGpuBackend> = (backend, [cols], attrs, out) => {
  const size = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, size);
  if (size === 0) return y;
  const t = wgslType(out.dtype);
  backend.run({
    key: `col2im/${t}`,
    code: () => `${header([{ name: 'COLS', type: t }], [{ name: 'Y', type: t }])}
${flatMain('params[0]', `${GEOMETRY}
  let plane = i / (h * w);
  let y = (i % (h * w)) / w;
  let x = i % w;
  let columns = outH * outW;
  var acc: ${t} = ${zeroOf(t)};
  for (var ti = 0u; ti < kh; ti += 1u) {
    let ty = i32(y + top) - i32(ti * dh);
    if (ty < 0) { break; }
    if (u32(ty) % sh != 0u) { continue; }
    let oy = u32(ty) / sh;
    if (oy >= outH) { continue; }
    for (var tj = 0u; tj < kw; tj += 1u) {
      let tx = i32(x + left) - i32(tj * dw);
      if (tx < 0) { break; }
      if (u32(tx) % sw != 0u) { continue; }
      let ox = u32(tx) / sw;
      if (ox >= outW) { continue; }
      let v = COLS[((plane * kh + ti) * kw + tj) * columns + oy * outW + ox];
      acc = ${accumulate(t, 'acc', 'v')};
    }
  }
  Y[i] = acc;`)}`,
    inputs: [gpuStorage(cols.storage).buffer],
    outputs: [y.buffer],
    meta: geometryMeta(size, out.shape, attrs).toArray(),
    workgroups: grid1d(size),
  });
  return y;
};

/**
 * WGSL `window_argmax(plane, oy, ox) -> i32`: the flat index into X of the first maximum of window
 * (oy, ox) among its taps inside the image, in tap order; NaN is the largest (the first NaN wins);
 * −1 when every tap is in the padding (inference rules that out).
 */
function argmaxFunction(tx: WgslType): string {
  const nan = tx === 'f32' ? 'is_nan(v)' : 'false';
  return `${WGSL_PRELUDE}
fn window_argmax(plane: u32, oy: u32, ox: u32) -> i32 {
${GEOMETRY}
  var best: ${tx} = ${zeroOf(tx)};
  var bestAt = -1i;
  for (var ti = 0u; ti < kh; ti += 1u) {
    let yy = i32(oy * sh + ti * dh) - i32(top);
    if (yy < 0 || yy >= i32(h)) { continue; }
    for (var tj = 0u; tj < kw; tj += 1u) {
      let xx = i32(ox * sw + tj * dw) - i32(left);
      if (xx < 0 || xx >= i32(w)) { continue; }
      let at = i32((plane * h + u32(yy)) * w + u32(xx));
      let v = X[at];
      if (${nan}) { return at; }
      if (bestAt < 0 || v > best) { best = v; bestAt = at; }
    }
  }
  return bestAt;
}`;
}

/** `maxPoolGather`: one thread per window, v at the window's first maximum of x. */
export const maxPoolGatherKernel: KernelFunc<'maxPoolGather', WebGpuBackend> = (backend, [x, v], attrs, out) => {
  const size = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, size);
  if (size === 0) return y;
  const tx = wgslType(x.dtype);
  const tv = wgslType(v.dtype);
  backend.run({
    key: `maxPoolGather/${tx}/${tv}`,
    code: () => `${header([{ name: 'X', type: tx }, { name: 'V', type: tv }], [{ name: 'Y', type: tv }])}
${argmaxFunction(tx)}
${flatMain('params[0]', `  let columns = params[11] * params[12];
  let at = window_argmax(i / columns, (i % columns) / params[12], i % params[12]);
  if (at >= 0) { Y[i] = V[at]; } else { Y[i] = ${zeroOf(tv)}; }`)}`,
    inputs: [gpuStorage(x.storage).buffer, gpuStorage(v.storage).buffer],
    outputs: [y.buffer],
    meta: geometryMeta(size, x.shape, attrs).toArray(),
    workgroups: grid1d(size),
  });
  return y;
};

/**
 * `maxPoolScatter` in two passes: each window's first maximum (a flat index into x, int32) into a
 * scratch storage; then one thread per position of x sums u over the windows whose maximum it is,
 * in row-major window order (OR for bool).
 */
export const maxPoolScatterKernel: KernelFunc<'maxPoolScatter', WebGpuBackend> = (backend, [x, u], attrs, out) => {
  const size = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, size);
  if (size === 0) return y;
  const windows = sizeOf(u.shape);
  const tx = wgslType(x.dtype);
  const tu = wgslType(u.dtype);
  const xBuffer = gpuStorage(x.storage).buffer;
  const argmax = backend.createStorage('int32', Math.max(1, windows));
  if (windows > 0) {
    backend.run({
      key: `maxPoolArgmax/${tx}`,
      code: () => `${header([{ name: 'X', type: tx }], [{ name: 'IDX', type: 'i32' }])}
${argmaxFunction(tx)}
${flatMain('params[0]', `  let columns = params[11] * params[12];
  IDX[i] = window_argmax(i / columns, (i % columns) / params[12], i % params[12]);`)}`,
      inputs: [xBuffer],
      outputs: [argmax.buffer],
      meta: geometryMeta(windows, x.shape, attrs).toArray(),
      workgroups: grid1d(windows),
    });
  }
  backend.run({
    key: `maxPoolScatter/${tu}`,
    code: () => `${header([{ name: 'IDX', type: 'i32' }, { name: 'U', type: tu }], [{ name: 'Y', type: tu }])}
${flatMain('params[0]', `${GEOMETRY}
  let plane = i / (h * w);
  let y = (i % (h * w)) / w;
  let x = i % w;
  let columns = outH * outW;
  let yy = i32(y + top);
  let xx = i32(x + left);
  let ylo = yy - i32((kh - 1u) * dh);
  let xlo = xx - i32((kw - 1u) * dw);
  let oyLo = select(0, (ylo + i32(sh) - 1) / i32(sh), ylo > 0);
  let oxLo = select(0, (xlo + i32(sw) - 1) / i32(sw), xlo > 0);
  let oyHi = min(i32(outH) - 1, yy / i32(sh));
  let oxHi = min(i32(outW) - 1, xx / i32(sw));
  var acc: ${tu} = ${zeroOf(tu)};
  for (var oy = oyLo; oy <= oyHi; oy += 1) {
    if ((yy - oy * i32(sh)) % i32(dh) != 0) { continue; }
    for (var ox = oxLo; ox <= oxHi; ox += 1) {
      if ((xx - ox * i32(sw)) % i32(dw) != 0) { continue; }
      let win = plane * columns + u32(oy) * outW + u32(ox);
      if (IDX[win] == i32(i)) {
        let v = U[win];
        acc = ${accumulate(tu, 'acc', 'v')};
      }
    }
  }
  Y[i] = acc;`)}`,
    inputs: [argmax.buffer, gpuStorage(u.storage).buffer],
    outputs: [y.buffer],
    meta: geometryMeta(size, out.shape, attrs).toArray(),
    workgroups: grid1d(size),
  });
  // Safe to pool now: later users of the buffer record their passes after these.
  backend.release(argmax);
  return y;
};
