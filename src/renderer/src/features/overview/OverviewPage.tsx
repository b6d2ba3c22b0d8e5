import { HTMLTable, Tag } from '@blueprintjs/core';
import { formatBytes, formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcQuery } from '../../queries/rpcQuery';
import { PipelineCard } from './PipelineCard';

export default function OverviewPage() {
  const info = useRpcQuery('project.info', {});
  const app = useRpcQuery('app.info', {});
  const recentEvents = useRpcQuery('events.query', { limit: 8 });
  const p = info.data;
  return (
    <div className="swb-page">
      <PageHeader title="Overview" subtitle={p ? `${p.meta.stationName || 'Station'} · ${p.meta.location || 'location not set'}` : 'Loading…'} />
      <div className="swb-grid">
        <PipelineCard />
        <section className="swb-card" data-testid="overview-project">
          <h3>Project</h3>
          {p ? (
            <dl className="swb-kv">
              <dt>Name</dt>
              <dd>{p.meta.name}</dd>
              <dt>Station</dt>
              <dd>{p.meta.stationName || '—'}</dd>
              <dt>Client</dt>
              <dd>{p.meta.client || '—'}</dd>
              <dt>Engineer</dt>
              <dd>{p.meta.engineer || '—'}</dd>
              <dt>File</dt>
              <dd className="swb-mono">{p.path ?? 'not saved'}</dd>
              <dt>Size</dt>
              <dd>
                {formatBytes(p.sizeBytes)} of {formatBytes(p.budgetBytes)} budget
              </dd>
              <dt>Last checkpoint</dt>
              <dd>{formatTime(p.lastCheckpointAt)}</dd>
              <dt>Journal</dt>
              <dd>{formatBytes(p.journalBytes)} since checkpoint</dd>
            </dl>
          ) : null}
        </section>
        <section className="swb-card">
          <h3>Contents</h3>
          <HTMLTable compact className="swb-table-full">
            <tbody>
              {p?.tables.map((t) => (
                <tr key={t.name}>
                  <td className="swb-mono">{t.name}</td>
                  <td style={{ textAlign: 'right' }}>{t.rows}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </section>
        <section className="swb-card">
          <h3>Recent events</h3>
          <HTMLTable compact className="swb-table-full">
            <tbody>
              {recentEvents.data?.events.map((e) => (
                <tr key={e.id}>
                  <td className="swb-small swb-muted">{formatTime(e.time)}</td>
                  <td>
                    <Tag minimal>{e.type}</Tag>
                  </td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </section>
        <section className="swb-card">
          <h3>Application</h3>
          {app.data ? (
            <dl className="swb-kv">
              <dt>Version</dt>
              <dd>{app.data.version}</dd>
              <dt>Host</dt>
              <dd>{app.data.host}</dd>
              <dt>Platform</dt>
              <dd>{app.data.platform}</dd>
              <dt>Started</dt>
              <dd>{formatTime(app.data.startedAt)}</dd>
            </dl>
          ) : null}
        </section>
      </div>
    </div>
  );
}
