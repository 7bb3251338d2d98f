/**
 * Dispatch: run a primitive kernel on the active backend, wrap the result in a Tensor and,
 * when grad mode is on and an input requires grad, record the node autograd will replay.
 */
import {
  castArray, formatShape, isFloatDType, ShapeError, sizeOf, type DType, type Shape, type TypedArray,
} from '../core/index.js';
import {
  getKernel, inferOutput, type Backend, type KernelAttrs, type KernelInputs, type KernelName, type TensorInfo,
} from '../backend/index.js';
import { gradRules, Primitives, reshapeGrad, type GradRule, type PrimitiveRunner } from '../autograd/index.js';
import { engine } from './engine.js';
import { StorageRef } from './storage-ref.js';
import { Tensor } from './tensor.js';

/** Move `t`'s elements to `backend` when they live elsewhere (a synchronous copy). */
function infoOn(t: Tensor, backend: Backend, op: string): TensorInfo {
  t.assertLive(op);
  if (t.ref.backend === backend) return { storage: t.ref.storage, shape: t.shape, dtype: t.dtype };
  const storage = backend.write(t.dataSync(), t.dtype);
  return { storage, shape: t.shape, dtype: t.dtype };
}

/** Create a tensor on the active backend from host values (converted to `dtype`). */
export function fromValues(values: ArrayLike<number>, shape: Shape, dtype: DType): Tensor {
  const backend = engine.backend;
  const typed = castArray(values, dtype);
  return new Tensor(new StorageRef(backend.write(typed, dtype), backend), [...shape], dtype);
}

/** Create a tensor from a typed array already of `dtype` (copied by the backend, no conversion). */
export function fromTypedArray(values: TypedArray, shape: Shape, dtype: DType): Tensor {
  const backend = engine.backend;
  return new Tensor(new StorageRef(backend.write(values, dtype), backend), [...shape], dtype);
}

function record<K extends KernelName>(kernel: K, op: string, inputs: Tensor[], out: Tensor, attrs: KernelAttrs<K>): void {
  const rule = gradRules[kernel] as GradRule<K> | undefined;
  if (rule === undefined || !engine.gradEnabled || !isFloatDType(out.dtype)) return;
  const needsGrad = inputs.map((t) => t.requiresGrad);
  if (!needsGrad.some(Boolean)) return;
  out.requiresGrad = true;
  out.node = {
    name: op,
    inputs,
    released: false,
    vjp: (dy) => rule({ inputs, output: out, attrs, needsGrad }, dy, primitives),
  };
}

/**
 * Run primitive `kernel` on the active backend. Inputs are validated and the output shape
 * inferred first, so errors name `op` (the user-facing operation).
 */
export function runKernel<K extends KernelName>(kernel: K, inputs: Tensor[], attrs: KernelAttrs<K>, op: string = kernel): Tensor {
  const backend = engine.backend;
  const infos = inputs.map((t) => infoOn(t, backend, op)) as unknown as KernelInputs<K>;
  const out = inferOutput(kernel, infos, attrs, op);
  const storage = getKernel(backend.name, kernel)(backend, infos, attrs, out);
  const result = new Tensor(new StorageRef(storage, backend), out.shape, out.dtype);
  record(kernel, op, inputs, result, attrs);
  return result;
}

/**
 * A view of `x` with a new shape of the same size; shares storage (no copy).
 * @throws ShapeError `reshape: cannot view [2,3] (6 elements) as [4,2] (8 elements)`
 */
export function reshapeView(x: Tensor, shape: Shape, op = 'reshape'): Tensor {
  x.assertLive(op);
  if (sizeOf(shape) !== x.size) {
    throw new ShapeError(op, `cannot view ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)} (${sizeOf(shape)} elements)`);
  }
  const view = new Tensor(x.ref.retain(), [...shape], x.dtype);
  if (engine.gradEnabled && x.requiresGrad) {
    view.requiresGrad = true;
    const inputShape = x.shape;
    view.node = { name: op, inputs: [x], released: false, vjp: (dy) => [reshapeGrad(inputShape, dy, primitives)] };
  }
  return view;
}

/** A rank-0 tensor. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  return fromValues([value], [], dtype);
}

const runner: PrimitiveRunner<Tensor> = {
  shape: (t) => t.shape,
  dtype: (t) => t.dtype,
  run: (kernel, inputs, attrs) => runKernel(kernel, inputs, attrs),
  reshape: (t, shape) => reshapeView(t, shape),
  scalar: scalarTensor,
};

/** Primitive helpers over Tensors (the same ones the gradient rules use). */
export const primitives = new Primitives<Tensor>(runner);
