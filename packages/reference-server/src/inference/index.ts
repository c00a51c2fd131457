/** Inference: the model manager (packages, Vina fallback, default model), predict/batch and the KServe v2 mapping. */
export * from './schemas.js';
export * from './model-manager.js';
export { InferenceService, type InferenceOptions } from './inference-service.js';
export { readAllowedPath, type StructureInputOptions } from './structure-input.js';
export { readContainedFile, unreadablePath, type ContainedFile } from './contained-file.js';
export {
  kserveInfer,
  kserveModelMetadata,
  kserveInferRequestSchema,
  kserveInferResponseSchema,
  type KserveInferRequest,
  type KserveInferResponse,
} from './kserve.js';
