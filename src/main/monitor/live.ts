import type { LiveBatch } from '#shared/rpc/domains/monitor';

/** Per-channel sample budget of one live tick; older samples in the tick are dropped and counted. */
export const LIVE_MAX_SAMPLES_PER_TICK = 256;
/** Ticks per second at most (UI update cadence). */
export const LIVE_MAX_RATE_HZ = 10;

interface Pending {
  times: number[];
  values: number[];
  dropped: number;
}

/**
 * Coalesces samples into one columnar batch per tick. Memory is bounded (per channel per tick);
 * publishing is fire-and-forget, so a slow or hidden UI never holds the pipeline: a transport
 * that falls behind is the transport's problem (the WebSocket host drops live events for a client
 * that does not read and disconnects it when it stays stuck). Each subscription narrows the batch
 * to its channel set in the RPC server (`monitor.live` params), so one batch serves every window.
 */
export class LiveStream {
  private pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private seq = 0;
  private droppedInTick = 0;
  readonly stats = { ticks: 0, dropped: 0 };

  constructor(
    private readonly publish: (batch: LiveBatch) => void,
    private readonly intervalMs = 1000 / LIVE_MAX_RATE_HZ,
  ) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  push(channelId: string, t: number, v: number): void {
    let p = this.pending.get(channelId);
    if (!p) this.pending.set(channelId, (p = { times: [], values: [], dropped: 0 }));
    if (p.times.length >= LIVE_MAX_SAMPLES_PER_TICK) {
      // Latest-only: keep the newest samples of this tick.
      p.times.shift();
      p.values.shift();
      p.dropped++;
      this.droppedInTick++;
    }
    p.times.push(t);
    p.values.push(v);
  }

  /** Publishes what arrived since the last tick (nothing when nothing arrived). */
  tick(now = Date.now()): LiveBatch | undefined {
    if (this.pending.size === 0) return undefined;
    const channels = [...this.pending].map(([id, p]) => ({ id, times: p.times, values: p.values.map((x) => (Number.isFinite(x) ? x : null) as number), ...(p.dropped > 0 ? { dropped: p.dropped } : {}) }));
    const batch: LiveBatch = { t: now, seq: ++this.seq, channels, dropped: this.droppedInTick };
    this.stats.dropped += this.droppedInTick;
    this.stats.ticks++;
    this.pending = new Map();
    this.droppedInTick = 0;
    this.publish(batch);
    return batch;
  }
}
