/** Public surface of the CLI commands, importable for in-process use and tests. */
export { runCli, CLI_VERSION } from './program.js';
export { runInspect, registerInspect } from './inspect.js';
export {
  inspectStructures,
  formatInspectReport,
  type InspectOptions,
  type InspectReport,
  type InspectLigand,
  type InspectChain,
} from './inspect-report.js';
export { processIO, type CliIO } from './io.js';
