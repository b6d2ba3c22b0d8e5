import type { StorageStats } from '#shared/rpc/domains/monitor';
import type { IStore } from '../store/types';
import { RES_10S, RES_5M } from './tsStore';

/**
 * Bytes one ts_raw row occupies in the database, measured (storageStats.test.ts): 16 channels
 * written in 250 ms batches of interleaved samples with random (8-byte REAL) values fill 25.0
 * bytes a row including B-tree page slack. Integer-valued samples (pump_running 0/1) are smaller,
 * so this is the conservative figure.
 */
export const RAW_BYTES_PER_ROW = 25;
/** Bytes one ts_rollup row occupies (s, res, b, min, max, sum, n), measured the same way: 51.9. */
export const ROLLUP_BYTES_PER_ROW = 52;
/**
 * Budget for sample storage when the settings carry none: ¾ of the 256 MiB in-memory project budget
 * (PROJECT_BUDGET_BYTES), leaving the rest for datasets, events, fits and reports in the same file.
 */
export const DEFAULT_STORAGE_BUDGET_MIB = 192;
/** The ingest rate is measured over at most this much recent time (ms). */
export const INGEST_WINDOW_MS = 3_600_000;
/** Below this share of the budget the level is ok, then near up to 100 %, then over. */
export const NEAR_BUDGET_FRACTION = 0.8;

const DAY_MS = 86_400_000;

/** Retention and budget as stored in the monitor settings. */
export interface StorageSettings {
  rawRetentionHours: number;
  rollup10sRetentionDays: number;
  rollup5mRetentionDays: number;
  storageBudgetMiB?: number;
}

type Num = number | null;

/**
 * Sample storage figures for the Storage view. Raw row counts come from the rollups plus one
 * partial bucket (countRaw), so the cost follows the number of buckets, not samples (≈ 20–50 ms
 * at a million raw rows instead of ≈ 0.9 s for range counts). Bytes are rows × measured bytes a
 * row (sql.js has no dbstat table) capped by the pages the database actually uses; the ingest rate
 * comes from the 10 s rollups of the last hour; the projection is where the tables settle under the
 * current retention at that rate: per series rate × raw retention + one rollup row per bucket it
 * touches.
 */
