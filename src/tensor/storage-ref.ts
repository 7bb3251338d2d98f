/** Reference-counted storage, so reshaped views can share elements with their source. */
import type { Backend, Storage } from '../backend/index.js';

/** A storage and the number of live tensors using it; released when the count reaches zero. */
export class StorageRef {
  private refs = 1;

  /**
   * @param storage - the backend storage
   * @param backend - the backend that owns it
   */
  constructor(readonly storage: Storage, readonly backend: Backend) {}

  /** Whether more than one live tensor uses this storage (a view or a detached copy shares it). */
  get shared(): boolean {
    return this.refs > 1;
  }

  /** One more tensor uses this storage. */
  retain(): this {
    this.refs++;
    return this;
  }

  /** One tensor stopped using it; frees the storage when none remain. */
  release(): void {
    this.refs--;
    if (this.refs === 0) this.backend.release(this.storage);
  }
}
