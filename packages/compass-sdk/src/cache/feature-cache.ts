/** Featurisation cache: keyed by file content hashes and featuriser version; in memory, then on disk. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { FEATURISER_VERSION, type FeaturisedComplex } from '../structure/featurise.js';
import { decodeFeatures, encodeFeatures } from './codec.js';

/** Settings of a {@link FeatureCache}. */
export interface FeatureCacheOptions {
  /** Folder for the on-disk layer; omit for memory only. */
  readonly dir?: string;
  /** Most entries kept in memory (least recently used evicted; default 2,000). */
  readonly memoryEntries?: number;
}

/** What a cache key is made of: the inputs' bytes (hashed), the ligand record, and the featurisation settings. */
export interface FeatureKeyParts {
  readonly protein: Uint8Array;
  readonly ligand: Uint8Array;
  readonly record: number;
  /** Settings that change the features (pocket radius, hydrogens...). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** sha256 of bytes, hex. */
export function contentHash(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/**
 * Two-layer cache of featurised complexes. Keys include {@link FEATURISER_VERSION}, so features made by another
 * featuriser version are never returned. Disk writes go to a temporary file renamed into place (atomic).
 *
 * @example
 * const cache = new FeatureCache({ dir: '.compass-cache' });
 * const f = await cache.getOrCompute(cache.key({ protein, ligand, record: 0 }), () => featurise(complex));
 */
export class FeatureCache {
  private readonly memory = new Map<string, FeaturisedComplex>();
  /** Counters since construction. */
  readonly stats = { memoryHits: 0, diskHits: 0, misses: 0, writes: 0 };

  constructor(private readonly options: FeatureCacheOptions = {}) {}

  /** The key of one complex's features. */
  key(p: FeatureKeyParts): string {
    const settings = JSON.stringify(Object.entries(p.settings ?? {}).sort(([a], [b]) => a.localeCompare(b)));
    return createHash('sha256')
      .update(
        `${FEATURISER_VERSION}\0${contentHash(p.protein)}\0${contentHash(p.ligand)}\0${p.record}\0${settings}`,
      )
      .digest('hex');
  }

  private path(key: string): string {
    return join(this.options.dir!, key.slice(0, 2), `${key}.feat`);
  }

  /** The cached features, or undefined. A corrupt disk entry counts as a miss and is removed. */
  async get(key: string): Promise<FeaturisedComplex | undefined> {
    const m = this.memory.get(key);
    if (m) {
      this.memory.delete(key);
      this.memory.set(key, m);
      this.stats.memoryHits++;
      return m;
    }
    if (this.options.dir) {
      try {
        const f = decodeFeatures(await readFile(this.path(key)));
        if (f.featuriserVersion === FEATURISER_VERSION) {
          this.stats.diskHits++;
          this.remember(key, f);
          return f;
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
          await unlink(this.path(key)).catch(() => undefined);
      }
    }
    this.stats.misses++;
    return undefined;
  }

  /** Store features in memory and, with a dir, on disk (atomically). */
  async set(key: string, f: FeaturisedComplex): Promise<void> {
    this.remember(key, f);
    if (!this.options.dir) return;
    const path = this.path(key);
    await mkdir(join(this.options.dir, key.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, encodeFeatures(f));
    await rename(tmp, path);
    this.stats.writes++;
  }

  /** The cached value, else `compute()` stored and returned. */
  async getOrCompute(
    key: string,
    compute: () => FeaturisedComplex | Promise<FeaturisedComplex>,
  ): Promise<FeaturisedComplex> {
    const hit = await this.get(key);
    if (hit) return hit;
    const f = await compute();
    await this.set(key, f);
    return f;
  }

  private remember(key: string, f: FeaturisedComplex): void {
    this.memory.set(key, f);
    const cap = this.options.memoryEntries ?? 2000;
    while (this.memory.size > cap) this.memory.delete(this.memory.keys().next().value!);
  }
}
