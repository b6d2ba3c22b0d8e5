import type { Worker } from 'node:worker_threads';
import { CancelledError, type IComputePool, type RunOptions } from './task';

interface QueuedJob {
  jobId: number;
  kind: string;
  input: unknown;
  options: RunOptions;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: QueuedJob | undefined;
  stopFlag: Int32Array;
}

/** How long a cancelled task may keep running before its worker is terminated and replaced. */
const CANCEL_GRACE_MS = 1000;

/** A fixed-size pool of compute workers with a FIFO queue, progress and cancellation. */
export class WorkerComputePool implements IComputePool {
  private readonly slots: Slot[] = [];
  private readonly queue: QueuedJob[] = [];
  private nextJobId = 1;
  private closed = false;

  constructor(
    private readonly spawn: () => Worker,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.createSlot());
  }

  run<T = unknown>(kind: string, input: unknown, options: RunOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('Compute pool is closed'));
    return new Promise<T>((resolve, reject) => {
      const job: QueuedJob = { jobId: this.nextJobId++, kind, input, options, resolve: resolve as (v: unknown) => void, reject };
      if (options.signal?.aborted) return reject(new CancelledError());
      options.signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('Compute pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private createSlot(): Slot {
    const worker = this.spawn();
    worker.unref();
    const slot: Slot = { worker, job: undefined, stopFlag: new Int32Array(new SharedArrayBuffer(4)) };
    worker.on('message', (msg: { jobId: number; t: string; fraction?: number; message?: string; result?: unknown; error?: string; stopped?: boolean }) => {
      const job = slot.job;
      if (!job || job.jobId !== msg.jobId) return;
      if (msg.t === 'progress') {
        job.options.onProgress?.(msg.fraction ?? 0, msg.message);
        return;
      }
      slot.job = undefined;
      if (msg.t === 'done') {
        if (msg.stopped) job.reject(new CancelledError());
        else job.resolve(msg.result);
      } else job.reject(new Error(msg.error ?? 'Compute task failed'));
      this.pump();
    });
    worker.on('error', (error) => this.replace(slot, error));
    return slot;
  }

  private replace(slot: Slot, error: Error): void {
    const job = slot.job;
    slot.job = undefined;
    void slot.worker.terminate();
    job?.reject(error);
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.createSlot();
    this.pump();
  }

  private cancel(job: QueuedJob): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(new CancelledError());
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    Atomics.store(slot.stopFlag, 0, 1);
    setTimeout(() => {
      if (slot.job === job) this.replace(slot, new CancelledError());
    }, CANCEL_GRACE_MS).unref();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      Atomics.store(slot.stopFlag, 0, 0);
      slot.worker.postMessage({ jobId: job.jobId, kind: job.kind, input: job.input, stopFlag: slot.stopFlag.buffer });
    }
  }
}
