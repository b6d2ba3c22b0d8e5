import type { LatencySummary } from '#shared/rpc/domains/gateway';

/**
 * Latency histogram in microseconds with log-spaced buckets (8 per octave, ~9 % wide), from
 * 0.1 µs to ~100 s. Recording is two Math calls and an array increment: cheap enough for the
 * per-frame hot path. Percentiles are the upper edge of the bucket that holds them.
 */
const PER_OCTAVE = 8;
const MIN_US = 0.1;
const BUCKETS = PER_OCTAVE * 30;

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxUs = 0;

  record(us: number): void {
    const v = us > MIN_US ? us : MIN_US;
    let i = Math.floor(Math.log2(v / MIN_US) * PER_OCTAVE);
    if (i >= BUCKETS) i = BUCKETS - 1;
    this.counts[i]!++;
    this.total++;
    if (us > this.maxUs) this.maxUs = us;
  }

  percentile(p: number): number {
    if (this.total === 0) return 0;
    const want = Math.max(1, Math.ceil(this.total * p));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= want) return Math.min(this.maxUs, MIN_US * 2 ** ((i + 1) / PER_OCTAVE));
    }
    return this.maxUs;
  }

  summary(): LatencySummary {
    return { count: this.total, p50Us: round(this.percentile(0.5)), p99Us: round(this.percentile(0.99)), maxUs: round(this.maxUs) };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.maxUs = 0;
  }
}

function round(us: number): number {
  return Math.round(us * 10) / 10;
}

/** Counts by reason code; a Map keeps the hot path free of object-shape changes. */
export class ReasonCounts {
  private readonly map = new Map<string, number>();
  total = 0;
  add(reason: string, n = 1): void {
    this.map.set(reason, (this.map.get(reason) ?? 0) + n);
    this.total += n;
  }
  toRecord(): Record<string, number> {
    return Object.fromEntries(this.map);
  }
  reset(): void {
    this.map.clear();
    this.total = 0;
  }
}

/** Turns a monotonically increasing counter into a per-second rate between snapshots. */
export class RateMeter {
  private lastValue = 0;
  private lastAt = 0;
  private rate = 0;
  update(value: number, now: number): number {
    if (this.lastAt > 0 && now > this.lastAt) {
      const dv = value - this.lastValue;
      this.rate = dv >= 0 ? (dv * 1000) / (now - this.lastAt) : 0;
    }
    this.lastValue = value;
    this.lastAt = now;
    return Math.round(this.rate * 10) / 10;
  }
  get value(): number {
    return Math.round(this.rate * 10) / 10;
  }
}
