/** Command-line flags of the examples (`--name value`, `--flag`), parsed with node:util. */
import { parseArgs } from 'node:util';

/** Flags every example understands. */
export interface ExampleFlags {
  /** A server URL; absent: the example starts its own registry and servers. */
  readonly url?: string;
  /** A registry URL to discover servers in. */
  readonly registry?: string;
  /** API key for `--url`/`--registry` (default `$COMPASS_API_KEY`). */
  readonly apiKey?: string;
  /** Output folder (examples that write files). */
  readonly out?: string;
  /** Print one refresh and exit (monitor). */
  readonly once: boolean;
  /** Train to the end and predict with the new model (training example). */
  readonly full: boolean;
  readonly protein?: string;
  readonly ligand?: string;
}

/** Parses the flags; unknown flags are an error so typos do not pass silently. */
export function parseExampleFlags(args: readonly string[]): ExampleFlags {
  const { values } = parseArgs({
    args: [...args],
    options: {
      url: { type: 'string' },
      registry: { type: 'string' },
      'api-key': { type: 'string' },
      out: { type: 'string' },
      once: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      protein: { type: 'string' },
      ligand: { type: 'string' },
    },
    strict: true,
  });
  return {
    ...(values.url ? { url: values.url } : {}),
    ...(values.registry ? { registry: values.registry } : {}),
    ...((values['api-key'] ?? process.env.COMPASS_API_KEY)
      ? { apiKey: values['api-key'] ?? process.env.COMPASS_API_KEY }
      : {}),
    ...(values.out ? { out: values.out } : {}),
    once: values.once ?? false,
    full: values.full ?? false,
    ...(values.protein ? { protein: values.protein } : {}),
    ...(values.ligand ? { ligand: values.ligand } : {}),
  };
}
