import os from 'node:os';
import createComputeWorker from './compute.worker?nodeWorker';
import createStoreWorker from '../store/store.worker?nodeWorker';
import { WorkerComputePool } from './pool';
import { StoreProxy } from '../store/storeProxy';

// The only place that creates worker threads (electron-vite bundles each ?nodeWorker entry).

export function spawnStore(): StoreProxy {
  return new StoreProxy(createStoreWorker({}));
}

/** Pool size = cores − 1 (the core's own thread keeps one), at least 1. */
export function spawnComputePool(size = Math.max(1, os.cpus().length - 1)): WorkerComputePool {
  return new WorkerComputePool(() => createComputeWorker({}), size);
}
