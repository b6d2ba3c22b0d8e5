import { Button, Callout, FormGroup, HTMLSelect, InputGroup, NumericInput, Switch } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { TargetConfig, TargetKind } from '#shared/rpc/domains/gateway';
import { targetConfigSchema } from '#shared/rpc/domains/gateway';
import { useRpcMutation } from '../../queries/rpcQuery';

const KINDS: Array<{ value: TargetKind; label: string }> = [
  { value: 'udp', label: 'UDP' },
  { value: 'tcp', label: 'TCP client' },
  { value: 'http', label: 'HTTP(S) POST' },
  { value: 'ws', label: 'WebSocket client' },
  { value: 'mqtt', label: 'MQTT publish' },
  { value: 'store', label: 'Project database' },
];

/** The contract's defaults, shown until the user changes them. */
const RETRY_DEFAULTS = { initialDelayMs: 200, maxDelayMs: 30_000, maxAttempts: 5 };
const BREAKER_DEFAULTS = { failureThreshold: 5, cooldownMs: 5_000 };

type Draft = Record<string, unknown> & { id: string; kind: TargetKind };

function defaults(kind: TargetKind, base: Draft): Draft {
  const keep = { id: base.id, name: base.name ?? '', enabled: base.enabled ?? true, queueCapacity: base.queueCapacity ?? 10000, overflow: base.overflow ?? 'dead-letter', retry: base.retry, breaker: base.breaker, kind };
  for (const k of ['retry', 'breaker'] as const) if (keep[k] === undefined) delete keep[k];
  switch (kind) {
    case 'udp':
      return { ...keep, host: '127.0.0.1', port: 5030 };
    case 'tcp':
      return { ...keep, host: '127.0.0.1', port: 5031 };
    case 'http':
      return { ...keep, url: 'http://127.0.0.1:8080/telemetry' };
    case 'ws':
      return { ...keep, url: 'ws://127.0.0.1:8081/telemetry' };
    case 'mqtt':
      return { ...keep, url: 'mqtt://127.0.0.1:1883', topic: 'station/{sourceId}/telemetry', qos: 1 };
    case 'store':
      return keep;
  }
}

