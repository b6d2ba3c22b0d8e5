import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { MethodName } from '#shared/rpc/contract';
import type { Channel } from '#shared/rpc/domains/monitor';
import { useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';

const INVALIDATES: Record<string, MethodName[]> = {
  channels: ['monitor.channels.list'],
  dashboards: ['monitor.dashboards.list'],
  alarmRules: ['monitor.alarmRules.list'],
  devices: ['monitor.devices.list', 'monitor.devices.get', 'monitor.devices.settings'],
  recordings: ['monitor.recordings.list'],
  maintenance: ['monitor.maintenance.get'],
  settings: ['monitor.settings.get'],
};

/** Refreshes monitor queries when the core says something changed (another window, the CLI, a device). */
export function useMonitorInvalidation(): void {
  const qc = useQueryClient();
  useEffect(
    () =>
      rpc.subscribe('monitor.changed', ({ what }) => {
        for (const m of INVALIDATES[what] ?? []) void qc.invalidateQueries({ queryKey: [m] });
      }),
    [qc],
  );
}

/** Channels by id. */
export function useChannels(): { list: Channel[]; byId: Map<string, Channel>; isLoading: boolean } {
  const q = useRpcQuery('monitor.channels.list', {});
  return useMemo(() => ({ list: q.data ?? [], byId: new Map((q.data ?? []).map((c) => [c.id, c])), isLoading: q.isLoading }), [q.data, q.isLoading]);
}

export function formatValue(v: number | undefined, precision: number): string {
  return v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(precision);
}

export function ageText(t: number | undefined, now = Date.now()): string {
  if (t === undefined) return 'never';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${(s / 3600).toFixed(1)} h ago`;
}

/** Downloads text as a file in the browser (CSV export). */
export function downloadText(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
