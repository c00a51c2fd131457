/** Registers a trained model package in the shared store, so every server lists it once a worker has trained it. */
import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { Storage } from '../storage/storage.js';
import { sha256Hex } from '../storage/postgres/content-store.js';

/**
 * Reads `<modelDir>/model.json` (the model card), and stores the model under the card's id (the package's content
 * hash, so registering twice is a no-op) with its path relative to the data directory. Returns the model id.
 */
export async function registerModelPackage(
  storage: Storage,
  dataDir: string,
  modelDir: string,
): Promise<string> {
  const raw = await readFile(join(modelDir, 'model.json'));
  const card = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  const id = typeof card.id === 'string' && card.id !== '' ? card.id : `model-${sha256Hex(raw).slice(0, 16)}`;
  const existing = await storage.getModel(id);
  if (existing) return existing.id;
  const model = await storage.putModel({
    id,
    name: typeof card.name === 'string' && card.name !== '' ? card.name : basename(modelDir),
    aliases: [],
    card,
    packagePath: relative(dataDir, modelDir),
    sha256: sha256Hex(raw),
  });
  return model.id;
}
