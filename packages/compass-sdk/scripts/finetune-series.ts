/**
 * The congeneric series of the fine-tuning evaluation: every OpenFF PLB target and Schrodinger FEP+ system with at
 * least 16 labelled ligands, each ligand parsed once with its GIGN graph (or why it has none), Vina score,
 * heavy-atom count and RF-Score v1 features, and the seeded half split.
 */
import { basename, dirname, join } from 'node:path';
import { openDatasetDir } from '../src/datasets/open-dataset.js';
import type { DatasetItem } from '../src/datasets/item.js';
import { buildGignGraph, type GignGraph } from '../src/featurise/gign/index.js';
import { isCompassError } from '../src/errors.js';
import { RfScoreReceptor } from '../src/rfscore/features.js';
import { VinaPredictor } from '../src/scoring/vina-predictor.js';
import { readLigands, readProtein } from '../src/structure/formats.js';
import { shuffled } from '../src/training/shuffle.js';

/** One labelled ligand of a series. */
export interface SeriesLigand {
  readonly id: string;
  readonly pK: number;
  /** Undefined when featurisation failed (`graphError` says why). */
  readonly graph: GignGraph | undefined;
  readonly graphError: string | undefined;
  readonly vina: number;
  readonly heavyAtoms: number;
  /** RF-Score v1 features against the whole protein file (every ligand has them). */
  readonly rf: Float64Array;
}

/** One series (a target of one benchmark). */
export interface Series {
  /** `openff-plb/p38`, `jacs_set/p38`, ... */
  readonly name: string;
  readonly ligands: readonly SeriesLigand[];
}

/** Fewest labelled ligands a series needs to be evaluated. */
export const MIN_SERIES_LIGANDS = 16;

/** The series of both benchmarks under `dataDir` with at least {@link MIN_SERIES_LIGANDS} labelled ligands. */
export async function loadSeries(dataDir: string, only?: (name: string) => boolean): Promise<Series[]> {
  const groups = new Map<string, DatasetItem[]>();
  for (const set of ['openff-plb', 'schrodinger-fep']) {
    const ds = await openDatasetDir(join(dataDir, set));
    for (const it of ds.items) {
      if (!it.label || !Number.isFinite(it.label.pK)) continue;
      // Schrodinger target names repeat across subsets (cdk2 in charge_annhil and jacs_set): key by subset.
      const name =
        set === 'openff-plb' ? `openff-plb/${it.target}` : `${basename(dirname(it.ligandPath))}/${it.target}`;
      groups.set(name, [...(groups.get(name) ?? []), it]);
    }
  }
  const vina = new VinaPredictor();
  const out: Series[] = [];
  for (const [name, items] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    if (items.length < MIN_SERIES_LIGANDS || (only && !only(name))) continue;
    const ligands: SeriesLigand[] = [];
    const protein = await readProtein(items[0]!.proteinPath);
    const receptor = RfScoreReceptor.fromPdb(protein);
    const records = new Map<string, Awaited<ReturnType<typeof readLigands>>['records']>();
    for (const it of items) {
      if (it.proteinPath !== items[0]!.proteinPath) throw new Error(`${name}: more than one protein file`);
      if (!records.has(it.ligandPath)) records.set(it.ligandPath, (await readLigands(it.ligandPath)).records);
      const ligand = records.get(it.ligandPath)!.find((r) => r.index === it.ligandRecord);
      if (!ligand) continue;
      let graph: GignGraph | undefined;
      let graphError: string | undefined;
      try {
        graph = buildGignGraph(protein, ligand);
      } catch (e) {
        if (!isCompassError(e)) throw e;
        graphError = e.code;
      }
      ligands.push({
        id: it.id,
        pK: it.label!.pK,
        graph,
        graphError,
        vina: vina.score({ protein, ligand }).pK,
        heavyAtoms: ligand.atoms.element.filter((e) => e !== 'H').length,
        rf: receptor.features(ligand),
      });
    }
    out.push({ name, ligands });
  }
  return out;
}

/** A seeded half split of `items`: the first half (rounded down) to fine-tune on, the rest to predict. */
export function halves<T>(items: readonly T[], seed: number): { tune: T[]; test: T[] } {
  const order = shuffled(items.length, seed);
  const k = Math.floor(items.length / 2);
  return { tune: order.slice(0, k).map((i) => items[i]!), test: order.slice(k).map((i) => items[i]!) };
}
