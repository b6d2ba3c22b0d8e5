import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../core/createCore';
import { StoreEngine } from '../../store/engine';
import { InProcessComputePool } from '../../workers/inProcessPool';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoResources = path.resolve(here, '../../../../resources');

/**
 * A real in-process core on a fresh demo project. The resources folder is a copy of the repo's; a
 * test station model stands in only when the repo has no demo station (older trees).
 */
export async function demoCore(): Promise<{ core: Core; dir: string; resourcesDir: string; call: <T>(method: string, params: unknown) => Promise<T>; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swb-reports-'));
  const resourcesDir = path.join(dir, 'resources');
  mkdirSync(path.join(resourcesDir, 'demo'), { recursive: true });
  for (const entry of readdirSync(path.join(repoResources, 'demo'))) cpSync(path.join(repoResources, 'demo', entry), path.join(resourcesDir, 'demo', entry), { recursive: true });
  if (!existsSync(path.join(resourcesDir, 'demo', 'station.json'))) cpSync(path.join(here, 'station.json'), path.join(resourcesDir, 'demo', 'station.json'));
  const core = await createCore({ host: 'test', dataDir: path.join(dir, 'data'), resourcesDir, store: new StoreEngine(), pool: new InProcessComputePool(), validateOutput: true, startServices: false });
  const call = async <T,>(method: string, params: unknown): Promise<T> => {
    const res = await core.rpc.dispatch(method, params, { signal: new AbortController().signal, peer: 'test' });
    if (!res.ok) throw res.error;
    return res.result as T;
  };
  return {
    core,
    dir,
    resourcesDir,
    call,
    close: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
