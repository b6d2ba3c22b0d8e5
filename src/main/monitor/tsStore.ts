import { downsampleForChart, percentileSorted } from '#shared/series/index';
import type { SeriesData, SeriesResolution } from '#shared/rpc/domains/monitor';
import type { IStore, SqlParams, WriteStatement } from '../store/types';

/** Rollup resolutions kept beside the raw samples (ms). */
export const RES_10S = 10_000;
export const RES_5M = 300_000;
export const RESOLUTIONS = [RES_10S, RES_5M] as const;

/** Raw reads above this many samples are aggregated in SQL instead (reading rows out of sql.js costs ~3 µs each). */
export const RAW_READ_LIMIT = 20_000;
/** Above this many raw samples a range always comes from rollups (a SQL scan costs ~0.3 µs a sample). */
export const RAW_BUCKET_LIMIT = 200_000;
/** Samples held while the store is busy; beyond this the oldest pending samples are dropped and counted. */
export const MAX_PENDING_SAMPLES = 2_000_000;

export const tsMigrationsSql = `
CREATE TABLE monitor_series (num INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE ts_raw (s INTEGER NOT NULL, t INTEGER NOT NULL, v REAL, PRIMARY KEY (s, t)) WITHOUT ROWID;
CREATE TABLE ts_rollup (s INTEGER NOT NULL, res INTEGER NOT NULL, b INTEGER NOT NULL, vmin REAL, vmax REAL, vsum REAL, n INTEGER NOT NULL, PRIMARY KEY (s, res, b)) WITHOUT ROWID;
`;

export interface Retention {
  rawMs: number;
  rollup10sMs: number;
  rollup5mMs: number;
}

interface Agg {
  min: number;
  max: number;
  sum: number;
  n: number;
}

/**
 * The time-series store on top of the project database: raw samples (one row per sample, ms
 * times) plus min/max/sum/count rollups at 10 s and 5 min. Samples are buffered in memory and
 * written in one batch per flush; the writer never blocks the caller.
 */
export class TimeSeriesStore {
  private readonly seriesNums = new Map<string, number>();
  private pendS: number[] = [];
  private pendT: number[] = [];
  private pendV: number[] = [];
  private writing: Promise<void> | undefined;
  /** Earliest raw time still held per series is at least this (retention cutoff of the last sweep). */
  private rawCutoff = 0;
  readonly stats = { samplesWritten: 0, writeBatches: 0, lastWriteMs: 0, droppedPending: 0, writeErrors: 0, lastError: '' };

  constructor(
    private readonly store: IStore,
    public retention: Retention,
    private readonly now: () => number = Date.now,
  ) {}

  /** Loads the series key -> number map (call after the project opened). */
  async load(): Promise<void> {
    this.seriesNums.clear();
    this.pendS = [];
    this.pendT = [];
    this.pendV = [];
    for (const row of await this.store.query<{ num: number; key: string }>('SELECT num, key FROM monitor_series')) this.seriesNums.set(row.key, row.num);
    this.rawCutoff = this.now() - this.retention.rawMs;
  }

  /** The numeric series id of a channel, created on first use. */
  async seriesNum(key: string): Promise<number> {
    const known = this.seriesNums.get(key);
    if (known !== undefined) return known;
    await this.store.write([{ sql: 'INSERT OR IGNORE INTO monitor_series(key) VALUES (?)', params: [key] }]);
    const row = (await this.store.query<{ num: number }>('SELECT num FROM monitor_series WHERE key = ?', [key]))[0];
    if (!row) throw new Error(`series '${key}' could not be created`);
    this.seriesNums.set(key, row.num);
    return row.num;
  }

  knownSeries(key: string): number | undefined {
    return this.seriesNums.get(key);
  }

  /** Buffers one sample (time ms epoch, value). NaN values are not stored. */
  append(series: number, t: number, v: number): void {
    if (!Number.isFinite(v) || !Number.isFinite(t)) return;
    if (this.pendS.length >= MAX_PENDING_SAMPLES) {
      // Bounded: drop the oldest quarter rather than grow without limit.
      const drop = MAX_PENDING_SAMPLES >> 2;
      this.pendS.splice(0, drop);
      this.pendT.splice(0, drop);
      this.pendV.splice(0, drop);
      this.stats.droppedPending += drop;
    }
    this.pendS.push(series);
    this.pendT.push(Math.round(t));
    this.pendV.push(v);
  }

