import { Button, Callout, FormGroup, HTMLSelect, InputGroup, NumericInput, Switch } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { SourceConfig, SourceKind } from '#shared/rpc/domains/gateway';
import { sourceConfigSchema } from '#shared/rpc/domains/gateway';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';

const KINDS: Array<{ value: SourceKind; label: string }> = [
  { value: 'udp', label: 'UDP listener' },
  { value: 'tcp-server', label: 'TCP server' },
  { value: 'tcp-client', label: 'TCP client (connect to device)' },
  { value: 'http', label: 'HTTP POST' },
  { value: 'ws', label: 'WebSocket server' },
  { value: 'mqtt', label: 'MQTT subscriber' },
];

type Draft = Record<string, unknown> & { id: string; kind: SourceKind };

function defaults(kind: SourceKind, base: Draft): Draft {
  const keep = { id: base.id, name: base.name ?? '', enabled: base.enabled ?? true, schemaId: base.schemaId ?? 'pump-telemetry', kind };
  switch (kind) {
    case 'udp':
      return { ...keep, bindAddress: '127.0.0.1', port: 5020, maxDatagramBytes: 65507, recvBufferBytes: 8 * 1024 * 1024 };
    case 'tcp-server':
      return { ...keep, bindAddress: '127.0.0.1', port: 5021, maxConnections: 32, idleTimeoutMs: 0 };
    case 'tcp-client':
      return { ...keep, host: '127.0.0.1', port: 502, reconnectMinMs: 500, reconnectMaxMs: 30000 };
    case 'http':
      return { ...keep, bindAddress: '127.0.0.1', port: 8088, path: '/ingest', maxBodyBytes: 1048576 };
    case 'ws':
      return { ...keep, bindAddress: '127.0.0.1', port: 8089, path: '/frames', maxMessageBytes: 1048576 };
    case 'mqtt':
      return { ...keep, url: 'mqtt://127.0.0.1:1883', topics: ['station/+/telemetry'], qos: 0 };
  }
}

