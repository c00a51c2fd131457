import { defineConfig } from 'vitest/config';

/** The examples run against real registries and servers on 127.0.0.1; each test checks what the example produced. */
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'examples',
    include: ['test/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
