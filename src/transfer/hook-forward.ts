/** Temporary forward overrides: observe or replace one module's forward without changing its class. */
import type { Module } from '../nn/index.js';

/** A forward function (any arguments, any result). */
export type ForwardFn = (...inputs: unknown[]) => unknown;

/**
 * Replace `module.forward` by `make(original)` as an own, non-enumerable property (parameters and state-dict keys
 * do not change). Call the returned function (in a `finally`) to restore the module; undo nested overrides of one
 * module in reverse order.
 * @param module - the module
 * @param make - builds the new forward from the original one (bound to the module)
 * @returns a function that restores the previous forward
 * @example
 * const restore = tn.transfer.replaceForward(model.fc, () => (x) => x); // skip the head
 * try { feats = model.forward(x); } finally { restore(); }
 */
export function replaceForward(module: Module, make: (original: ForwardFn) => ForwardFn): () => void {
  const previous = Object.getOwnPropertyDescriptor(module, 'forward');
  const current = (module as unknown as { forward: ForwardFn }).forward;
  const original: ForwardFn = (...inputs) => current.apply(module, inputs);
  Object.defineProperty(module, 'forward', { value: make(original), configurable: true, enumerable: false, writable: true });
  return () => {
    if (previous === undefined) delete (module as unknown as { forward?: ForwardFn }).forward;
    else Object.defineProperty(module, 'forward', previous);
  };
}

/**
 * Let `onOutput` see each output of `module.forward` before its caller does (a forward hook); `onOutput` may throw
 * to stop the enclosing forward pass. Restore with the returned function, as for `replaceForward`.
 * @param module - the module to observe
 * @param onOutput - called with each output and the inputs it came from
 * @returns a function that removes the hook
 * @example
 * const remove = tn.transfer.hookForward(model.fc, (out) => console.log(out));
 * try { model.forward(x); } finally { remove(); }
 */
export function hookForward(module: Module, onOutput: (output: unknown, inputs: unknown[]) => void): () => void {
  return replaceForward(module, (original) => (...inputs) => {
    const output = original(...inputs);
    onOutput(output, inputs);
    return output;
  });
}
