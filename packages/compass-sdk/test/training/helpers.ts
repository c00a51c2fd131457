/** Shared settings of the training tests: a tiny model on the 7-ligand TYK2 fixture. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainingConfigInput } from '../../src/training/config.js';

export const FEP_FIXTURE = join(import.meta.dirname, 'fixtures', 'fep');

/** A model small enough that a step takes milliseconds. */
export const TINY_HP = {
  hidden: 8,
  heads: 2,
  layers: 1,
  rbf: 4,
  pocketRadius: 4,
  maxNeighbours: 8,
  cutoff: 4,
};

/** A config over the fixture: 7 items, 1 validation, 1 test, batches of 1 (5 steps per epoch). */
export function tinyConfig(over: Partial<TrainingConfigInput> = {}): TrainingConfigInput {
  return {
    mode: 'smoke_test',
    hyperParams: TINY_HP,
    epochs: 3,
    batchSize: 1,
    learningRate: 1e-3,
    split: { kind: 'random', validation: 0.15, test: 0.15 },
    checkpoint: { everySteps: 2, keep: 2 },
    ...over,
  };
}

export const tmpWorkDir = (): string => mkdtempSync(join(tmpdir(), 'compass-train-'));
