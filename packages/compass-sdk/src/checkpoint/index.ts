/** PyTorch state-dict import without running pickle: the public surface of the checkpoint reader. */
export {
  CheckpointError,
  isCheckpointError,
  type CheckpointErrorCode,
  type CheckpointLocation,
} from './errors.js';
export { readPickle, type PickleLimits, type PickleSource } from './pickle-reader.js';
export type { PickleValue, AllowedGlobal, StorageDType } from './pickle-values.js';
export {
  readTorchStateDict,
  readTorchStateDictFile,
  type StateDict,
  type ReadStateDictOptions,
} from './torch-zip.js';
