/** Model packages: the card schema, atomic save, validated load, tar.gz archives, and the bundled model's folder. */
export { ModelPackageError, isModelPackageError, type ModelPackageErrorCode } from './errors.js';
export { MODEL_CARD_VERSION, MODEL_FILES, modelCardSchema, type ModelCard } from './card.js';
export { modelPackageId, saveModelPackage, type SaveModelPackageOptions } from './save.js';
export { loadModelPackage, parseModelCard, type LoadedModelPackage } from './load.js';
export { packModelArchive, unpackModelArchive } from './archive.js';
export { bundledModelDir } from './bundled.js';
