/**
 * The sliding-window functions of the kernel module (wasm/assembly/windows.ts). Geometry is passed
 * as integers: `planes` = N·C images of h×w, kernel kh×kw, stride sh×sw, dilation dh×dw, the
 * top/left padding and the outH×outW grid of windows; pointers are byte offsets.
 */
export interface WindowExports {
  im2colF32(x: number, planes: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
    dh: number, dw: number, top: number, left: number, outH: number, outW: number, fill: number, out: number): void;
  col2imF32(cols: number, planes: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
    dh: number, dw: number, top: number, left: number, outH: number, outW: number, out: number): void;
  maxPoolGatherF32(x: number, v: number, planes: number, h: number, w: number, kh: number, kw: number, sh: number,
    sw: number, dh: number, dw: number, top: number, left: number, outH: number, outW: number, out: number): void;
  maxPoolScatterF32(x: number, u: number, planes: number, h: number, w: number, kh: number, kw: number, sh: number,
    sw: number, dh: number, dw: number, top: number, left: number, outH: number, outW: number, out: number): void;
}

/** The export names, to check a module provides them all. */
export const WINDOW_EXPORTS: readonly (keyof WindowExports)[] = [
  'im2colF32', 'col2imF32', 'maxPoolGatherF32', 'maxPoolScatterF32',
];
