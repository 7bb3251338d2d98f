/**
 * Error classes raised by tasknet. Every message names the operation, what was
 * expected and what was found, e.g. `matmul: inner dimensions differ: [2,3] @ [4,5]`.
 */

/** Base class of every error tasknet raises on purpose. */
export class TasknetError extends Error {
  /** The operation (or component) that raised the error, e.g. `'matmul'`. */
  readonly op: string;
  /**
   * @param op - the operation that failed
   * @param message - what was expected and what was found
   */
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'TasknetError';
    this.op = op;
  }
}

/** A shape rule was broken (mismatched dimensions, bad broadcast, wrong rank). */
export class ShapeError extends TasknetError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'ShapeError';
  }
}

/** A tensor had a dtype the operation does not accept. */
export class DTypeError extends TasknetError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'DTypeError';
  }
}

/** An argument value was out of range or otherwise invalid (axis, NaN, negative size ...). */
export class ValueError extends TasknetError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'ValueError';
  }
}

/** A tensor was used after `dispose()`, or a backend was asked for something it lacks. */
export class StateError extends TasknetError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = 'StateError';
  }
}
