/** Helpers shared by the node-only file writers: wrapped file errors and temp-file names. */
import { TasknetError } from '../core/index.js';

/** An error of a file operation, naming the operation and the file, with the system error as `cause`. */
export function fileError(op: string, path: string, error: unknown): TasknetError {
  if (error instanceof TasknetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new TasknetError(op, `${path}: ${message}`);
  Object.defineProperty(wrapped, 'cause', { value: error, enumerable: false, writable: true, configurable: true });
  return wrapped;
}

/** Twelve random hex digits, for temporary file names. */
export function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
