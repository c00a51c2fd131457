/** createCompass: predictions, batches and training over the remote pool, the in-process engine or Vina. */
export * from './results.js';
export * from './errors.js';
export type { StructureSource, ComplexSource } from './structure-source.js';
export type { LocalPredictor } from './local-tier.js';
export type { RemoteCall } from './remote-transport.js';
export { compassTransport } from './remote-transport.js';
export type { TrainOptions, TrainingRun } from './training-run.js';
export {
  Compass,
  createCompass,
  type CompassCallOptions,
  type CompassEvents,
  type CreateCompassOptions,
} from './create-compass.js';
