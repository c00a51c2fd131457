import { defineConfig } from 'vitest/config';

/** One vitest run covers every package; each package is a project so filters like `--project balancer` work. */
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: ['packages/*/vitest.config.ts', 'examples/vitest.config.ts'],
  },
});
