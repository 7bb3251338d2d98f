import { WINDOW_EXPORTS, type WindowExports } from './window-exports.js';

/** The functions the kernel module exports (see wasm/assembly); pointers are byte offsets. */
export interface KernelExports extends WindowExports {
  heapBase(): number;
  gemmWorkBytes(): number;
  gemmF32(m: number, n: number, k: number, a: number, aRow: number, aCol: number,
    b: number, bRow: number, bCol: number, c: number, ldc: number, work: number): void;
  binaryF32(op: number, a: number, as0: number, as1: number, b: number, bs0: number, bs1: number,
    o: number, n0: number, n1: number): void;
  binaryI32(op: number, a: number, as0: number, as1: number, b: number, bs0: number, bs1: number,
    o: number, n0: number, n1: number): void;
  unaryF32(op: number, x: number, y: number, n: number): void;
  whereW(width: number, c: number, cs0: number, cs1: number, a: number, as0: number, as1: number,
    b: number, bs0: number, bs1: number, o: number, n0: number, n1: number): void;
  reduceF32(op: number, x: number, outer: number, dim: number, inner: number, y: number, work: number): void;
  reduceOuterInnerF32(op: number, x: number, outer: number, kept: number, inner: number, y: number, work: number): void;
  argReduceF32(isMax: number, x: number, outer: number, dim: number, inner: number, y: number): void;
  copyW(width: number, src: number, dst: number, n0: number, n1: number, n2: number, n3: number,
    s0: number, s1: number, s2: number, s3: number, d0: number, d1: number, d2: number, d3: number): void;
  gatherW(width: number, x: number, outer: number, dim: number, inner: number, idx: number, count: number, out: number): void;
  scatterAddF32(out: number, outer: number, dim: number, inner: number, idx: number, count: number, upd: number): void;
  castAny(from: number, to: number, x: number, y: number, n: number): void;
  adamF32(n: number, param: number, grad: number, m: number, v: number, vmax: number, amsgrad: number,
    paramScale: number, gradSign: number, weightDecay: number, beta1: number, oneMinusBeta1: number, beta2: number,
    oneMinusBeta2: number, biasCorrection2Sqrt: number, eps: number, negStepSize: number): void;
  sgdF32(n: number, param: number, grad: number, buf: number, useMomentum: number, nesterov: number,
    gradSign: number, weightDecay: number, momentum: number, oneMinusDampening: number, lr: number): void;
}

/** The export names, to check a module provides them all. */
export const KERNEL_EXPORTS: readonly (keyof KernelExports)[] = [
  'heapBase', 'gemmWorkBytes', 'gemmF32', 'binaryF32', 'binaryI32', 'unaryF32', 'whereW', 'reduceF32',
  'reduceOuterInnerF32', 'argReduceF32', 'copyW', 'gatherW', 'scatterAddF32', 'castAny', 'adamF32', 'sgdF32',
  ...WINDOW_EXPORTS,
];
