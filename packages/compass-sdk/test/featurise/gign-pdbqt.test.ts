/** A PDBQT ligand (docking output) gives the same GIGN ligand features as the SDF it was written from. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGignGraph } from '../../src/featurise/gign/index.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { parseLigands, readLigands, readProtein } from '../../src/structure/formats.js';
import { describeFeatures, edgeSet, sameSet } from './golden.js';
import { writePdbqt } from './pdbqt-writer.js';

const have = sharedDataAvailable();

function fepTargets(): [string, string][] {
  const d = sharedDataDir();
  const out: [string, string][] = [];
  for (const t of readdirSync(join(d, 'openff-plb')).sort()) {
    if (t.includes('.')) continue;
    out.push([join(d, 'openff-plb', t, 'protein.pdb'), join(d, 'openff-plb', t, 'ligands.sdf')]);
  }
  for (const g of readdirSync(join(d, 'schrodinger-fep')).sort()) {
    if (g.includes('.')) continue;
    for (const f of readdirSync(join(d, 'schrodinger-fep', g)).sort())
      if (f.endsWith('_ligands.sdf'))
        out.push([
          join(d, 'schrodinger-fep', g, f.replace('_ligands.sdf', '_protein.pdb')),
          join(d, 'schrodinger-fep', g, f),
        ]);
  }
  return out;
}

describe.skipIf(!have)('GIGN featuriser: PDBQT ligands vs their SDF', () => {
  it('gives identical ligand features and bonds for >= 98% of the FEP molecules', async () => {
    let same = 0,
      total = 0,
      skipped = 0;
    const report: string[] = [];
    for (const [p, l] of fepTargets()) {
      const protein = await readProtein(p);
      for (const rec of (await readLigands(l)).records) {
        let fromSdf;
        try {
          fromSdf = buildGignGraph(protein, rec);
        } catch {
          skipped++; // the pocket fails for both (jacs_set/cdk2)
          continue;
        }
        total++;
        const text = writePdbqt(rec);
        const pq = parseLigands(text, { source: `${rec.name}.pdbqt` }).records[0]!;
        const g = buildGignGraph(protein, pq);
        const nl = fromSdf.numLigandAtoms;
        const bad: number[] = [];
        for (let a = 0; a < Math.min(nl, g.numLigandAtoms); a++)
          for (let k = 0; k < 35; k++)
            if (g.x[a * 35 + k] !== fromSdf.x[a * 35 + k]) {
              bad.push(a);
              break;
            }
        const ligEdges = (s: Int32Array, d: Int32Array) => {
          const keep: [number[], number[]] = [[], []];
          for (let e = 0; e < s.length; e++)
            if (s[e]! < nl && d[e]! < nl) {
              keep[0].push(s[e]!);
              keep[1].push(d[e]!);
            }
          return edgeSet(...keep);
        };
        const edgesOk = sameSet(
          ligEdges(g.intra.src, g.intra.dst),
          ligEdges(fromSdf.intra.src, fromSdf.intra.dst),
        );
        if (g.numLigandAtoms === nl && bad.length === 0 && edgesOk) same++;
        else if (report.length < 60)
          report.push(
            `${l.split('/').slice(-2).join('/')}#${rec.index} ${rec.name}: ${bad.length} atoms differ${edgesOk ? '' : ', bonds differ'}: ` +
              bad
                .slice(0, 3)
                .map(
                  (a) =>
                    `[${a}] pdbqt ${describeFeatures(g.x, a * 35)} / sdf ${describeFeatures(fromSdf.x, a * 35)}`,
                )
                .join('; '),
          );
      }
    }
    const pct = (100 * same) / total;
    console.log(
      `PDBQT vs SDF: ${same}/${total} molecules identical (${pct.toFixed(2)}%), ${skipped} skipped\n${report.join('\n')}`,
    );
    expect(pct).toBeGreaterThanOrEqual(98);
  }, 600_000);
});
