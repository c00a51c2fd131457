/** Splits (random, leave-target-out, year, exclusion) and CSV manifests. */
import { describe, expect, it } from 'vitest';
import {
  excludeIds,
  parseManifest,
  randomSplit,
  splitCsvLine,
  targetSplit,
  yearSplit,
  type DatasetItem,
} from '../../src/datasets/index.js';

const items: DatasetItem[] = Array.from({ length: 100 }, (_, i) => ({
  id: `c${i}`,
  target: `t${i % 10}`,
  proteinPath: 'p',
  ligandPath: 'l',
  ligandRecord: 0,
  year: 2000 + (i % 20),
}));

describe('splits', () => {
  it('random split is seeded, disjoint and complete', () => {
    const a = randomSplit(items, { validation: 0.2, test: 0.1 }, 42);
    const b = randomSplit(items, { validation: 0.2, test: 0.1 }, 42);
    const c = randomSplit(items, { validation: 0.2, test: 0.1 }, 7);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([70, 20, 10]);
    expect(a.validation.map((i) => i.id)).toEqual(b.validation.map((i) => i.id));
    expect(a.validation.map((i) => i.id)).not.toEqual(c.validation.map((i) => i.id));
    expect(new Set([...a.train, ...a.validation, ...a.test].map((i) => i.id)).size).toBe(100);
  });

  it('leave-target-out never splits a target', () => {
    const s = targetSplit(items, { validation: 0.2, test: 0.2 }, 1);
    const t = (xs: DatasetItem[]) => new Set(xs.map((i) => i.target));
    expect([t(s.train).size, t(s.validation).size, t(s.test).size]).toEqual([6, 2, 2]);
    for (const x of t(s.test)) expect(t(s.train).has(x)).toBe(false);
  });

  it('year split and exclusion lists', () => {
    const s = yearSplit(items, 2015, 2018);
    expect(s.train.every((i) => i.year! < 2015)).toBe(true);
    expect(s.test.map((i) => i.year).sort()[0]).toBe(2018);
    expect(s.train.length + s.validation.length + s.test.length).toBe(100);
    expect(excludeIds(items, ['C1', 'c2']).length).toBe(98);
  });
});

describe('parseManifest', () => {
  it('reads rows relative to the manifest, reporting bad rows', () => {
    const ds = parseManifest(
      'protein,ligand,label,target\n"p 1.pdb",l.sdf,6.5,A\np.pdb,,7,B\np.pdb,l.sdf,abc,B\np.pdb,l.sdf,,C\n',
      '/data/m.csv',
    );
    expect(ds.items).toHaveLength(2);
    expect(ds.items[0]).toMatchObject({
      proteinPath: '/data/p 1.pdb',
      ligandPath: '/data/l.sdf',
      target: 'A',
      label: { pK: 6.5 },
    });
    expect(ds.items[1]!.label).toBeUndefined();
    expect(ds.diagnostics.map((d) => d.line)).toEqual([3, 4]);
    expect(() => parseManifest('a,b\n1,2\n')).toThrowError(
      expect.objectContaining({ code: 'DATASET_BAD_MANIFEST' }),
    );
    expect(splitCsvLine('a,"b,""c""",d')).toEqual(['a', 'b,"c"', 'd']);
  });
});
