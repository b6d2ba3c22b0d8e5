import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Radio, RadioGroup, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import type { AlarmRule } from '#shared/rpc/domains/monitor';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';

/** Longest reason typed; the contract allows 500 characters and the " — by <name>" suffix needs room. */
export const REASON_MAX = 380;
const NAME_MAX = 80;
const NAME_KEY = 'swb.operatorName';

export const MAINTENANCE_DURATIONS: Array<{ minutes: number | undefined; label: string }> = [
  { minutes: 30, label: '30 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 480, label: '8 h' },
  { minutes: undefined, label: 'Until turned off' },
];
/** Shelving always ends by itself (at most 7 days, the contract's limit), so a forgotten shelve cannot hide a rule for good. */
export const SHELVE_DURATIONS: Array<{ minutes: number; label: string }> = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 480, label: '8 h' },
  { minutes: 1440, label: '24 h' },
  { minutes: 10_080, label: '7 days' },
];

/**
 * The name recorded with a reason: remembered per browser/profile, first filled from the project's
 * commissioning engineer. The contract carries a reason text only, so "who" travels inside it as
 * " — by <name>" (kept in the maintenance state and the audit trail).
 */
function useOperatorName(): [string, (name: string) => void] {
  const info = useRpcQuery('project.info', {});
  const [name, setName] = useState<string | undefined>(() => {
    try {
      return localStorage.getItem(NAME_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  });
  return [(name ?? info.data?.meta.engineer ?? '').slice(0, NAME_MAX), setName];
}

function rememberName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name.trim());
  } catch {
    // Not remembering the name is harmless.
  }
}

/** "reason — by name" (or the reason alone). */
export function withAuthor(reason: string, name: string): string {
  const r = reason.trim();
  const n = name.trim();
  return n ? `${r} — by ${n}` : r;
}

function reasonError(reason: string, touched: boolean): string | undefined {
  if (!touched) return undefined;
  if (reason.trim().length === 0) return 'A reason is required: it is shown to everyone and kept in the audit trail.';
  if (reason.length > REASON_MAX) return `At most ${REASON_MAX} characters (${reason.length}).`;
  return undefined;
}

/** Enter maintenance mode: reason (required), duration, who; explains which rules it suppresses. */
export function MaintenanceDialog({ rules, onClose }: { rules: AlarmRule[]; onClose: () => void }) {
  const setMaintenance = useRpcMutation('monitor.maintenance.set', ['monitor.maintenance.get']);
  const [reason, setReason] = useState('');
  const [durationIdx, setDurationIdx] = useState(1);
  const [name, setName] = useOperatorName();
  const [touched, setTouched] = useState(false);
  const enabledRules = rules.filter((r) => r.enabled);
  const suppressed = enabledRules.filter((r) => r.suppressInMaintenance);
  const stayArmed = enabledRules.filter((r) => !r.suppressInMaintenance);
  const error = reasonError(reason, touched);
  const duration = MAINTENANCE_DURATIONS[durationIdx] ?? MAINTENANCE_DURATIONS[1]!;
  const submit = () => {
    setTouched(true);
    if (reasonError(reason, true)) return;
    rememberName(name);
    setMaintenance.mutate({ enabled: true, reason: withAuthor(reason, name), ...(duration.minutes !== undefined ? { minutes: duration.minutes } : {}) }, { onSuccess: onClose });
  };
  return (
    <Dialog isOpen onClose={onClose} title="Enter maintenance mode" icon="wrench" style={{ width: 520 }}>
      <DialogBody>
        <Callout intent="primary" icon="info-sign" style={{ marginBottom: 12 }} data-testid="maintenance-note">
          Maintenance mode suppresses the alarm rules that allow it (<em>Suppress in maintenance</em>):{' '}
          <strong>
            {suppressed.length} of {enabledRules.length}
          </strong>{' '}
          enabled rules will not raise alarms while it is on.
          {stayArmed.length > 0 ? (
            <>
              {' '}
              These stay armed: {stayArmed.map((r) => r.name).join(', ')}.
            </>
          ) : null}{' '}
          Alarms already listed stay listed. Entering and leaving it is recorded in the audit trail.
        </Callout>
        <FormGroup label="Reason" labelFor="maintenance-reason" labelInfo="(required)" intent={error ? 'danger' : 'none'} helperText={error ?? 'Shown to everyone on the Alarms page, e.g. “Replacing P1 bearing, permit 4471”.'}>
          <TextArea
            id="maintenance-reason"
            data-testid="maintenance-reason"
            autoFocus
            fill
            rows={2}
            maxLength={REASON_MAX + 20}
            intent={error ? 'danger' : 'none'}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onBlur={() => reason && setTouched(true)}
          />
        </FormGroup>
        <FormGroup label="Duration" helperText={duration.minutes === undefined ? 'Stays on until someone turns it off.' : 'Ends by itself; you can also turn it off earlier.'}>
          <RadioGroup inline selectedValue={String(durationIdx)} onChange={(e) => setDurationIdx(Number(e.currentTarget.value))} name="maintenance-duration">
            {MAINTENANCE_DURATIONS.map((d, i) => (
              <Radio key={d.label} value={String(i)} label={d.label} data-testid={`maintenance-duration-${i}`} />
            ))}
          </RadioGroup>
        </FormGroup>
        <FormGroup label="Entered by" labelFor="maintenance-by" labelInfo="(optional)">
          <InputGroup id="maintenance-by" data-testid="maintenance-by" maxLength={NAME_MAX} value={name} onChange={(e) => setName(e.target.value)} />
        </FormGroup>
        {setMaintenance.error ? <Callout intent="danger">Could not enter maintenance mode: {setMaintenance.error.message}</Callout> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={onClose} />
            <Button intent="warning" icon="wrench" text="Enter maintenance mode" loading={setMaintenance.isPending} onClick={submit} data-testid="maintenance-confirm" />
          </>
        }
      />
    </Dialog>
  );
}

