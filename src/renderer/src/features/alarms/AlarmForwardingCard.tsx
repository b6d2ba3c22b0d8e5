import { Button, Callout, Checkbox, FormGroup, HTMLSelect, Switch, Tag } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AlarmForwarding, AlarmSeverity, AlarmTransition } from '#shared/rpc/domains/monitor';
import { formatTime } from '../../components/format';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';

const SEVERITIES: Array<{ value: AlarmSeverity; label: string }> = [
  { value: 'info', label: 'Info and above (all)' },
  { value: 'minor', label: 'Minor and above' },
  { value: 'major', label: 'Major and above' },
  { value: 'critical', label: 'Critical only' },
];

const TRANSITIONS: Array<{ value: AlarmTransition; label: string; hint: string }> = [
  { value: 'raised', label: 'Raised', hint: 'the condition started (after its on-delay)' },
  { value: 'cleared', label: 'Cleared', hint: 'returned to normal (after its off-delay)' },
  { value: 'acknowledged', label: 'Acknowledged', hint: 'an operator acknowledged it, with comment' },
  { value: 'escalated', label: 'Escalated', hint: 'not acknowledged in time: severity stepped up' },
];

/**
 * "Forward alarm events": which alarm changes go to which gateway targets (as JSON documents,
 * docs/formats/alarm-event.md), delivered with the targets' queue, retry, breaker and dead letters.
 */
