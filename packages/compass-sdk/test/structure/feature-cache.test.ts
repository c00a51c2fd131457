/** Featurisation cache: hits in memory and on disk, version in the key, atomic files, corrupt entries. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeatureCache, decodeFeatures, encodeFeatures, featuriseItem } from '../../src/cache/index.js';
import type { DatasetItem } from '../../src/datasets/index.js';

const fx = (n: string) => fileURLToPath(new URL(`../fixtures/structure/${n}`, import.meta.url));
const item: DatasetItem = {
  id: 'tyk2/1',
  target: 'tyk2',
  proteinPath: fx('tyk2_pocket8.pdb'),
  ligandPath: fx('tyk2_ligands.sdf'),
  ligandRecord: 1,
};

describe('FeatureCache', () => {
  it('round-trips features through the binary codec', async () => {
    const f = await featuriseItem(item, { radius: 6 });
    const g = decodeFeatures(encodeFeatures(f));
    expect(g.numAtoms).toBe(f.numAtoms);
    expect(Array.from(g.positions)).toEqual(Array.from(f.positions));
    expect(Array.from(g.nodeFeatures)).toEqual(Array.from(f.nodeFeatures));
    expect(() => decodeFeatures(Buffer.from('garbage!'))).toThrowError(
      expect.objectContaining({ code: 'CACHE_CORRUPT' }),
    );
  });

  it('serves the second epoch from memory and the second run from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compass-cache-'));
    const a = new FeatureCache({ dir });
    const f1 = await featuriseItem(item, { radius: 6 }, a);
    const f2 = await featuriseItem(item, { radius: 6 }, a);
    expect(f2).toBe(f1);
    expect(a.stats).toEqual({ memoryHits: 1, diskHits: 0, misses: 1, writes: 1 });
    const b = new FeatureCache({ dir });
    const f3 = await featuriseItem(item, { radius: 6 }, b);
    expect(b.stats).toMatchObject({ diskHits: 1, misses: 0 });
    expect(Array.from(f3.atomicNumber)).toEqual(Array.from(f1.atomicNumber));
    // Another setting is another key.
    await featuriseItem(item, { radius: 5 }, b);
    expect(b.stats.misses).toBe(1);
    // No temporary files left behind.
    const files = readdirSync(dir, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.feat'))).toHaveLength(2);
  });

  it('stops with DATASET_ABORTED when its signal fired, computing and caching nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compass-cache-'));
    const cache = new FeatureCache({ dir });
    const controller = new AbortController();
    controller.abort();
    await expect(
      featuriseItem(item, { radius: 6 }, cache, { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'DATASET_ABORTED',
      message: 'featurising tyk2/1 aborted',
    });
    expect(cache.stats).toEqual({ memoryHits: 0, diskHits: 0, misses: 0, writes: 0 });
    expect(readdirSync(dir)).toEqual([]);
    // A live signal changes nothing.
    const f = await featuriseItem(item, { radius: 6 }, cache, { signal: new AbortController().signal });
    expect(f.numAtoms).toBeGreaterThan(0);
  });

  it('treats a corrupt disk entry as a miss and recomputes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compass-cache-'));
    const a = new FeatureCache({ dir });
    await featuriseItem(item, { radius: 6 }, a);
    const sub = readdirSync(dir)[0]!;
    const file = readdirSync(join(dir, sub))[0]!;
    writeFileSync(join(dir, sub, file), 'broken');
    const b = new FeatureCache({ dir });
    const f = await featuriseItem(item, { radius: 6 }, b);
    expect(b.stats).toMatchObject({ diskHits: 0, misses: 1, writes: 1 });
    expect(f.numAtoms).toBeGreaterThan(0);
  });

  it('keys on content, not path, and on the record', () => {
    const c = new FeatureCache();
    const p = Buffer.from('A'),
      l = Buffer.from('B');
    expect(c.key({ protein: p, ligand: l, record: 0 })).toBe(
      c.key({ protein: Buffer.from('A'), ligand: Buffer.from('B'), record: 0 }),
    );
    expect(c.key({ protein: p, ligand: l, record: 0 })).not.toBe(c.key({ protein: p, ligand: l, record: 1 }));
  });
});
