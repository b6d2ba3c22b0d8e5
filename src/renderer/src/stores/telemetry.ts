import { useEffect } from 'react';
import { create } from 'zustand';
import type { LiveBatch } from '#shared/rpc/domains/monitor';
import type { Subscription } from '#shared/rpc/client';
import { SeriesWindow } from '#shared/series/index';
import { rpc } from '../rpc/client';

/** Samples kept per channel in the live window (10 Hz for about 55 minutes); memory is fixed. */
export const LIVE_WINDOW_CAPACITY = 32_768;

/**
 * Live telemetry windows. Samples from `monitor.live` go straight into fixed-size ring buffers
 * (never React state); components re-render on `version`, which is bumped at most once per
 * animation frame, so a hidden window (no frames) costs one append per batch and nothing more.
 *
 * The window subscribes only to the channels it shows (`monitor.live` params): the union of the
 * channel ids declared with `useLiveChannels` (ref-counted by mounted component) and of the
 * channels read through `liveWindow` / `liveLatest` while rendering (so existing panels need no
 * change). A read channel stays in the set while frames keep being drawn without reading it for
 * at most LEASE_SWEEP_MS; while nothing is drawn (window hidden, paused) the set is kept as is,
 * so a hidden window keeps its windows filled without gaps.
 */
interface TelemetryState {
  /** Bumped when new samples arrived and a frame was drawn; subscribe to this to redraw. */
  version: number;
  paused: boolean;
  /** Live batches received / samples received / samples the core dropped under load. */
  batches: number;
  samples: number;
  dropped: number;
  setPaused(paused: boolean): void;
}

const windows = new Map<string, SeriesWindow>();

export const useTelemetryStore = create<TelemetryState>((set) => ({
  version: 0,
  paused: false,
  batches: 0,
  samples: 0,
  dropped: 0,
  setPaused: (paused) => set({ paused }),
}));

function windowOf(channelId: string): SeriesWindow {
  let w = windows.get(channelId);
  if (!w) windows.set(channelId, (w = new SeriesWindow(LIVE_WINDOW_CAPACITY, channelId)));
  return w;
}

/** The live window of a channel (created on first use); reading it keeps the channel in the live subscription. */
export function liveWindow(channelId: string): SeriesWindow {
  touch(channelId);
  return windowOf(channelId);
}

/** Latest live sample of a channel, if any arrived; reading it keeps the channel in the live subscription. */
export function liveLatest(channelId: string): { t: number; v: number } | undefined {
  touch(channelId);
  const w = windows.get(channelId);
  if (!w || w.length === 0) return undefined;
  return { t: w.timeAt(w.length - 1), v: w.valueAt(w.length - 1) };
}

let pendingFrame = false;
let pendingBatches = 0;
let pendingSamples = 0;
let pendingDropped = 0;

function onBatch(batch: LiveBatch): void {
  for (const ch of batch.channels) {
    const values = ch.values.map((v) => (v === null ? NaN : v));
    windowOf(ch.id).append(ch.times, values);
    pendingSamples += ch.times.length;
  }
  pendingBatches++;
  pendingDropped += batch.dropped;
  if (pendingFrame) return;
  pendingFrame = true;
  requestAnimationFrame(() => {
    pendingFrame = false;
    const s = useTelemetryStore.getState();
    if (!s.paused) frame++;
    useTelemetryStore.setState({
      // While paused the windows keep filling (nothing is lost), only the redraw stops.
      version: s.paused ? s.version : s.version + 1,
      batches: s.batches + pendingBatches,
      samples: s.samples + pendingSamples,
      dropped: s.dropped + pendingDropped,
    });
    pendingBatches = 0;
    pendingSamples = 0;
    pendingDropped = 0;
  });
}

// ---------- the channel set ----------

/** How often read-only leases are checked; a channel not read during that many drawn frames leaves the set. */
export const LEASE_SWEEP_MS = 2000;
/** Frames that must have been drawn since the last sweep before unread channels are dropped. */
const MIN_FRAMES_FOR_SWEEP = 3;

