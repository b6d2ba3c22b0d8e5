import { randomUUID } from 'node:crypto';
import type { JobInfo } from '#shared/rpc/domains/jobs';
import type { EventBus } from '../events/bus';
import { CancelledError, type IComputePool } from './task';

/** How many finished jobs the jobs panel keeps. */
const FINISHED_KEPT = 50;

/**
 * Tracks compute jobs for the UI: queued -> running -> done/failed/cancelled, with progress
 * published on 'jobs.changed' (throttled) and cancellation by id.
 */
export class JobRunner {
  private readonly jobs = new Map<string, JobInfo>();
  private readonly controllers = new Map<string, AbortController>();

  constructor(
    private readonly pool: IComputePool,
    private readonly bus: EventBus,
  ) {}

  get poolSize(): number {
    return this.pool.size;
  }

  /** Start a job; the promise settles with the task's result or rejects (CancelledError on cancel). */
  start<T>(kind: string, title: string, input: unknown, options: { signal?: AbortSignal } = {}): { id: string; result: Promise<T> } {
    const id = randomUUID();
    const controller = new AbortController();
    options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.controllers.set(id, controller);
    const info: JobInfo = { id, kind, title, state: 'queued', progress: 0, createdAt: Date.now() };
    this.update(info);
    let lastPublish = 0;
    const result = this.pool
      .run<T>(kind, input, {
        signal: controller.signal,
        onProgress: (fraction, message) => {
          const current = this.jobs.get(id);
          if (!current) return;
          const next: JobInfo = { ...current, state: 'running', progress: Math.max(0, Math.min(1, fraction)), startedAt: current.startedAt ?? Date.now(), ...(message ? { message } : {}) };
          this.jobs.set(id, next);
          const now = Date.now();
          if (now - lastPublish > 100) {
            lastPublish = now;
            this.bus.publish('jobs.changed', next);
          }
        },
      })
      .then(
        (value) => {
          this.finish(id, { state: 'done', progress: 1 });
          return value;
        },
        (error: unknown) => {
          if (error instanceof CancelledError || controller.signal.aborted) this.finish(id, { state: 'cancelled' });
          else this.finish(id, { state: 'failed', error: error instanceof Error ? error.message : String(error) });
          throw error;
        },
      );
    this.markRunningSoon(id);
    return { id, result };
  }

  cancel(id: string): boolean {
    const controller = this.controllers.get(id);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  counts(): { running: number; queued: number } {
    let running = 0;
    let queued = 0;
    for (const job of this.jobs.values()) {
      if (job.state === 'running') running++;
      else if (job.state === 'queued') queued++;
    }
    return { running, queued };
  }

  close(): Promise<void> {
    for (const c of this.controllers.values()) c.abort();
    return this.pool.close();
  }

  private markRunningSoon(id: string): void {
    // The pool does not tell when a queued job starts; the first progress does. Jobs that never
    // report progress still show as running once dispatched.
    queueMicrotask(() => {
      const job = this.jobs.get(id);
      if (job && job.state === 'queued' && this.counts().running < this.pool.size) this.update({ ...job, state: 'running', startedAt: Date.now() });
    });
  }

  private finish(id: string, patch: Partial<JobInfo>): void {
    const job = this.jobs.get(id);
    this.controllers.delete(id);
    if (!job) return;
    this.update({ ...job, ...patch, finishedAt: Date.now() });
    const finished = this.list().filter((j) => j.finishedAt !== undefined);
    for (const old of finished.slice(FINISHED_KEPT)) this.jobs.delete(old.id);
  }

  private update(job: JobInfo): void {
    this.jobs.set(job.id, job);
    this.bus.publish('jobs.changed', job);
  }
}
