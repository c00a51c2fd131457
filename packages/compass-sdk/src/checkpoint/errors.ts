/** Typed errors of the PyTorch checkpoint reader: one literal code per way a checkpoint can be refused. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Codes a checkpoint import can fail with. */
export type CheckpointErrorCode =
  /** The bytes are not a zip archive at all. */
  | 'CHECKPOINT_NOT_ZIP'
  /** A zip whose end (central directory) is missing: the file was cut short. */
  | 'CHECKPOINT_TRUNCATED'
  /** A zip whose structure or checksums are inconsistent. */
  | 'CHECKPOINT_CORRUPT'
  /** A zip entry name that is absolute, climbs out with `..`, or is otherwise unsafe. */
  | 'CHECKPOINT_UNSAFE_ENTRY'
  /** No `<root>/data.pkl` entry (or more than one). */
  | 'CHECKPOINT_NO_PICKLE'
  /** The pickle uses an opcode a state dict never needs (INST, OBJ, NEWOBJ, ...), or an unknown byte. */
  | 'CHECKPOINT_FORBIDDEN_OPCODE'
  /** The pickle names a global outside the allow-list (for example `posix.system`). */
  | 'CHECKPOINT_FORBIDDEN_GLOBAL'
  /** The pickle is malformed: stack underflow, bad memo index, bad argument, cut-off operand. */
  | 'CHECKPOINT_BAD_PICKLE'
  /** Nesting (MARK depth), stack or memo beyond the reader's caps. */
  | 'CHECKPOINT_TOO_DEEP'
  /** A tensor refers to a storage whose `data/<key>` entry is absent. */
  | 'CHECKPOINT_MISSING_STORAGE'
  /** A tensor's size, stride or offset is invalid or reaches past its storage. */
  | 'CHECKPOINT_BAD_TENSOR'
  /** An entry, a tensor or the archive as a whole exceeds the byte budget. */
  | 'CHECKPOINT_TOO_LARGE'
  /** The pickle is valid but is not a mapping of string keys to tensors. */
  | 'CHECKPOINT_NOT_STATE_DICT'
  /** The checkpoint file could not be read from disk. */
  | 'CHECKPOINT_UNREADABLE';

/** Where in a checkpoint a failure was found: the source, and the zip entry or pickle byte offset. */
export interface CheckpointLocation {
  readonly source: string;
  /** Zip entry name, for example `archive/data.pkl`. */
  readonly entry?: string;
  /** Byte offset inside the entry (pickle opcodes) or the file. */
  readonly offset?: number;
  /** State-dict key of the tensor concerned. */
  readonly key?: string;
}

/**
 * A checkpoint was refused. `details` holds {@link CheckpointLocation}; the message names the source, the entry
 * and the byte offset or key.
 *
 * @example
 * ```ts
 * try { await readTorchStateDictFile('model.pt'); }
 * catch (e) { if (isCheckpointError(e) && e.code === 'CHECKPOINT_FORBIDDEN_GLOBAL') console.error(e.message); }
 * ```
 */
export class CheckpointError extends CompassError {
  declare readonly code: CheckpointErrorCode;

  constructor(
    code: CheckpointErrorCode,
    message: string,
    where: CheckpointLocation,
    options: CompassErrorOptions = {},
  ) {
    const parts = [
      where.source,
      where.entry,
      where.offset === undefined ? undefined : `byte ${where.offset}`,
    ];
    const at = parts.filter((p) => p !== undefined).join(': ');
    const key = where.key === undefined ? '' : ` (tensor '${where.key}')`;
    super(code, `${at}: ${message}${key}`, { ...options, details: { ...where, ...options.details } });
  }
}

/** True when `e` is a {@link CheckpointError} (checked by code prefix, safe across ESM and CJS copies). */
export function isCheckpointError(e: unknown): e is CheckpointError {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('CHECKPOINT_');
}
