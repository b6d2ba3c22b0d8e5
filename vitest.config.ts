import { defineConfig, type Plugin } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * electron-vite turns `import x from './a.worker?nodeWorker'` into a Worker factory at build time.
 * Under vitest the same import yields a factory that starts the TypeScript worker through tsx, so
 * the real worker code runs in real threads in tests.
 */
function nodeWorkerForTests(): Plugin {
  const PREFIX = '\0swb-node-worker:';
  return {
    name: 'swb-node-worker-for-tests',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (!id.endsWith('?nodeWorker')) return null;
      const resolved = await this.resolve(id.slice(0, -'?nodeWorker'.length), importer);
      return resolved ? PREFIX + resolved.id : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      const bootstrap = fileURLToPath(new URL('./src/main/workers/testing/tsWorkerBootstrap.mjs', import.meta.url));
      return `import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
export default function (options) {
  return new Worker(${JSON.stringify(bootstrap)}, { ...options, workerData: { ...(options?.workerData ?? {}), __swbTsEntry: pathToFileURL(${JSON.stringify(file)}).href } });
}`;
    },
  };
}

export default defineConfig({
  plugins: [nodeWorkerForTests()],
  resolve: {
    alias: {
      '#shared': fileURLToPath(new URL('./src/shared', import.meta.url)),
      '#main': fileURLToPath(new URL('./src/main', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