  get pending(): number {
    return this.pendS.length;
  }

  /** Writes everything buffered in one batch (raw rows + rollup upserts). Concurrent calls chain. */
  flush(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.pendS.length === 0) return;
      const s = this.pendS;
      const t = this.pendT;
      const v = this.pendV;
      this.pendS = [];
      this.pendT = [];
      this.pendV = [];
      const statements = buildWrite(s, t, v);
      const started = performance.now();
      try {
        await this.store.write(statements);
        this.stats.samplesWritten += s.length;
        this.stats.writeBatches++;
      } catch (error) {
        this.stats.writeErrors++;
        this.stats.lastError = error instanceof Error ? error.message : String(error);
      }
      this.stats.lastWriteMs = performance.now() - started;
    };
    const next = (this.writing ?? Promise.resolve()).then(run);
    this.writing = next;
    void next.finally(() => {
      if (this.writing === next) this.writing = undefined;
    });
    return next;
  }

  /** Deletes raw samples and rollups past their retention (one write). */
  async applyRetention(): Promise<void> {
    const now = this.now();
    this.rawCutoff = now - this.retention.rawMs;
    const statements: WriteStatement[] = [];
    for (const num of this.seriesNums.values()) {
      statements.push({ sql: 'DELETE FROM ts_raw WHERE s = ? AND t < ?', params: [num, Math.floor(this.rawCutoff)] });
      statements.push({ sql: 'DELETE FROM ts_rollup WHERE s = ? AND res = ? AND b < ?', params: [num, RES_10S, Math.floor(now - this.retention.rollup10sMs)] });
      statements.push({ sql: 'DELETE FROM ts_rollup WHERE s = ? AND res = ? AND b < ?', params: [num, RES_5M, Math.floor(now - this.retention.rollup5mMs)] });
    }
    if (statements.length > 0) await this.store.write(statements);
  }

  async deleteSeries(key: string): Promise<void> {
    const num = this.seriesNums.get(key);
    if (num === undefined) return;
    await this.flush();
    await this.store.write([
      { sql: 'DELETE FROM ts_raw WHERE s = ?', params: [num] },
      { sql: 'DELETE FROM ts_rollup WHERE s = ?', params: [num] },
    ]);
  }

  async latest(series: number): Promise<{ t: number; v: number } | undefined> {
    const row = (await this.store.query<{ t: number; v: number }>('SELECT t, v FROM ts_raw WHERE s = ? ORDER BY t DESC LIMIT 1', [series]))[0];
    return row && row.v !== null ? { t: row.t, v: row.v } : undefined;
  }

  /** Raw samples in [from, to], oldest first. */
  async raw(series: number, from: number, to: number, limit = 10_000_000): Promise<{ times: number[]; values: number[] }> {
    const rows = await this.store.query<{ t: number; v: number | null }>('SELECT t, v FROM ts_raw WHERE s = ? AND t >= ? AND t <= ? ORDER BY t LIMIT ?', [series, Math.floor(from), Math.ceil(to), limit]);
    const times: number[] = new Array(rows.length);
    const values: number[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      times[i] = r.t;
      values[i] = r.v ?? NaN;
    }
    return { times, values };
  }

  /** Approximate raw sample count in a range, from the 10 s rollups (cheap). */
  async estimateCount(series: number, from: number, to: number): Promise<number> {
    const row = (await this.store.query<{ n: number | null }>('SELECT SUM(n) AS n FROM ts_rollup WHERE s = ? AND res = ? AND b >= ? AND b <= ?', [series, RES_10S, Math.floor(from / RES_10S) * RES_10S, Math.ceil(to)]))[0];
    return Number(row?.n ?? 0);
  }

  /** Picks raw, SQL buckets over raw, or a rollup resolution for the range and point budget. */
  chooseResolution(from: number, to: number, estimate: number, maxPoints: number): SeriesResolution {
    const span = to - from;
    const now = this.now();
    const rawCovers = from >= this.rawCutoff - 1;
    if (rawCovers && estimate <= RAW_READ_LIMIT) return 'raw';
    if (rawCovers && estimate <= RAW_BUCKET_LIMIT && span / RES_10S < maxPoints / 4) return 'raw-buckets';
    if (from >= now - this.retention.rollup10sMs && span / RES_10S <= maxPoints * 2) return '10s';
    return '5m';
  }

  /** Chart data for one series: ≤ maxPoints points, with a min/max envelope when aggregated. */
  async range(channelId: string, from: number, to: number, maxPoints: number, force?: SeriesResolution): Promise<SeriesData & { resolution: SeriesResolution }> {
    const num = this.seriesNums.get(channelId);
    if (num === undefined) return { channelId, times: [], values: [], sampleCount: 0, resolution: 'raw' };
    const estimate = force ? 0 : await this.estimateCount(num, from, to);
    const resolution = force ?? this.chooseResolution(from, to, estimate, maxPoints);
    if (resolution === 'raw') {
      const raw = await this.raw(num, from, to, RAW_READ_LIMIT * 4);
      if (raw.times.length <= maxPoints) return { channelId, ...raw, sampleCount: raw.times.length, resolution };
      const ds = downsampleForChart(raw.times, raw.values, maxPoints);
      return { channelId, times: Array.from(ds.points.times), values: Array.from(ds.points.values), sampleCount: raw.times.length, resolution };
    }
    const buckets = Math.max(1, Math.floor(maxPoints / (resolution === 'raw-buckets' ? 1 : 1)));
    let width = Math.max(1, Math.ceil((to - from) / buckets));
    let rows: Array<{ b: number; lo: number | null; hi: number | null; av: number | null; n: number }>;
    if (resolution === 'raw-buckets') {
      rows = await this.store.query(
        'SELECT CAST((t - ?) / ? AS INTEGER) AS b, MIN(v) AS lo, MAX(v) AS hi, AVG(v) AS av, COUNT(v) AS n FROM ts_raw WHERE s = ? AND t >= ? AND t <= ? GROUP BY b ORDER BY b',
        [Math.floor(from), width, num, Math.floor(from), Math.ceil(to)],
      );
    } else {
      const res = resolution === '10s' ? RES_10S : RES_5M;
      width = Math.max(res, Math.ceil(width / res) * res);
      rows = await this.store.query(
        'SELECT CAST((b - ?) / ? AS INTEGER) AS b, MIN(vmin) AS lo, MAX(vmax) AS hi, SUM(vsum) / SUM(n) AS av, SUM(n) AS n FROM ts_rollup WHERE s = ? AND res = ? AND b >= ? AND b <= ? GROUP BY 1 ORDER BY 1',
        [Math.floor(from), width, num, res, Math.floor(from / res) * res, Math.ceil(to)],
      );
    }
    const times: number[] = [];
    const values: number[] = [];
    const mins: number[] = [];
    const maxs: number[] = [];
    let sampleCount = 0;
    for (const r of rows) {
      if (r.av === null || r.n === 0) continue;
      times.push(Math.max(from, Math.min(to, Math.floor(from) + r.b * width + width / 2)));
      values.push(r.av);
      mins.push(r.lo ?? r.av);
      maxs.push(r.hi ?? r.av);
      sampleCount += r.n;
    }
    return { channelId, times, values, mins, maxs, sampleCount, resolution };
  }

  /** Exact statistics from raw samples while they are retained, else count/min/max/mean from rollups. */
  async statistics(channelId: string, from: number, to: number) {
    const base = { channelId, from, to };
    const nulls = { count: 0, min: null, max: null, mean: null, std: null, p5: null, p50: null, p95: null, p99: null };
    const num = this.seriesNums.get(channelId);
    if (num === undefined) return { ...base, ...nulls, basis: 'raw' as const };
    if (from < this.rawCutoff - 1) {
      const row = (await this.store.query<{ n: number; lo: number | null; hi: number | null; sm: number | null }>(
        'SELECT SUM(n) AS n, MIN(vmin) AS lo, MAX(vmax) AS hi, SUM(vsum) AS sm FROM ts_rollup WHERE s = ? AND res = ? AND b >= ? AND b <= ?',
        [num, RES_5M, Math.floor(from / RES_5M) * RES_5M, Math.ceil(to)],
      ))[0];
      const n = Number(row?.n ?? 0);
      return { ...base, ...nulls, count: n, min: row?.lo ?? null, max: row?.hi ?? null, mean: n > 0 && row?.sm != null ? row.sm / n : null, basis: 'rollup' as const };
    }
    const params: SqlParams = [num, Math.floor(from), Math.ceil(to)];
    const agg = (await this.store.query<{ n: number; lo: number | null; hi: number | null; av: number | null }>('SELECT COUNT(v) AS n, MIN(v) AS lo, MAX(v) AS hi, AVG(v) AS av FROM ts_raw WHERE s = ? AND t >= ? AND t <= ?', params))[0];
    const n = Number(agg?.n ?? 0);
    if (!agg || n === 0) return { ...base, ...nulls, basis: 'raw' as const };
    // Two-pass variance: numerically stable for large offsets (energy counters).
    const varRow = (await this.store.query<{ ss: number | null }>('SELECT SUM((v - ?) * (v - ?)) AS ss FROM ts_raw WHERE s = ? AND t >= ? AND t <= ? AND v IS NOT NULL', [agg.av, agg.av, ...params]))[0];
    const std = n > 1 ? Math.sqrt(Number(varRow?.ss ?? 0) / (n - 1)) : 0;
    const ps = [5, 50, 95, 99];
    let pv: number[];
    if (n <= RAW_BUCKET_LIMIT) {
      const values = (await this.store.query<{ v: number }>('SELECT v FROM ts_raw WHERE s = ? AND t >= ? AND t <= ? AND v IS NOT NULL ORDER BY v', params)).map((r) => r.v);
      pv = ps.map((p) => percentileSorted(values, p));
    } else {
      // Too many to read out: let SQLite pick the order statistics (type 7 interpolation).
      pv = [];
      for (const p of ps) {
        const h = ((n - 1) * p) / 100;
        const lo = Math.floor(h);
        const rows = await this.store.query<{ v: number }>('SELECT v FROM ts_raw WHERE s = ? AND t >= ? AND t <= ? AND v IS NOT NULL ORDER BY v LIMIT 2 OFFSET ?', [...params, lo]);
        const a = rows[0]?.v ?? NaN;
        const b = rows[1]?.v ?? a;
        pv.push(a + (h - lo) * (b - a));
      }
    }
    const [p5, p50, p95, p99] = pv.map((x) => (Number.isFinite(x) ? x : null));
    return { ...base, count: n, min: agg.lo, max: agg.hi, mean: agg.av, std, p5: p5 ?? null, p50: p50 ?? null, p95: p95 ?? null, p99: p99 ?? null, basis: 'raw' as const };
  }
}

