/** The KServe v2 (open inference protocol) tensor mapping: BYTES `protein` and `ligand` in, FP32 `pK` out. */
import { z } from 'zod';
import { detectFormat } from '@compass/sdk/engine';
import { ServerError } from '../errors.js';
import { type InferenceService } from './inference-service.js';
import { type LoadedModel } from './model-manager.js';

const tensorSchema = z.object({
  name: z.string().min(1),
  datatype: z.string().min(1),
  shape: z.array(z.int().min(0)),
  data: z.array(z.unknown()),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

/** An inference request of the open inference protocol. */
export const kserveInferRequestSchema = z.object({
  id: z.string().max(200).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  inputs: z.array(tensorSchema).min(1),
  outputs: z.array(z.object({ name: z.string() }).loose()).optional(),
});

/** Its response. */
export const kserveInferResponseSchema = z.object({
  model_name: z.string(),
  model_version: z.string().optional(),
  id: z.string().optional(),
  outputs: z.array(tensorSchema),
});

/** A v2 inference request. */
export type KserveInferRequest = z.infer<typeof kserveInferRequestSchema>;
/** A v2 inference response. */
export type KserveInferResponse = z.infer<typeof kserveInferResponseSchema>;

/**
 * Model metadata: inputs `protein` (BYTES, shape [1] or [N]: PDB/PDBQT text) and `ligand` (BYTES, [N]: SDF, MOL2 or
 * PDBQT text, possibly several records each); outputs `pK` (FP32, [M], one per ligand record), `ligand_index`
 * (INT32, [M], which ligand element each record came from) and, for ensembles, `uncertainty` (FP32, [M]).
 */
export function kserveModelMetadata(model: { id: string; name: string }, ensemble: boolean) {
  return {
    name: model.id,
    versions: [model.id],
    platform: 'compass',
    inputs: [
      { name: 'protein', datatype: 'BYTES', shape: [-1] },
      { name: 'ligand', datatype: 'BYTES', shape: [-1] },
    ],
    outputs: [
      { name: 'pK', datatype: 'FP32', shape: [-1] },
      { name: 'ligand_index', datatype: 'INT32', shape: [-1] },
      ...(ensemble ? [{ name: 'uncertainty', datatype: 'FP32', shape: [-1] }] : []),
    ],
    parameters: { unit: 'pK', display_name: model.name },
  };
}

function bytesTensor(req: KserveInferRequest, name: string): string[] {
  const t = req.inputs.find((i) => i.name === name);
  if (!t)
    throw new ServerError('VALIDATION_FAILED', `input ${name} is missing`, { details: { input: name } });
  if (t.datatype !== 'BYTES')
    throw new ServerError('VALIDATION_FAILED', `input ${name} must be BYTES`, { details: { input: name } });
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (n !== t.data.length || t.data.some((d) => typeof d !== 'string' || d.length === 0)) {
    throw new ServerError(
      'VALIDATION_FAILED',
      `input ${name}: shape ${JSON.stringify(t.shape)} needs ${n} non-empty strings`,
      {
        details: { input: name },
      },
    );
  }
  return t.data as string[];
}

const fmt = (role: string, text: string) => {
  try {
    return detectFormat(undefined, text);
  } catch (e) {
    throw new ServerError('INVALID_STRUCTURE', `${role}: ${(e as Error).message}`, {
      details: { field: role },
    });
  }
};

/** Runs a v2 request through the inference service with `model` and maps the result to tensors. */
export async function kserveInfer(
  service: InferenceService,
  model: LoadedModel,
  req: KserveInferRequest,
): Promise<KserveInferResponse> {
  const proteins = bytesTensor(req, 'protein');
  const ligands = bytesTensor(req, 'ligand');
  if (proteins.length !== 1 && proteins.length !== ligands.length) {
    throw new ServerError('VALIDATION_FAILED', 'protein must hold one structure or one per ligand', {
      details: { proteins: proteins.length, ligands: ligands.length },
    });
  }
  const pf = proteins.map((t) => fmt('protein', t));
  if (pf.some((f) => f !== 'pdb' && f !== 'pdbqt'))
    throw new ServerError('INVALID_STRUCTURE', 'protein: must be PDB or PDBQT', {
      details: { field: 'protein' },
    });
  // Every ligand goes in at once so the predictor can batch them together.
  const responses = await Promise.all(
    ligands.map((ligandText, i) => {
      const p = proteins.length === 1 ? 0 : i;
      return service.predict({
        model: model.id,
        protein: { format: pf[p] as 'pdb' | 'pdbqt', text: proteins[p]! },
        ligand: { format: fmt('ligand', ligandText), text: ligandText },
      });
    }),
  );
  const pK: number[] = [];
  const index: number[] = [];
  const uncertainty: number[] = [];
  responses.forEach((r, i) => {
    for (const p of r.predictions) {
      pK.push(p.pK);
      index.push(i);
      uncertainty.push(p.uncertainty ?? Number.NaN);
    }
  });
  const m = pK.length;
  return {
    model_name: model.id,
    model_version: model.id,
    ...(req.id !== undefined ? { id: req.id } : {}),
    outputs: [
      { name: 'pK', datatype: 'FP32', shape: [m], data: pK.map((v) => Math.fround(v)) },
      { name: 'ligand_index', datatype: 'INT32', shape: [m], data: index },
      ...(model.ensemble
        ? [
            {
              name: 'uncertainty',
              datatype: 'FP32',
              shape: [m],
              data: uncertainty.map((v) => Math.fround(v)),
            },
          ]
        : []),
    ],
  };
}
