/** Vite build of the web console into the package's dist/console, served by the reference server at `/`. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // 3Dmol is large but only loaded by the Predict page's viewer chunk.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // 3Dmol.js keeps a direct eval for string callbacks the console never passes; its warning is noise here.
      onwarn(warning, warn) {
        if (warning.code === 'EVAL') return;
        warn(warning);
      },
    },
  },
});
