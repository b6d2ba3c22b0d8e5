import { Icon, Tooltip } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { StatusSnapshot } from '#shared/rpc/domains/app';
import { formatBytes, formatRate } from '../components/format';
import { useRpcQuery } from '../queries/rpcQuery';
import { rpc } from '../rpc/client';
import { useRouteStore } from '../stores/route';
import { useUiStore } from '../stores/ui';

/** Project, listeners, throughput, alarms and jobs, pushed by the core about once a second. */
export function StatusBar() {
  const initial = useRpcQuery('app.status', {});
  const [live, setLive] = useState<StatusSnapshot | undefined>();
  useEffect(() => rpc.subscribe('app.status', setLive), []);
  const s = live ?? initial.data;
  const navigate = useRouteStore((st) => st.navigate);
  const setJobsOpen = useUiStore((st) => st.setJobsOpen);
  if (!s) return <footer className="swb-statusbar">Connecting to the core…</footer>;
  const budgetUse = s.project.sizeBytes / s.project.budgetBytes;
  return (
    <footer className="swb-statusbar" data-testid="status-bar">
      <Tooltip content={s.project.path ?? 'not saved'}>
        <span className="swb-status-item" data-testid="status-project">
          <Icon icon="projects" size={12} /> {s.project.name} · {formatBytes(s.project.sizeBytes)}
          {budgetUse > 0.8 ? <span className="swb-warn"> (near the {formatBytes(s.project.budgetBytes)} budget)</span> : null}
        </span>
      </Tooltip>
      <button type="button" className="swb-status-item swb-status-button" onClick={() => navigate('/sources')} data-testid="status-listeners">
        <Icon icon="satellite" size={12} /> {s.listeners.running}/{s.listeners.total} listeners
      </button>
      <span className="swb-status-item" data-testid="status-throughput">
        <Icon icon="exchange" size={12} /> {formatRate(s.throughput.framesPerSec)} frames
        {s.throughput.errorsPerSec > 0 ? <span className="swb-warn"> · {formatRate(s.throughput.errorsPerSec)} errors</span> : null}
      </span>
      <button type="button" className={`swb-status-item swb-status-button${s.alarms.active > 0 ? ' swb-status-alarm' : ''}`} onClick={() => navigate('/alarms')} data-testid="status-alarms">
        <Icon icon="notifications" size={12} /> {s.alarms.active} active alarms
        {s.alarms.unacknowledged > 0 ? ` (${s.alarms.unacknowledged} unacknowledged)` : ''}
      </button>
      <button type="button" className="swb-status-item swb-status-button" onClick={() => setJobsOpen(true)} data-testid="status-jobs">
        <Icon icon="build" size={12} /> {s.jobs.running} running jobs{s.jobs.queued > 0 ? `, ${s.jobs.queued} queued` : ''}
      </button>
      <span className="swb-status-spacer" />
      <span className="swb-status-item swb-muted">{new Date(s.time).toLocaleTimeString()}</span>
    </footer>
  );
}
