import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Alarm } from '#shared/rpc/domains/monitor';

/** Local setting (per browser/profile), the same key and values the alarm banner has always used. */
export const ALARM_SOUND_KEY = 'swb.alarmSound';
/** Severities that make a sound when they first appear; minor and info stay silent. */
export const SOUNDING_SEVERITIES: ReadonlySet<Alarm['severity']> = new Set(['critical', 'major']);

const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(ALARM_SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Turns the alarm sound on or off for this browser/profile and tells every component using it. */
export function setAlarmSound(on: boolean): void {
  try {
    localStorage.setItem(ALARM_SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Storage can be disabled (private mode); the toggle then lasts for this page only.
  }
  for (const fn of listeners) fn();
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  // Another window of the same profile changed it.
  const onStorage = (e: StorageEvent) => e.key === ALARM_SOUND_KEY && fn();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(fn);
    window.removeEventListener('storage', onStorage);
  };
}

/** [on, set]: the alarm sound setting, off by default, shared by every component that shows it. */
export function useAlarmSound(): [boolean, (on: boolean) => void] {
  return [useSyncExternalStore(subscribe, read, () => false), setAlarmSound];
}

/** A short two-tone beep (WebAudio; no asset, works offline). Returns false where audio is unavailable. */
export function beep(): boolean {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return false;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.connect(gain);
    gain.connect(ctx.destination);
    gain.gain.value = 0.08;
    osc.frequency.setValueAtTime(880, ctx.currentTime);
    osc.frequency.setValueAtTime(660, ctx.currentTime + 0.18);
    osc.start();
    osc.stop(ctx.currentTime + 0.36);
    osc.onended = () => void ctx.close();
    return true;
  } catch {
    // Audio is optional; a browser without it just stays silent.
    return false;
  }
}

/** Ids of unacknowledged critical/major alarms in `alarms` that are not in `seen`. */
export function newSoundingAlarms(alarms: readonly Alarm[], seen: ReadonlySet<string>): string[] {
  return alarms.filter((a) => !a.acknowledged && SOUNDING_SEVERITIES.has(a.severity) && !seen.has(a.id)).map((a) => a.id);
}

/**
 * Beeps once when a new unacknowledged critical or major alarm appears and the sound is on. The
 * first list only primes the memory: opening a window on a station already in alarm does not beep.
 */
export function useAlarmSoundOnNew(alarms: readonly Alarm[] | undefined): void {
  const [on] = useAlarmSound();
  const seen = useRef<Set<string> | undefined>(undefined);
  useEffect(() => {
    if (!alarms) return;
    const fresh = seen.current ? newSoundingAlarms(alarms, seen.current) : [];
    if (on && fresh.length > 0) beep();
    seen.current = new Set(alarms.map((a) => a.id));
  }, [alarms, on]);
}
