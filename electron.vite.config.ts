import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const alias = {
  '#shared': fileURLToPath(new URL('./src/shared', import.meta.url)),
  '#main': fileURLToPath(new URL('./src/main', import.meta.url)),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // index: Electron entry; headless: plain-Node host; cli: the `swb` tool. Workers come from ?nodeWorker imports.
        input: {
          index: 'src/main/index.ts',
          headless: 'src/main/headless.ts',
          cli: 'src/main/cli/index.ts',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: 'src/preload/index.ts' },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: 'src/renderer/index.html' },
    },
  },
});
