/**
 * Hostile geometry through the Vina scorer (issue 16: D2, D3, D6, D14): huge and non-finite coordinates, atoms piled
 * at one point, atoms far apart, ligands out of range or inside the receptor. Each ends in a typed error or a
 * score with a warning, in bounded time and memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  VinaPredictor,
  VinaReceptor,
  perceiveVinaBonds,
  typeProtein,
  type LigandInput,
  type ProteinAtomInput,
} from '../../src/scoring/index.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { parsePdb, parseSdf } from '../../src/structure/index.js';

const atom = (name: string, element: string, residueName: string, key: string, xyz: number[]) => ({
  name,
  element,
  residueName,
  residueKey: key,
  x: xyz[0]!,
  y: xyz[1]!,
  z: xyz[2]!,
});

// A serine and a leucine side chain, no hydrogens; methanol hydrogen-bonded to the serine OG.
const pocket: ProteinAtomInput[] = [
  atom('CB', 'C', 'SER', 'A1', [0, 0, 0]),
  atom('OG', 'O', 'SER', 'A1', [1.43, 0, 0]),
  atom('CD1', 'C', 'LEU', 'A2', [0, 4, 0]),
  atom('CG', 'C', 'LEU', 'A2', [1.2, 4.6, 0.5]),
];
const methanol: LigandInput = {
  elements: ['C', 'O', 'H'],
  coords: [4.3, 3.1, 0, 3.43, 1.96, 0, 2.6, 1.3, 0],
  bonds: [
    { a: 0, b: 1, order: 1 },
    { a: 1, b: 2, order: 1 },
  ],
};
const far = (k: number, xyz: number[]) => atom(`C${k}`, 'C', 'ALA', `F${k}`, xyz);

function coincident(n: number): Float64Array {
  return new Float64Array(3 * n).fill(12.5);
}

describe('Vina on hostile geometry', () => {
  it('D2: refuses a coordinate of 1e30 with SCORING_BAD_COORDINATE instead of aborting V8', async () => {
    const vina = new VinaPredictor();
    const protein = [...pocket, far(0, [1e30, 0, 0])];
    await expect(vina.predict({ protein, ligand: methanol })).rejects.toMatchObject({
      code: 'SCORING_BAD_COORDINATE',
      details: { atom: 4 },
    });
    const coords = Float64Array.from([0, 0, 0, 1.5, 0, 0, 3000.5, 1e30, 0]);
    expect(() => perceiveVinaBonds(coords, new Float64Array(3).fill(0.77))).toThrowError(
      expect.objectContaining({
        code: 'SCORING_BAD_COORDINATE',
        details: expect.objectContaining({ atom: 2 }),
      }),
    );
    for (const bad of [Number.NaN, Infinity, -1e5 - 1]) {
      await expect(
        vina.predict({ protein: [...pocket, far(0, [0, bad, 0])], ligand: methanol }),
      ).rejects.toMatchObject({ code: 'SCORING_BAD_COORDINATE' });
    }
  });

  it('D3: 10,000 coincident atoms are refused as crowded in well under 2 s (was O(n^3))', async () => {
    const n = 10_000;
    const t0 = performance.now();
    expect(() => perceiveVinaBonds(coincident(n), new Float64Array(n).fill(0.77))).toThrowError(
      expect.objectContaining({
        code: 'SCORING_BAD_INPUT',
        details: expect.objectContaining({ reason: 'crowded' }),
      }),
    );
    const protein = Array.from({ length: n }, (_, k) => far(k, [12.5, 12.5, 12.5]));
    await expect(new VinaPredictor().predict({ protein, ligand: methanol })).rejects.toMatchObject({
      code: 'SCORING_BAD_INPUT',
    });
    const ligand: LigandInput = {
      elements: new Array<string>(n).fill('C'),
      coords: coincident(n),
      bonds: [],
    };
    await expect(new VinaPredictor().predict({ protein: pocket, ligand })).rejects.toMatchObject({
      code: 'SCORING_BAD_INPUT',
    });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('D3: a few duplicated atoms (a repeated record) are still perceived as Vina does', () => {
    // two copies of ethane's carbons at one point each: Vina bonds the copies to each other and across
    const coords = Float64Array.from([0, 0, 0, 0, 0, 0, 1.53, 0, 0, 1.53, 0, 0]);
    const bonds = perceiveVinaBonds(coords, new Float64Array(4).fill(0.77));
    expect(Array.from(bonds.a)).toEqual([0, 0, 0, 1, 1, 2]);
    expect(Array.from(bonds.b)).toEqual([1, 2, 3, 2, 3, 3]);
  });

  it('D6: atoms 11,000 A apart (and at the +-1e5 A limit) score in O(atoms) memory, same as without them', async () => {
    const vina = new VinaPredictor();
    const base = await vina.predict({ protein: pocket, ligand: methanol });
    const heap0 = process.memoryUsage().heapUsed;
    const spread = [...pocket, far(0, [11_000, 11_000, 11_000]), far(1, [-1e5, 1e5, -1e5])];
    const receptor = VinaReceptor.fromTyped(typeProtein(spread));
    const p = await vina.predict({ protein: receptor, ligand: methanol });
    expect(p.kcalPerMol).toBe(base.kcalPerMol);
    expect(receptor.size).toBe(6);
    // a dense 4 A grid over this box would hold 1.25e14 cells
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(32 * 2 ** 20);
  });

  it('D14: warns when no receptor atom is in range (pK 0) and when the ligand overlaps the receptor', async () => {
    const vina = new VinaPredictor();
    const clean = await vina.predict({ protein: pocket, ligand: methanol });
    expect(clean.warnings.filter((w) => /receptor atom/.test(w))).toEqual([]);
    const away: LigandInput = {
      ...methanol,
      coords: Array.from(methanol.coords, (v, k) => (k % 3 === 0 ? v + 40 : v)),
    };
    const out = await vina.predict({ protein: pocket, ligand: away });
    expect(Math.abs(out.pK)).toBe(0);
    expect(out.warnings).toContain(
      'no receptor atom within 8 A of any ligand atom: the score is 0 (a wrong pose or the wrong receptor)',
    );
    // the receptor's own carbon and oxygen taken as the ligand: every heavy atom sits on a receptor atom
    const inside: LigandInput = {
      elements: ['C', 'O'],
      coords: [0, 0, 0, 1.43, 0, 0],
      bonds: [{ a: 0, b: 1, order: 1 }],
    };
    const clash = await vina.predict({ protein: pocket, ligand: inside });
    expect(clash.pK).toBeLessThan(0);
    expect(clash.warnings).toContain(
      '2 of 2 ligand heavy atoms clash with the receptor (closer than 1 A to a receptor atom): overlapping ' +
        'structures or a wrong pose; the score is a penalty, not an affinity',
    );
  });

  const have = sharedDataAvailable();
  describe.skipIf(!have)('on the GIGN toy complexes', () => {
    it('scores 1a61 with no pose warning: the crowding bounds leave real structures alone', async () => {
      const dir = join(sharedDataDir(), 'gign-toyset/complexes/1a61');
      const protein = parsePdb(readFileSync(join(dir, '1a61_pocket.pdb')));
      const ligand = parseSdf(readFileSync(join(dir, '1a61_ligand.sdf'))).records[0]!;
      const p = await new VinaPredictor().predict({ protein, ligand });
      expect(p.pK).toBeGreaterThan(0);
      expect(p.warnings.filter((w) => /receptor atom/.test(w))).toEqual([]);
    });
  });
});
