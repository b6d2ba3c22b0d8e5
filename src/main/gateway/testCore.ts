import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../core/createCore';
import { defaultResourcesDir } from '../core/paths';
import { StoreEngine } from '../store/engine';
import { InProcessComputePool } from '../workers/inProcessPool';

/** An in-process core for gateway tests (real sql.js store, real sockets). */
export async function gatewayTestCore(options: { startServices?: boolean; projectPath?: string } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'swb-gw-'));
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
  const call = async <T = any>(method: string, params: unknown = {}): Promise<T> => {
    const r = await core.rpc.dispatch(method, params, { signal: new AbortController().signal, peer: 'test' });
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.result as T;
  };
  return { core, dataDir, call };
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
