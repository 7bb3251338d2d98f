/** Where a tensor's elements live: owned by one backend, opaque to everyone else. */
import type { DType } from '../core/index.js';

/**
 * A block of elements owned by a backend (a typed array on the CPU, a buffer on the GPU).
 * Only the backend that made it reads it; the engine counts references and calls
 * `Backend.release` when the last tensor using it is disposed.
 */
export interface Storage {
  /** Name of the backend that owns this storage. */
  readonly backend: string;
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
}
