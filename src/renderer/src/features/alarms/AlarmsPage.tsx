import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, HTMLTable, InputGroup, Switch, Tab, Tabs, Tag } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Alarm, AlarmRule } from '#shared/rpc/domains/monitor';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { useMonitorInvalidation } from '../monitor/hooks';
import '../monitor/monitor.css';
import { AlarmForwardingCard } from './AlarmForwardingCard';
import { AlarmRuleDialog, KIND_LABELS } from './AlarmRuleDialog';
import { useAlarmSound } from './alarmSound';
import { MaintenanceDialog, ShelveDialog } from './SuppressionDialogs';

export function SeverityTag({ severity, escalated }: { severity: Alarm['severity']; escalated?: boolean }) {
  return (
    <Tag className={`swb-sev-${severity}`} title={escalated ? 'Escalated: not acknowledged in time' : undefined}>
      {severity}
      {escalated ? ' ↑' : ''}
    </Tag>
  );
}

/** Shelve audit entry: why (and who, inside the comment) a rule was shelved, and when. */
interface ShelveNote {
  comment: string;
  at: number;
}

/** Latest shelve comment per rule, from the audit trail (the rule itself carries only `shelvedUntil`). */
function useShelveNotes(rulesUpdatedAt: number): Map<string, ShelveNote> {
  const q = useRpcQuery('events.query', { type: 'config.monitor.alarmRule.shelved', limit: 500 });
  const { refetch } = q;
  // Rules changed (here, in another window or by the CLI): a shelve may have come with them.
  useEffect(() => {
    if (rulesUpdatedAt > 0) void refetch();
  }, [rulesUpdatedAt, refetch]);
  const notes = new Map<string, ShelveNote>();
  for (const e of q.data?.events ?? []) {
    const d = e.data as { id?: unknown; minutes?: unknown; comment?: unknown } | null;
    if (!d || typeof d.id !== 'string' || notes.has(d.id)) continue;
    // Newest first: the first entry per rule is the one that counts (an unshelve has minutes 0).
    notes.set(d.id, { comment: typeof d.comment === 'string' && d.minutes !== 0 ? d.comment : '', at: e.time });
  }
  return notes;
}

