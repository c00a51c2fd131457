/** Errors of the instance stores: a store that cannot be read or written, a store spec that names none. */
import { RegistryError, type RegistryErrorOptions } from '../errors.js';

/** The store could not be read or written (etcd unreachable, SQLite busy or closed). Repeating may succeed. */
export class StoreError extends RegistryError {
  declare readonly code: 'STORE_UNAVAILABLE';

  constructor(message: string, options: RegistryErrorOptions = {}) {
    super('STORE_UNAVAILABLE', message, options);
  }

  override get retryable(): boolean {
    return true;
  }
}

/** A store spec given to `createStore` is not `memory`, `sqlite:PATH` or `etcd:URL`. */
export class InvalidStoreSpecError extends RegistryError {
  declare readonly code: 'INVALID_STORE_SPEC';

  constructor(spec: string) {
    super('INVALID_STORE_SPEC', `store spec "${spec}" is not memory, sqlite:PATH or etcd:URL[,URL...]`, {
      details: { spec },
    });
  }
}
