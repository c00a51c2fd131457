/** Errors raised by the registry core (the stores' own are in stores/errors.ts). */
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
