import type { TargetConfig, TargetStatus } from '#shared/rpc/domains/gateway';
import { LatencyHistogram, RateMeter } from '../pipeline/histogram';
import { BoundedQueue } from './queue';
import { DeliveryError, type DeadLetterSink, type DeliveryItem, type ITransport } from './types';

type Breaker = 'closed' | 'open' | 'half-open';

/**
 * One target: a bounded in-memory queue drained in order by a single delivery loop, with retry
 * (exponential backoff, full jitter), a circuit breaker and dead letters. Order is kept per target
 * (hence per source): the head message is retried until it is delivered or dead-lettered, and
 * nothing behind it overtakes it.
 */
export class ReliableTarget {
  private readonly queue: BoundedQueue<DeliveryItem>;
  private running = false;
  private closed = false;
  private breaker: Breaker = 'closed';
  private consecutiveFailures = 0;
  private openUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextRetryAt: number | undefined;
  private readonly latency = new LatencyHistogram();
  private readonly rate = new RateMeter();
  private c = { enqueued: 0, delivered: 0, failures: 0, retries: 0, overflow: 0, deadLettered: 0 };
  private lastError: string | undefined;
  private lastErrorAt: number | undefined;
  private lastDeliveredAt: number | undefined;
  /** Dead letters of this target stored in the project (kept current by the gateway). */
  storedDeadLetters = 0;

  constructor(
    public config: TargetConfig,
    private transport: ITransport,
    private readonly deadLetters: DeadLetterSink,
    private readonly random: () => number = Math.random,
  ) {
    this.queue = new BoundedQueue(config.queueCapacity);
  }

  get id(): string {
    return this.config.id;
  }

  get depth(): number {
    return this.queue.length;
  }

  /** Hot path: called synchronously by the pipeline for every delivery. */
  enqueue(item: DeliveryItem): void {
    this.c.enqueued++;
    if (this.queue.full) {
      this.c.overflow++;
      const policy = this.config.overflow;
      if (policy === 'drop-oldest') {
        this.queue.shift();
        this.queue.push(item);
      } else if (policy === 'dead-letter') {
        this.deadLetter(item, `queue full (${this.config.queueCapacity})`);
        return;
      }
      // drop-newest: counted in overflow, the new item is not queued.
      if (policy === 'drop-newest') return;
    } else {
      this.queue.push(item);
    }
    this.kick();
  }

  /** Puts replayed dead letters back at the end of the queue (ignores capacity: the user asked). */
  requeue(items: DeliveryItem[]): void {
    for (const item of items) {
      item.attempts = 0;
      item.enqueuedAt = performance.now();
      this.queue.push(item);
    }
    this.kick();
  }

  /** Applies new settings without losing queued messages; a new transport replaces the old one. */
  async reconfigure(config: TargetConfig, transport: ITransport | undefined): Promise<void> {
    this.config = config;
    this.queue.capacity = config.queueCapacity;
    if (transport) {
      const old = this.transport;
      this.transport = transport;
      this.resetBreaker();
      await old.close().catch(() => {});
    }
    this.kick();
  }

  /** Stops delivering; returns what was still queued (the caller dead-letters it). */
  async close(): Promise<DeliveryItem[]> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.transport.close().catch(() => {});
    return this.queue.drain();
  }

  /** Ends a breaker wait early (e.g. after the user fixed the target). */
  retryNow(): void {
    this.resetBreaker();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.kick();
  }

  resetCounters(): void {
    this.c = { enqueued: 0, delivered: 0, failures: 0, retries: 0, overflow: 0, deadLettered: 0 };
    this.latency.reset();
  }

  status(now = Date.now()): TargetStatus {
    const enabled = this.config.enabled;
    const health: TargetStatus['health'] = !enabled ? 'stopped' : this.breaker === 'open' ? 'down' : this.consecutiveFailures > 0 || this.breaker === 'half-open' ? 'degraded' : 'ok';
    return {
      id: this.id,
      kind: this.config.kind,
      enabled,
      health,
      breaker: this.breaker,
      queueDepth: this.queue.length,
      queueCapacity: this.config.queueCapacity,
      ...this.c,
      deadLetters: this.storedDeadLetters,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      ...(this.lastErrorAt !== undefined ? { lastErrorAt: this.lastErrorAt } : {}),
      ...(this.lastDeliveredAt !== undefined ? { lastDeliveredAt: this.lastDeliveredAt } : {}),
      ...(this.nextRetryAt !== undefined ? { nextRetryAt: this.nextRetryAt } : {}),
      deliveredPerSec: this.rate.update(this.c.delivered, now),
      latency: this.latency.summary(),
    };
  }

  private resetBreaker(): void {
    this.breaker = 'closed';
    this.consecutiveFailures = 0;
    this.openUntil = 0;
    this.nextRetryAt = undefined;
  }

  private deadLetter(item: DeliveryItem, reason: string): void {
    this.c.deadLettered++;
    this.deadLetters.add(this.id, item, reason);
  }

  private kick(): void {
    if (this.running || this.closed || this.timer || !this.config.enabled) return;
    this.running = true;
    // Deliver on a microtask: the pipeline's synchronous hot path never waits on I/O.
    queueMicrotask(() => void this.loop());
  }

  private async loop(): Promise<void> {
    try {
      while (!this.closed && this.config.enabled && this.queue.length > 0) {
        if (this.breaker === 'open') {
          const wait = this.openUntil - Date.now();
          if (wait > 0) return this.schedule(wait);
          this.breaker = 'half-open';
        }
        const batch = this.queue.peek(this.breaker === 'half-open' ? 1 : this.transport.maxBatch);
        try {
          await this.transport.send(batch);
        } catch (error) {
          const kind = error instanceof DeliveryError ? error.kind : 'outage';
          this.c.failures++;
          this.lastError = error instanceof Error ? error.message : String(error);
          this.lastErrorAt = Date.now();
          const head = batch[0]!;
          if (kind === 'permanent' || (kind === 'rejected' && ++head.attempts >= this.config.retry.maxAttempts)) {
            // The message, not the target, is the problem: set it aside and carry on.
            this.queue.shift();
            this.deadLetter(head, this.lastError);
            continue;
          }
          this.consecutiveFailures++;
          if (this.breaker === 'half-open' || this.consecutiveFailures >= this.config.breaker.failureThreshold) {
            this.breaker = 'open';
            this.openUntil = Date.now() + this.config.breaker.cooldownMs;
            this.c.retries++;
            return this.schedule(this.config.breaker.cooldownMs);
          }
          const { initialDelayMs, maxDelayMs } = this.config.retry;
          const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (this.consecutiveFailures - 1));
          this.c.retries++;
          // Full jitter: spreads reconnect storms when many gateways lose the same target.
          return this.schedule(Math.max(1, Math.round(this.random() * ceiling)));
        }
        const now = performance.now();
        for (let i = 0; i < batch.length; i++) {
          this.queue.shift();
          this.latency.record((now - batch[i]!.enqueuedAt) * 1000);
        }
        this.c.delivered += batch.length;
        this.lastDeliveredAt = Date.now();
        if (this.breaker !== 'closed' || this.consecutiveFailures > 0) this.resetBreaker();
      }
    } finally {
      this.running = false;
    }
  }

  private schedule(ms: number): void {
    this.nextRetryAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextRetryAt = undefined;
      this.kick();
    }, ms);
    this.timer.unref?.();
  }
}
