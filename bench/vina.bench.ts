/**
 * Vina scorer throughput against the real `vina --score_only` on the same poses (gign-toyset, 50 PDBbind complexes),
 * measured in the same run: whole complexes from files, and poses against a receptor prepared once.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { sharedDataAvailable, sharedDataDir } from '../support/shared-data.js';
import {
  VinaReceptor,
  scoreVina,
  typeLigandFromBonds,
  typeLigandPdbqt,
  typeProtein,
  typeReceptorPdbqt,
} from '../packages/compass-sdk/src/scoring/index.js';
import { findReferenceTools } from '../packages/compass-sdk/src/scoring/vina/reference-vina.js';
import { readLigandRecords, readProteinPdb } from '../packages/compass-sdk/test/scoring/readers.js';
import { comparisonCases, withVinaReferences } from '../packages/compass-sdk/test/scoring/vina-comparison.js';

const run_ = promisify(execFile);

function rate(count: number, ms: number): string {
  return `${((count / ms) * 1000).toFixed(1)}/s`;
}

/** Print complexes per second for our scorer and for the vina binary on the gign-toyset poses. */
export async function run(): Promise<void> {
  if (!sharedDataAvailable()) {
    console.log('vina bench skipped: no shared data');
    return;
  }
  let tools = true;
  try {
    findReferenceTools();
  } catch (e) {
    tools = false;
    console.log(`vina binary not measured: ${(e as Error).message}`);
  }
  const cases = comparisonCases(sharedDataDir()).filter((c) => c.set === 'gign');
  const texts = cases.map((c) => ({
    pdb: readFileSync(c.receptorPdb, 'utf8'),
    ligand: readFileSync(c.ligandFile, 'utf8'),
    path: c.ligandFile,
  }));

  // 1. Whole complexes from PDB + SDF: parse, type the protein and the ligand, score.
  let t0 = performance.now();
  const rounds = 5;
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const receptor = VinaReceptor.fromTyped(typeProtein(readProteinPdb(t.pdb)));
      scoreVina(receptor, typeLigandFromBonds(readLigandRecords(t.ligand)[0]!));
    }
  }
  const fromFiles = performance.now() - t0;
  console.log(`ours, PDB + SDF -> score, whole complexes: ${rate(rounds * texts.length, fromFiles)}`);

  // 2. Poses against receptors prepared once (the docking / re-scoring case).
  const prepared = texts.map((t) => ({
    receptor: VinaReceptor.fromTyped(typeProtein(readProteinPdb(t.pdb))),
    ligand: typeLigandFromBonds(readLigandRecords(t.ligand)[0]!),
  }));
  const poseRounds = 200;
  t0 = performance.now();
  for (let r = 0; r < poseRounds; r++) for (const p of prepared) scoreVina(p.receptor, p.ligand);
  const poses = performance.now() - t0;
  console.log(`ours, typed pose vs prepared receptor: ${rate(poseRounds * prepared.length, poses)}`);

  if (!tools) return;
  // 3. The same complexes from the PDBQT files Vina reads, against the vina binary on those files.
  const refs = await withVinaReferences(cases);
  const usable = refs.filter((c) => c.vina !== null);
  const pdbqt = usable.map((c) => ({
    rec: readFileSync(c.receptorPdbqt, 'utf8'),
    lig: readFileSync(c.ligandPdbqt, 'utf8'),
  }));
  t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const p of pdbqt) {
      const receptor = VinaReceptor.fromTyped(typeReceptorPdbqt(p.rec));
      scoreVina(receptor, typeLigandPdbqt(p.lig));
    }
  }
  const oursPdbqt = performance.now() - t0;
  console.log(`ours, PDBQT -> score, whole complexes:    ${rate(rounds * pdbqt.length, oursPdbqt)}`);

  const timed = usable.slice(0, 20);
  t0 = performance.now();
  for (const c of timed) {
    await run_('vina', [
      '--score_only',
      '--receptor',
      c.receptorPdbqt,
      '--ligand',
      c.ligandPdbqt,
      '--autobox',
      '--cpu',
      '1',
    ]);
  }
  const vina = performance.now() - t0;
  console.log(
    `vina 1.2.3 --score_only (1 CPU), PDBQT:   ${rate(timed.length, vina)} (${timed.length} complexes)`,
  );
  const ratio = (rounds * pdbqt.length) / oursPdbqt / (timed.length / vina);
  console.log(`ratio ours / vina on whole complexes from PDBQT: ${ratio.toFixed(0)}x`);
}
