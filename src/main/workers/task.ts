/** What a compute task can do while it runs: report progress and notice cancellation. */
export interface ComputeTaskContext {
  progress(fraction: number, message?: string): void;
  shouldStop(): boolean;
}

/** A pure computation run in the compute pool. Input and output must be structured-cloneable. */
export type ComputeTask = (input: unknown, ctx: ComputeTaskContext) => unknown;

export interface RunOptions {
  onProgress?: (fraction: number, message?: string) => void;
  signal?: AbortSignal;
}

/** Runs compute tasks; implemented by worker threads (the app) and in-process (unit tests). */
export interface IComputePool {
  readonly size: number;
  run<T = unknown>(kind: string, input: unknown, options?: RunOptions): Promise<T>;
  close(): Promise<void>;
}

export class CancelledError extends Error {
  constructor() {
    super('Job was cancelled');
    this.name = 'CancelledError';
  }
}
