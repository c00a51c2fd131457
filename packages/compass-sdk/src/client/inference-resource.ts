/** `client.inference`: predict one protein-ligand complex (every record of the ligand file) or a batch. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CallOptions, HttpCore } from './http-core.js';
import {
  remoteBatchResponseSchema,
  remotePredictResponseSchema,
  type RemoteBatchResponse,
  type RemotePredictResponse,
} from './schemas.js';

/** Protein file formats the server reads. */
export type RemoteProteinFormat = 'pdb' | 'pdbqt';
/** Ligand file formats the server reads. */
export type RemoteLigandFormat = 'sdf' | 'mol2' | 'pdbqt' | 'mol';

/** A structure sent inline as text, or named by a path on the server's side. */
export type RemoteStructure<Format extends string> =
  { readonly format: Format; readonly text: string } | { readonly path: string };

/** Body of `POST /inference/predict`. */
export interface RemotePredictInput {
  readonly protein: RemoteStructure<RemoteProteinFormat>;
  readonly ligand: RemoteStructure<RemoteLigandFormat>;
  /** Model id or alias (default: the server's default model). */
  readonly model?: string;
}

/** One item of `POST /inference/batch`. */
export interface RemoteBatchItem {
  readonly id: string;
  readonly protein: RemoteStructure<RemoteProteinFormat>;
  readonly ligand: RemoteStructure<RemoteLigandFormat>;
}

const FORMATS: Readonly<Record<string, string>> = {
  '.pdb': 'pdb',
  '.ent': 'pdb',
  '.pdbqt': 'pdbqt',
  '.sdf': 'sdf',
  '.sd': 'sdf',
  '.mol': 'mol',
  '.mol2': 'mol2',
};

/** Reads a local structure file into an inline `{ format, text }` (format from the extension). */
export async function inlineStructure<Format extends string = string>(
  path: string,
): Promise<{ format: Format; text: string }> {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) throw new TypeError(`cannot tell the structure format of ${path} from its extension`);
  return { format: format as Format, text: await readFile(path, 'utf8') };
}

/** The inference routes. Predictions have no side effects, so they are retried like reads. */
export class InferenceResource {
  readonly #core: HttpCore;
  constructor(core: HttpCore) {
    this.#core = core;
  }

  /** Predicts the pK of every ligand record against the protein. */
  predict(input: RemotePredictInput, options?: CallOptions): Promise<RemotePredictResponse> {
    return this.#core.json(
      { method: 'POST', path: '/api/v1/inference/predict', json: input, idempotent: true },
      remotePredictResponseSchema,
      options,
    );
  }

  /** Predicts many complexes; each item succeeds or fails on its own. */
  batch(
    input: { items: readonly RemoteBatchItem[]; model?: string },
    options?: CallOptions,
  ): Promise<RemoteBatchResponse> {
    return this.#core.json(
      { method: 'POST', path: '/api/v1/inference/batch', json: input, idempotent: true },
      remoteBatchResponseSchema,
      options,
    );
  }
}
