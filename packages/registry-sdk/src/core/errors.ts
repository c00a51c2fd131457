/** Errors raised by the registry core and its stores. */
import { RegistryError, type RegistryErrorOptions } from '../errors.js';

/** No instance has the given id. */
export class InstanceNotFoundError extends RegistryError {
  declare readonly code: 'INSTANCE_NOT_FOUND';
  readonly id: string;

  constructor(id: string, options: RegistryErrorOptions = {}) {
    super('INSTANCE_NOT_FOUND', `no instance with id "${id}"`, { ...options, details: { id } });
    this.id = id;
  }
}

/** A registration input failed validation; `details.field` names the first field at fault, `details.issues` all. */
export class InvalidRegistrationError extends RegistryError {
  declare readonly code: 'INVALID_REGISTRATION';

  constructor(message: string, options: RegistryErrorOptions = {}) {
    super('INVALID_REGISTRATION', message, options);
  }
}

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
