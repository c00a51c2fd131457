/** Self-registration in the COMPASS registry. */
export {
  registerSelf,
  advertisedAddress,
  type RegistryOptions,
  type AdvertisedMetadata,
  type SelfRegistration,
} from './self-registration.js';
