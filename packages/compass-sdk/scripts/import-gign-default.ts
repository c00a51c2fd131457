/**
 * Writes the bundled default model (`npm run import:gign`): the three published GIGN checkpoints from the shared
 * data (`$COMPASS_DATA_DIR/gign-reference/checkpoints/repeat{0,1,2}.pt`) imported as one ensemble package by the
 * same code as `compass import`, into packages/compass-sdk/models/default. Deterministic: the same files give the
 * same package id.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/program.js';
import { sharedDataDir } from '../../../support/shared-data.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.COMPASS_DEFAULT_OUT ?? join(here, '..', 'models', 'default');
const ckpts = [0, 1, 2].map((r) => join(sharedDataDir(), 'gign-reference', 'checkpoints', `repeat${r}.pt`));
process.exitCode = await runCli([
  'import',
  ...ckpts,
  '--arch',
  'gign',
  '--name',
  'gign-ensemble',
  '--out',
  out,
]);