/** Re-renders every `ms` so "shelved until" and maintenance end times turn over without a refetch. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** Active alarms (acknowledge with comment), rules (create, edit, shelve), history and maintenance mode. */
export default function AlarmsPage() {
  useMonitorInvalidation();
  const qc = useQueryClient();
  const active = useRpcQuery('monitor.alarms.active', {});
  const rules = useRpcQuery('monitor.alarmRules.list', {});
  const maintenance = useRpcQuery('monitor.maintenance.get', {});
  const setMaintenance = useRpcMutation('monitor.maintenance.set', ['monitor.maintenance.get']);
  const shelve = useRpcMutation('monitor.alarms.shelve', ['monitor.alarmRules.list', 'events.query']);
  const shelveNotes = useShelveNotes(rules.dataUpdatedAt);
  const now = useNow(15_000);
  const [sound, setSound] = useAlarmSound();
  const [maintenanceOpen, setMaintenanceOpen] = useState(false);
  const [shelving, setShelving] = useState<AlarmRule | undefined>();
  const removeRule = useRpcMutation('monitor.alarmRules.delete', ['monitor.alarmRules.list', 'monitor.alarms.active']);
  const [tab, setTab] = useState<'active' | 'rules' | 'history'>('active');
  const [ackIds, setAckIds] = useState<string[] | undefined>();
  const [editing, setEditing] = useState<AlarmRule | 'new' | undefined>();
  const [historyRule, setHistoryRule] = useState('');
  const history = useRpcQuery('monitor.alarms.history', { limit: 500, ...(historyRule ? { ruleId: historyRule } : {}) }, { enabled: tab === 'history' });
  useEffect(
    () =>
      rpc.subscribe('monitor.alarms', (p) => {
        qc.setQueryData(['monitor.alarms.active', {}], p.active);
        void qc.invalidateQueries({ queryKey: ['monitor.alarms.history'] });
      }),
    [qc],
  );
  const unacked = (active.data ?? []).filter((a) => !a.acknowledged);
  const m = maintenance.data;
  const isShelved = (r: AlarmRule) => r.shelvedUntil !== undefined && r.shelvedUntil > now;
  const shelved = (rules.data ?? []).filter(isShelved);
  const unshelve = (r: AlarmRule) => shelve.mutate({ ruleId: r.id, minutes: 0, comment: 'unshelved' });
  return (
    <div className="swb-page">
      <PageHeader
        title="Alarms"
        subtitle="Active alarms, rules, history and maintenance mode"
        actions={
          <>
            <Switch
              label="Alarm sound"
              checked={sound}
              onChange={(e) => setSound(e.currentTarget.checked)}
              data-testid="alarm-sound-toggle"
              title="Beep when a new critical or major alarm appears (this browser only)"
              style={{ marginBottom: 0 }}
            />
            <Switch
              label="Maintenance mode"
              checked={m?.enabled ?? false}
              disabled={setMaintenance.isPending}
              onChange={(e) => {
                if (e.currentTarget.checked) setMaintenanceOpen(true);
                else setMaintenance.mutate({ enabled: false, reason: '' });
              }}
              data-testid="maintenance-toggle"
              style={{ marginBottom: 0 }}
            />
          </>
        }
      />
      {m?.enabled ? (
        <Callout intent="warning" icon="wrench" title="Maintenance mode is on" style={{ marginBottom: 8 }} data-testid="maintenance-on">
          <div data-testid="maintenance-reason-shown">{m.reason || 'No reason given.'}</div>
          <div className="swb-small swb-muted">
            Since {formatTime(m.since)} · {m.until ? `ends ${formatTime(m.until)} (${remaining(m.until, now)})` : 'until turned off'} · suppresses{' '}
            {(rules.data ?? []).filter((r) => r.enabled && r.suppressInMaintenance).length} of {(rules.data ?? []).filter((r) => r.enabled).length} enabled rules
          </div>
          <Button size="small" style={{ marginTop: 6 }} icon="cross" text="Leave maintenance mode" loading={setMaintenance.isPending} onClick={() => setMaintenance.mutate({ enabled: false, reason: '' })} data-testid="maintenance-leave" />
        </Callout>
      ) : null}
      {setMaintenance.error ? (
        <Callout intent="danger" style={{ marginBottom: 8 }}>
          Maintenance mode could not be changed: {setMaintenance.error.message}
        </Callout>
      ) : null}
      {shelved.length > 0 ? (
        <Callout intent="none" icon="time" title={`${shelved.length} rule${shelved.length === 1 ? '' : 's'} shelved`} style={{ marginBottom: 8 }} data-testid="shelved-summary">
          {shelved.map((r) => (
            <div key={r.id} style={{ display: 'flex', alignItems: 'center', gap: 8 }} data-testid={`shelved-${r.id}`}>
              <strong>{r.name}</strong>
              <span className="swb-small">
                until {formatTime(r.shelvedUntil)} ({remaining(r.shelvedUntil!, now)}){shelveNotes.get(r.id)?.comment ? ` — “${shelveNotes.get(r.id)!.comment}”` : ''}
              </span>
              <Button size="small" variant="minimal" icon="unlock" text="Unshelve" onClick={() => unshelve(r)} data-testid={`unshelve-summary-${r.id}`} />
            </div>
          ))}
        </Callout>
      ) : null}
      <Tabs id="alarm-tabs" selectedTabId={tab} onChange={(t) => setTab(t as typeof tab)}>
        <Tab id="active" title={`Active (${active.data?.length ?? 0})`} data-testid="tab-active" />
        <Tab id="rules" title={`Rules (${rules.data?.length ?? 0})`} data-testid="tab-rules" />
        <Tab id="history" title="History" data-testid="tab-history" />
      </Tabs>
      <div style={{ marginTop: 8 }}>
        {tab === 'active' ? (
          <>
            <div className="swb-toolbar">
              <Button size="small" icon="tick" text={`Acknowledge all (${unacked.length})`} disabled={unacked.length === 0} onClick={() => setAckIds(unacked.map((a) => a.id))} data-testid="ack-all" />
            </div>
            <AlarmTable alarms={active.data ?? []} onAck={(id) => setAckIds([id])} testId="active-alarms" />
            {(active.data ?? []).length === 0 ? <p className="swb-muted" data-testid="no-alarms">No active alarms.</p> : null}
          </>
        ) : null}
        {tab === 'rules' ? (
          <>
            <div className="swb-toolbar">
              <Button size="small" icon="add" intent="primary" text="New rule" onClick={() => setEditing('new')} data-testid="rule-new" />
            </div>
            {shelve.error ? <Callout intent="danger">{shelve.error.message}</Callout> : null}
            <HTMLTable compact className="swb-table-full" data-testid="rules-table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Kind</th>
                  <th>Condition</th>
                  <th>Severity</th>
                  <th>Delays</th>
                  <th>State</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {(rules.data ?? []).map((r) => (
                  <tr key={r.id}>
                    <td>
                      {r.name}
                      <div className="swb-muted swb-small swb-mono">{r.id}</div>
                    </td>
                    <td>{KIND_LABELS[r.kind]}</td>
                    <td className="swb-mono swb-small">{describeRule(r)}</td>
                    <td>
                      <SeverityTag severity={r.severity} />
                    </td>
                    <td className="swb-small">
                      on {r.onDelayMs / 1000} s · off {r.offDelayMs / 1000} s{r.escalateAfterMs > 0 ? ` · escalate ${r.escalateAfterMs / 60_000} min` : ''}
                    </td>
                    <td data-testid={`rule-state-${r.id}`}>
                      {!r.enabled ? (
                        <Tag minimal>disabled</Tag>
                      ) : isShelved(r) ? (
                        <>
                          <Tag minimal intent="warning">shelved until {new Date(r.shelvedUntil!).toLocaleTimeString()}</Tag>
                          {shelveNotes.get(r.id)?.comment ? <div className="swb-small swb-muted">“{shelveNotes.get(r.id)!.comment}”</div> : null}
                        </>
                      ) : m?.enabled && r.suppressInMaintenance ? (
                        <Tag minimal intent="warning" icon="wrench">
                          suppressed (maintenance)
                        </Tag>
                      ) : (
                        <Tag minimal intent="success">armed</Tag>
                      )}
                    </td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <Button size="small" variant="minimal" icon="edit" aria-label={`Edit ${r.id}`} onClick={() => setEditing(r)} />
                      {isShelved(r) ? (
                        <Button size="small" variant="minimal" icon="unlock" text="Unshelve" onClick={() => unshelve(r)} data-testid={`unshelve-${r.id}`} />
                      ) : (
                        <Button size="small" variant="minimal" icon="time" text="Shelve…" disabled={!r.enabled} onClick={() => setShelving(r)} data-testid={`shelve-${r.id}`} />
                      )}
                      <Button size="small" variant="minimal" icon="trash" intent="danger" aria-label={`Delete ${r.id}`} onClick={() => window.confirm(`Delete rule '${r.name}'?`) && removeRule.mutate({ id: r.id })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
            <AlarmForwardingCard />
          </>
        ) : null}
        {tab === 'history' ? (
          <>
            <div className="swb-toolbar">
              <HTMLSelect value={historyRule} options={[{ value: '', label: 'All rules' }, ...(rules.data ?? []).map((r) => ({ value: r.id, label: r.name }))]} onChange={(e) => setHistoryRule(e.target.value)} aria-label="Rule" />
            </div>
            <AlarmTable alarms={history.data ?? []} testId="alarm-history" />
          </>
        ) : null}
      </div>
      {ackIds ? <AckDialog ids={ackIds} onClose={() => setAckIds(undefined)} /> : null}
      {maintenanceOpen ? <MaintenanceDialog rules={rules.data ?? []} onClose={() => setMaintenanceOpen(false)} /> : null}
      {shelving ? <ShelveDialog rule={shelving} onClose={() => setShelving(undefined)} /> : null}
      {editing ? <AlarmRuleDialog rule={editing === 'new' ? undefined : editing} rules={rules.data ?? []} onClose={() => setEditing(undefined)} /> : null}
    </div>
  );
}

/** "in 42 min" / "in 3.5 h" / "ended". */
function remaining(until: number, now: number): string {
  const min = Math.round((until - now) / 60_000);
  if (min <= 0) return 'ending now';
  if (min < 120) return `${min} min left`;
  return `${(min / 60).toFixed(1)} h left`;
}

function describeRule(r: AlarmRule): string {
  switch (r.kind) {
    case 'high':
    case 'highHigh':
      return `${r.channelId} > ${r.threshold}${r.deadband ? ` (deadband ${r.deadband})` : ''}`;
    case 'low':
    case 'lowLow':
      return `${r.channelId} < ${r.threshold}${r.deadband ? ` (deadband ${r.deadband})` : ''}`;
    case 'rateOfChange':
      return `|d ${r.channelId}/dt| > ${r.threshold}/s over ${r.rateWindowMs / 1000} s`;
    case 'stale':
      return `${r.channelId} silent > ${r.staleAfterMs / 1000} s`;
    case 'expression':
      return r.expression;
    case 'deviceOffline':
      return `device ${r.deviceId} offline`;
  }
}

export function AlarmTable({ alarms, onAck, testId }: { alarms: Alarm[]; onAck?: (id: string) => void; testId: string }) {
  return (
    <HTMLTable compact className="swb-table-full" data-testid={testId}>
      <thead>
        <tr>
          <th>Severity</th>
          <th>Alarm</th>
          <th>State</th>
          <th>Raised</th>
          <th>Cleared</th>
          <th>Acknowledged</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {alarms.map((a) => (
          <tr key={a.id} data-testid={`alarm-${a.ruleId}`}>
            <td>
              <SeverityTag severity={a.severity} escalated={a.escalated} />
            </td>
            <td>
              <strong>{a.name}</strong>
              <div className="swb-small swb-muted">{a.message}</div>
            </td>
            <td>
              <Tag minimal intent={a.state === 'active' ? 'danger' : 'success'}>
                {a.state === 'active' ? 'active' : 'returned to normal'}
              </Tag>
            </td>
            <td className="swb-small">{formatTime(a.raisedAt)}</td>
            <td className="swb-small">{a.clearedAt ? formatTime(a.clearedAt) : '—'}</td>
            <td className="swb-small">{a.acknowledged ? `${formatTime(a.ackedAt)}${a.ackComment ? ` — “${a.ackComment}”` : ''}` : <Tag minimal intent="warning">unacknowledged</Tag>}</td>
            <td>{onAck && !a.acknowledged ? <Button size="small" icon="tick" text="Acknowledge" onClick={() => onAck(a.id)} data-testid={`ack-${a.ruleId}`} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}

export function AckDialog({ ids, onClose }: { ids: string[]; onClose: () => void }) {
  const ack = useRpcMutation('monitor.alarms.ack', ['monitor.alarms.active', 'monitor.alarms.history']);
  const [comment, setComment] = useState('');
  return (
    <Dialog isOpen onClose={onClose} title={`Acknowledge ${ids.length} alarm${ids.length === 1 ? '' : 's'}`}>
      <DialogBody>
        <FormGroup label="Comment" labelFor="ack-comment" helperText="Recorded in the alarm history and the audit trail.">
          <InputGroup id="ack-comment" data-testid="ack-comment" autoFocus value={comment} onChange={(e) => setComment(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && ack.mutate({ ids, comment }, { onSuccess: onClose })} />
        </FormGroup>
        {ack.error ? <Callout intent="danger">{ack.error.message}</Callout> : null}
      </DialogBody>
      <DialogFooter
        minimal
        actions={
          <>
            <Button text="Cancel" onClick={onClose} />
            <Button intent="primary" text="Acknowledge" loading={ack.isPending} onClick={() => ack.mutate({ ids, comment }, { onSuccess: onClose })} data-testid="ack-confirm" />
          </>
        }
      />
    </Dialog>
  );
}
