import { defineConfig } from 'tsup';

export default defineConfig({
  // Object form keeps the worker at dist/session-worker.js, beside the bundle that starts it.
  entry: {
    index: 'src/index.ts',
    client: 'src/client/index.ts',
    graph: 'src/entries/graph.ts',
    engine: 'src/entries/engine.ts',
    cli: 'src/cli.ts',
    'session-worker': 'src/runtime/session-worker.ts',
    'training-worker': 'src/training/training-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: '../../tsconfig.build.json',
});
