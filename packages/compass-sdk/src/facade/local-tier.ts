/** In-process tiers: any AffinityPredictor (the bundled model or the Vina scorer) over parsed structures. */
import type { AffinityPredictor, PredictOptions } from '../predictor/contract.js';
import type { LigandRecord } from '../structure/formats.js';
import type { PdbStructure } from '../structure/pdb/schema.js';
import type { CompassBatchItemResult, CompassPrediction } from './results.js';
import { parsedLigands, parsedProtein, type InlineStructure } from './structure-source.js';

/** A predictor the in-process tiers can run: the COMPASS contract over parsed proteins and ligand records. */
export type LocalPredictor = AffinityPredictor<PdbStructure, LigandRecord>;

/** Parsed proteins keyed by text, so a batch over one receptor parses (and Vina types) it once. */
export class ProteinCache {
  readonly #byText = new Map<string, PdbStructure>();
  get(s: InlineStructure): PdbStructure {
    let p = this.#byText.get(s.text);
    if (!p) {
      p = parsedProtein(s);
      this.#byText.set(s.text, p);
    }
    return p;
  }
}

/** Predicts every ligand record against the protein. */
export async function predictLocally(
  predictor: LocalPredictor,
  protein: InlineStructure,
  ligand: InlineStructure,
  options: PredictOptions & { proteins?: ProteinCache } = {},
): Promise<CompassPrediction[]> {
  const parsedP = (options.proteins ?? new ProteinCache()).get(protein);
  const file = parsedLigands(ligand);
  if (file.records.length === 0) throw new Error(`${ligand.name}: no ligand record could be read`);
  const out = await predictor.predictBatch(
    file.records.map((record) => ({ protein: parsedP, ligand: record })),
    options.signal ? { signal: options.signal } : {},
  );
  return out.map((p, k) => ({
    index: file.records[k]!.index,
    name: file.records[k]!.name,
    pK: p.pK,
    uncertainty: p.uncertainty ?? null,
    warnings: p.warnings,
    ...(Array.isArray(p.details?.members)
      ? { members: p.details.members as CompassPrediction['members'] }
      : {}),
  }));
}

/** Predicts each batch item on its own, so one bad item fails alone. */
export async function batchLocally(
  predictor: LocalPredictor,
  items: readonly { id: string; protein: InlineStructure; ligand: InlineStructure }[],
  options: PredictOptions = {},
): Promise<CompassBatchItemResult[]> {
  const proteins = new ProteinCache();
  const results: CompassBatchItemResult[] = [];
  for (const item of items) {
    options.signal?.throwIfAborted();
    try {
      const predictions = await predictLocally(predictor, item.protein, item.ligand, {
        ...options,
        proteins,
      });
      results.push({ id: item.id, ok: true, predictions });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      results.push({
        id: item.id,
        ok: false,
        error: {
          code: typeof code === 'string' ? code : 'PREDICTION_FAILED',
          message: e instanceof Error ? e.message : String(e),
        },
      });
    }
  }
  return results;
}
