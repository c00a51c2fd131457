/** Public surface of the dataset layer: labels, PDBbind index and folders, FEP sets, manifests, splits. */
export { DatasetError, type DatasetErrorCode } from './errors.js';
export {
  parseBindingString,
  pKFromDeltaG,
  labelFromMeasurement,
  MOLAR_UNITS,
  KCAL_PER_PK,
  KJ_PER_KCAL,
  type AffinityLabel,
  type MeasurementType,
  type Relation,
} from './labels.js';
export { parsePdbbindIndex, type PdbbindIndex, type PdbbindIndexEntry } from './pdbbind-index.js';
export type { Dataset, DatasetItem } from './item.js';
export { loadPdbbindFolder, type PdbbindFolderOptions } from './pdbbind-folder.js';
export {
  loadSdfFieldSet,
  loadSchrodingerSubset,
  loadOpenffTarget,
  openffAdditionalDeltaG,
  type SdfFieldSetOptions,
} from './fep.js';
export { parseManifest, splitCsvLine, type ManifestOptions } from './manifest.js';
export {
  randomSplit,
  targetSplit,
  yearSplit,
  excludeIds,
  type Split,
  type SplitFractions,
} from './splits.js';
export {
  importArchive,
  type ArchiveReport,
  type SkippedEntry,
  type ArchiveProgress,
  type ArchiveImportOptions,
} from './archive.js';
export { safeEntryPath, type ArchiveLimits } from './archive-limits.js';
