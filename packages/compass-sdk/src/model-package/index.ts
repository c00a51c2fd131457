/** Model packages: the card schema, atomic save, validated load, tar.gz archives, and the bundled model's folder. */
export { ModelPackageError, isModelPackageError, type ModelPackageErrorCode } from './errors.js';
export {
  MODEL_CARD_VERSION,
  MODEL_FILES,
  gignArchitectureSchema,
  modelArchitectureSchema,
  modelCardSchema,
  visnetArchitectureSchema,
  type ModelArchitecture,
  type ModelCard,
} from './card.js';
export { ARCHITECTURES, type ArchitectureSupport } from './architectures.js';
export {
  modelPackageId,
  saveModelPackage,
  writeModelPackage,
  type ModelCardDraft,
  type SaveModelPackageOptions,
} from './save.js';
export { loadModelPackage, parseModelCard, visnetHyperParams, type LoadedModelPackage } from './load.js';
export { packModelArchive, unpackModelArchive } from './archive.js';
export { bundledModelDir, bundledModels, type BundledModel } from './bundled.js';