/** Raw insert rows plus one upsert per touched rollup bucket. */
export function buildWrite(s: number[], t: number[], v: number[]): WriteStatement[] {
  const rows: SqlParams[] = new Array(s.length);
  const buckets = new Map<string, Agg & { s: number; res: number; b: number }>();
  // Samples of one series arrive mostly in time order: remember each series' current bucket per
  // resolution and only fall back to the map when the bucket changes (the hot path of ingest).
  const current = new Map<number, Array<(Agg & { s: number; res: number; b: number }) | undefined>>();
  for (let i = 0; i < s.length; i++) {
    const si = s[i]!;
    const ti = t[i]!;
    const vi = v[i]!;
    rows[i] = [si, ti, vi];
    let cur = current.get(si);
    if (!cur) current.set(si, (cur = new Array(RESOLUTIONS.length)));
    for (let r = 0; r < RESOLUTIONS.length; r++) {
      const res = RESOLUTIONS[r]!;
      const b = Math.floor(ti / res) * res;
      let agg = cur[r];
      if (!agg || agg.b !== b) {
        const key = `${si}:${res}:${b}`;
        agg = buckets.get(key);
        if (!agg) buckets.set(key, (agg = { s: si, res, b, min: Infinity, max: -Infinity, sum: 0, n: 0 }));
        cur[r] = agg;
      }
      if (vi < agg.min) agg.min = vi;
      if (vi > agg.max) agg.max = vi;
      agg.sum += vi;
      agg.n++;
    }
  }
  const rollupRows: SqlParams[] = [];
  for (const a of buckets.values()) rollupRows.push([a.s, a.res, a.b, a.min, a.max, a.sum, a.n]);
  return [
    { sql: 'INSERT OR REPLACE INTO ts_raw(s, t, v) VALUES (?, ?, ?)', rows },
    {
      sql: 'INSERT INTO ts_rollup(s, res, b, vmin, vmax, vsum, n) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(s, res, b) DO UPDATE SET vmin = MIN(vmin, excluded.vmin), vmax = MAX(vmax, excluded.vmax), vsum = vsum + excluded.vsum, n = n + excluded.n',
      rows: rollupRows,
    },
  ];
}
