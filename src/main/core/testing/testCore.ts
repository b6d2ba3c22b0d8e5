import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../createCore';
import { defaultResourcesDir } from '../paths';
import { StoreEngine } from '../../store/engine';
import { InProcessComputePool } from '../../workers/inProcessPool';

/**
 * An in-process core for domain tests: real sql.js store, in-process compute, contract outputs
 * validated, no live services unless asked. `call` goes through the real dispatcher and throws the
 * RpcError of a failed call.
 */
export interface TestCore {
  core: Core;
  dataDir: string;
  call<T = any>(method: string, params?: unknown, signal?: AbortSignal): Promise<T>;
}

export async function createTestCore(options: { prefix?: string; projectPath?: string; startServices?: boolean } = {}): Promise<TestCore> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `swb-${options.prefix ?? 'test'}-`));
  const core: Core = await createCore({
    host: 'test',
    dataDir,
    resourcesDir: defaultResourcesDir(),
    ...(options.projectPath ? { projectPath: options.projectPath } : {}),
    store: new StoreEngine(),
    pool: new InProcessComputePool(),
    validateOutput: true,
    startServices: options.startServices ?? false,
    statusIntervalMs: 60_000,
  });
  const call: TestCore['call'] = async <T,>(method: string, params: unknown = {}, signal: AbortSignal = new AbortController().signal): Promise<T> => {
    const r = await core.rpc.dispatch(method, params, { signal, peer: 'test' });
    if (!r.ok) throw r.error;
    return r.result as T;
  };
  return { core, dataDir, call };
}
