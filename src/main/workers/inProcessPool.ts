import { CancelledError, type IComputePool, type RunOptions } from './task';
import { computeTasks } from './tasks';

/** Runs compute tasks on the calling thread: same interface as the worker pool, for unit tests and the CLI. */
export class InProcessComputePool implements IComputePool {
  readonly size = 1;
  async run<T = unknown>(kind: string, input: unknown, options: RunOptions = {}): Promise<T> {
    const task = computeTasks[kind];
    if (!task) throw new Error(`Unknown compute task '${kind}'`);
    if (options.signal?.aborted) throw new CancelledError();
    const result = await task(structuredClone(input), {
      progress: (fraction, message) => options.onProgress?.(fraction, message),
      shouldStop: () => options.signal?.aborted ?? false,
    });
    if (options.signal?.aborted) throw new CancelledError();
    return structuredClone(result) as T;
  }
  async close(): Promise<void> {}
}
