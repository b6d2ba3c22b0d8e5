import { createCore, type Core } from '../core/createCore';
import { defaultDataDir, defaultResourcesDir } from '../core/paths';
import { StoreEngine } from '../store/engine';
import { InProcessComputePool } from '../workers/inProcessPool';

/**
 * A core for one CLI command: in-process store and compute (no worker threads to start), no live
 * services. Closing it checkpoints the project.
 */
export async function withProject<T>(projectPath: string, fn: (core: Core) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const { existsSync } = await import('node:fs');
  if (!options.create && !existsSync(projectPath)) throw Object.assign(new Error(`Project file not found: ${projectPath}`), { exit: 2 });
  const core = await createCore({
    host: 'cli',
    dataDir: defaultDataDir(),
    resourcesDir: defaultResourcesDir(),
    projectPath,
    createProject: options.create === true,
    startServices: false,
    store: new StoreEngine(),
    pool: new InProcessComputePool(),
    statusIntervalMs: 60_000,
  });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}
