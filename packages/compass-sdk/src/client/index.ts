/** The typed HTTP client of the COMPASS reference server. */
export * from './errors.js';
export * from './schemas.js';
export {
  HttpCore,
  httpErrorFrom,
  type CallOptions,
  type UploadProgress,
  type HttpCoreOptions,
  type RequestSpec,
} from './http-core.js';
export { clientRetryPolicy, type ClientRetryOptions } from './retry-policy.js';
export { paginate, type Page } from './paginate.js';
export { readEventStream, type ServerEvent, type EventStreamOptions } from './event-stream.js';
export {
  multipartBody,
  rawBody,
  type UploadSource,
  type MultipartBody,
  type MultipartOptions,
} from './upload-body.js';
export {
  TasksResource,
  FINAL_TASK_STATES,
  type CreateTaskInput,
  type TaskListQuery,
} from './tasks-resource.js';
export { DatasetsResource, type DatasetUploadOptions } from './datasets-resource.js';
export { ModelsResource } from './models-resource.js';
export { KeysResource } from './keys-resource.js';
export {
  InferenceResource,
  inlineStructure,
  type RemoteBatchItem,
  type RemoteLigandFormat,
  type RemotePredictInput,
  type RemoteProteinFormat,
  type RemoteStructure,
} from './inference-resource.js';
export { CompassClient, type CompassClientOptions } from './compass-client.js';
