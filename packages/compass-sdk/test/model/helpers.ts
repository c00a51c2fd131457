/** Test helpers of the model tests: fixture complexes, synthetic complexes, a float64 forward runner. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildInferenceProgram, paramInput } from '../../src/graph/programs.js';
import type { ModelDef } from '../../src/graph/model-def.js';
import { initParams } from '../../src/params/init.js';
import { type TensorMap, hostTensor } from '../../src/runtime/host-tensor.js';
import { createLocalSession } from '../../src/runtime/session.js';
import { parseLigands, parseProtein } from '../../src/structure/formats.js';
import {
  ELEMENT_VOCABULARY,
  FEATURISER_VERSION,
  type FeaturisedComplex,
} from '../../src/structure/featurise.js';
import type { LigandRecord } from '../../src/structure/formats.js';
import type { PdbStructure } from '../../src/structure/pdb/schema.js';

const FIX = fileURLToPath(new URL('../fixtures/scoring/', import.meta.url));

/** The TYK2 pocket and its three ligands (Schrodinger FEP set, MIT). */
export function tyk2(): { protein: PdbStructure; ligands: readonly LigandRecord[] } {
  const protein = parseProtein(readFileSync(`${FIX}tyk2_pocket.pdb`), { source: 'tyk2_pocket.pdb' });
  const ligands = parseLigands(readFileSync(`${FIX}tyk2_ligands.sdf`), {
    source: 'tyk2_ligands.sdf',
  }).records;
  return { protein, ligands };
}

/** Paths of the fixture files. */
export const FIXTURE_PROTEIN = `${FIX}tyk2_pocket.pdb`;
export const FIXTURE_LIGANDS = `${FIX}tyk2_ligands.sdf`;

/** A featurised complex from explicit atoms: elements, ligand flags, positions. */
export function syntheticComplex(
  elements: readonly string[],
  ligand: readonly boolean[],
  positions: readonly number[],
): FeaturisedComplex {
  const n = elements.length;
  const w = ELEMENT_VOCABULARY.length + 1;
  const elementIndex = Uint8Array.from(elements, (e) => ELEMENT_VOCABULARY.indexOf(e));
  const nodeFeatures = new Float32Array(n * w);
  elementIndex.forEach((e, i) => {
    nodeFeatures[i * w + e] = 1;
    nodeFeatures[i * w + w - 1] = ligand[i] ? 1 : 0;
  });
  return {
    featuriserVersion: FEATURISER_VERSION,
    numAtoms: n,
    numLigandAtoms: ligand.filter(Boolean).length,
    positions: Float32Array.from(positions),
    atomicNumber: new Uint8Array(n),
    elementIndex,
    isLigand: Uint8Array.from(ligand, (b) => (b ? 1 : 0)),
    nodeFeatures,
  };
}

/** A copy of `c` with positions mapped by `f`. */
export function movedComplex(
  c: FeaturisedComplex,
  f: (x: number, y: number, z: number) => [number, number, number],
): FeaturisedComplex {
  const p = new Float32Array(c.positions.length);
  for (let i = 0; i < c.numAtoms; i++) {
    const [x, y, z] = f(c.positions[3 * i]!, c.positions[3 * i + 1]!, c.positions[3 * i + 2]!);
    p[3 * i] = x;
    p[3 * i + 1] = y;
    p[3 * i + 2] = z;
  }
  return { ...c, positions: p };
}

/** Runs the inference program of `model` in float64 with seeded parameters; returns `y` per graph. */
export async function forward64(model: ModelDef, feeds: TensorMap, seed = 3): Promise<number[]> {
  const program = buildInferenceProgram(model, { dtype: 'float64' });
  const params = initParams(model, { seed });
  const session = await createLocalSession(program.onnx, { float64: true });
  try {
    const all: TensorMap = { ...feeds };
    for (const [k, t] of Object.entries(params))
      all[paramInput(k)] = hostTensor('float64', t.dims, Float64Array.from(t.data as Float32Array));
    const out = await session.run(all);
    return Array.from(out['pred.y']!.data as Float64Array);
  } finally {
    await session.release();
  }
}