/** Source editor: the fields of the chosen protocol, validated with the contract's own schema. */
export function SourceEditor({ source, onDone }: { source: SourceConfig | undefined; onDone: (id?: string) => void }) {
  const schemas = useRpcQuery('gateway.schemas.list', {});
  const save = useRpcMutation('gateway.sources.save', ['gateway.config.get', 'gateway.status', 'gateway.config.history']);
  const remove = useRpcMutation('gateway.sources.delete', ['gateway.config.get', 'gateway.status', 'gateway.config.history']);
  const [draft, setDraft] = useState<Draft>(() => (source ? ({ ...source } as Draft) : defaults('udp', { id: 'udp-1', kind: 'udp' })));
  useEffect(() => setDraft(source ? ({ ...source } as Draft) : defaults('udp', { id: 'udp-1', kind: 'udp' })), [source]);
  const set = (k: string, v: unknown) => setDraft((d) => ({ ...d, [k]: v }));
  const parsed = sourceConfigSchema.safeParse(draft);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  const text = (k: string, label: string, help?: string, placeholder?: string) => (
    <FormGroup label={label} labelFor={`src-${k}`} helperText={help} className="swb-compact-form">
      <InputGroup id={`src-${k}`} data-testid={`src-${k}`} size="small" placeholder={placeholder} value={String(draft[k] ?? '')} onChange={(e) => set(k, e.target.value === '' && k !== 'name' ? undefined : e.target.value)} />
    </FormGroup>
  );
  const num = (k: string, label: string, help?: string) => (
    <FormGroup label={label} labelFor={`src-${k}`} helperText={help} className="swb-compact-form">
      <NumericInput id={`src-${k}`} data-testid={`src-${k}`} size="small" fill buttonPosition="none" value={draft[k] === undefined ? '' : String(draft[k])} onValueChange={(v) => set(k, Number.isFinite(v) ? v : undefined)} />
    </FormGroup>
  );
  const k = draft.kind;
  return (
    <div data-testid="source-editor">
      <div className="swb-form-row">
        {text('id', 'Id', source ? 'fixed once created' : 'letters, digits, - _ . :')}
        {text('name', 'Name')}
      </div>
      <div className="swb-form-row">
        <FormGroup label="Protocol" labelFor="src-kind" className="swb-compact-form">
          <HTMLSelect id="src-kind" data-testid="src-kind" value={k} onChange={(e) => setDraft(defaults(e.target.value as SourceKind, draft))} options={KINDS} />
        </FormGroup>
        <FormGroup label="Frame schema" labelFor="src-schema" className="swb-compact-form">
          <HTMLSelect
            id="src-schema"
            data-testid="src-schema"
            value={String(draft.schemaId ?? '')}
            onChange={(e) => set('schemaId', e.target.value)}
            options={[...(schemas.data ?? []).map((s) => ({ value: s.schemaId, label: `${s.schemaId} v${s.version} (${s.framing})` })), ...(schemas.data?.some((s) => s.schemaId === draft.schemaId) ? [] : [{ value: String(draft.schemaId ?? ''), label: `${String(draft.schemaId ?? '')} (missing)` }])]}
          />
        </FormGroup>
      </div>
      <div className="swb-form-row">
        {k === 'tcp-client' ? text('host', 'Device host') : k === 'mqtt' ? text('url', 'Broker URL') : text('bindAddress', 'Bind address', '127.0.0.1 = this computer only; 0.0.0.0 = all interfaces')}
        {k !== 'mqtt' ? num('port', 'Port') : null}
      </div>
      {k === 'udp' ? (
        <div className="swb-form-row">
          {num('maxDatagramBytes', 'Max datagram (bytes)')}
          {num('recvBufferBytes', 'Receive buffer (bytes)', 'large by default: the OS default holds only ~256 small frames')}
          {text('multicastGroup', 'Multicast group', 'optional', 'e.g. 239.0.0.1')}
          {text('multicastInterface', 'Multicast interface', 'local address that joins the group; default: bind address or the OS choice', 'e.g. 192.168.1.20')}
        </div>
      ) : null}
      {k === 'tcp-server' ? <div className="swb-form-row">{num('maxConnections', 'Max connections')}{num('idleTimeoutMs', 'Idle timeout (ms)', '0 = never')}</div> : null}
      {k === 'tcp-client' ? <div className="swb-form-row">{num('reconnectMinMs', 'Reconnect min (ms)')}{num('reconnectMaxMs', 'Reconnect max (ms)')}</div> : null}
      {k === 'http' || k === 'ws' ? (
        <div className="swb-form-row">
          {text('path', 'Path')}
          {text('token', 'Token', k === 'http' ? 'clients send Authorization: Bearer <token>' : 'clients add ?token=<token>', 'none (no auth)')}
          {num(k === 'http' ? 'maxBodyBytes' : 'maxMessageBytes', k === 'http' ? 'Max body (bytes)' : 'Max message (bytes)')}
        </div>
      ) : null}
      {k === 'mqtt' ? (
        <div className="swb-form-row">
          <FormGroup label="Topics (comma separated)" labelFor="src-topics" className="swb-compact-form">
            <InputGroup id="src-topics" size="small" value={((draft.topics as string[] | undefined) ?? []).join(', ')} onChange={(e) => set('topics', e.target.value.split(',').map((t) => t.trim()).filter(Boolean))} />
          </FormGroup>
          {text('username', 'Username')}
          {text('password', 'Password')}
        </div>
      ) : null}
      <Switch label="Enabled (start with the project)" checked={draft.enabled !== false} onChange={(e) => set('enabled', e.currentTarget.checked)} />
      {issue ? (
        <Callout intent="warning" compact data-testid="source-invalid">
          {issue.path.join('.') || 'source'}: {issue.message}
        </Callout>
      ) : null}
      {save.error ? (
        <Callout intent="danger" compact data-testid="source-save-error">
          {save.error.message}
        </Callout>
      ) : null}
      <div className="swb-toolbar" style={{ marginTop: 8 }}>
        <Button intent="primary" icon="floppy-disk" text="Save source" disabled={!parsed.success} loading={save.isPending} data-testid="source-save" onClick={() => parsed.success && save.mutate({ source: parsed.data }, { onSuccess: () => onDone(parsed.data.id) })} />
        <Button text="Cancel" onClick={() => onDone(source?.id)} />
        {source ? <Button intent="danger" minimal icon="trash" text="Delete" loading={remove.isPending} onClick={() => remove.mutate({ id: source.id }, { onSuccess: () => onDone() })} /> : null}
      </div>
    </div>
  );
}