export function AlarmForwardingCard() {
  const qc = useQueryClient();
  const state = useRpcQuery('monitor.alarmForwarding.get', {}, { refetchInterval: 5000 });
  const config = useRpcQuery('gateway.config.get', {});
  const status = useRpcQuery('gateway.status', {}, { refetchInterval: 2000 });
  const save = useRpcMutation('monitor.alarmForwarding.set', ['monitor.alarmForwarding.get']);
  const sendTest = useRpcMutation('monitor.alarmForwarding.test', ['monitor.alarmForwarding.get', 'gateway.status']);
  const [draft, setDraft] = useState<AlarmForwarding | undefined>();
  useEffect(() => {
    if (state.data && !draft) setDraft(state.data.settings);
  }, [state.data, draft]);
  // Another window (or the CLI) changed it: refresh.
  useEffect(
    () =>
      rpc.subscribe('monitor.changed', ({ what }) => {
        if (what === 'alarmForwarding') void qc.invalidateQueries({ queryKey: ['monitor.alarmForwarding.get'] });
      }),
    [qc],
  );

  const targets = config.data?.config.targets ?? [];
  const saved = state.data?.settings;
  const dirty = draft !== undefined && saved !== undefined && JSON.stringify(draft) !== JSON.stringify(saved);
  const stats = state.data?.stats;
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

  return (
    <section className="swb-card" style={{ marginTop: 12 }} data-testid="alarm-forwarding">
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 12 }}>
        <h3 style={{ flex: 1 }}>Forward alarm events</h3>
        {draft ? (
          <Switch
            label={draft.enabled ? 'On' : 'Off'}
            checked={draft.enabled}
            onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })}
            data-testid="fwd-enabled"
            style={{ marginBottom: 0 }}
          />
        ) : null}
      </div>
      <p className="swb-muted swb-small" style={{ marginTop: 0 }}>
        Each alarm change is sent as one JSON document (format in docs/formats/alarm-event.md) through the chosen gateway targets, with their queue, retries,
        circuit breaker and dead letters — as for routed telemetry.
      </p>
      {state.error ? <Callout intent="danger">{state.error.message}</Callout> : null}
      {draft ? (
        <>
          <div className="swb-form-row" style={{ alignItems: 'flex-start', gap: 24 }}>
            <FormGroup label="Targets" style={{ minWidth: 220 }}>
              {targets.length === 0 ? (
                <div className="swb-muted swb-small" data-testid="fwd-no-targets">
                  No gateway targets yet: add a UDP, TCP, HTTP, WebSocket or MQTT target on the Targets page.
                </div>
              ) : (
                targets.map((t) => {
                  const st = status.data?.targets.find((s) => s.id === t.id);
                  return (
                    <Checkbox
                      key={t.id}
                      checked={draft.targetIds.includes(t.id)}
                      onChange={(e) => setDraft({ ...draft, targetIds: toggle(draft.targetIds, t.id, e.currentTarget.checked) })}
                      data-testid={`fwd-target-${t.id}`}
                      labelElement={
                        <span>
                          {t.name || t.id} <span className="swb-muted swb-small">({t.kind}{!t.enabled ? ', disabled' : ''})</span>
                          {st && draft.targetIds.includes(t.id) ? (
                            <Tag minimal style={{ marginLeft: 6 }} intent={st.health === 'ok' ? 'success' : st.health === 'stopped' ? 'none' : 'warning'}>
                              {st.health}
                            </Tag>
                          ) : null}
                        </span>
                      }
                    />
                  );
                })
              )}
              {(stats?.unknownTargets ?? []).map((id) => (
                <Callout key={id} intent="warning" style={{ marginTop: 4 }} data-testid={`fwd-unknown-${id}`}>
                  Target '{id}' no longer exists in the gateway; its events are not sent. Untick it or add the target again.
                </Callout>
              ))}
            </FormGroup>
            <FormGroup label="Minimum severity" labelFor="fwd-severity">
              <HTMLSelect id="fwd-severity" value={draft.minSeverity} options={SEVERITIES} onChange={(e) => setDraft({ ...draft, minSeverity: e.target.value as AlarmSeverity })} data-testid="fwd-severity" />
            </FormGroup>
            <FormGroup label="Send when an alarm is">
              {TRANSITIONS.map((t) => (
                <Checkbox
                  key={t.value}
                  checked={draft.transitions.includes(t.value)}
                  onChange={(e) => setDraft({ ...draft, transitions: toggle(draft.transitions, t.value, e.currentTarget.checked) })}
                  data-testid={`fwd-transition-${t.value}`}
                  labelElement={
                    <span title={t.hint}>
                      {t.label} <span className="swb-muted swb-small">— {t.hint}</span>
                    </span>
                  }
                />
              ))}
            </FormGroup>
          </div>
          <div className="swb-toolbar" style={{ marginTop: 4 }}>
            <Button
              size="small"
              intent={dirty ? 'primary' : 'none'}
              icon="floppy-disk"
              text={dirty ? 'Save forwarding' : 'Saved'}
              disabled={!dirty}
              loading={save.isPending}
              onClick={() => save.mutate(draft, { onSuccess: (r) => setDraft(r.settings) })}
              data-testid="fwd-save"
            />
            {dirty ? <Button size="small" variant="minimal" text="Revert" onClick={() => saved && setDraft(saved)} /> : null}
            <Button
              size="small"
              icon="send-message"
              text="Send test event"
              title="Queue one test alarm event (marked test: true) to the ticked targets, to check the receiving system"
              disabled={draft.targetIds.length === 0}
              loading={sendTest.isPending}
              onClick={() => sendTest.mutate({ targetIds: draft.targetIds })}
              data-testid="fwd-test"
            />
            <span className="swb-muted swb-small" data-testid="fwd-stats">
              {stats ? `${stats.forwarded} event${stats.forwarded === 1 ? '' : 's'} forwarded, ${stats.filtered} filtered since the project opened${stats.lastForwardedAt ? ` · last ${formatTime(stats.lastForwardedAt)}` : ''}` : ''}
            </span>
          </div>
          {sendTest.data && !sendTest.isPending ? (
            <Callout intent="success" style={{ marginTop: 6 }} data-testid="fwd-test-result">
              Test event {sendTest.data.eventId} queued to {sendTest.data.targetIds.join(', ')}. Check that the receiving system shows it; the Targets page counts its delivery.
            </Callout>
          ) : null}
          {sendTest.error ? (
            <Callout intent="danger" style={{ marginTop: 6 }} data-testid="fwd-test-error">
              {sendTest.error.message}
            </Callout>
          ) : null}
          {save.error ? (
            <Callout intent="danger" style={{ marginTop: 6 }} data-testid="fwd-error">
              {save.error.message}
            </Callout>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
