import type { Alarm, AlarmForwarding, AlarmRule, AlarmSeverity, AlarmTransition } from '#shared/rpc/domains/monitor';

/**
 * Bus topic on which monitoring asks the gateway to deliver an alarm event to targets. Payload
 * `AlarmForwardRequest`; the gateway queues it into each named target (retry, circuit breaker, dead
 * letters, counted in the target's metrics like routed telemetry).
 */
export const ALARM_FORWARD_TOPIC = 'monitor.alarm.forward';

/** What monitoring publishes on ALARM_FORWARD_TOPIC. */
export interface AlarmForwardRequest {
  targetIds: string[];
  /** Idempotency key, repeated on retries and replays: `<alarm id>:<transition>`. */
  messageId: string;
  /** Shown as the message's source in target metrics and dead letters. */
  sourceId: string;
  schemaId: string;
  /** The alarm event document (docs/formats/alarm-event.md). */
  message: AlarmEventMessage;
  createdAt: number;
}

/** docs/formats/alarm-event.md, version 1. */
export interface AlarmEventMessage {
  format: 'swb.alarm-event';
  v: 1;
  eventId: string;
  transition: AlarmTransition;
  /** When the transition happened (ms epoch) and the same as ISO 8601 UTC. */
  time: number;
  timeIso: string;
  project: string;
  station: string;
  alarm: Alarm;
  /** Present and true only on a test event sent from the forwarding settings (no real alarm). */
  test?: true;
  rule?: { id: string; kind: string; channelId?: string; unit?: string; threshold?: number; deadband?: number; deviceId?: string; expression?: string };
}

export const ALARM_EVENT_SOURCE_ID = 'monitor.alarms';
export const ALARM_EVENT_SCHEMA_ID = 'alarm-event@1';

export const DEFAULT_ALARM_FORWARDING: AlarmForwarding = { enabled: false, targetIds: [], minSeverity: 'info', transitions: ['raised', 'cleared', 'acknowledged'] };

const RANK: Record<AlarmSeverity, number> = { info: 0, minor: 1, major: 2, critical: 3 };

/** Alarms whose last state is remembered to tell transitions apart; more are forgotten oldest first. */
const MAX_TRACKED = 10_000;

interface Seen {
  state: Alarm['state'];
  acknowledged: boolean;
  escalated: boolean;
}

/**
 * Turns alarm changes (as the alarm engine reports them) into transitions and, when the project's
 * forwarding settings want them, into alarm-event messages for the gateway's targets.
 */
export class AlarmForwarder {
  settings: AlarmForwarding = { ...DEFAULT_ALARM_FORWARDING };
  readonly stats = { forwarded: 0, filtered: 0, lastForwardedAt: undefined as number | undefined };
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly publish: (request: AlarmForwardRequest) => void,
    private readonly lookup: { rule(id: string): AlarmRule | undefined; unit(channelId: string): string | undefined; meta(): { project: string; station: string } },
    private readonly now: () => number = Date.now,
  ) {}

  /** Alarms that were already open when the project opened: their next change is not a "raise". */
  remember(open: Alarm[]): void {
    this.seen.clear();
    for (const a of open) this.track(a);
  }

  /** The transitions from the last known state of this alarm to `a`. */
  transitions(a: Alarm): AlarmTransition[] {
    const prev = this.seen.get(a.id);
    const out: AlarmTransition[] = [];
    if (!prev) {
      if (a.state === 'active') out.push('raised');
      if (a.state === 'cleared') out.push('cleared');
    } else if (prev.state === 'active' && a.state === 'cleared') out.push('cleared');
    if (a.acknowledged && !prev?.acknowledged) out.push('acknowledged');
    if (a.escalated && !prev?.escalated) out.push('escalated');
    return out;
  }

  /** Called with every batch of changed alarms; never throws. */
  onChanged(changed: Alarm[]): void {
    for (const a of changed) {
      const transitions = this.transitions(a);
      this.track(a);
      const s = this.settings;
      if (!s.enabled || s.targetIds.length === 0) continue;
      for (const transition of transitions) {
        if (!s.transitions.includes(transition) || RANK[a.severity] < RANK[s.minSeverity]) {
          this.stats.filtered++;
          continue;
        }
        const message = this.message(a, transition);
        this.stats.forwarded++;
        this.stats.lastForwardedAt = message.time;
        this.publish({ targetIds: [...s.targetIds], messageId: message.eventId, sourceId: ALARM_EVENT_SOURCE_ID, schemaId: ALARM_EVENT_SCHEMA_ID, message, createdAt: message.time });
      }
    }
  }

  message(a: Alarm, transition: AlarmTransition): AlarmEventMessage {
    const time = transition === 'raised' ? a.raisedAt : transition === 'cleared' ? (a.clearedAt ?? this.now()) : transition === 'acknowledged' ? (a.ackedAt ?? this.now()) : this.now();
    const r = this.lookup.rule(a.ruleId);
    const unit = r?.channelId ? this.lookup.unit(r.channelId) : undefined;
    const meta = this.lookup.meta();
    return {
      format: 'swb.alarm-event',
      v: 1,
      eventId: `${a.id}:${transition}`,
      transition,
      time,
      timeIso: new Date(time).toISOString(),
      project: meta.project,
      station: meta.station,
      alarm: { ...a },
      ...(r
        ? {
            rule: {
              id: r.id,
              kind: r.kind,
              ...(r.channelId ? { channelId: r.channelId } : {}),
              ...(unit ? { unit } : {}),
              ...(r.threshold !== undefined ? { threshold: r.threshold } : {}),
              ...(r.deadband ? { deadband: r.deadband } : {}),
              ...(r.kind === 'deviceOffline' ? { deviceId: r.deviceId } : {}),
              ...(r.kind === 'expression' ? { expression: r.expression } : {}),
            },
          }
        : {}),
    };
  }

  /**
   * A test event to check the link to a receiving system during commissioning: an info-severity
   * "raised" event marked `test: true`, sent to the given targets whatever the filters say.
   */
  testEvent(targetIds: string[]): AlarmForwardRequest {
    const t = this.now();
    const alarm: Alarm = {
      id: `test-${t}`,
      ruleId: 'forwarding-test',
      name: 'Test alarm event',
      kind: 'expression',
      severity: 'info',
      state: 'active',
      acknowledged: false,
      escalated: false,
      raisedAt: t,
      message: 'Test event from Station Workbench: alarm events reach this system.',
    };
    const message: AlarmEventMessage = { ...this.message(alarm, 'raised'), test: true };
    this.stats.forwarded++;
    this.stats.lastForwardedAt = t;
    return { targetIds: [...targetIds], messageId: message.eventId, sourceId: ALARM_EVENT_SOURCE_ID, schemaId: ALARM_EVENT_SCHEMA_ID, message, createdAt: t };
  }

  private track(a: Alarm): void {
    // Closed alarms (cleared and acknowledged) change no more.
    if (a.state === 'cleared' && a.acknowledged) {
      this.seen.delete(a.id);
      return;
    }
    this.seen.delete(a.id);
    this.seen.set(a.id, { state: a.state, acknowledged: a.acknowledged, escalated: a.escalated });
    if (this.seen.size > MAX_TRACKED) this.seen.delete(this.seen.keys().next().value as string);
  }
}
