/** The comparison harness shared by the agreement test and the benchmark: which poses, and Vina's scores for them. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  ligandsToPdbqt,
  receptorToPdbqt,
  vinaScoreOnly,
  type VinaReferenceScore,
} from '../../src/scoring/vina/reference-vina.js';

/** One pose to compare: a receptor PDB and one record of a ligand file. */
export interface ComparisonCase {
  readonly set: 'flashdock' | 'gign' | 'schrodinger';
  readonly id: string;
  readonly receptorPdb: string;
  readonly ligandFile: string;
  /** Record index in the ligand file (0 for single-record files). */
  readonly record: number;
}

/** A case with its PDBQT files and Vina's score (null when Vina rejects the input). */
export interface ReferencedCase extends ComparisonCase {
  readonly receptorPdbqt: string;
  readonly ligandPdbqt: string;
  readonly vina: VinaReferenceScore | null;
}

/** The Schrodinger FEP+ subset the comparison uses (12 systems, 75 ligands). */
export const SCHRODINGER_SUBSET = 'charge_annhil';

/**
 * Every comparison pose under the data folder: the 16 FLASH-DOCK batch poses (the single-docking example has no
 * receptor in the folder), the 50 PDBbind complexes of gign-toyset, and every ligand of one Schrodinger subset.
 */
export function comparisonCases(dataDir: string): ComparisonCase[] {
  const cases: ComparisonCase[] = [];
  const flash = join(dataDir, 'flashdock-examples', 'Batch_Docking_Result');
  for (const f of readdirSync(flash)
    .filter((n) => /^receptor\d+_ligand\d+_docked\.sdf$/.test(n))
    .sort()) {
    const receptor = f.replace(/_ligand\d+_docked\.sdf$/, '.pdb');
    cases.push({
      set: 'flashdock',
      id: f.replace('_docked.sdf', ''),
      receptorPdb: join(flash, receptor),
      ligandFile: join(flash, f),
      record: 0,
    });
  }
  const gign = join(dataDir, 'gign-toyset', 'complexes');
  for (const id of readdirSync(gign).sort()) {
    cases.push({
      set: 'gign',
      id,
      receptorPdb: join(gign, id, `${id}_pocket.pdb`),
      ligandFile: join(gign, id, `${id}_ligand.sdf`),
      record: 0,
    });
  }
  const fep = join(dataDir, 'schrodinger-fep', SCHRODINGER_SUBSET);
  for (const p of readdirSync(fep)
    .filter((n) => n.endsWith('_protein.pdb'))
    .sort()) {
    const system = p.replace('_protein.pdb', '');
    const ligands = join(fep, `${system}_ligands.sdf`);
    if (!existsSync(ligands)) continue;
    const records = readFileSync(ligands, 'utf8')
      .split('$$$$')
      .filter((r) => r.trim().length > 0).length;
    for (let k = 0; k < records; k++) {
      cases.push({
        set: 'schrodinger',
        id: `${system}#${k}`,
        receptorPdb: join(fep, p),
        ligandFile: ligands,
        record: k,
      });
    }
  }
  return cases;
}

/** Convert every case with Open Babel and score it with Vina, one process per core at a time, cached on disk. */
export async function withVinaReferences(
  cases: readonly ComparisonCase[],
  cacheDir: string | undefined = undefined,
  concurrency = Math.max(2, availableParallelism()),
): Promise<ReferencedCase[]> {
  const out: ReferencedCase[] = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const receptorPdbqt = await receptorToPdbqt(c.receptorPdb, cacheDir);
      const ligandPdbqt = (await ligandsToPdbqt(c.ligandFile, cacheDir))[c.record];
      if (ligandPdbqt === undefined)
        throw new Error(`obabel wrote no PDBQT for record ${c.record} of ${c.ligandFile}`);
      out[i] = {
        ...c,
        receptorPdbqt,
        ligandPdbqt,
        vina: await vinaScoreOnly(receptorPdbqt, ligandPdbqt, cacheDir),
      };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** Agreement between reference and predicted values. */
export interface Agreement {
  readonly n: number;
  readonly meanAbsDiff: number;
  readonly maxAbsDiff: number;
  readonly pearson: number;
}

/** Mean and largest absolute difference and Pearson correlation of (reference, ours) pairs. */
export function agreement(pairs: readonly (readonly [number, number])[]): Agreement {
  const n = pairs.length;
  let sum = 0;
  let max = 0;
  let mx = 0;
  let my = 0;
  for (const [x, y] of pairs) {
    sum += Math.abs(x - y);
    max = Math.max(max, Math.abs(x - y));
    mx += x / n;
    my += y / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return { n, meanAbsDiff: sum / n, maxAbsDiff: max, pearson: sxy / Math.sqrt(sxx * syy) };
}
