import { Button, Icon, Tooltip } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Alarm } from '#shared/rpc/domains/monitor';
import { AckDialog } from '../features/alarms/AlarmsPage';
import { useAlarmSound, useAlarmSoundOnNew } from '../features/alarms/alarmSound';
import { useRpcQuery } from '../queries/rpcQuery';
import { rpc } from '../rpc/client';
import { useRouteStore } from '../stores/route';

const RANK: Record<Alarm['severity'], number> = { critical: 0, major: 1, minor: 2, info: 3 };

/**
 * The alarm banner under the top bar: shown while any alarm is unacknowledged, with the worst
 * one, a count, acknowledge-all and an optional sound on new alarms. Mount it once in App.tsx.
 */
export function AlarmBanner() {
  const qc = useQueryClient();
  const initial = useRpcQuery('monitor.alarms.active', {});
  const [sound, setSound] = useAlarmSound();
  const [ackIds, setAckIds] = useState<string[] | undefined>();
  const navigate = useRouteStore((s) => s.navigate);
  useEffect(() => rpc.subscribe('monitor.alarms', (p) => qc.setQueryData(['monitor.alarms.active', {}], p.active)), [qc]);
  const alarms = initial.data ?? [];
  const unacked = alarms.filter((a) => !a.acknowledged).sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.raisedAt - a.raisedAt);
  // One setting with the Alarms page toggle; beeps only for new critical/major alarms.
  useAlarmSoundOnNew(initial.data);
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
      <Tooltip content={sound ? 'Sound on new critical/major alarms: on' : 'Sound on new critical/major alarms: off'}>
        <Button
          size="small"
          variant="minimal"
          icon={sound ? 'volume-up' : 'volume-off'}
          aria-label="Alarm sound"
          onClick={() => setSound(!sound)}
          style={{ color: 'inherit' }}
        />
      </Tooltip>
      <Button size="small" variant="outlined" text="View" onClick={() => navigate('/alarms')} style={{ color: 'inherit' }} data-testid="alarm-banner-view" />
      <Button size="small" variant="outlined" icon="tick" text={unacked.length > 1 ? `Acknowledge all (${unacked.length})` : 'Acknowledge'} onClick={() => setAckIds(unacked.map((a) => a.id))} style={{ color: 'inherit' }} data-testid="alarm-banner-ack" />
      {ackIds ? <AckDialog ids={ackIds} onClose={() => setAckIds(undefined)} /> : null}
    </div>
  );
}
