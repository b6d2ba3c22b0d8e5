import { Button, Icon, Tooltip } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Alarm } from '#shared/rpc/domains/monitor';
import { AckDialog } from '../features/alarms/AlarmsPage';
import { useRpcQuery } from '../queries/rpcQuery';
import { rpc } from '../rpc/client';
import { useRouteStore } from '../stores/route';

const SOUND_KEY = 'swb.alarmSound';

/** A short two-tone beep (WebAudio; no asset, works offline). */
function beep(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
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
  } catch {
    // Audio is optional; a browser without it just stays silent.
  }
}

const RANK: Record<Alarm['severity'], number> = { critical: 0, major: 1, minor: 2, info: 3 };

/**
 * The alarm banner under the top bar: shown while any alarm is unacknowledged, with the worst
 * one, a count, acknowledge-all and an optional sound on new alarms. Mount it once in App.tsx.
 */
export function AlarmBanner() {
  const qc = useQueryClient();
  const initial = useRpcQuery('monitor.alarms.active', {});
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) === 'on');
  const [ackIds, setAckIds] = useState<string[] | undefined>();
  const seen = useRef<Set<string> | undefined>(undefined);
  const navigate = useRouteStore((s) => s.navigate);
  useEffect(() => rpc.subscribe('monitor.alarms', (p) => qc.setQueryData(['monitor.alarms.active', {}], p.active)), [qc]);
  const alarms = initial.data ?? [];
  const unacked = alarms.filter((a) => !a.acknowledged).sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.raisedAt - a.raisedAt);
  useEffect(() => {
    const ids = new Set(unacked.map((a) => a.id));
    if (seen.current && sound && [...ids].some((id) => !seen.current!.has(id))) beep();
    seen.current = ids;
  }, [unacked, sound]);
  if (unacked.length === 0) return null;
  const worst = unacked[0]!;
  return (
    <div className={`swb-alarm-banner swb-sev-${worst.severity}`} role="alert" data-testid="alarm-banner" style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '3px 12px', fontSize: 12 }}>
      <Icon icon="warning-sign" size={14} />
      <strong>{worst.name}</strong>
      <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
        {worst.state === 'cleared' ? 'returned to normal — ' : ''}
        {worst.message}
        {unacked.length > 1 ? ` · ${unacked.length - 1} more unacknowledged` : ''}
      </span>
      <Tooltip content={sound ? 'Sound on new alarms: on' : 'Sound on new alarms: off'}>
        <Button
          size="small"
          variant="minimal"
          icon={sound ? 'volume-up' : 'volume-off'}
          aria-label="Alarm sound"
          onClick={() => {
            localStorage.setItem(SOUND_KEY, sound ? 'off' : 'on');
            setSound(!sound);
          }}
          style={{ color: 'inherit' }}
        />
      </Tooltip>
      <Button size="small" variant="outlined" text="View" onClick={() => navigate('/alarms')} style={{ color: 'inherit' }} data-testid="alarm-banner-view" />
      <Button size="small" variant="outlined" icon="tick" text={unacked.length > 1 ? `Acknowledge all (${unacked.length})` : 'Acknowledge'} onClick={() => setAckIds(unacked.map((a) => a.id))} style={{ color: 'inherit' }} data-testid="alarm-banner-ack" />
      {ackIds ? <AckDialog ids={ackIds} onClose={() => setAckIds(undefined)} /> : null}
    </div>
  );
}
