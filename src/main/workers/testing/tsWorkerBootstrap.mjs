// Test-only worker entry (used by vitest.config.ts): registers tsx inside the worker thread, then
// loads the real TypeScript worker module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__swbTsEntry);
