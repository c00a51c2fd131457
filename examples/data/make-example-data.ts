/**
 * Regenerates `examples/data/tyk2/` from the shared OpenFF set: the tyk2 receptor cut to whole residues within
 * 12 A of four ligands, and those ligands' SDF records copied unchanged. Reproducible provenance for the fixtures;
 * run `npx tsx --conditions=source examples/data/make-example-data.ts` (needs `$COMPASS_DATA_DIR/openff-plb`).
 * The ligands are those of `EXAMPLE_LIGANDS` (measured Ki 2.5 nM to 0.84 uM, so the heatmap has a spread).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataDir } from '../../support/shared-data.js';
import { ExampleError } from '../lib/errors.js';
import { EXAMPLE_LIGANDS } from '../lib/example-data.js';

/** Residues with any atom this close (A) to any ligand atom are kept: above Vina's 8 A, ViSNet's 10 A, GIGN's 5 A. */
const CUT = 12;

const coords = (line: string) => [31, 39, 47].map((c) => Number(line.slice(c - 1, c + 7)));

const source = join(sharedDataDir(), 'openff-plb', 'tyk2');
const out = join(dirname(fileURLToPath(import.meta.url)), 'tyk2');
const records = readFileSync(join(source, 'ligands.sdf'), 'utf8').split(/^\$\$\$\$\r?\n/m);
const ligandAtoms: number[][] = [];
for (const name of EXAMPLE_LIGANDS) {
  const record = records.find((r) => r.split('\n', 1)[0]!.trim() === name);
  if (!record)
    throw new ExampleError('EXAMPLE_MISSING_INPUT', `${source}/ligands.sdf: no record ${name}`, {
      details: { path: join(source, 'ligands.sdf'), record: name },
    });
  writeFileSync(join(out, `${name}.sdf`), `${record}$$$$\n`);
  const lines = record.split('\n');
  const count = Number(lines[3]!.slice(0, 3));
  for (const l of lines.slice(4, 4 + count))
    ligandAtoms.push([0, 10, 20].map((c) => Number(l.slice(c, c + 10))));
}
const protein = readFileSync(join(source, 'protein.pdb'), 'utf8').split('\n');
const residue = (l: string) => l.slice(17, 27);
const isAtom = (l: string) => l.startsWith('ATOM  ') || l.startsWith('HETATM');
const near = new Set<string>();
for (const l of protein) {
  if (!isAtom(l)) continue;
  const [x, y, z] = coords(l) as [number, number, number];
  if (ligandAtoms.some(([a, b, c]) => (a! - x) ** 2 + (b! - y) ** 2 + (c! - z) ** 2 <= CUT * CUT))
    near.add(residue(l));
}
const kept = protein.filter((l) => isAtom(l) && near.has(residue(l)));
const header = [
  ...protein.filter((l) => /^(HEADER|TITLE |EXPDTA|CRYST1)/.test(l)),
  'REMARK   1 OPENFF PROTEIN-LIGAND-BENCHMARK TYK2 (CC-BY-4.0, (C) 2020 OPEN FORCEFIELD GROUP)',
  `REMARK   1 TRIMMED FOR COMPASS EXAMPLES: WHOLE RESIDUES WITHIN ${CUT} A OF ${EXAMPLE_LIGANDS.length} LIGANDS`,
];
writeFileSync(join(out, 'pocket.pdb'), [...header, ...kept, 'END', ''].join('\n'));
console.log(`pocket.pdb: ${near.size} residues, ${kept.length} atoms; ${EXAMPLE_LIGANDS.length} ligands`);
