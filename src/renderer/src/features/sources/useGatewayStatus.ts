import { useEffect, useState } from 'react';
import type { GatewayStatus } from '#shared/rpc/domains/gateway';
import { useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';

/** Live gateway counters: the first snapshot by query, then the core's ~1/s `gateway.status` event. */
export function useGatewayStatus(): GatewayStatus | undefined {
  const initial = useRpcQuery('gateway.status', {});
  const [live, setLive] = useState<GatewayStatus | undefined>();
  useEffect(() => rpc.subscribe('gateway.status', (s) => setLive(s)), []);
  return live ?? initial.data;
}

export function stateIntent(state: string): 'success' | 'warning' | 'danger' | 'none' {
  if (state === 'running' || state === 'ok' || state === 'closed') return 'success';
  if (state === 'reconnecting' || state === 'starting' || state === 'degraded' || state === 'half-open') return 'warning';
  if (state === 'error' || state === 'down' || state === 'open') return 'danger';
  return 'none';
}

/** Hex with a space every byte and a line break every 16 bytes. */
export function formatHex(hex: string): string {
  const bytes = hex.match(/.{1,2}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) lines.push(`${i.toString(16).padStart(4, '0')}  ${bytes.slice(i, i + 16).join(' ')}`);
  return lines.join('\n');
}

export function fmtNum(n: number | undefined): string {
  if (n === undefined) return '—';
  return n >= 10_000 ? n.toLocaleString() : String(Math.round(n * 100) / 100);
}