/** Shelve one rule: duration and a required reason. */
export function ShelveDialog({ rule, onClose }: { rule: AlarmRule; onClose: () => void }) {
  const shelve = useRpcMutation('monitor.alarms.shelve', ['monitor.alarmRules.list', 'events.query']);
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [name, setName] = useOperatorName();
  const [touched, setTouched] = useState(false);
  const error = reasonError(reason, touched);
  const submit = () => {
    setTouched(true);
    if (reasonError(reason, true)) return;
    rememberName(name);
    shelve.mutate({ ruleId: rule.id, minutes, comment: withAuthor(reason, name) }, { onSuccess: onClose });
  };
  const until = new Date(Date.now() + minutes * 60_000);
  return (
    <Dialog isOpen onClose={onClose} title={`Shelve “${rule.name}”`} icon="time" style={{ width: 500 }}>
      <DialogBody>
        <p className="swb-muted" style={{ marginTop: 0 }}>
          A shelved rule raises no alarms until the time runs out or it is unshelved. Other rules and maintenance mode are not affected.
        </p>
        <FormGroup label="Shelve for" helperText={`Until ${until.toLocaleString()}`}>
          <RadioGroup inline selectedValue={String(minutes)} onChange={(e) => setMinutes(Number(e.currentTarget.value))} name="shelve-duration">
            {SHELVE_DURATIONS.map((d) => (
              <Radio key={d.minutes} value={String(d.minutes)} label={d.label} data-testid={`shelve-duration-${d.minutes}`} />
            ))}
          </RadioGroup>
        </FormGroup>
        <FormGroup label="Reason" labelFor="shelve-reason" labelInfo="(required)" intent={error ? 'danger' : 'none'} helperText={error ?? 'Why this rule may be ignored for now, e.g. “sensor TT-101 being replaced”.'}>
          <InputGroup
            id="shelve-reason"
            data-testid="shelve-reason"
            autoFocus
            maxLength={REASON_MAX + 20}
            intent={error ? 'danger' : 'none'}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && submit()}
          />
        </FormGroup>
        <FormGroup label="Shelved by" labelFor="shelve-by" labelInfo="(optional)">
          <InputGroup id="shelve-by" data-testid="shelve-by" maxLength={NAME_MAX} value={name} onChange={(e) => setName(e.target.value)} />
        </FormGroup>
        {shelve.error ? <Callout intent="danger">Could not shelve: {shelve.error.message}</Callout> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={onClose} />
            <Button intent="warning" icon="time" text="Shelve" loading={shelve.isPending} onClick={submit} data-testid="shelve-confirm" />
          </>
        }
      />
    </Dialog>
  );
}
