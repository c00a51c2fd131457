/** GIGN featuriser against the original pipeline's golden graphs for the 50 toy-set complexes. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGignGraph, type GignGraph } from '../../src/featurise/gign/index.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { readLigands, readProtein } from '../../src/structure/formats.js';
import { describeFeatures, edgeSet, featureMismatches, loadGolden, REF, sameSet } from './golden.js';

const have = sharedDataAvailable();

describe.skipIf(!have)('GIGN featuriser vs the original pipeline (toy set, 50 complexes)', () => {
  it('reproduces features for >= 99.5% of atoms and edge sets for >= 99% of complexes', async () => {
    const toy = join(sharedDataDir(), 'gign-toyset', 'complexes');
    const ids = (await import('node:fs')).readdirSync(toy).sort();
    expect(ids.length).toBe(50);
    let atoms = 0,
      badAtoms = 0,
      sameEdges = 0,
      sameCounts = 0;
    const report: string[] = [];
    let ms = 0;
    for (const id of ids) {
      const gz = join(toy, id, `${id}_protein.pdb.gz`);
      const protein = await readProtein(existsSync(gz) ? gz : join(toy, id, `${id}_protein.pdb`));
      const ligand = (await readLigands(join(toy, id, `${id}_ligand.mol2`))).records[0]!;
      const gold = loadGolden(id);
      const t0 = performance.now();
      let g: GignGraph;
      try {
        g = buildGignGraph(protein, ligand);
      } catch (e) {
        report.push(`${id}: threw ${(e as Error).message}`);
        atoms += gold.x.length;
        badAtoms += gold.x.length;
        continue;
      }
      ms += performance.now() - t0;
      const n = g.numLigandAtoms + g.numPocketAtoms;
      atoms += gold.x.length;
      if (g.numLigandAtoms !== gold.n_ligand || g.numPocketAtoms !== gold.n_pocket) {
        report.push(
          `${id}: sizes ${g.numLigandAtoms}+${g.numPocketAtoms} vs ${gold.n_ligand}+${gold.n_pocket}`,
        );
        badAtoms += gold.x.length;
        continue;
      }
      sameCounts++;
      const bad = featureMismatches(g, gold);
      badAtoms += bad.length;
      const intraOk = sameSet(edgeSet(g.intra.src, g.intra.dst), edgeSet(...gold.edge_index_intra));
      const interOk = sameSet(edgeSet(g.inter.src, g.inter.dst), edgeSet(...gold.edge_index_inter));
      if (intraOk && interOk) sameEdges++;
      if (bad.length > 0 || !intraOk || !interOk) {
        report.push(
          `${id}: ${bad.length}/${n} atoms differ, intra ${intraOk ? 'ok' : 'DIFF'}, inter ${interOk ? 'ok' : 'DIFF'}`,
        );
        for (const a of bad.slice(0, 6)) {
          const info = gold.atom_info[a]!;
          report.push(
            `   ${a < g.numLigandAtoms ? 'L' : 'P'} ${info.slice(1, 5).join(' ')}: ours ${describeFeatures(g.x, a * 35)} | ref ${describeFeatures(gold.x.flat(), a * 35)}`,
          );
        }
      }
    }
    const atomPct = (100 * (atoms - badAtoms)) / atoms;
    console.log(
      `toy set: atoms identical ${atomPct.toFixed(2)}% (${atoms - badAtoms}/${atoms}), ` +
        `edges identical ${sameEdges}/50, sizes ${sameCounts}/50, ${(ms / 50).toFixed(2)} ms/complex\n` +
        report.join('\n'),
    );
    expect(existsSync(REF())).toBe(true);
    expect(atomPct).toBeGreaterThanOrEqual(99.5);
    expect(sameEdges).toBeGreaterThanOrEqual(50);
  }, 120_000);
});
