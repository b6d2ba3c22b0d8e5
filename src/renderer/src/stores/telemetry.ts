import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { LiveBatch } from '#shared/rpc/domains/monitor';
import { SeriesWindow } from '#shared/series/index';
import { rpc } from '../rpc/client';

/** Samples kept per channel in the live window (10 Hz for about 55 minutes); memory is fixed. */
export const LIVE_WINDOW_CAPACITY = 32_768;

/**
 * Live telemetry windows. Samples from `monitor.live` go straight into fixed-size ring buffers
 * (never React state); components re-render on `version`, which is bumped at most once per
 * animation frame, so a hidden window (no frames) costs one append per batch and nothing more.
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

/** The live window of a channel (created on first use). */
export function liveWindow(channelId: string): SeriesWindow {
  let w = windows.get(channelId);
  if (!w) windows.set(channelId, (w = new SeriesWindow(LIVE_WINDOW_CAPACITY, channelId)));
  return w;
}

/** Latest live sample of a channel, if any arrived. */
export function liveLatest(channelId: string): { t: number; v: number } | undefined {
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
    liveWindow(ch.id).append(ch.times, values);
    pendingSamples += ch.times.length;
  }
  pendingBatches++;
  pendingDropped += batch.dropped;
  if (pendingFrame) return;
  pendingFrame = true;
  requestAnimationFrame(() => {
    pendingFrame = false;
    const s = useTelemetryStore.getState();
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

let subscribers = 0;
let unsubscribe: (() => void) | undefined;

/** Keeps the live subscription open while any component using it is mounted. */
export function useLiveTelemetry(): void {
  useEffect(() => {
    subscribers++;
    if (subscribers === 1) unsubscribe = rpc.subscribe('monitor.live', onBatch);
    return () => {
      subscribers--;
      if (subscribers === 0) {
        unsubscribe?.();
        unsubscribe = undefined;
      }
    };
  }, []);
}

/** Forces a redraw now (after resume). */
export function bumpTelemetry(): void {
  useTelemetryStore.setState((s) => ({ version: s.version + 1 }));
}

/**
 * The telemetry version, but changing at most once per `intervalMs`: heavy panels (SVG charts)
 * redraw at this rate while light ones (tiles) follow every frame.
 */
export function useThrottledTelemetryVersion(intervalMs: number): number {
  const [version, setVersion] = useState(() => useTelemetryStore.getState().version);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsub = useTelemetryStore.subscribe((s, prev) => {
      if (s.version === prev.version || timer) return;
      const wait = Math.max(0, last + intervalMs - performance.now());
      timer = setTimeout(() => {
        timer = undefined;
        last = performance.now();
        setVersion(useTelemetryStore.getState().version);
      }, wait);
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs]);
  return version;
}
