import { Button, Callout, HTMLTable, NonIdealState, ProgressBar, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { TargetConfig } from '#shared/rpc/domains/gateway';
import { formatRate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { fmtNum, stateIntent, useGatewayStatus } from '../sources/useGatewayStatus';
import { TargetEditor } from './TargetEditor';

function endpointOf(t: TargetConfig): string {
  if (t.kind === 'udp' || t.kind === 'tcp') return `${t.kind}://${t.host}:${t.port}`;
  if (t.kind === 'store') return 'project database';
  return t.kind === 'mqtt' ? `${t.url} → ${t.topic}` : t.url;
}

/** Delivery targets: health, breaker, queue depth, delivery counters and dead letters with replay. */
export default function TargetsPage() {
  const cfg = useRpcQuery('gateway.config.get', {});
  const status = useGatewayStatus();
  const [editing, setEditing] = useState<TargetConfig | 'new' | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const targets = cfg.data?.config.targets ?? [];
  const sel = selected ?? targets[0]?.id;
  const dead = useRpcQuery('gateway.deadLetters.list', { targetId: sel ?? '', limit: 50 }, { enabled: sel !== undefined, refetchInterval: 2000 });
  const replay = useRpcMutation('gateway.deadLetters.replay', ['gateway.deadLetters.list', 'gateway.status']);
  const purge = useRpcMutation('gateway.deadLetters.purge', ['gateway.deadLetters.list', 'gateway.status']);

  return (
    <div className="swb-page">
      <PageHeader
        title="Targets"
        subtitle="Where routed messages go: each target has its own queue, retries with backoff, a circuit breaker and dead letters"
        actions={<Button icon="add" intent="primary" text="New target" data-testid="target-new" onClick={() => setEditing('new')} />}
      />
      {editing ? (
        <section className="swb-card" style={{ marginBottom: 10 }}>
          <h3>{editing === 'new' ? 'New target' : `Edit target ${editing.id}`}</h3>
          <TargetEditor
            target={editing === 'new' ? undefined : editing}
            onDone={(id) => {
              setEditing(undefined);
              if (id) setSelected(id);
            }}
          />
        </section>
      ) : null}
      <section className="swb-card" style={{ marginBottom: 10 }}>
        {targets.length === 0 ? (
          <NonIdealState icon="send-message" title="No targets yet" description="Add a UDP, TCP, HTTP, WebSocket or MQTT target, or the project database." />
        ) : (
          <HTMLTable compact interactive className="swb-table-full" data-testid="targets-table">
            <thead>
              <tr>
                <th>Target</th>
                <th>Endpoint</th>
                <th>Health</th>
                <th style={{ width: 160 }}>Queue</th>
                <th style={{ textAlign: 'right' }}>Delivered</th>
                <th style={{ textAlign: 'right' }}>Rate</th>
                <th style={{ textAlign: 'right' }}>Failures</th>
                <th style={{ textAlign: 'right' }}>Overflow</th>
                <th style={{ textAlign: 'right' }}>Dead letters</th>
                <th style={{ textAlign: 'right' }}>Latency p50 / p99</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {targets.map((t) => {
                const st = status?.targets.find((x) => x.id === t.id);
                return (
                  <tr key={t.id} onClick={() => setSelected(t.id)} style={t.id === sel ? { background: 'rgba(45, 114, 210, 0.12)' } : undefined} data-testid={`target-row-${t.id}`}>
                    <td>
                      <b>{t.id}</b> <span className="swb-muted">{t.name}</span>
                    </td>
                    <td className="swb-mono swb-small">{endpointOf(t)}</td>
                    <td>
                      <Tag minimal intent={stateIntent(st?.health ?? 'stopped')} data-testid={`target-health-${t.id}`}>
                        {st?.health ?? 'stopped'}
                      </Tag>{' '}
                      {st && st.breaker !== 'closed' ? <Tag minimal intent={stateIntent(st.breaker)}>breaker {st.breaker}</Tag> : null}
                      {st?.lastError && st.health !== 'ok' ? <div className="swb-error-text">{st.lastError}</div> : null}
                    </td>
                    <td>
                      <div className="swb-small" data-testid={`target-queue-${t.id}`}>
                        {fmtNum(st?.queueDepth)} / {fmtNum(st?.queueCapacity)}
                      </div>
                      <ProgressBar value={st ? st.queueDepth / Math.max(1, st.queueCapacity) : 0} stripes={false} intent={st && st.queueDepth > 0.8 * st.queueCapacity ? 'danger' : 'primary'} />
                    </td>
                    <td style={{ textAlign: 'right' }} data-testid={`target-delivered-${t.id}`}>{fmtNum(st?.delivered)}</td>
                    <td style={{ textAlign: 'right' }}>{formatRate(st?.deliveredPerSec ?? 0)}</td>
                    <td style={{ textAlign: 'right' }}>{fmtNum(st?.failures)}</td>
                    <td style={{ textAlign: 'right' }}>{fmtNum(st?.overflow)}</td>
                    <td style={{ textAlign: 'right' }}>{fmtNum(st?.deadLetters)}</td>
                    <td style={{ textAlign: 'right' }} className="swb-small">
                      {st && st.latency.count > 0 ? `${fmtNum(st.latency.p50Us / 1000)} / ${fmtNum(st.latency.p99Us / 1000)} ms` : '—'}
                    </td>
                    <td onClick={(e) => e.stopPropagation()}>
                      <Button size="small" icon="edit" title="Edit" data-testid={`target-edit-${t.id}`} onClick={() => setEditing(t)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </HTMLTable>
        )}
      </section>
      <section className="swb-card" data-testid="dead-letters">
        <h3>Dead letters{sel ? ` · ${sel}` : ''}</h3>
        <div className="swb-toolbar">
          <Button icon="repeat" text={`Replay all (${dead.data?.total ?? 0})`} disabled={!dead.data?.total} loading={replay.isPending} data-testid="dead-replay" onClick={() => replay.mutate({ targetId: sel })} />
          <Button icon="trash" intent="danger" minimal text="Purge" disabled={!dead.data?.total} loading={purge.isPending} onClick={() => purge.mutate({ targetId: sel })} />
          {replay.data ? <span className="swb-small swb-muted">replayed {replay.data.replayed}{replay.data.skipped ? `, skipped ${replay.data.skipped} (target gone)` : ''}</span> : null}
        </div>
        {replay.error ? <Callout intent="danger" compact>{replay.error.message}</Callout> : null}
        {dead.data && dead.data.items.length > 0 ? (
          <HTMLTable compact className="swb-table-full">
            <thead>
              <tr>
                <th>Time</th>
                <th>Message</th>
                <th>Reason</th>
                <th>Payload</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {dead.data.items.map((d) => (
                <tr key={d.id}>
                  <td className="swb-small">{new Date(d.time).toLocaleTimeString()}</td>
                  <td className="swb-mono swb-small">
                    {d.messageId}
                    <div className="swb-muted">from {d.sourceId}</div>
                  </td>
                  <td className="swb-small">{d.reason}</td>
                  <td className="swb-mono swb-small" style={{ maxWidth: 420, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={d.preview}>
                    {d.preview}
                  </td>
                  <td>
                    <Button size="small" icon="repeat" title="Replay this one" onClick={() => replay.mutate({ ids: [d.id] })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        ) : (
          <p className="swb-muted">None. Messages a target refuses, or that overflow a full queue, are kept here until you replay or purge them.</p>
        )}
      </section>
    </div>
  );
}
