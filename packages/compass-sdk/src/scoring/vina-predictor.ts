/** The Vina scorer as an {@link AffinityPredictor}: the fallback that needs no model file, GPU or network. */
import { ScoringError } from './errors.js';
import type { AffinityPrediction, AffinityPredictor, ComplexInput, PredictOptions } from '../predictor/contract.js';
import { typeLigandFromBonds, type LigandInput } from './vina/ligand-typing.js';
import { typeProtein, type ProteinAtomInput, type ProteinTypingOptions } from './vina/protein-typing.js';
import { VinaReceptor } from './vina/receptor.js';
import { scoreVina, type VinaScoreOptions } from './vina/scorer.js';
import type { VinaTypedLigand } from './vina/typed-molecule.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import { ligandFromMolecule, proteinAtomsFromPdb, type ParsedMolecule } from './vina/from-structure.js';

/** What the Vina predictor accepts as a protein: a parsed PDB file, plain atoms, or a receptor prepared earlier. */
export type VinaProteinSource = PdbStructure | readonly ProteinAtomInput[] | VinaReceptor;

/** What the Vina predictor accepts as a ligand: a parsed SDF/MOL2 molecule, a plain bond table, or a typed ligand. */
export type VinaLigandSource = ParsedMolecule | LigandInput | VinaTypedLigand;

/** Options of {@link VinaPredictor}. */
export interface VinaPredictorOptions extends VinaScoreOptions, ProteinTypingOptions {}

/**
 * AutoDock Vina's scoring function behind the {@link AffinityPredictor} contract. Each distinct protein object is
 * typed and indexed once (kept in a WeakMap), so scoring many poses against one receptor costs only the ligand side.
 * `details` carries the Vina breakdown: `intermolecular`, `numTorsions`, `terms`, `contributions`.
 *
 * @example
 * const vina = new VinaPredictor();
 * const [a, b] = await vina.predictBatch([{ protein, ligand: pose1 }, { protein, ligand: pose2 }]);
 */
export class VinaPredictor implements AffinityPredictor<VinaProteinSource, VinaLigandSource> {
  readonly name = 'vina-1.2';
  private readonly receptors = new WeakMap<object, VinaReceptor>();
  private readonly options: VinaPredictorOptions;

  constructor(options: VinaPredictorOptions = {}) {
    this.options = options;
  }

  /** The prepared receptor for a protein, built on first use and cached per protein object. */
  receptor(protein: VinaProteinSource): VinaReceptor {
    if (protein instanceof VinaReceptor) return protein;
    let r = this.receptors.get(protein);
    if (!r) {
      r = VinaReceptor.fromTyped(typeProtein(proteinAtoms(protein), this.options));
      this.receptors.set(protein, r);
    }
    return r;
  }

  /** Score one complex synchronously. */
  score(input: ComplexInput<VinaProteinSource, VinaLigandSource>): AffinityPrediction {
    const receptor = this.receptor(input.protein);
    const ligand = toTypedLigand(input.ligand);
    const s = scoreVina(receptor, ligand, this.options);
    return {
      pK: s.pK,
      kcalPerMol: s.kcalPerMol,
      model: this.name,
      ...(input.id !== undefined ? { id: input.id } : {}),
      warnings: s.warnings,
      details: {
        intermolecular: s.intermolecular,
        numTorsions: s.numTorsions,
        terms: s.terms,
        contributions: s.contributions,
        ...(s.perAtom ? { perAtom: s.perAtom } : {}),
      },
    };
  }

  /** Score one complex; rejects with a {@link ScoringError} for input that cannot be scored. */
  async predict(
    input: ComplexInput<VinaProteinSource, VinaLigandSource>,
    options: PredictOptions = {},
  ): Promise<AffinityPrediction> {
    options.signal?.throwIfAborted();
    return this.score(input);
  }

  /** Score complexes in input order, yielding to the event loop every 256 complexes. */
  async predictBatch(
    inputs: readonly ComplexInput<VinaProteinSource, VinaLigandSource>[],
    options: PredictOptions = {},
  ): Promise<AffinityPrediction[]> {
    const out: AffinityPrediction[] = [];
    for (let i = 0; i < inputs.length; i++) {
      options.signal?.throwIfAborted();
      out.push(this.score(inputs[i]!));
      // yield now and then so a long batch does not starve the event loop
      if (i % 256 === 255) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return out;
  }
}

function proteinAtoms(protein: PdbStructure | readonly ProteinAtomInput[]): readonly ProteinAtomInput[] {
  if (Array.isArray(protein)) return protein;
  const s = protein as Partial<PdbStructure>;
  if (s.atoms && typeof s.atoms.count === 'number' && s.residues)
    return proteinAtomsFromPdb(protein as PdbStructure);
  throw new ScoringError(
    'SCORING_BAD_INPUT',
    'the protein is neither a parsed PDB structure nor a list of atoms',
  );
}

function toTypedLigand(ligand: VinaLigandSource): VinaTypedLigand {
  if ('xs' in ligand && 'numTorsions' in ligand) return ligand;
  const m = ligand as Partial<ParsedMolecule>;
  if (m.atoms && m.bonds && typeof m.atoms.count === 'number')
    return typeLigandFromBonds(ligandFromMolecule(m as ParsedMolecule));
  if (!('elements' in ligand) || !Array.isArray(ligand.elements)) {
    throw new ScoringError('SCORING_BAD_INPUT', 'the ligand has no element list');
  }
  return typeLigandFromBonds(ligand);
}
