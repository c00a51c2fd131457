/**
 * Agreement with the real AutoDock Vina: every pose is converted with Open Babel and scored by `vina --score_only`,
 * then scored here twice: from the very PDBQT files Vina read, and from the original PDB + SDF (the product path).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import {
  VinaReceptor,
  scoreVina,
  typeLigandFromBonds,
  typeLigandPdbqt,
  typeProtein,
  typeReceptorPdbqt,
} from '../../src/scoring/index.js';
import { findReferenceTools } from '../../src/scoring/vina/reference-vina.js';
import { readLigandRecords, readProteinPdb } from './readers.js';
import {
  agreement,
  comparisonCases,
  withVinaReferences,
  type Agreement,
  type ReferencedCase,
} from './vina-comparison.js';

function toolsAvailable(): boolean {
  try {
    findReferenceTools();
    return true;
  } catch (e) {
    if (process.env.CI) throw e;
    console.warn(`skipping the Vina agreement test: ${(e as Error).message}`);
    return false;
  }
}

const enabled = sharedDataAvailable() && toolsAvailable();

const pdbqtReceptors = new Map<string, VinaReceptor>();

/** Our score from the PDBQT files Vina read. */
function scoreFromPdbqt(receptorPdbqt: string, ligandPdbqt: string): number {
  let receptor = pdbqtReceptors.get(receptorPdbqt);
  if (!receptor) {
    receptor = VinaReceptor.fromTyped(typeReceptorPdbqt(readFileSync(receptorPdbqt, 'utf8')));
    pdbqtReceptors.set(receptorPdbqt, receptor);
  }
  return scoreVina(receptor, typeLigandPdbqt(readFileSync(ligandPdbqt, 'utf8'))).kcalPerMol;
}

const receptorCache = new Map<string, VinaReceptor>();

/** Our score from the original files: residues and bond tables, no Open Babel. */
function scoreFromOriginals(c: ReferencedCase): { kcalPerMol: number; warnings: readonly string[] } {
  let receptor = receptorCache.get(c.receptorPdb);
  if (!receptor) {
    receptor = VinaReceptor.fromTyped(typeProtein(readProteinPdb(readFileSync(c.receptorPdb, 'utf8'))));
    receptorCache.set(c.receptorPdb, receptor);
  }
  const record = readLigandRecords(readFileSync(c.ligandFile, 'utf8'))[c.record];
  if (!record) throw new Error(`no record ${c.record} in ${c.ligandFile}`);
  const s = scoreVina(receptor, typeLigandFromBonds(record));
  return { kcalPerMol: s.kcalPerMol, warnings: s.warnings };
}

describe.skipIf(!enabled)('agreement with vina --score_only (AutoDock Vina 1.2.3, Open Babel PDBQT)', () => {
  let cases: ReferencedCase[] = [];
  const figures: Record<string, { pdbqt: Agreement; original: Agreement }> = {};

  beforeAll(async () => {
    // cold: about 140 Vina runs of ~1 s each on two workers; warm: read from the cache under the temp folder
    cases = await withVinaReferences(comparisonCases(sharedDataDir()));
  }, 600_000);

  for (const set of ['flashdock', 'gign', 'schrodinger'] as const) {
    it(`agrees on ${set} within 0.05 kcal/mol mean absolute difference and 0.99 Pearson, both paths`, () => {
      const scored = cases.filter((c) => c.set === set && c.vina !== null);
      expect(scored.length).toBeGreaterThan(10);
      const pdbqt = agreement(
        scored.map((c) => [c.vina!.kcalPerMol, scoreFromPdbqt(c.receptorPdbqt, c.ligandPdbqt)]),
      );
      const original = agreement(scored.map((c) => [c.vina!.kcalPerMol, scoreFromOriginals(c).kcalPerMol]));
      figures[set] = { pdbqt, original };
      console.log(
        `vina agreement ${set} (n=${pdbqt.n}): PDBQT path MAD ${pdbqt.meanAbsDiff.toFixed(4)} max ${pdbqt.maxAbsDiff.toFixed(3)} r ${pdbqt.pearson.toFixed(5)}; ` +
          `PDB+SDF path MAD ${original.meanAbsDiff.toFixed(4)} max ${original.maxAbsDiff.toFixed(3)} r ${original.pearson.toFixed(5)}`,
      );
      expect(pdbqt.meanAbsDiff).toBeLessThan(0.05);
      expect(pdbqt.pearson).toBeGreaterThan(0.99);
      expect(original.meanAbsDiff).toBeLessThan(0.05);
      expect(original.pearson).toBeGreaterThan(0.99);
    });
  }

  it('scores gign-toyset/2y2k, whose boron Vina 1.2.3 rejects, with a warning and a finite value', () => {
    const c = cases.find((x) => x.id === '2y2k');
    expect(c).toBeDefined();
    expect(c!.vina).toBeNull();
    const s = scoreFromOriginals(c!);
    expect(Number.isFinite(s.kcalPerMol)).toBe(true);
    expect(s.warnings).toContain('element(s) B have no Vina type and are not scored');
  });
});
