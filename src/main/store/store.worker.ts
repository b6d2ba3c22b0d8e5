import { parentPort } from 'node:worker_threads';
import { StoreEngine } from './engine';
import type { IStore } from './types';

// The store worker: owns sql.js and the journal so exports and queries never block the core's event loop.
const engine = new StoreEngine();
type Op = keyof IStore;

parentPort?.on('message', async (msg: { id: number; op: Op; args: unknown[] }) => {
  try {
    const fn = engine[msg.op] as (...args: unknown[]) => Promise<unknown>;
    const result = await fn.apply(engine, msg.args);
    parentPort?.postMessage({ id: msg.id, ok: true, result });
  } catch (error) {
    parentPort?.postMessage({ id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
