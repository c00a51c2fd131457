/** Importing published checkpoints as model packages: GIGN state dicts, and what is known of the published runs. */
export {
  importGignCheckpoints,
  type GignCheckpointSource,
  type GignImportOptions,
} from './gign-import.js';
export {
  PUBLISHED_GIGN_CARD,
  PUBLISHED_GIGN_RUNS,
  publishedGignRun,
  type PublishedGignRun,
} from './gign-published.js';
