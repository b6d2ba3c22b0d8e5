import { createTestCore, type TestCore } from '../core/testing/testCore';

/** An in-process core for gateway tests (real sql.js store, real sockets). */
export function gatewayTestCore(options: { startServices?: boolean; projectPath?: string } = {}): Promise<TestCore> {
  return createTestCore({ prefix: 'gw', ...options });
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
