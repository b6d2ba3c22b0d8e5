import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, NumericInput, Switch } from '@blueprintjs/core';
import { useState } from 'react';
import type { AlarmKind, AlarmRule, AlarmSeverity } from '#shared/rpc/domains/monitor';
import { useRpcMutation } from '../../queries/rpcQuery';
import { useChannels } from '../monitor/hooks';

type Draft = Omit<AlarmRule, 'createdAt' | 'updatedAt' | 'shelvedUntil' | 'id'> & { id?: string };

export const KIND_LABELS: Record<AlarmKind, string> = {
  high: 'High',
  highHigh: 'High-high',
  low: 'Low',
  lowLow: 'Low-low',
  rateOfChange: 'Rate of change',
  stale: 'Stale data',
  expression: 'Expression',
  deviceOffline: 'Device offline',
};

const DEFAULTS: Draft = {
  name: '',
  kind: 'high',
  severity: 'major',
  enabled: true,
  deadband: 0,
  rateWindowMs: 5000,
  staleAfterMs: 10_000,
  expression: '',
  deviceId: '*',
  onDelayMs: 0,
  offDelayMs: 0,
  suppressedBy: [],
  suppressInMaintenance: true,
  escalateAfterMs: 0,
  message: '',
};

function Num({ label, value, onChange, id, step = 1, width = 90 }: { label: string; value: number | undefined; onChange: (v: number | undefined) => void; id: string; step?: number; width?: number }) {
  return (
    <FormGroup label={label} labelFor={id}>
      <NumericInput id={id} data-testid={id} style={{ width }} stepSize={step} minorStepSize={null} allowNumericCharactersOnly={false} value={value ?? ''} onValueChange={(v, s) => onChange(s.trim() === '' || !Number.isFinite(v) ? undefined : v)} />
    </FormGroup>
  );
}