export async function computeStorageStats(store: IStore, settings: StorageSettings, now: number = Date.now()): Promise<StorageStats> {
  const pragma = async (name: string): Promise<number> => {
    const row = (await store.query<Record<string, Num>>(`PRAGMA ${name}`))[0];
    return Number(row ? Object.values(row)[0] ?? 0 : 0);
  };
  const pageSize = await pragma('page_size');
  const pageCount = await pragma('page_count');
  const freePages = await pragma('freelist_count');
  const dbBytes = pageSize * pageCount;
  const usedDbBytes = pageSize * (pageCount - freePages);

  const series = await store.query<{ num: number; key: string }>('SELECT num, key FROM monitor_series ORDER BY key');
  const windowFrom = now - INGEST_WINDOW_MS;
  const rawRetentionS = (settings.rawRetentionHours * 3_600_000) / 1000;
  const roll10RetentionS = (settings.rollup10sRetentionDays * DAY_MS) / 1000;
  const roll5RetentionS = (settings.rollup5mRetentionDays * DAY_MS) / 1000;

  const channels: StorageStats['channels'] = [];
  let rawRows = 0;
  let rows10s = 0;
  let rows5m = 0;
  let rawOldest: Num = null;
  let rawNewest: Num = null;
  let rollOldest: Num = null;
  let rollNewest: Num = null;
  let rateTotal = 0;
  let growthBytesPerDay = 0;
  let projectedBytes = 0;
  let windowMs = 0;
  for (const { num, key } of series) {
    // Index seeks only: the first and last raw sample and the rollup extents.
    const lo = (await store.query<{ t: number }>('SELECT t FROM ts_raw WHERE s = ? ORDER BY t LIMIT 1', [num]))[0]?.t ?? null;
    const hi = lo === null ? null : ((await store.query<{ t: number }>('SELECT t FROM ts_raw WHERE s = ? ORDER BY t DESC LIMIT 1', [num]))[0]?.t ?? null);
    const recentFrom = Math.floor(windowFrom / RES_10S) * RES_10S;
    // One pass over this series' 10 s buckets (≤ 8,640 a day, whatever the sample rate).
    const r10 = (await store.query<{ n: number; lo: Num; hi: Num; recent: Num; first: Num }>(
      'SELECT COUNT(*) AS n, MIN(b) AS lo, MAX(b) AS hi, SUM(CASE WHEN b >= ? THEN n END) AS recent, MIN(CASE WHEN b >= ? THEN b END) AS first FROM ts_rollup WHERE s = ? AND res = ?',
      [recentFrom, recentFrom, num, RES_10S],
    ))[0];
    const r5lo = (await store.query<{ b: number }>('SELECT b FROM ts_rollup WHERE s = ? AND res = ? ORDER BY b LIMIT 1', [num, RES_5M]))[0]?.b ?? null;
    const r5hi = r5lo === null ? null : ((await store.query<{ b: number }>('SELECT b FROM ts_rollup WHERE s = ? AND res = ? ORDER BY b DESC LIMIT 1', [num, RES_5M]))[0]?.b ?? null);
    const raw = { n: await countRaw(store, num, lo, r10?.lo ?? null, r5lo), lo, hi };
    // 5 min buckets between the first and last one: exact while the series had samples in every 5 min (the totals below are exact).
    const r5 = { n: r5lo === null || r5hi === null ? 0 : (r5hi - r5lo) / RES_5M + 1, lo: r5lo, hi: r5hi };
    const nRaw = raw.n;
    const n10 = Number(r10?.n ?? 0);
    const n5 = r5.n;
    if (nRaw + n10 + n5 === 0) continue;
    rawRows += nRaw;
    rows10s += n10;
    rows5m += n5;
    rawOldest = minOf(rawOldest, raw.lo);
    rawNewest = maxOf(rawNewest, raw.hi);
    rollOldest = minOf(rollOldest, minOf(r10?.lo ?? null, r5.lo));
    rollNewest = maxOf(rollNewest, maxOf(r10?.hi ?? null, r5.hi));

    // Rate over the last hour, or since the series' first sample in that hour when it started later
    // (a channel created 2 minutes ago must not read as 1/30 of its real rate): the first raw sample
    // when raw samples still reach back that far, else the first rollup bucket. At least one 10 s
    // bucket, so a handful of samples cannot read as a huge rate.
    const recent = Number(r10?.recent ?? 0);
    let rate = 0;
    if (recent > 0 && r10?.first != null) {
      const since = Math.max(windowFrom, raw.lo ?? r10.first);
      const spanMs = Math.max(RES_10S, now - since);
      rate = recent / (spanMs / 1000);
      windowMs = Math.max(windowMs, spanMs);
    }
    rateTotal += rate;
    // Rollup rows a day: one per touched bucket, never more than the samples themselves.
    const per10sPerDay = Math.min(rate * 86_400, DAY_MS / RES_10S);
    const per5mPerDay = Math.min(rate * 86_400, DAY_MS / RES_5M);
    growthBytesPerDay += rate * 86_400 * RAW_BYTES_PER_ROW + (per10sPerDay + per5mPerDay) * ROLLUP_BYTES_PER_ROW;
    projectedBytes +=
      rate * rawRetentionS * RAW_BYTES_PER_ROW + (Math.min(rate, 1000 / RES_10S) * roll10RetentionS + Math.min(rate, 1000 / RES_5M) * roll5RetentionS) * ROLLUP_BYTES_PER_ROW;
    channels.push({
      channelId: key,
      rawRows: nRaw,
      rollupRows: n10 + n5,
      oldest: raw.lo,
      newest: raw.hi,
      rollupOldest: minOf(r10?.lo ?? null, r5.lo),
      samplesPerSecond: rate,
      bytes: nRaw * RAW_BYTES_PER_ROW + (n10 + n5) * ROLLUP_BYTES_PER_ROW,
    });
  }

  // Exact rollup total by the b-tree's own count (no row decoding); the 5 min share is what the 10 s buckets leave.
  if (series.length > 0) {
    const totalRollup = Number((await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM ts_rollup'))[0]?.n ?? 0);
    rows5m = Math.max(0, totalRollup - rows10s);
  }

  // Estimates can overshoot on small or integer-valued data; the tables cannot be larger than the used pages.
  let rawBytes = rawRows * RAW_BYTES_PER_ROW;
  let rollupBytes = (rows10s + rows5m) * ROLLUP_BYTES_PER_ROW;
  const estimated = rawBytes + rollupBytes;
  if (estimated > usedDbBytes && estimated > 0) {
    const scale = usedDbBytes / estimated;
    rawBytes = Math.round(rawBytes * scale);
    rollupBytes = Math.round(rollupBytes * scale);
  }
  const sampleBytes = rawBytes + rollupBytes;

  const budgetMiB = settings.storageBudgetMiB ?? DEFAULT_STORAGE_BUDGET_MIB;
  const budgetBytes = budgetMiB * 1024 * 1024;
  const usedFraction = sampleBytes / budgetBytes;
  const projectedFraction = projectedBytes / budgetBytes;
  const worst = Math.max(usedFraction, projectedFraction);
  const level = worst >= 1 ? 'over' : worst >= NEAR_BUDGET_FRACTION ? 'near' : 'ok';
  // Growth stops once retention starts deleting, i.e. at the projection: only a projection past the
  // budget means the budget will actually be reached.
  const daysToBudget = sampleBytes >= budgetBytes ? 0 : projectedBytes >= budgetBytes && growthBytesPerDay > 0 ? (budgetBytes - sampleBytes) / growthBytesPerDay : null;

  return {
    at: now,
    database: { bytes: dbBytes, pageSize, pageCount, freeBytes: freePages * pageSize },
    raw: { rows: rawRows, bytes: rawBytes, bytesPerRow: RAW_BYTES_PER_ROW, oldest: rawOldest, newest: rawNewest },
    rollup: { rows: rows10s + rows5m, rows10s, rows5m, bytes: rollupBytes, bytesPerRow: ROLLUP_BYTES_PER_ROW, oldest: rollOldest, newest: rollNewest },
    channels,
    ingest: { samplesPerSecond: rateTotal, windowMs, growthBytesPerDay },
    projectedBytes,
    budget: { bytes: budgetBytes, isDefault: settings.storageBudgetMiB === undefined, usedFraction, projectedFraction, level, daysToBudget },
  };
}

/**
 * Raw rows of one series without scanning them (a range count costs ~0.45 µs a row in sql.js, a
 * second for a million): exact count of the partial first bucket + the sample counts of the full
 * rollup buckets after it, from the finest rollup that still reaches back to the oldest raw sample.
 * Every stored sample was counted once into its buckets, so this is exact unless a sample was
 * re-sent with the same millisecond time (then the rollups count it twice). When rollups have
 * expired before the raw samples (retention set that way), the rows are counted directly.
 */
async function countRaw(store: IStore, num: number, oldestRaw: Num, oldest10s: Num, oldest5m: Num): Promise<number> {
  if (oldestRaw === null) return 0;
  for (const [res, oldestBucket] of [
    [RES_10S, oldest10s],
    [RES_5M, oldest5m],
  ] as const) {
    if (oldestBucket === null || oldestBucket > oldestRaw) continue;
    const firstFull = Math.floor(oldestRaw / res) * res + res;
    const partial = (await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM ts_raw WHERE s = ? AND t < ?', [num, firstFull]))[0]?.n ?? 0;
    const rest = (await store.query<{ n: Num }>('SELECT SUM(n) AS n FROM ts_rollup WHERE s = ? AND res = ? AND b >= ?', [num, res, firstFull]))[0]?.n ?? 0;
    return Number(partial) + Number(rest);
  }
  return Number((await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM ts_raw WHERE s = ?', [num]))[0]?.n ?? 0);
}

function minOf(a: Num, b: Num): Num {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
function maxOf(a: Num, b: Num): Num {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
