/** Public surface of the featurisation cache. */
export {
  FeatureCache,
  contentHash,
  type FeatureCacheOptions,
  type FeatureKeyParts,
} from './feature-cache.js';
export { encodeFeatures, decodeFeatures } from './codec.js';
export { featuriseItem } from './featurise-item.js';
