/** Typed errors of the dataset layer. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Codes a dataset loader can fail with. */
export type DatasetErrorCode =
  | 'DATASET_BAD_LABEL'
  | 'DATASET_BAD_INDEX'
  | 'DATASET_MISSING_FILE'
  | 'DATASET_UNKNOWN_LAYOUT'
  | 'DATASET_BAD_MANIFEST'
  | 'DATASET_ARCHIVE_UNSAFE'
  | 'DATASET_ARCHIVE_LIMIT'
  | 'DATASET_ARCHIVE_CORRUPT'
  | 'DATASET_ABORTED';

/** A dataset, label or archive could not be read as asked. */
export class DatasetError extends CompassError {
  declare readonly code: DatasetErrorCode;
  constructor(code: DatasetErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}
