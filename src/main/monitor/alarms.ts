import { randomUUID } from 'node:crypto';
import { compileExpression, type CompiledExpression } from '#shared/expr/index';
import type { Alarm, AlarmRule, AlarmSeverity } from '#shared/rpc/domains/monitor';

/** What the alarm engine reads each scan. */
export interface AlarmInputs {
  latest(channelId: string): { t: number; v: number } | undefined;
  /** Value of a channel about `agoMs` before its latest sample (for rate of change). */
  valueAgo(channelId: string, agoMs: number): { t: number; v: number } | undefined;
  /** When the channel (or the engine) started existing, for stale detection without any sample. */
  since(channelId: string): number;
  offlineDevices(): string[];
  maintenance(): boolean;
}

interface RuleState {
  rule: AlarmRule;
  expr?: CompiledExpression;
  conditionSince?: number;
  clearSince?: number;
  lastValue?: number;
  lastError?: string;
}

const ESCALATION: Record<AlarmSeverity, AlarmSeverity> = { info: 'minor', minor: 'major', major: 'critical', critical: 'critical' };

/**
 * Scans alarm rules against the latest channel values (ISA-18.2 style): a condition must hold
 * for the on-delay to raise, be gone for the off-delay to clear; a cleared alarm stays listed
 * until acknowledged; unacknowledged alarms escalate one severity step after escalateAfterMs.
 */
export class AlarmEngine {
  private readonly states = new Map<string, RuleState>();
  /** Open alarms (active, or cleared but unacknowledged), by id. */
  readonly open = new Map<string, Alarm>();

  constructor(
    private readonly inputs: AlarmInputs,
    /** Persist a new or changed alarm (fire-and-forget for the engine). */
    private readonly onChange: (alarms: Alarm[]) => void,
  ) {}

  setRules(rules: AlarmRule[]): void {
    const next = new Map<string, RuleState>();
    for (const rule of rules) {
      const prev = this.states.get(rule.id);
      const state: RuleState = { rule, ...(prev?.conditionSince !== undefined ? { conditionSince: prev.conditionSince } : {}), ...(prev?.clearSince !== undefined ? { clearSince: prev.clearSince } : {}) };
      if (rule.kind === 'expression') {
        const compiled = compileExpression(rule.expression);
        if (compiled.ok) state.expr = compiled;
        else state.lastError = compiled.error.message;
      }
      next.set(rule.id, state);
    }
    this.states.clear();
    for (const [k, v] of next) this.states.set(k, v);
  }

  loadOpen(alarms: Alarm[]): void {
    this.open.clear();
    for (const a of alarms) this.open.set(a.id, a);
  }

  activeFor(ruleId: string): Alarm | undefined {
    for (const a of this.open.values()) if (a.ruleId === ruleId && a.state === 'active') return a;
    return undefined;
  }

  ruleError(ruleId: string): string | undefined {
    return this.states.get(ruleId)?.lastError;
  }

  private suppressed(rule: AlarmRule, now: number): boolean {
    if (!rule.enabled) return true;
    if (rule.shelvedUntil !== undefined && rule.shelvedUntil > now) return true;
    if (rule.suppressInMaintenance && this.inputs.maintenance()) return true;
    return rule.suppressedBy.some((id) => id !== rule.id && this.activeFor(id) !== undefined);
  }

