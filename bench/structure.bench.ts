/**
 * Structure layer throughput over the shared data: parsing (MB/s), complexes per second through parse, pocket,
 * featurise and radius graph, and the cell-list radius graph against the quadratic reference at 5,000 atoms.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataAvailable, sharedDataDir } from '../support/shared-data.js';
import {
  extractPocket,
  featurise,
  parseLigands,
  parsePdb,
  radiusGraph,
  radiusGraphQuadratic,
  type PocketOptions,
} from '../packages/compass-sdk/src/structure/index.js';

interface Case {
  protein: Buffer;
  ligand: Buffer;
  ligandName: string;
}

function cases(D: string): Case[] {
  const out: Case[] = [];
  const add = (p: string, l: string) =>
    out.push({ protein: readFileSync(p), ligand: readFileSync(l), ligandName: l });
  const gign = join(D, 'gign-toyset/complexes');
  for (const c of readdirSync(gign)) add(join(gign, c, `${c}_pocket.pdb`), join(gign, c, `${c}_ligand.sdf`));
  for (let r = 1; r <= 4; r++)
    for (let k = 1; k <= 4; k++)
      add(
        join(D, `flashdock-examples/Batch_Docking_Result/receptor${r}.pdb`),
        join(D, `flashdock-examples/Batch_Docking_Result/receptor${r}_ligand${k}_docked.sdf`),
      );
  for (const t of readdirSync(join(D, 'openff-plb')).filter((s) => !s.includes('.')))
    add(join(D, 'openff-plb', t, 'protein.pdb'), join(D, 'openff-plb', t, 'ligands.sdf'));
  for (const sub of readdirSync(join(D, 'schrodinger-fep')).filter((s) => !s.includes('.')))
    for (const f of readdirSync(join(D, 'schrodinger-fep', sub)).filter((x) => x.endsWith('_protein.pdb')))
      add(
        join(D, 'schrodinger-fep', sub, f),
        join(D, 'schrodinger-fep', sub, f.replace('_protein.pdb', '_ligands.sdf')),
      );
  return out;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

/** Print parse, pipeline and radius-graph figures. */
export async function run(): Promise<void> {
  if (!sharedDataAvailable()) {
    console.log('structure bench skipped: no shared data');
    return;
  }
  const D = sharedDataDir();
  const all = cases(D);
  const mb = all.reduce((s, c) => s + c.protein.length + c.ligand.length, 0) / 1e6;
  // Warm-up pass so the JIT has seen every path.
  for (const c of all.slice(0, 5)) parseLigands(c.ligand, { source: c.ligandName });

  const [, parseMs] = time(() => {
    for (const c of all) {
      parsePdb(c.protein);
      parseLigands(c.ligand, { source: c.ligandName });
    }
  });
  console.log(
    `parse: ${all.length} file pairs, ${mb.toFixed(1)} MB in ${parseMs.toFixed(0)} ms = ${(mb / (parseMs / 1000)).toFixed(1)} MB/s`,
  );

  const settings: [string, PocketOptions][] = [
    ['10 A pocket, with H', { radius: 10 }],
    ['6 A pocket, heavy atoms', { radius: 6, removeHydrogens: true }],
  ];
  for (const [label, opts] of settings) {
    let complexes = 0,
      atoms = 0,
      edges = 0,
      pocketMs = 0,
      graphMs = 0,
      parseOnly = 0;
    const t0 = performance.now();
    for (const c of all) {
      // One protein parse per file pair: the FEP sets share a protein across their ligand records.
      const [[p, l], pm] = time(
        () => [parsePdb(c.protein), parseLigands(c.ligand, { source: c.ligandName })] as const,
      );
      parseOnly += pm;
      for (const r of l.records) {
        const [f, tm] = time(() => featurise(extractPocket(p, r, opts)));
        const [g, gm] = time(() => radiusGraph(f.positions, { cutoff: 5, maxNeighbours: 32 }));
        pocketMs += tm;
        graphMs += gm;
        complexes++;
        atoms += f.numAtoms;
        edges += g.numEdges;
      }
    }
    const total = performance.now() - t0;
    console.log(
      `pipeline (${label}): ${complexes} complexes in ${total.toFixed(0)} ms = ${((complexes / total) * 1000).toFixed(1)} complexes/s, ${(mb / (total / 1000)).toFixed(1)} MB/s` +
        ` | parse ${parseOnly.toFixed(0)} ms, pocket+featurise ${pocketMs.toFixed(0)} ms, graph ${graphMs.toFixed(0)} ms` +
        ` | mean ${(atoms / complexes).toFixed(0)} atoms, ${(edges / complexes).toFixed(0)} edges`,
    );
  }

  // Radius graph at 5,000 atoms of a real protein: cell list against the all-pairs reference.
  const receptor = parsePdb(readFileSync(join(D, 'flashdock-examples/Batch_Docking/receptor1.pdb')));
  const pos = receptor.atoms.coords.slice(0, 5000 * 3);
  radiusGraph(pos);
  const reps = 5;
  const [g, cellMs] = time(() => {
    let last = radiusGraph(pos);
    for (let i = 1; i < reps; i++) last = radiusGraph(pos);
    return last;
  });
  const [q, quadMs] = time(() => radiusGraphQuadratic(pos));
  const same = g.numEdges === q.numEdges && g.src.every((v, i) => v === q.src[i]);
  console.log(
    `radius graph, 5,000 atoms, 5 A, cap 32: cell list ${(cellMs / reps).toFixed(1)} ms, quadratic reference ${quadMs.toFixed(1)} ms ` +
      `(${(quadMs / (cellMs / reps)).toFixed(1)}x), ${g.numEdges} edges, identical: ${same}`,
  );
}
