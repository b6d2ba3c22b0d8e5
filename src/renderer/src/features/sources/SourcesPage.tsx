import { Button, ButtonGroup, Callout, HTMLTable, NonIdealState, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { MessageLogEntry, SourceConfig } from '#shared/rpc/domains/gateway';
import { formatRate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { SimulatorCard } from './SimulatorCard';
import { SourceEditor } from './SourceEditor';
import { fmtNum, formatHex, stateIntent, useGatewayStatus } from './useGatewayStatus';

function FrameRow({ f }: { f: MessageLogEntry }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr onClick={() => setOpen(!open)} style={{ cursor: 'pointer' }} data-testid="frame-row">
        <td className="swb-small">{new Date(f.time).toLocaleTimeString()}</td>
        <td>{f.ok ? <Tag minimal intent="success">decoded</Tag> : <Tag minimal intent="danger">{f.reason}</Tag>}</td>
        <td className="swb-mono swb-small" style={{ maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {f.hex}
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={3}>
            <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
              <pre className="swb-mono" style={{ margin: 0 }} data-testid="frame-hex">
                {formatHex(f.hex)}
              </pre>
              {f.ok ? (
                <pre className="swb-mono swb-small" style={{ margin: 0, maxHeight: 260, overflow: 'auto' }} data-testid="frame-fields">
                  {JSON.stringify(f.fields, null, 1)}
                </pre>
              ) : (
                <div className="swb-error-text">
                  {f.stage}/{f.reason}
                  {f.offset !== undefined ? ` at byte ${f.offset}` : ''}
                  {f.path ? ` (${f.path})` : ''}: {f.message}
                </div>
              )}
            </div>
            {f.rules?.length ? <div className="swb-small swb-muted">rules: {f.rules.join(', ')} → {f.targets?.join(', ') || 'no target'}</div> : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Device listeners: list with live counters, editor, start/stop, last frames with decode, simulator. */
export default function SourcesPage() {
  const cfg = useRpcQuery('gateway.config.get', {});
  const status = useGatewayStatus();
  const control = useRpcMutation('gateway.sources.control', ['gateway.status']);
  const [selected, setSelected] = useState<string | undefined>();
  const [editing, setEditing] = useState<SourceConfig | 'new' | undefined>();
  const sources = cfg.data?.config.sources ?? [];
  const sel = selected ?? sources[0]?.id;
  const frames = useRpcQuery('gateway.sources.frames', { id: sel ?? 'none', limit: 15 }, { enabled: sel !== undefined, refetchInterval: 1000 });
  const selStatus = status?.sources.find((s) => s.id === sel);

  return (
    <div className="swb-page">
      <PageHeader
        title="Sources"
        subtitle="Where frames come in: each source decodes with its frame schema; every reject is counted by reason"
        actions={<Button icon="add" intent="primary" text="New source" data-testid="source-new" onClick={() => setEditing('new')} />}
      />
      {editing ? (
        <section className="swb-card" style={{ marginBottom: 10 }}>
          <h3>{editing === 'new' ? 'New source' : `Edit source ${editing.id}`}</h3>
          <SourceEditor
            source={editing === 'new' ? undefined : editing}
            onDone={(id) => {
              setEditing(undefined);
              if (id) setSelected(id);
            }}
          />
        </section>
      ) : null}
      <section className="swb-card" style={{ marginBottom: 10 }}>
        {sources.length === 0 ? (
          <NonIdealState icon="satellite" title="No sources yet" description="Add a UDP, TCP, HTTP, WebSocket or MQTT source, or start the simulator." />
        ) : (
          <HTMLTable compact interactive className="swb-table-full" data-testid="sources-table">
            <thead>
              <tr>
                <th>Source</th>
                <th>Protocol</th>
                <th>Endpoint</th>
                <th>State</th>
                <th style={{ textAlign: 'right' }}>Frames</th>
                <th style={{ textAlign: 'right' }}>Decoded</th>
                <th style={{ textAlign: 'right' }}>Errors</th>
                <th style={{ textAlign: 'right' }}>Rate</th>
                <th style={{ textAlign: 'right' }} title="Datagrams the OS dropped because the receive buffer was full">Kernel drops</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => {
                const st = status?.sources.find((x) => x.id === s.id);
                const running = st?.state === 'running' || st?.state === 'reconnecting';
                return (
                  <tr key={s.id} onClick={() => setSelected(s.id)} style={s.id === sel ? { background: 'rgba(45, 114, 210, 0.12)' } : undefined} data-testid={`source-row-${s.id}`}>
                    <td>
                      <b>{s.id}</b> <span className="swb-muted">{s.name}</span>
                      <div className="swb-small swb-muted">schema {s.schemaId}</div>
                    </td>
                    <td>{s.kind}</td>
                    <td className="swb-mono swb-small">{st?.endpoint ?? ('port' in s ? `:${s.port}` : '')}</td>
                    <td>
                      <Tag minimal intent={stateIntent(st?.state ?? 'stopped')} data-testid={`source-state-${s.id}`}>
                        {st?.state ?? 'stopped'}
                      </Tag>
                      {st?.error ? <div className="swb-error-text" data-testid={`source-error-${s.id}`}>{st.error.message}</div> : null}
                    </td>
                    <td style={{ textAlign: 'right' }} data-testid={`source-frames-${s.id}`}>{fmtNum(st?.frames)}</td>
                    <td style={{ textAlign: 'right' }} data-testid={`source-decoded-${s.id}`}>{fmtNum(st?.decoded)}</td>
                    <td style={{ textAlign: 'right' }}>{fmtNum(st?.errors)}</td>
                    <td style={{ textAlign: 'right' }}>{formatRate(st?.framesPerSec ?? 0)}</td>
                    <td style={{ textAlign: 'right' }}>{st?.kernelDrops === undefined ? '—' : fmtNum(st.kernelDrops)}</td>
                    <td onClick={(e) => e.stopPropagation()}>
                      <ButtonGroup size="small">
                        {running ? (
                          <Button icon="stop" title="Stop" data-testid={`source-stop-${s.id}`} onClick={() => control.mutate({ id: s.id, action: 'stop' })} />
                        ) : (
                          <Button icon="play" title="Start" data-testid={`source-start-${s.id}`} onClick={() => control.mutate({ id: s.id, action: 'start' })} />
                        )}
                        <Button icon="refresh" title="Restart" onClick={() => control.mutate({ id: s.id, action: 'restart' })} />
                        <Button icon="edit" title="Edit" data-testid={`source-edit-${s.id}`} onClick={() => setEditing(s)} />
                      </ButtonGroup>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </HTMLTable>
        )}
        {control.error ? <Callout intent="danger" compact>{control.error.message}</Callout> : null}
      </section>
      <div className="swb-grid" style={{ gridTemplateColumns: 'minmax(420px, 2fr) minmax(320px, 1fr)' }}>
        <section className="swb-card" data-testid="source-frames">
          <h3>Last frames{sel ? ` · ${sel}` : ''}</h3>
          {frames.data && frames.data.length > 0 ? (
            <HTMLTable compact className="swb-table-full">
              <tbody>
                {frames.data.map((f) => (
                  <FrameRow key={f.id} f={f} />
                ))}
              </tbody>
            </HTMLTable>
          ) : (
            <p className="swb-muted">No frames yet. Point a device at the endpoint above, or start the simulator.</p>
          )}
        </section>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
          <section className="swb-card">
            <h3>Errors by reason{sel ? ` · ${sel}` : ''}</h3>
            {selStatus && Object.keys(selStatus.errorsByReason).length > 0 ? (
              <dl className="swb-kv" data-testid="source-reasons">
                {Object.entries(selStatus.errorsByReason).map(([k, v]) => (
                  <div key={k} style={{ display: 'contents' }}>
                    <dt className="swb-mono">{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="swb-muted">None.</p>
            )}
            {selStatus?.recvBufferBytes ? <p className="swb-small swb-muted">Receive buffer {Math.round(selStatus.recvBufferBytes / 1024)} KiB (as reported by the OS)</p> : null}
          </section>
          <SimulatorCard status={status?.simulator} />
        </div>
      </div>
    </div>
  );
}
