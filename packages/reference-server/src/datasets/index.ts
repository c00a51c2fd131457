/** Datasets: streamed uploads, the pluggable validator and the dataset service. */
export * from './validator.js';
export * from './upload.js';
export * from './dataset-service.js';
export { sdkDatasetValidator, extractedDatasetDir } from './sdk-validator.js';
