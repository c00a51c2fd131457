import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/cli.ts',
    'src/worker/cli.ts',
    'src/jobs/thread-entry.ts',
    'src/inference/predictor-thread/thread-entry.ts',
  ],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: '../../tsconfig.build.json',
});