/** Channel ids declared by mounted components (useLiveChannels), ref-counted. */
const declared = new Map<string, number>();
/** Channel ids read while rendering, with the frame number of the last read. */
const leased = new Map<string, number>();
/** Frames drawn while not paused (bumped per animation frame that carried new samples). */
let frame = 0;
let frameAtSweep = 0;
let subscribers = 0;
let subscription: Subscription<'monitor.live'> | undefined;
let sentKey: string | undefined;
let syncScheduled = false;
let sweepTimer: ReturnType<typeof setInterval> | undefined;

function touch(channelId: string): void {
  const known = leased.has(channelId) || declared.has(channelId);
  leased.set(channelId, frame);
  if (!known) scheduleSync();
}

/** The channel ids the live subscription asks for now (sorted). */
export function liveChannelSet(): string[] {
  return [...new Set([...declared.keys(), ...leased.keys()])].sort();
}

/** Sends the current set if it changed, once per task however many panels declared channels. */
function scheduleSync(): void {
  if (syncScheduled) return;
  syncScheduled = true;
  setTimeout(() => {
    syncScheduled = false;
    if (!subscription) return;
    const ids = liveChannelSet();
    const key = ids.join(',');
    if (key === sentKey) return;
    sentKey = key;
    subscription.update({ channelIds: ids });
  }, 0);
}

function sweep(): void {
  if (frame - frameAtSweep < MIN_FRAMES_FOR_SWEEP) return; // nothing drawn: keep everything
  let changed = false;
  for (const [id, lastRead] of leased) {
    if (lastRead < frameAtSweep) {
      leased.delete(id);
      changed = true;
    }
  }
  frameAtSweep = frame;
  if (changed) scheduleSync();
}

function retain(): void {
  subscribers++;
  if (subscribers > 1) return;
  const ids = liveChannelSet();
  sentKey = ids.join(',');
  subscription = rpc.subscribe('monitor.live', onBatch, {
    params: { channelIds: ids },
    onError: (error) => console.error(`live subscription refused: ${error.message}`),
  });
  frameAtSweep = frame;
  sweepTimer = setInterval(sweep, LEASE_SWEEP_MS);
}

function release(): void {
  subscribers--;
  if (subscribers > 0) return;
  subscription?.();
  subscription = undefined;
  sentKey = undefined;
  if (sweepTimer) clearInterval(sweepTimer);
  sweepTimer = undefined;
}

/**
 * Declares channels (ref-counted) and keeps the live subscription open until the returned function
 * is called (once). The hooks below wrap it; exported for code outside React and for tests.
 */
export function acquireLiveChannels(channelIds: readonly string[]): () => void {
  const ids = [...new Set(channelIds)];
  for (const id of ids) declared.set(id, (declared.get(id) ?? 0) + 1);
  retain();
  if (ids.length > 0) scheduleSync();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const id of ids) {
      const n = (declared.get(id) ?? 1) - 1;
      if (n <= 0) declared.delete(id);
      else declared.set(id, n);
    }
    if (ids.length > 0) scheduleSync();
    release();
  };
}

/** Keeps the live subscription open while any component using it is mounted (its channels: see useLiveChannels). */
export function useLiveTelemetry(): void {
  useEffect(() => acquireLiveChannels([]), []);
}

/**
 * Declares the channels a mounted component shows: they are in the live subscription while it is
 * mounted (ref-counted across components) and the subscription is open. Panels that read channels
 * through liveWindow/liveLatest are covered without it; use it for channels shown without reading
 * them every frame.
 */
export function useLiveChannels(channelIds: readonly string[]): void {
  const key = [...new Set(channelIds)].sort().join(',');
  useEffect(() => acquireLiveChannels(key === '' ? [] : key.split(',')), [key]);
}

/** Forces a redraw now (after resume). */
export function bumpTelemetry(): void {
  useTelemetryStore.setState((s) => ({ version: s.version + 1 }));
}

