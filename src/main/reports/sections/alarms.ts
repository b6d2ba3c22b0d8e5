import type { Alarm, AlarmRule, AlarmSeverity } from '#shared/rpc/domains/monitor';
import type { ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import type { ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { clip, fmtDuration, fmtPct, fmtTime } from '../section';

// Alarm summary, read through the monitor area's contract (monitor.alarms.history/active,
// monitor.alarmRules.list). The report period runs from the project's creation to the moment the
// report is built; alarms still active count their time in alarm up to that moment.

/** Rows of the alarm history table; the rest are counted and are in the alarms data export. */
export const HISTORY_ROWS = 200;
/** The contract's largest history page. */
const HISTORY_LIMIT = 5000;
const SEVERITIES: AlarmSeverity[] = ['critical', 'major', 'minor', 'info'];

export interface AlarmPeriod {
  from: number;
  to: number;
}

export function reportPeriod(ctx: ReportContext): AlarmPeriod {
  return { from: Math.max(0, Math.min(ctx.meta.createdAt, ctx.now)), to: ctx.now };
}

async function history(ctx: ReportContext, period: AlarmPeriod): Promise<Alarm[] | undefined> {
  return ctx.call<Alarm[]>('monitor.alarms.history', { from: period.from, to: period.to, limit: HISTORY_LIMIT });
}

/** How long an alarm was (or still is) active inside the period. */
export function activeMs(a: Alarm, period: AlarmPeriod): number {
  const start = Math.max(a.raisedAt, period.from);
  const end = Math.min(a.clearedAt ?? period.to, period.to);
  return Math.max(0, end - start);
}

/** Time with at least one of `alarms` active (overlaps counted once). */
export function unionMs(alarms: Alarm[], period: AlarmPeriod): number {
  const spans = alarms
    .map((a) => [Math.max(a.raisedAt, period.from), Math.min(a.clearedAt ?? period.to, period.to)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | undefined;
  for (const s of spans) {
    if (cur && s[0] <= cur[1]) cur[1] = Math.max(cur[1], s[1]);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [...s];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}

export interface RuleStats {
  ruleId: string;
  name: string;
  kind: string;
  severity: string;
  count: number;
  activeNow: number;
  unacked: number;
  totalMs: number;
  longestMs: number;
  lastAt: number;
}

/** Per-rule counts and times over the period, most frequent first (then longest in alarm). */
export function ruleStats(alarms: Alarm[], rules: AlarmRule[], period: AlarmPeriod): RuleStats[] {
  const byRule = new Map<string, RuleStats>();
  for (const a of alarms) {
    const rule = rules.find((r) => r.id === a.ruleId);
    const s = byRule.get(a.ruleId) ?? { ruleId: a.ruleId, name: rule?.name ?? a.name, kind: rule?.kind ?? a.kind, severity: rule?.severity ?? a.severity, count: 0, activeNow: 0, unacked: 0, totalMs: 0, longestMs: 0, lastAt: 0 };
    const ms = activeMs(a, period);
    s.count++;
    if (a.state === 'active') s.activeNow++;
    if (!a.acknowledged) s.unacked++;
    s.totalMs += ms;
    s.longestMs = Math.max(s.longestMs, ms);
    s.lastAt = Math.max(s.lastAt, a.raisedAt);
    byRule.set(a.ruleId, s);
  }
  return [...byRule.values()].sort((a, b) => b.count - a.count || b.totalMs - a.totalMs || a.ruleId.localeCompare(b.ruleId));
}

/** Alarm summary: counts by severity and rule, top 10, time in alarm, open alarms, and the history. */
export const alarmsSection: SectionProvider = {
  id: 'alarms',
  title: 'Alarm summary',
  description: 'Alarms in the report period: counts by severity and rule, the ten most frequent, time in alarm, alarms not acknowledged at report time, and the alarm history.',
  defaultOn: true,
  isAvailable: async (ctx) => {
    const h = await history(ctx, reportPeriod(ctx));
    if (!h) return { available: false, reason: 'the monitoring area is not available in this build' };
    return h.length > 0 ? { available: true } : { available: false, reason: 'no alarms were raised in this project' };
  },
  build: async (ctx) => {
    const period = reportPeriod(ctx);
    const [h, rulesRaw, openRaw] = await Promise.all([history(ctx, period), ctx.call<AlarmRule[]>('monitor.alarmRules.list', {}), ctx.call<Alarm[]>('monitor.alarms.active', {})]);
    const alarms = h ?? [];
    if (alarms.length === 0) return [];
    const rules = rulesRaw ?? [];
    const open = openRaw ?? [];
    const unackedNow = open.filter((a) => !a.acknowledged);
    const activeNow = open.filter((a) => a.state === 'active');
    const stats = ruleStats(alarms, rules, period);
    const inAlarm = unionMs(alarms, period);
    const periodMs = Math.max(1, period.to - period.from);
    const truncated = alarms.length >= HISTORY_LIMIT;

    const blocks: ReportBlock[] = [
      {
        kind: 'paragraph',
        tone: unackedNow.length > 0 || activeNow.length > 0 ? 'warn' : 'normal',
        text:
          `${alarms.length}${truncated ? '+' : ''} alarm(s) from ${stats.length} rule(s) in the report period ${fmtTime(period.from)} – ${fmtTime(period.to)}. ` +
          `At least one alarm was active for ${fmtDuration(inAlarm)} (${fmtPct(inAlarm / periodMs, 3)} of the period). ` +
          `At report time ${activeNow.length} alarm(s) are active and ${unackedNow.length} are not acknowledged.` +
          (truncated ? ` Only the newest ${HISTORY_LIMIT} alarms are counted; export the alarm data for the full history.` : ''),
      },
      {
        kind: 'table',
        title: 'By severity',
        columns: [{ label: 'Severity', width: 14 }, { label: 'Alarms', align: 'right', width: 10 }, { label: 'Active now', align: 'right', width: 10 }, { label: 'Not acknowledged', align: 'right', width: 12 }, { label: 'Time in alarm', align: 'right', width: 14 }],
        rows: SEVERITIES.map((sev): ReportCell[] => {
          const of = alarms.filter((a) => a.severity === sev);
          return [sev, of.length, of.filter((a) => a.state === 'active').length, of.filter((a) => !a.acknowledged).length, of.length ? fmtDuration(unionMs(of, period)) : '—'];
        }),
        caption: 'Severity as raised (an escalated alarm counts at its escalated severity). Time in alarm counts overlapping alarms once.',
      },
      {
        kind: 'table',
        title: 'Top 10 most frequent alarms',
        columns: [
          { label: '#', align: 'right', width: 3 },
          { label: 'Rule', mono: true, width: 16 },
          { label: 'Alarm', width: 22 },
          { label: 'Severity', width: 8 },
          { label: 'Count', align: 'right', width: 6 },
          { label: 'Share', align: 'right', width: 9 },
          { label: 'Time in alarm', align: 'right', width: 11 },
          { label: 'Longest', align: 'right', width: 10 },
          { label: 'Last raised', width: 16 },
        ],
        rows: stats.slice(0, 10).map((s, i): ReportCell[] => [i + 1, s.ruleId, s.name, s.severity, s.count, fmtPct(s.count / alarms.length, 3), fmtDuration(s.totalMs), fmtDuration(s.longestMs), fmtTime(s.lastAt)]),
      },
    ];
    if (rules.length > 0) {
      const fired = new Map(stats.map((s) => [s.ruleId, s]));
      blocks.push({
        kind: 'table',
        title: 'By rule (every configured rule)',
        columns: [{ label: 'Rule', mono: true, width: 16 }, { label: 'Name', width: 26 }, { label: 'Kind', width: 11 }, { label: 'Severity', width: 8 }, { label: 'Enabled', width: 7 }, { label: 'Alarms', align: 'right', width: 7 }, { label: 'Not acked', align: 'right', width: 8 }, { label: 'Time in alarm', align: 'right', width: 11 }],
        rows: [
          ...rules.map((r): ReportCell[] => {
            const s = fired.get(r.id);
            return [r.id, r.name, r.kind, r.severity, r.enabled ? 'yes' : 'no', s?.count ?? 0, s?.unacked ?? 0, s ? fmtDuration(s.totalMs) : '—'];
          }),
          // Alarms of rules deleted since: still part of the record.
          ...stats.filter((s) => !rules.some((r) => r.id === s.ruleId)).map((s): ReportCell[] => [s.ruleId, `${s.name} (rule deleted)`, s.kind, s.severity, '—', s.count, s.unacked, fmtDuration(s.totalMs)]),
        ],
        caption: 'A rule with no alarms did not trip in the period (or was not exercised).',
      });
    }
    if (unackedNow.length > 0) {
      blocks.push({
        kind: 'table',
        title: `Not acknowledged at report time (${unackedNow.length})`,
        columns: [{ label: 'Raised', width: 16 }, { label: 'Severity', width: 8 }, { label: 'Alarm', width: 22 }, { label: 'State', width: 8 }, { label: 'Open for', align: 'right', width: 10 }, { label: 'Message', width: 36 }],
        rows: unackedNow
          .sort((a, b) => b.raisedAt - a.raisedAt)
          .map((a): ReportCell[] => [fmtTime(a.raisedAt), `${a.severity}${a.escalated ? ' (escalated)' : ''}`, a.name, a.state, fmtDuration(Math.max(0, ctx.now - a.raisedAt)), clip(a.message, 200)]),
      });
    } else {
      blocks.push({ kind: 'paragraph', tone: 'pass', text: 'Every alarm was acknowledged at report time.' });
    }
    const listed = alarms.slice(0, HISTORY_ROWS);
    blocks.push({
      kind: 'table',
      title: 'Alarm history in the report period (newest first)',
      columns: [
        { label: 'Raised', width: 15 },
        { label: 'Severity', width: 8 },
        { label: 'Alarm', width: 17 },
        { label: 'Message', width: 24 },
        { label: 'Value', align: 'right', width: 7 },
        { label: 'Duration', align: 'right', width: 8 },
        { label: 'Acknowledged', width: 21 },
      ],
      rows: listed.map((a): ReportCell[] => [
        fmtTime(a.raisedAt),
        a.severity,
        a.name,
        clip(a.message, 160),
        a.value === undefined || !Number.isFinite(a.value) ? null : Number(a.value.toPrecision(5)),
        a.state === 'active' ? `active ${fmtDuration(activeMs(a, period))}` : fmtDuration(activeMs(a, period)),
        a.acknowledged ? `${a.ackedAt ? fmtTime(a.ackedAt) : 'yes'}${a.ackedBy ? ` by ${a.ackedBy}` : ''}${a.ackComment ? ` — ${clip(a.ackComment, 80)}` : ''}` : 'no',
      ]),
      ...(alarms.length > listed.length ? { caption: `Newest ${listed.length} of ${alarms.length}${truncated ? '+' : ''} alarms shown; ${alarms.length - listed.length}${truncated ? '+' : ''} left out. The full history is in the alarms data export.` } : {}),
    });
    return blocks;
  },
};
