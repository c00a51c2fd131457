/** Binary encoding of a featurised complex: a JSON header, then the typed arrays back to back. */
import type { FeaturisedComplex } from '../structure/featurise.js';
import { CompassError } from '../errors.js';

const MAGIC = 'CMPF1';
const ARRAYS = ['positions', 'atomicNumber', 'elementIndex', 'isLigand', 'nodeFeatures'] as const;
const CTORS = {
  positions: Float32Array,
  atomicNumber: Uint8Array,
  elementIndex: Uint8Array,
  isLigand: Uint8Array,
  nodeFeatures: Float32Array,
};

/** Encode features into one buffer. */
export function encodeFeatures(f: FeaturisedComplex): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      magic: MAGIC,
      featuriserVersion: f.featuriserVersion,
      numAtoms: f.numAtoms,
      numLigandAtoms: f.numLigandAtoms,
      lengths: ARRAYS.map((k) => f[k].byteLength),
    }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  // Float32 arrays need 4-byte alignment when decoded in place: pad the header.
  const pad = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4);
  const parts = ARRAYS.map((k) => {
    const a = f[k];
    const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  });
  return Buffer.concat([len, header, pad, ...parts]);
}

/** Decode a buffer from {@link encodeFeatures}; throws CACHE_CORRUPT when it is not one. */
export function decodeFeatures(buf: Buffer): FeaturisedComplex {
  try {
    const hlen = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + hlen).toString('utf8')) as {
      magic: string;
      featuriserVersion: string;
      numAtoms: number;
      numLigandAtoms: number;
      lengths: number[];
    };
    if (header.magic !== MAGIC) throw new Error('bad magic');
    let off = 4 + hlen;
    off += (4 - (off % 4)) % 4;
    const copy = new Uint8Array(buf.length - off);
    copy.set(buf.subarray(off));
    let at = 0;
    const out: Record<string, unknown> = {
      featuriserVersion: header.featuriserVersion,
      numAtoms: header.numAtoms,
      numLigandAtoms: header.numLigandAtoms,
    };
    ARRAYS.forEach((k, i) => {
      const bytes = header.lengths[i]!;
      const C = CTORS[k];
      if (at + bytes > copy.length) throw new Error('truncated');
      out[k] = new C(copy.buffer.slice(at, at + bytes));
      at += bytes + ((4 - (bytes % 4)) % 4);
    });
    return out as unknown as FeaturisedComplex;
  } catch (e) {
    throw new CompassError('CACHE_CORRUPT', `cached features cannot be decoded: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
