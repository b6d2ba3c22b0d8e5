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
import { AlarmRuleDialog, KIND_LABELS } from './AlarmRuleDialog';

export function SeverityTag({ severity, escalated }: { severity: Alarm['severity']; escalated?: boolean }) {
  return (
    <Tag className={`swb-sev-${severity}`} title={escalated ? 'Escalated: not acknowledged in time' : undefined}>
      {severity}
      {escalated ? ' ↑' : ''}
    </Tag>
  );
}

/** Active alarms (acknowledge with comment), rules (create, edit, shelve), history and maintenance mode. */
export default function AlarmsPage() {
  useMonitorInvalidation();
  const qc = useQueryClient();
  const active = useRpcQuery('monitor.alarms.active', {});
  const rules = useRpcQuery('monitor.alarmRules.list', {});
  const maintenance = useRpcQuery('monitor.maintenance.get', {});
  const setMaintenance = useRpcMutation('monitor.maintenance.set', ['monitor.maintenance.get']);
  const shelve = useRpcMutation('monitor.alarms.shelve', ['monitor.alarmRules.list']);
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
  return (
    <div className="swb-page">
      <PageHeader
        title="Alarms"
        subtitle="Active alarms, rules, history and maintenance mode"
        actions={
          <>
            {m?.enabled ? (
              <Tag intent="warning" icon="wrench" data-testid="maintenance-on">
                Maintenance{m.reason ? `: ${m.reason}` : ''}
                {m.until ? ` until ${new Date(m.until).toLocaleTimeString()}` : ''}
              </Tag>
            ) : null}
            <Switch
              label="Maintenance mode"
              checked={m?.enabled ?? false}
              onChange={(e) => {
                const enabled = e.currentTarget.checked;
                const reason = enabled ? (window.prompt('Reason for maintenance mode (shown to everyone):', '') ?? '') : '';
                setMaintenance.mutate({ enabled, reason });
              }}
              data-testid="maintenance-toggle"
              style={{ marginBottom: 0 }}
            />
          </>
        }
      />
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
                    <td>
                      {!r.enabled ? <Tag minimal>disabled</Tag> : r.shelvedUntil && r.shelvedUntil > Date.now() ? <Tag minimal intent="warning">shelved until {new Date(r.shelvedUntil).toLocaleTimeString()}</Tag> : <Tag minimal intent="success">armed</Tag>}
                    </td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <Button size="small" variant="minimal" icon="edit" aria-label={`Edit ${r.id}`} onClick={() => setEditing(r)} />
                      {r.shelvedUntil && r.shelvedUntil > Date.now() ? (
                        <Button size="small" variant="minimal" icon="unlock" text="Unshelve" onClick={() => shelve.mutate({ ruleId: r.id, minutes: 0 })} />
                      ) : (
                        <Button size="small" variant="minimal" icon="time" text="Shelve 1 h" onClick={() => shelve.mutate({ ruleId: r.id, minutes: 60, comment: window.prompt('Why shelve this rule?', '') ?? '' })} />
                      )}
                      <Button size="small" variant="minimal" icon="trash" intent="danger" aria-label={`Delete ${r.id}`} onClick={() => window.confirm(`Delete rule '${r.name}'?`) && removeRule.mutate({ id: r.id })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
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
      {editing ? <AlarmRuleDialog rule={editing === 'new' ? undefined : editing} rules={rules.data ?? []} onClose={() => setEditing(undefined)} /> : null}
    </div>
  );
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