/** Create or edit an alarm rule. */
export function AlarmRuleDialog({ rule, rules, onClose }: { rule: AlarmRule | undefined; rules: AlarmRule[]; onClose: () => void }) {
  const { list: channels } = useChannels();
  const create = useRpcMutation('monitor.alarmRules.create', ['monitor.alarmRules.list']);
  const update = useRpcMutation('monitor.alarmRules.update', ['monitor.alarmRules.list']);
  const [d, setD] = useState<Draft>(() => {
    if (!rule) return { ...DEFAULTS, ...(channels[0] ? { channelId: channels[0].id } : {}) };
    const { createdAt: _c, updatedAt: _u, shelvedUntil: _s, ...rest } = rule;
    return rest;
  });
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const unit = channels.find((c) => c.id === d.channelId)?.unit ?? '';
  const needsChannel = ['high', 'highHigh', 'low', 'lowLow', 'rateOfChange', 'stale'].includes(d.kind);
  const needsThreshold = ['high', 'highHigh', 'low', 'lowLow', 'rateOfChange'].includes(d.kind);
  const error = create.error ?? update.error;
  const invalid = !d.name.trim() || (needsChannel && !d.channelId) || (needsThreshold && d.threshold === undefined) || (d.kind === 'expression' && !d.expression.trim());
  const submit = () => {
    const body = { ...d };
    if (!needsChannel) delete body.channelId;
    if (rule) update.mutate({ ...body, id: rule.id }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };
  return (
    <Dialog isOpen onClose={onClose} title={rule ? `Edit alarm rule ${rule.id}` : 'New alarm rule'} style={{ width: 620 }}>
      <DialogBody>
        <div className="swb-form-row">
          <FormGroup label="Name" labelFor="rule-name">
            <InputGroup id="rule-name" data-testid="rule-name" value={d.name} onChange={(e) => set({ name: e.target.value })} style={{ width: 240 }} />
          </FormGroup>
          <FormGroup label="Kind" labelFor="rule-kind">
            <HTMLSelect id="rule-kind" data-testid="rule-kind" value={d.kind} options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} onChange={(e) => set({ kind: e.target.value as AlarmKind })} />
          </FormGroup>
          <FormGroup label="Severity" labelFor="rule-severity">
            <HTMLSelect id="rule-severity" data-testid="rule-severity" value={d.severity} options={['critical', 'major', 'minor', 'info']} onChange={(e) => set({ severity: e.target.value as AlarmSeverity })} />
          </FormGroup>
        </div>
        <div className="swb-form-row">
          {needsChannel ? (
            <FormGroup label="Channel" labelFor="rule-channel">
              <HTMLSelect id="rule-channel" data-testid="rule-channel" value={d.channelId ?? ''} options={channels.map((c) => ({ value: c.id, label: `${c.name} [${c.unit}]` }))} onChange={(e) => set({ channelId: e.target.value })} />
            </FormGroup>
          ) : null}
          {needsThreshold ? <Num id="rule-threshold" label={d.kind === 'rateOfChange' ? `Limit (${unit}/s)` : `Limit (${unit})`} value={d.threshold} onChange={(v) => set(v === undefined ? { threshold: undefined } : { threshold: v })} step={0.1} /> : null}
          {needsThreshold ? <Num id="rule-deadband" label={`Deadband (${unit})`} value={d.deadband} onChange={(v) => set({ deadband: Math.max(0, v ?? 0) })} step={0.1} /> : null}
          {d.kind === 'rateOfChange' ? <Num id="rule-window" label="Window (ms)" value={d.rateWindowMs} onChange={(v) => set({ rateWindowMs: v ?? 5000 })} step={1000} /> : null}
          {d.kind === 'stale' ? <Num id="rule-stale" label="No data for (ms)" value={d.staleAfterMs} onChange={(v) => set({ staleAfterMs: v ?? 10_000 })} step={1000} /> : null}
          {d.kind === 'deviceOffline' ? (
            <FormGroup label="Device id (* = any)" labelFor="rule-device">
              <InputGroup id="rule-device" value={d.deviceId} onChange={(e) => set({ deviceId: e.target.value })} />
            </FormGroup>
          ) : null}
        </div>
        {d.kind === 'expression' ? (
          <FormGroup label="Condition" labelFor="rule-expr" helperText={`Channel ids by name, e.g. pump_running > 0.5 and flow_rate < 5. Channels: ${channels.map((c) => c.id).join(', ')}`}>
            <InputGroup id="rule-expr" data-testid="rule-expr" className="swb-mono" value={d.expression} onChange={(e) => set({ expression: e.target.value })} />
          </FormGroup>
        ) : null}
        <div className="swb-form-row">
          <Num id="rule-on" label="On-delay (ms)" value={d.onDelayMs} onChange={(v) => set({ onDelayMs: Math.max(0, v ?? 0) })} step={1000} />
          <Num id="rule-off" label="Off-delay (ms)" value={d.offDelayMs} onChange={(v) => set({ offDelayMs: Math.max(0, v ?? 0) })} step={1000} />
          <Num id="rule-escalate" label="Escalate if unacknowledged (ms, 0 = never)" value={d.escalateAfterMs} onChange={(v) => set({ escalateAfterMs: Math.max(0, v ?? 0) })} step={60_000} width={110} />
        </div>
        <div className="swb-form-row">
          <FormGroup label="Suppressed while active" labelFor="rule-suppressed" helperText="Hold (ctrl/cmd) to choose several.">
            <select id="rule-suppressed" multiple className="bp6-input" style={{ height: 70, minWidth: 220 }} value={d.suppressedBy} onChange={(e) => set({ suppressedBy: [...e.target.selectedOptions].map((o) => o.value) })}>
              {rules
                .filter((r) => r.id !== rule?.id)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
            </select>
          </FormGroup>
          <div>
            <Switch label="Suppressed in maintenance mode" checked={d.suppressInMaintenance} onChange={(e) => set({ suppressInMaintenance: e.currentTarget.checked })} />
            <Switch label="Enabled" checked={d.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
          </div>
        </div>
        <FormGroup label="Message (shown with the alarm)" labelFor="rule-message">
          <InputGroup id="rule-message" value={d.message} onChange={(e) => set({ message: e.target.value })} />
        </FormGroup>
        {error ? (
          <Callout intent="danger" data-testid="rule-error">
            {error.message}
          </Callout>
        ) : null}
      </DialogBody>
      <DialogFooter
        minimal
        actions={
          <>
            <Button text="Cancel" onClick={onClose} />
            <Button intent="primary" text={rule ? 'Save' : 'Create'} disabled={invalid} loading={create.isPending || update.isPending} onClick={submit} data-testid="rule-save" />
          </>
        }
      />
    </Dialog>
  );
}
