import { parentPort } from 'node:worker_threads';
import { computeTasks } from './tasks';

// One compute worker: runs one task at a time; cancellation arrives through a shared flag so a
// busy task can notice it without the event loop turning.
parentPort?.on('message', async (msg: { jobId: number; kind: string; input: unknown; stopFlag: SharedArrayBuffer }) => {
  const flag = new Int32Array(msg.stopFlag);
  const task = computeTasks[msg.kind];
  if (!task) {
    parentPort?.postMessage({ jobId: msg.jobId, t: 'error', error: `Unknown compute task '${msg.kind}'` });
    return;
  }
  let lastProgressAt = 0;
  try {
    const result = await task(msg.input, {
      progress: (fraction, message) => {
        const now = Date.now();
        if (now - lastProgressAt < 50 && fraction < 1) return; // at most ~20 progress messages a second
        lastProgressAt = now;
        parentPort?.postMessage({ jobId: msg.jobId, t: 'progress', fraction, message });
      },
      shouldStop: () => Atomics.load(flag, 0) === 1,
    });
    parentPort?.postMessage({ jobId: msg.jobId, t: 'done', result, stopped: Atomics.load(flag, 0) === 1 });
  } catch (error) {
    parentPort?.postMessage({ jobId: msg.jobId, t: 'error', error: error instanceof Error ? error.message : String(error) });
  }
});