export function TargetEditor({ target, onDone }: { target: TargetConfig | undefined; onDone: (id?: string) => void }) {
  const save = useRpcMutation('gateway.targets.save', ['gateway.config.get', 'gateway.status', 'gateway.config.history']);
  const remove = useRpcMutation('gateway.targets.delete', ['gateway.config.get', 'gateway.status', 'gateway.config.history']);
  const init = (): Draft => (target ? ({ ...target } as Draft) : defaults('udp', { id: 'udp-out', kind: 'udp' }));
  const [draft, setDraft] = useState<Draft>(init);
  useEffect(() => setDraft(init()), [target]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (k: string, v: unknown) => setDraft((d) => ({ ...d, [k]: v }));
  const parsed = targetConfigSchema.safeParse(draft);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  const text = (k: string, label: string, help?: string) => (
    <FormGroup label={label} helperText={help} className="swb-compact-form">
      <InputGroup size="small" data-testid={`tgt-${k}`} value={String(draft[k] ?? '')} onChange={(e) => set(k, e.target.value === '' && k !== 'name' ? undefined : e.target.value)} />
    </FormGroup>
  );
  const num = (k: string, label: string, help?: string) => (
    <FormGroup label={label} helperText={help} className="swb-compact-form">
      <NumericInput size="small" buttonPosition="none" data-testid={`tgt-${k}`} value={draft[k] === undefined ? '' : String(draft[k])} onValueChange={(v) => set(k, Number.isFinite(v) ? v : undefined)} style={{ width: 110 }} />
    </FormGroup>
  );
  /** A field of a nested group (retry, breaker); the schema's defaults fill what the user leaves alone. */
  const nested = (group: 'retry' | 'breaker', key: string, label: string, help: string, defaults: Record<string, number>) => {
    const cur = { ...defaults, ...((draft[group] as Record<string, number> | undefined) ?? {}) };
    return (
      <FormGroup label={label} helperText={help} className="swb-compact-form">
        <NumericInput size="small" buttonPosition="none" data-testid={`tgt-${group}-${key}`} value={cur[key] === undefined ? '' : String(cur[key])} onValueChange={(v) => set(group, { ...cur, [key]: Number.isFinite(v) ? v : undefined })} style={{ width: 110 }} />
      </FormGroup>
    );
  };
  const k = draft.kind;
  return (
    <div data-testid="target-editor">
      <div className="swb-form-row">
        {text('id', 'Id')}
        {text('name', 'Name')}
        <FormGroup label="Kind" className="swb-compact-form">
          <HTMLSelect data-testid="tgt-kind" value={k} onChange={(e) => setDraft(defaults(e.target.value as TargetKind, draft))} options={KINDS} />
        </FormGroup>
      </div>
      <div className="swb-form-row">
        {k === 'udp' || k === 'tcp' ? (
          <>
            {text('host', 'Host')}
            {num('port', 'Port')}
          </>
        ) : null}
        {k === 'http' || k === 'ws' || k === 'mqtt' ? text('url', 'URL') : null}
        {k === 'http' || k === 'ws' ? text('token', 'Bearer token', 'optional') : null}
        {k === 'mqtt' ? text('topic', 'Topic', '{sourceId} and {schemaId} are replaced') : null}
      </div>
      <div className="swb-form-row">
        {num('queueCapacity', 'Queue capacity', 'messages held while the target is down')}
        <FormGroup label="When the queue is full" className="swb-compact-form">
          <HTMLSelect value={String(draft.overflow ?? 'dead-letter')} onChange={(e) => set('overflow', e.target.value)} options={[{ value: 'dead-letter', label: 'keep as dead letter' }, { value: 'drop-oldest', label: 'drop oldest (counted)' }, { value: 'drop-newest', label: 'drop newest (counted)' }]} />
        </FormGroup>
      </div>
      {k !== 'store' ? (
        <>
          <div className="swb-form-row" data-testid="tgt-retry">
            {nested('retry', 'initialDelayMs', 'First retry (ms)', 'doubles per failure, with jitter', RETRY_DEFAULTS)}
            {nested('retry', 'maxDelayMs', 'Longest wait (ms)', 'ceiling of the backoff', RETRY_DEFAULTS)}
            {nested('retry', 'maxAttempts', 'Attempts per message', 'rejections before a dead letter', RETRY_DEFAULTS)}
          </div>
          <div className="swb-form-row" data-testid="tgt-breaker">
            {nested('breaker', 'failureThreshold', 'Breaker opens after', 'consecutive failures', BREAKER_DEFAULTS)}
            {nested('breaker', 'cooldownMs', 'Breaker cool-down (ms)', 'then one trial delivery', BREAKER_DEFAULTS)}
          </div>
        </>
      ) : null}
      <Switch label="Enabled" checked={draft.enabled !== false} onChange={(e) => set('enabled', e.currentTarget.checked)} />
      {issue ? <Callout intent="warning" compact>{issue.path.join('.') || 'target'}: {issue.message}</Callout> : null}
      {save.error || remove.error ? <Callout intent="danger" compact data-testid="target-save-error">{(save.error ?? remove.error)?.message}</Callout> : null}
      <div className="swb-toolbar" style={{ marginTop: 8 }}>
        <Button intent="primary" icon="floppy-disk" text="Save target" data-testid="target-save" disabled={!parsed.success} loading={save.isPending} onClick={() => parsed.success && save.mutate({ target: parsed.data }, { onSuccess: () => onDone(parsed.data.id) })} />
        <Button text="Cancel" onClick={() => onDone(target?.id)} />
        {target ? <Button intent="danger" minimal icon="trash" text="Delete" loading={remove.isPending} onClick={() => remove.mutate({ id: target.id }, { onSuccess: () => onDone() })} /> : null}
      </div>
    </div>
  );
}