  /** Condition of a rule now; `wasActive` applies the deadband (hysteresis). */
  private condition(st: RuleState, now: number, wasActive: boolean): { on: boolean; value?: number; detail: string } {
    const r = st.rule;
    const ch = r.channelId ?? '';
    switch (r.kind) {
      case 'high':
      case 'highHigh':
      case 'low':
      case 'lowLow': {
        const latest = this.inputs.latest(ch);
        if (!latest || r.threshold === undefined) return { on: false, detail: '' };
        const high = r.kind === 'high' || r.kind === 'highHigh';
        const limit = wasActive ? (high ? r.threshold - r.deadband : r.threshold + r.deadband) : r.threshold;
        const on = high ? (wasActive ? latest.v >= limit : latest.v > limit) : wasActive ? latest.v <= limit : latest.v < limit;
        return { on, value: latest.v, detail: `${ch} = ${round(latest.v)} (${high ? '>' : '<'} ${r.threshold})` };
      }
      case 'rateOfChange': {
        const latest = this.inputs.latest(ch);
        const then = this.inputs.valueAgo(ch, r.rateWindowMs);
        if (!latest || !then || latest.t <= then.t || r.threshold === undefined) return { on: false, detail: '' };
        const rate = (latest.v - then.v) / ((latest.t - then.t) / 1000);
        const limit = wasActive ? Math.max(0, r.threshold - r.deadband) : r.threshold;
        return { on: Math.abs(rate) > limit, value: rate, detail: `${ch} changes ${round(rate)}/s (limit ±${r.threshold}/s)` };
      }
      case 'stale': {
        const latest = this.inputs.latest(ch);
        const last = latest?.t ?? this.inputs.since(ch);
        const age = now - last;
        return { on: age > r.staleAfterMs, value: age / 1000, detail: `${ch} has no data for ${round(age / 1000)} s` };
      }
      case 'expression': {
        if (!st.expr) return { on: false, detail: '' };
        const scope: Record<string, number> = {};
        for (const name of st.expr.variables) {
          const root = name.split('.')[0]!;
          const l = this.inputs.latest(root);
          if (l) scope[root] = l.v;
        }
        const res = st.expr.evaluate(scope);
        if (!res.ok) {
          st.lastError = res.error.message;
          return { on: false, detail: '' };
        }
        st.lastError = undefined;
        return { on: res.value === true || (typeof res.value === 'number' && res.value !== 0), detail: r.expression };
      }
      case 'deviceOffline': {
        const offline = this.inputs.offlineDevices().filter((d) => r.deviceId === '*' || r.deviceId === '' || d === r.deviceId);
        return { on: offline.length > 0, detail: `offline: ${offline.join(', ')}` };
      }
    }
  }

  /** One scan over all rules; returns the alarms that changed. */
  scan(now: number): Alarm[] {
    const changed: Alarm[] = [];
    for (const st of this.states.values()) {
      const r = st.rule;
      const active = this.activeFor(r.id);
      const cond = this.condition(st, now, active !== undefined || st.conditionSince !== undefined);
      if (!active) {
        st.clearSince = undefined;
        if (cond.on && !this.suppressed(r, now)) {
          st.conditionSince ??= now;
          if (now - st.conditionSince >= r.onDelayMs) {
            const alarm: Alarm = {
              id: randomUUID(),
              ruleId: r.id,
              name: r.name,
              kind: r.kind,
              severity: r.severity,
              state: 'active',
              acknowledged: false,
              escalated: false,
              raisedAt: now,
              ...(cond.value !== undefined && Number.isFinite(cond.value) ? { value: cond.value } : {}),
              message: r.message ? `${r.message} — ${cond.detail}` : cond.detail,
            };
            // A re-raise closes any earlier cleared-unacknowledged instance of the same rule.
            this.open.set(alarm.id, alarm);
            changed.push(alarm);
            st.conditionSince = undefined;
          }
        } else st.conditionSince = undefined;
      } else {
        st.conditionSince = undefined;
        if (!cond.on) {
          st.clearSince ??= now;
          if (now - st.clearSince >= r.offDelayMs) {
            active.state = 'cleared';
            active.clearedAt = now;
            st.clearSince = undefined;
            if (active.acknowledged) this.open.delete(active.id);
            changed.push({ ...active });
          }
        } else st.clearSince = undefined;
      }
    }
    for (const a of this.open.values()) {
      const rule = this.states.get(a.ruleId)?.rule;
      if (!a.acknowledged && !a.escalated && rule && rule.escalateAfterMs > 0 && now - a.raisedAt >= rule.escalateAfterMs) {
        a.escalated = true;
        a.severity = ESCALATION[a.severity];
        changed.push({ ...a });
      }
    }
    if (changed.length > 0) this.onChange(changed);
    return changed;
  }

  /** Acknowledges open alarms; cleared ones close. Returns the changed alarms. */
  acknowledge(ids: string[], comment: string, by: string, now: number): Alarm[] {
    const changed: Alarm[] = [];
    for (const id of ids) {
      const a = this.open.get(id);
      if (!a || a.acknowledged) continue;
      a.acknowledged = true;
      a.ackedAt = now;
      a.ackComment = comment;
      a.ackedBy = by;
      if (a.state === 'cleared') this.open.delete(id);
      changed.push({ ...a });
    }
    if (changed.length > 0) this.onChange(changed);
    return changed;
  }

  /** Drops a rule's open alarms (rule deleted). */
  forgetRule(ruleId: string): void {
    for (const [id, a] of this.open) if (a.ruleId === ruleId) this.open.delete(id);
  }
}

function round(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(2);
}
