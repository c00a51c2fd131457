/** Connects an example: to the servers named on the command line, or to a local stack it starts itself. */
import { type Compass, createCompass, type CreateCompassOptions } from '@compass/sdk/engine';
import type { ExampleFlags } from './args.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './local-stack.js';

/** A connected example: the facade, the local stack when one was started, and one close for both. */
export interface Connection {
  readonly compass: Compass;
  readonly stack: LocalStack | undefined;
  readonly registryUrl: string | undefined;
  readonly apiKey: string | undefined;
  close(): Promise<void>;
}

/** Uses `--url`/`--registry` when given, else starts a local registry and servers. */
export async function connect(
  flags: ExampleFlags,
  options: { stack?: LocalStackOptions; compass?: Partial<CreateCompassOptions> } = {},
): Promise<Connection> {
  const stack = flags.url || flags.registry ? undefined : await startLocalStack(options.stack);
  const apiKey = stack?.apiKey ?? flags.apiKey;
  const registryUrl = stack?.registryUrl ?? flags.registry;
  const compass = createCompass({
    ...(flags.url ? { url: flags.url } : { registry: { url: registryUrl! } }),
    ...(apiKey ? { apiKey } : {}),
    ...options.compass,
  });
  await compass.waitForEndpoints(1);
  return {
    compass,
    stack,
    registryUrl,
    apiKey,
    async close() {
      await compass.close();
      await stack?.close();
    },
  };
}
