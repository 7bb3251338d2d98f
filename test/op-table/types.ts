/** The op table's shape: one entry per case, driving the forward, gradient, error and golden suites. */
import type * as tn from 'tasknet';
import type { ND } from '../helpers/nd.js';
import type { InputSpec } from '../helpers/inputs.js';

/** A call that must fail, and the error it must raise. */
export interface BadCall {
  /** What is wrong, for the test name. */
  readonly what: string;
  /** The failing call. */
  readonly call: () => unknown;
  /** The exact message (or a pattern for it). */
  readonly error: string | RegExp;
}

/** One case of one op. */
export interface OpCase {
  /** The op's public name (`tn[name]`), shared with the golden fixtures. */
  readonly op: string;
  /** Variant label, e.g. `'broadcast'`. */
  readonly label: string;
  /** Sample inputs. */
  readonly inputs: readonly InputSpec[];
  /** Calls the op on tensors made from the inputs. */
  readonly run: (...xs: tn.Tensor[]) => tn.Tensor;
  /** A plain reference on the same values; omitted only where `check` is given. */
  readonly reference?: (...xs: ND[]) => ND;
  /** A property check for ops without an exact reference (e.g. dropout). */
  readonly check?: (out: ND, inputs: readonly ND[]) => void;
  /** Whether the op is differentiable in its float inputs. */
  readonly grad: boolean;
  /** Forward tolerance in float32 (default 1e-5 absolute + relative). */
  readonly tol?: number;
}

/** An op's bad calls, keyed by op name. */
export interface OpErrors {
  readonly op: string;
  readonly bad: readonly BadCall[];
}
