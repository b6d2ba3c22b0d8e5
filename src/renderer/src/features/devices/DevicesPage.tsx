import { Button, Callout, Drawer, FormGroup, HTMLTable, NumericInput, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { Device, DeviceSettings } from '#shared/rpc/domains/monitor';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { ageText, useMonitorInvalidation } from '../monitor/hooks';
import '../monitor/monitor.css';

const STATUS_INTENT = { online: 'success', stale: 'warning', offline: 'danger' } as const;

export function StatusTag({ status }: { status: Device['status'] }) {
  return (
    <Tag intent={STATUS_INTENT[status]} minimal={status === 'online'} data-testid="device-status">
      {status}
    </Tag>
  );
}

/** Field devices and collectors: heartbeats or inferred from sources; status, timeouts, listener ports, detail view. */
export default function DevicesPage() {
  useMonitorInvalidation();
  const devices = useRpcQuery('monitor.devices.list', {}, { refetchInterval: 1000 });
  const settings = useRpcQuery('monitor.devices.settings', {}, { refetchInterval: 5000 });
  const save = useRpcMutation('monitor.devices.setSettings', ['monitor.devices.settings', 'monitor.devices.list']);
  const remove = useRpcMutation('monitor.devices.delete', ['monitor.devices.list']);
  const [open, setOpen] = useState<string | undefined>();
  const [draft, setDraft] = useState<DeviceSettings | undefined>();
  useEffect(() => {
    if (settings.data && !draft) setDraft(settings.data.settings);
  }, [settings.data, draft]);
  const l = settings.data?.listeners;
  const dirty = draft && settings.data && JSON.stringify(draft) !== JSON.stringify(settings.data.settings);
  const counts = { online: 0, stale: 0, offline: 0 };
  for (const d of devices.data ?? []) counts[d.status]++;
  return (
    <div className="swb-page">
      <PageHeader
        title="Devices"
        subtitle="Field devices and collectors: heartbeats and sources that deliver data"
        actions={
          <>
            <Tag intent="success" minimal>{counts.online} online</Tag>
            <Tag intent="warning" minimal>{counts.stale} stale</Tag>
            <Tag intent="danger" minimal>{counts.offline} offline</Tag>
          </>
        }
      />
      <div className="swb-grid-2" style={{ gridTemplateColumns: 'minmax(480px, 2fr) minmax(300px, 1fr)' }}>
        <section className="swb-card">
          <h3>Devices</h3>
          <HTMLTable compact interactive className="swb-table-full" data-testid="devices-table">
            <thead>
              <tr>
                <th>Device</th>
                <th>Status</th>
                <th>Last seen</th>
                <th>Origin</th>
                <th>Address</th>
                <th className="swb-num">Count</th>
              </tr>
            </thead>
            <tbody>
              {(devices.data ?? []).map((d) => (
                <tr key={d.id} onClick={() => setOpen(d.id)} data-testid={`device-${d.id}`}>
                  <td>
                    <strong>{d.name}</strong>
                    {d.name !== d.id ? <div className="swb-mono swb-small swb-muted">{d.id}</div> : null}
                  </td>
                  <td>
                    <StatusTag status={d.status} />
                  </td>
                  <td className="swb-small">{ageText(d.lastSeen)}</td>
                  <td className="swb-small">{d.origin === 'heartbeat' ? `heartbeat · ${d.kind}` : 'gateway source'}</td>
                  <td className="swb-mono swb-small">{d.address}</td>
                  <td className="swb-num">{d.count}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
          {(devices.data ?? []).length === 0 ? (
            <p className="swb-muted" data-testid="no-devices">
              No devices yet. Devices appear when they send a heartbeat (see docs/formats/heartbeat.md) or when a gateway source delivers decoded messages.
            </p>
          ) : null}
        </section>
        <section className="swb-card">
          <h3>Timeouts and heartbeat listeners</h3>
          {draft ? (
            <>
              <div className="swb-form-row">
                <FormGroup label="Stale after (s)" labelFor="dev-stale">
                  <NumericInput id="dev-stale" data-testid="dev-stale" style={{ width: 80 }} min={0.5} stepSize={1} minorStepSize={0.5} value={draft.staleAfterMs / 1000} onValueChange={(v) => Number.isFinite(v) && setDraft({ ...draft, staleAfterMs: Math.round(v * 1000) })} />
                </FormGroup>
                <FormGroup label="Offline after (s)" labelFor="dev-offline">
                  <NumericInput id="dev-offline" data-testid="dev-offline" style={{ width: 80 }} min={1} stepSize={1} minorStepSize={0.5} value={draft.offlineAfterMs / 1000} onValueChange={(v) => Number.isFinite(v) && setDraft({ ...draft, offlineAfterMs: Math.round(v * 1000) })} />
                </FormGroup>
              </div>
              <div className="swb-form-row">
                <FormGroup label="UDP port (0 = any, -1 = off)" labelFor="dev-udp">
                  <NumericInput id="dev-udp" data-testid="dev-udp" style={{ width: 90 }} min={-1} max={65535} value={draft.udpPort} onValueChange={(v) => Number.isFinite(v) && setDraft({ ...draft, udpPort: Math.round(v) })} />
                </FormGroup>
                <FormGroup label="HTTP port (0 = any, -1 = off)" labelFor="dev-http">
                  <NumericInput id="dev-http" data-testid="dev-http" style={{ width: 90 }} min={-1} max={65535} value={draft.httpPort} onValueChange={(v) => Number.isFinite(v) && setDraft({ ...draft, httpPort: Math.round(v) })} />
                </FormGroup>
                <FormGroup label="WebSocket port (0 = any, -1 = off)" labelFor="dev-ws">
                  <NumericInput id="dev-ws" data-testid="dev-ws" style={{ width: 90 }} min={-1} max={65535} value={draft.wsPort} onValueChange={(v) => Number.isFinite(v) && setDraft({ ...draft, wsPort: Math.round(v) })} />
                </FormGroup>
              </div>
              <Button intent="primary" text="Apply" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(draft, { onSuccess: (r) => setDraft(r.settings) })} data-testid="dev-apply" />
              {save.error ? (
                <Callout intent="danger" style={{ marginTop: 8 }}>
                  {save.error.message}
                </Callout>
              ) : null}
            </>
          ) : null}
          {l ? (
            <dl className="swb-kv" style={{ marginTop: 12 }}>
              <dt>UDP</dt>
              <dd data-testid="udp-listener">{l.udp.port !== undefined ? `127.0.0.1:${l.udp.port}` : l.udp.error ?? 'off'} · {l.udp.received} received, {l.udp.rejected} rejected</dd>
              <dt>HTTP</dt>
              <dd data-testid="http-listener">{l.http.port !== undefined ? `POST http://127.0.0.1:${l.http.port}/heartbeat` : l.http.error ?? 'off'} · {l.http.received} received, {l.http.rejected} rejected</dd>
              <dt>WebSocket</dt>
              <dd data-testid="ws-listener">{l.ws.port !== undefined ? `ws://127.0.0.1:${l.ws.port}/heartbeat` : l.ws.error ?? 'off'} · {l.ws.connections} open, {l.ws.received} received, {l.ws.rejected} rejected</dd>
            </dl>
          ) : null}
          <p className="swb-muted swb-small" style={{ marginTop: 8 }}>
            A heartbeat is one JSON document: {'{"v":1,"deviceId":"rtu-07","metrics":{"cpu_pct":12}}'} — format in docs/formats/heartbeat.md. Offline devices raise “device offline” alarms.
          </p>
        </section>
      </div>
      {open ? <DeviceDrawer id={open} onClose={() => setOpen(undefined)} onForget={() => remove.mutate({ id: open }, { onSuccess: () => setOpen(undefined) })} /> : null}
    </div>
  );
}

function DeviceDrawer({ id, onClose, onForget }: { id: string; onClose: () => void; onForget: () => void }) {
  const detail = useRpcQuery('monitor.devices.get', { id }, { refetchInterval: 1000 });
  const d = detail.data?.device;
  return (
    <Drawer isOpen onClose={onClose} title={d ? `${d.name}` : id} size={520} data-testid="device-drawer">
      <div className="swb-drawer-body">
        {detail.error ? <Callout intent="danger">{detail.error.message}</Callout> : null}
        {d ? (
          <>
            <dl className="swb-kv">
              <dt>Id</dt>
              <dd className="swb-mono">{d.id}</dd>
              <dt>Status</dt>
              <dd>
                <StatusTag status={d.status} /> last seen {ageText(d.lastSeen)} ({formatTime(d.lastSeen)})
              </dd>
              <dt>Origin</dt>
              <dd>{d.origin === 'heartbeat' ? `announces itself (${d.kind})` : 'inferred: a gateway source that delivers decoded messages'}</dd>
              <dt>Address</dt>
              <dd className="swb-mono">{d.address}</dd>
              <dt>First seen</dt>
              <dd>{formatTime(d.firstSeen)}</dd>
              {d.firmware ? (
                <>
                  <dt>Firmware</dt>
                  <dd>{d.firmware}</dd>
                </>
              ) : null}
              {d.uptimeS !== undefined ? (
                <>
                  <dt>Uptime</dt>
                  <dd>{(d.uptimeS / 3600).toFixed(1)} h</dd>
                </>
              ) : null}
              <dt>Received</dt>
              <dd>{d.count} since start</dd>
            </dl>
            <h4>Metrics</h4>
            {Object.keys(d.metrics).length === 0 ? <p className="swb-muted">This device reports no metrics.</p> : null}
            <HTMLTable compact className="swb-table-full" data-testid="device-metrics">
              <tbody>
                {Object.entries(d.metrics).map(([k, v]) => (
                  <tr key={k}>
                    <td className="swb-mono">{k}</td>
                    <td className="swb-num swb-mono">{v}</td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
            <h4>Recent heartbeats</h4>
            <HTMLTable compact className="swb-table-full">
              <tbody>
                {(detail.data?.heartbeats ?? []).slice(0, 20).map((h) => (
                  <tr key={h.t}>
                    <td className="swb-small">{new Date(h.t).toLocaleTimeString()}</td>
                    <td className="swb-mono swb-small">{h.address}</td>
                    <td className="swb-mono swb-small">{Object.entries(h.metrics).map(([k, v]) => `${k}=${v}`).join(' ')}</td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
            {(detail.data?.heartbeats ?? []).length === 0 ? <p className="swb-muted">No heartbeats since the app started.</p> : null}
            <Button icon="trash" intent="danger" variant="outlined" text="Forget device" onClick={onForget} style={{ marginTop: 12 }} />
          </>
        ) : null}
      </div>
    </Drawer>
  );
}
