/** Reads a `torch.save(state_dict)` zip into host tensors without running pickle. */
import { readFile } from 'node:fs/promises';
import type { HostTensor } from '../runtime/host-tensor.js';
import { CheckpointError, type CheckpointErrorCode } from './errors.js';
import { readPickle } from './pickle-reader.js';
import { describeValue } from './pickle-values.js';
import { copyTensor } from './tensor-copy.js';
import { readZipEntries } from './zip-entries.js';

/** Tensors by state-dict key, in the file's order. float32, float64 or int64; scalars have dims `[]`. */
export type StateDict = ReadonlyMap<string, HostTensor>;

/** Options of {@link readTorchStateDict}. */
export interface ReadStateDictOptions {
  /** Name used in error messages (default `'checkpoint'`). */
  readonly source?: string;
  /** Byte budget: entries read from the zip, and tensors produced, each in total (default 2 GiB). */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const WANTED = /^[^/]+\/(?:data\.pkl|byteorder|data\/[^/]+)$/;

/**
 * Parses a PyTorch state-dict checkpoint (the zip format of `torch.save`, any root folder name). Only the opcodes
 * and globals a state dict needs are accepted; anything else is refused with a {@link CheckpointError}.
 *
 * @example
 * ```ts
 * const sd = await readTorchStateDict(await readFile('repeat0.pt'), { source: 'repeat0.pt' });
 * sd.get('lin_node.0.weight')?.dims; // [256, 35]
 * ```
 */
export async function readTorchStateDict(
  bytes: Uint8Array,
  opts: ReadStateDictOptions = {},
): Promise<StateDict> {
  const source = opts.source ?? 'checkpoint';
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const { names, data } = await readZipEntries(bytes, (n) => WANTED.test(n), { source, maxBytes });
  const pickles = names.filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pickles.length !== 1)
    throw new CheckpointError(
      'CHECKPOINT_NO_PICKLE',
      pickles.length
        ? `${pickles.length} data.pkl entries (${pickles.join(', ')})`
        : 'no <root>/data.pkl entry',
      { source },
    );
  const entry = pickles[0]!;
  const root = entry.slice(0, entry.indexOf('/'));
  const little = byteOrder(data.get(`${root}/byteorder`), source, `${root}/byteorder`);
  const top = readPickle(data.get(entry)!, { source, entry });
  if (top === null || typeof top !== 'object' || top.kind !== 'dict')
    throw new CheckpointError('CHECKPOINT_NOT_STATE_DICT', `pickle holds ${describeValue(top)}, not a dict`, {
      source,
      entry,
    });
  const out = new Map<string, HostTensor>();
  let produced = 0;
  for (const [key, value] of top.entries) {
    const at = { source, entry, key: String(key) };
    if (typeof key !== 'string' || value === null || typeof value !== 'object' || value.kind !== 'tensor')
      throw new CheckpointError(
        'CHECKPOINT_NOT_STATE_DICT',
        `entry ${JSON.stringify(key)} is ${describeValue(value)}, not a tensor`,
        at,
      );
    const storageEntry = `${root}/data/${value.storage.key}`;
    const storage = data.get(storageEntry);
    if (!storage)
      throw new CheckpointError('CHECKPOINT_MISSING_STORAGE', `storage entry ${storageEntry} is absent`, at);
    const fail = (code: CheckpointErrorCode, message: string): never => {
      throw new CheckpointError(code, message, { ...at, entry: storageEntry });
    };
    const t = copyTensor(value, storage, little, Math.floor((maxBytes - produced) / 4), fail);
    produced += t.data.byteLength;
    if (produced > maxBytes) fail('CHECKPOINT_TOO_LARGE', `tensors exceed the ${maxBytes}-byte budget`);
    out.set(key, t);
  }
  return out;
}

function byteOrder(raw: Buffer | undefined, source: string, entry: string): boolean {
  if (raw === undefined) return true; // files before torch 2.1 carry no byteorder entry and are little-endian
  const s = raw.toString('latin1').trim();
  if (s === 'little' || s === 'big') return s === 'little';
  throw new CheckpointError('CHECKPOINT_CORRUPT', `byteorder is ${JSON.stringify(s.slice(0, 20))}`, {
    source,
    entry,
  });
}

/** {@link readTorchStateDict} of a file on disk; a file that cannot be read gives `CHECKPOINT_UNREADABLE`. */
export async function readTorchStateDictFile(
  path: string,
  opts: Omit<ReadStateDictOptions, 'source'> = {},
): Promise<StateDict> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new CheckpointError('CHECKPOINT_UNREADABLE', (e as Error).message, { source: path }, { cause: e });
  }
  return readTorchStateDict(bytes, { ...opts, source: path });
}
