import type { ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import type { Alarm } from '#shared/rpc/domains/monitor';
import type { ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { clip, firstTable, fmt, fmtTime, tableBlock } from '../section';

const ALARM_TABLES = ['alarms', 'alarm_history', 'alarm_events'];
const LISTED = 300;

async function history(ctx: ReportContext): Promise<Alarm[] | undefined> {
  return ctx.call<Alarm[]>('monitor.alarms.history', { limit: 5000 });
}

function duration(a: Alarm): string {
  if (a.clearedAt === undefined) return 'active';
  const s = Math.max(0, (a.clearedAt - a.raisedAt) / 1000);
  return s < 120 ? `${fmt(s, 3)} s` : s < 7200 ? `${fmt(s / 60, 3)} min` : `${fmt(s / 3600, 3)} h`;
}

/** Alarm summary: counts by severity and rule, then the alarm log. */
export const alarmsSection: SectionProvider = {
  id: 'alarms',
  title: 'Alarm summary',
  description: 'Alarms raised during commissioning: counts by severity and rule, acknowledgements, and the log.',
  defaultOn: true,
  isAvailable: async (ctx) => {
    const h = await history(ctx);
    if (h && h.length > 0) return { available: true };
    if (await firstTable(ctx, ALARM_TABLES)) return { available: true };
    return { available: false, reason: 'no alarms recorded in this project' };
  },
  build: async (ctx) => {
    const h = await history(ctx);
    if (!h || h.length === 0) {
      const table = await firstTable(ctx, ALARM_TABLES);
      const b = table ? await tableBlock(ctx, table, { title: 'Alarm log', orderBy: 'rowid DESC', limit: LISTED }) : undefined;
      return b ? [b] : [];
    }
    const bySeverity = new Map<string, number>();
    const byRule = new Map<string, { name: string; n: number; unacked: number }>();
    for (const a of h) {
      bySeverity.set(a.severity, (bySeverity.get(a.severity) ?? 0) + 1);
      const r = byRule.get(a.ruleId) ?? { name: a.name, n: 0, unacked: 0 };
      r.n++;
      if (!a.acknowledged) r.unacked++;
      byRule.set(a.ruleId, r);
    }
    const active = h.filter((a) => a.state === 'active').length;
    const unacked = h.filter((a) => !a.acknowledged).length;
    const blocks: ReportBlock[] = [
      {
        kind: 'paragraph',
        text: `${h.length} alarm(s) between ${fmtTime(Math.min(...h.map((a) => a.raisedAt)))} and ${fmtTime(Math.max(...h.map((a) => a.raisedAt)))}; ${active} still active, ${unacked} not acknowledged.`,
        tone: active > 0 ? 'warn' : 'normal',
      },
      { kind: 'kv', title: 'By severity', rows: [...bySeverity.entries()].map(([k, n]) => ({ key: k, value: String(n) })) },
      {
        kind: 'table',
        title: 'By rule',
        columns: [{ label: 'Rule', mono: true }, { label: 'Name' }, { label: 'Alarms', align: 'right' }, { label: 'Not acknowledged', align: 'right' }],
        rows: [...byRule.entries()].sort((a, b) => b[1].n - a[1].n).map(([id, r]): ReportCell[] => [id, r.name, r.n, r.unacked]),
      },
      {
        kind: 'table',
        title: 'Alarm log (newest first)',
        columns: [{ label: 'Raised', width: 14 }, { label: 'Severity', width: 8 }, { label: 'Alarm', width: 16 }, { label: 'Message', width: 26 }, { label: 'Value', align: 'right', width: 7 }, { label: 'Duration', width: 8 }, { label: 'Acknowledged', width: 16 }],
        rows: h.slice(0, LISTED).map((a): ReportCell[] => [fmtTime(a.raisedAt), a.severity, a.name, clip(a.message, 160), a.value ?? null, duration(a), a.acknowledged ? `${a.ackedAt ? fmtTime(a.ackedAt) : 'yes'}${a.ackComment ? ` — ${clip(a.ackComment, 80)}` : ''}` : 'no']),
        ...(h.length > LISTED ? { caption: `Newest ${LISTED} of ${h.length}; the full history is in the alarms data export.` } : {}),
      },
    ];
    return blocks;
  },
};
