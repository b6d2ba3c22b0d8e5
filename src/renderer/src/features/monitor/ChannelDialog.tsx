import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, NumericInput, SegmentedControl, Switch } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { Channel } from '#shared/rpc/domains/monitor';
import { compileExpression } from '#shared/expr/index';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';

type Draft = Omit<Channel, 'createdAt' | 'updatedAt' | 'latest' | 'lastError'>;

const EMPTY: Draft = {
  id: '',
  name: '',
  unit: '',
  description: '',
  binding: { kind: 'field', sourceId: '', schemaId: '', fieldPath: '' },
  limits: {},
  precision: 2,
  decimationMs: 0,
  enabled: true,
};

function slug(name: string): string {
  const s = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(s) ? s.slice(0, 64) : `c_${s}`.slice(0, 64);
}

function numOrUndef(v: number): number | undefined {
  return Number.isFinite(v) ? v : undefined;
}

/** Create or edit a channel: bind an observed field (or type one) or write an expression; name, unit, limits, precision, decimation. */
export function ChannelDialog({ channel, onClose }: { channel: Channel | undefined; onClose: () => void }) {
  const fields = useRpcQuery('monitor.channels.fields', {});
  const create = useRpcMutation('monitor.channels.create', ['monitor.channels.list']);
  const update = useRpcMutation('monitor.channels.update', ['monitor.channels.list']);
  const [draft, setDraft] = useState<Draft>(() => {
    if (!channel) return EMPTY;
    const { createdAt: _c, updatedAt: _u, latest: _l, lastError: _e, ...rest } = channel;
    return rest;
  });
  const [idTouched, setIdTouched] = useState(Boolean(channel));
  const b = draft.binding;
  const exprError = useMemo(() => {
    if (b.kind !== 'expression' || !b.expression) return undefined;
    const c = compileExpression(b.expression);
    return c.ok ? undefined : c.error.message;
  }, [b]);
  const sources = [...new Set((fields.data ?? []).map((f) => f.sourceId))];
  const paths = (fields.data ?? []).filter((f) => f.sourceId === b.sourceId);
  const error = create.error ?? update.error;
  const invalid = !draft.id || !draft.name || !b.sourceId || (b.kind === 'field' ? !b.fieldPath : !b.expression || exprError !== undefined);
  const submit = () => {
    const body = { ...draft };
    if (channel) update.mutate(body, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };
  return (
    <Dialog isOpen onClose={onClose} title={channel ? `Edit channel ${channel.id}` : 'New channel'} style={{ width: 600 }}>
      <DialogBody>
        <div className="swb-form-row">
          <FormGroup label="Name" labelFor="ch-name">
            <InputGroup id="ch-name" data-testid="ch-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value, ...(idTouched ? {} : { id: slug(e.target.value) }) })} />
          </FormGroup>
          <FormGroup label="Id (used in alarm expressions)" labelFor="ch-id">
            <InputGroup id="ch-id" data-testid="ch-id" disabled={Boolean(channel)} value={draft.id} onChange={(e) => { setIdTouched(true); setDraft({ ...draft, id: e.target.value }); }} />
          </FormGroup>
          <FormGroup label="Unit" labelFor="ch-unit">
            <InputGroup id="ch-unit" data-testid="ch-unit" value={draft.unit} onChange={(e) => setDraft({ ...draft, unit: e.target.value })} style={{ width: 80 }} />
          </FormGroup>
        </div>
        <SegmentedControl
          size="small"
          options={[{ label: 'Decoded field', value: 'field' }, { label: 'Expression over fields', value: 'expression' }]}
          value={b.kind}
          onValueChange={(v) => setDraft({ ...draft, binding: v === 'field' ? { kind: 'field', sourceId: b.sourceId, schemaId: b.schemaId, fieldPath: '' } : { kind: 'expression', sourceId: b.sourceId, schemaId: b.schemaId, expression: '' } })}
        />
        <div className="swb-form-row" style={{ marginTop: 8 }}>
          <FormGroup label="Source" labelFor="ch-source" helperText={sources.length === 0 ? 'No decoded messages seen yet: type the source id.' : undefined}>
            <InputGroup id="ch-source" data-testid="ch-source" list="ch-sources" value={b.sourceId} onChange={(e) => setDraft({ ...draft, binding: { ...b, sourceId: e.target.value } })} />
            <datalist id="ch-sources">
              {sources.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </FormGroup>
          <FormGroup label="Schema (optional)" labelFor="ch-schema">
            <InputGroup id="ch-schema" value={b.schemaId} onChange={(e) => setDraft({ ...draft, binding: { ...b, schemaId: e.target.value } })} />
          </FormGroup>
        </div>
        {b.kind === 'field' ? (
          <FormGroup label="Field path" labelFor="ch-field">
            {paths.length > 0 ? (
              <HTMLSelect
                id="ch-field"
                data-testid="ch-field"
                value={b.fieldPath}
                options={[{ value: '', label: 'Choose a field…' }, ...paths.map((f) => ({ value: f.path, label: `${f.path}  (${f.schemaId}, now ${f.lastValue ?? '—'})` }))]}
                onChange={(e) => {
                  const f = paths.find((p) => p.path === e.target.value);
                  setDraft({ ...draft, binding: { ...b, fieldPath: e.target.value, schemaId: f?.schemaId ?? b.schemaId }, ...(draft.name ? {} : { name: e.target.value, ...(idTouched ? {} : { id: slug(e.target.value) }) }) });
                }}
              />
            ) : (
              <InputGroup id="ch-field" data-testid="ch-field" placeholder="flow_rate or status.pump_running" value={b.fieldPath} onChange={(e) => setDraft({ ...draft, binding: { ...b, fieldPath: e.target.value } })} />
            )}
          </FormGroup>
        ) : (
          <FormGroup label="Expression" labelFor="ch-expr" intent={exprError ? 'danger' : 'none'} helperText={exprError ?? 'Fields of the message by name, e.g. (discharge_pressure - suction_pressure) * 10.197'}>
            <InputGroup id="ch-expr" data-testid="ch-expr" className="swb-mono" intent={exprError ? 'danger' : 'none'} value={b.expression} onChange={(e) => setDraft({ ...draft, binding: { ...b, expression: e.target.value } })} />
          </FormGroup>
        )}
        <div className="swb-form-row">
          {(['displayMin', 'displayMax', 'warnLow', 'warnHigh'] as const).map((k) => (
            <FormGroup key={k} label={{ displayMin: 'Scale min', displayMax: 'Scale max', warnLow: 'Warn below', warnHigh: 'Warn above' }[k]} labelFor={`ch-${k}`}>
              <NumericInput
                id={`ch-${k}`}
                style={{ width: 80 }}
                allowNumericCharactersOnly={false}
                value={draft.limits[k] ?? ''}
                onValueChange={(v, s) => {
                  const next = { ...draft.limits };
                  const n = numOrUndef(v);
                  if (s.trim() === '' || n === undefined) delete next[k];
                  else next[k] = n;
                  setDraft({ ...draft, limits: next });
                }}
              />
            </FormGroup>
          ))}
        </div>
        <div className="swb-form-row">
          <FormGroup label="Decimals" labelFor="ch-precision">
            <NumericInput id="ch-precision" min={0} max={9} style={{ width: 50 }} value={draft.precision} onValueChange={(v) => setDraft({ ...draft, precision: Math.min(9, Math.max(0, Math.round(v || 0))) })} />
          </FormGroup>
          <FormGroup label="Keep one sample per (ms, 0 = every message)" labelFor="ch-decimation">
            <NumericInput id="ch-decimation" min={0} max={3_600_000} style={{ width: 90 }} value={draft.decimationMs} onValueChange={(v) => setDraft({ ...draft, decimationMs: Math.min(3_600_000, Math.max(0, Math.round(v || 0))) })} />
          </FormGroup>
          <Switch label="Enabled" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })} />
        </div>
        {error ? (
          <Callout intent="danger" data-testid="ch-error">
            {error.message}
          </Callout>
        ) : null}
      </DialogBody>
      <DialogFooter
        minimal
        actions={
          <>
            <Button text="Cancel" onClick={onClose} />
            <Button intent="primary" text={channel ? 'Save' : 'Create'} disabled={invalid} loading={create.isPending || update.isPending} onClick={submit} data-testid="ch-save" />
          </>
        }
      />
    </Dialog>
  );
}
