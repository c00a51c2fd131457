/** Parameter files (safetensors layout with a SHA-256 checksum) and parameter initialisation. */
export { ParamsError, isParamsError, type ParamsErrorCode } from './errors.js';
export {
  PARAMS_FORMAT,
  checkParams,
  decodeParams,
  encodeParams,
  type ParamShapes,
  type ParamsFile,
} from './safetensors.js';
export { loadParams, saveParams } from './params-file.js';
export { initParams, seededRandom } from './init.js';
