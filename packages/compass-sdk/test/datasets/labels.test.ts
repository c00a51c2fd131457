/** Labels: binding strings, free energies and OpenFF measurements into pK; the full PDBbind index statistics. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import {
  DatasetError,
  labelFromMeasurement,
  loadOpenffTarget,
  loadPdbbindFolder,
  loadSchrodingerSubset,
  openffAdditionalDeltaG,
  parseBindingString,
  parsePdbbindIndex,
  pKFromDeltaG,
} from '../../src/datasets/index.js';

describe('binding strings', () => {
  it('converts units and keeps type and relation', () => {
    expect(parseBindingString('Kd=49uM').pK).toBeCloseTo(4.3098, 4);
    expect(parseBindingString('Ki=0.068nM').pK).toBeCloseTo(10.1675, 4);
    const l = parseBindingString('IC50<10nM');
    expect([l.type, l.relation, l.pK]).toEqual(['IC50', '<', 8]);
    expect(parseBindingString('Kd~5mM').relation).toBe('~');
    expect(parseBindingString('Ki<=1fM').pK).toBeCloseTo(15, 10);
  });
  it('rejects what it cannot read with DATASET_BAD_LABEL', () => {
    for (const bad of ['Kd=uM', 'Kd=5', 'Kx=5uM', 'Kd=0nM', ''])
      expect(() => parseBindingString(bad), bad).toThrowError(
        expect.objectContaining({ code: 'DATASET_BAD_LABEL' }),
      );
  });
  it('converts free energies and OpenFF measurements', () => {
    expect(pKFromDeltaG(-9.79)).toBeCloseTo(7.1774, 4);
    expect(labelFromMeasurement('dg', -31.3, 'kilojoules / mole').pK).toBeCloseTo(31.3 / 4.184 / 1.364, 6);
    expect(labelFromMeasurement('ki', 3.99, 'uM').pK).toBeCloseTo(5.399, 3);
    expect(labelFromMeasurement('pic50', 6.5, '').pK).toBe(6.5);
    expect(() => labelFromMeasurement('dh', -13, 'kilojoules / mole')).toThrow(DatasetError);
    expect(() => labelFromMeasurement('ki', 1, 'furlongs')).toThrow(/unknown concentration unit/);
  });
});

describe('index rows', () => {
  it('reports a bad row with its line and keeps the rest', () => {
    const idx = parsePdbbindIndex(
      '# c\n4tln  2.30  1982  Ki=190uM      // 4tln.pdf (LNO)\n6rsa   NMR  1986  Kd=what  // 6rsa.pdf (UVC)\n',
    );
    expect(idx.entries).toHaveLength(1);
    expect(idx.entries[0]).toMatchObject({ code: '4tln', resolution: 2.3, year: 1982, ligandName: 'LNO' });
    expect(idx.diagnostics).toHaveLength(1);
    expect(idx.diagnostics[0]!.line).toBe(3);
  });
});

const have = sharedDataAvailable();
const D = sharedDataDir();

describe.skipIf(!have)('shared labels', () => {
  it('reads all 19,037 PDBbind index rows with the documented pK statistics', () => {
    const idx = parsePdbbindIndex(readFileSync(join(D, 'pdbbind-index/INDEX_general_PL.2020R1.lst'), 'utf8'));
    expect(idx.diagnostics).toEqual([]);
    const y = idx.entries.map((e) => e.label.pK);
    expect(y.length).toBe(19037);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / (y.length - 1));
    expect(Math.min(...y).toFixed(2)).toBe('0.40');
    expect(Math.max(...y).toFixed(2)).toBe('15.22');
    expect(mean.toFixed(2)).toBe('6.40');
    expect(sd.toFixed(2)).toBe('1.84');
    const tmn = idx.entries.find((e) => e.code === '4tmn')!;
    expect(tmn.label.pK).toBeCloseTo(-Math.log10(0.068e-9), 10);
    expect(idx.entries.find((e) => e.code === '6rsa')!.resolution).toBeNull();
  });

  it('lists the gign-toyset folder with labels from labels.csv', () => {
    const labels = new Map(
      readFileSync(join(D, 'gign-toyset/labels.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => {
          const [id, v] = l.split(',');
          return [id!, { pK: Number(v), type: 'Kd' as const, relation: '=' as const, raw: v! }];
        }),
    );
    const ds = loadPdbbindFolder(join(D, 'gign-toyset/complexes'), { labels });
    expect(ds.items).toHaveLength(50);
    expect(ds.diagnostics).toEqual([]);
    expect(ds.items.find((i) => i.id === '2fv5')!.label!.pK).toBe(11.7);
    expect(ds.items[0]!.proteinPath.endsWith('_pocket.pdb')).toBe(true);
  });

  it('labels all 369 OpenFF ligands and skips dh/tds with a reason', () => {
    const dir = join(D, 'openff-plb');
    const targets = readdirSync(dir).filter((t) => !t.includes('.'));
    const sets = targets.map((t) => loadOpenffTarget(join(dir, t)));
    const items = sets.flatMap((s) => s.items);
    expect(items).toHaveLength(369);
    const skipped = sets
      .flatMap((s) => s.diagnostics)
      .filter((d) => d.code === 'DATASET_MEASUREMENT_SKIPPED');
    expect(skipped).toHaveLength(20);
    expect(items.find((i) => i.id === 'thrombin/lig_1a')!.label!.pK).toBeCloseTo(-Math.log10(3.99e-6), 6);
    // Thrombin's additional dG values are kJ/mol: converted they agree with the Ki-derived pK within 1
    // (read as kcal/mol they would be off by more than 15 pK units).
    const dg = openffAdditionalDeltaG(join(dir, 'thrombin'));
    expect(dg.size).toBe(10);
    for (const [name, pK] of dg)
      expect(Math.abs(pK - items.find((i) => i.id === `thrombin/${name}`)!.label!.pK), name).toBeLessThan(1);
    expect(items.filter((i) => i.label!.type === 'pIC50')).toHaveLength(21);
  });

  it('labels every Schrodinger FEP+ ligand from r_exp_dg', () => {
    const dir = join(D, 'schrodinger-fep');
    const sets = readdirSync(dir)
      .filter((s) => !s.includes('.'))
      .map((s) => loadSchrodingerSubset(join(dir, s)));
    const items = sets.flatMap((s) => s.items);
    expect(items.length).toBeGreaterThan(400);
    const tyk2 = items.find((i) => i.id.startsWith('tyk2/') && i.ligandRecord === 0)!;
    expect(tyk2.label!.pK).toBeCloseTo(9.79 / 1.364, 6);
    for (const i of items) expect(i.label!.pK, i.id).toBeGreaterThan(0);
  });
});
