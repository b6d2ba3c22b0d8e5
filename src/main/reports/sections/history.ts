import type { ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import type { SectionProvider } from '../section';
import { clip, fmtTime, parseJson, summarizeJson } from '../section';

const LISTED = 400;

/** Configuration history: the audit trail of configuration changes (config.* events). */
export const historySection: SectionProvider = {
  id: 'history',
  title: 'Configuration history',
  description: 'Every configuration change recorded in the audit trail, oldest first.',
  defaultOn: true,
  isAvailable: async (ctx) => ((await ctx.rowCount('events')) > 0 ? { available: true } : { available: false, reason: 'no events recorded' }),
  build: async (ctx) => {
    const total = Number((await ctx.query<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE type LIKE 'config.%' OR type LIKE 'project.%'"))[0]?.n ?? 0);
    const rows = await ctx.query<{ time: number; type: string; source: string; data: string }>(
      `SELECT time, type, source, data FROM events WHERE type LIKE 'config.%' OR type LIKE 'project.%' ORDER BY id DESC LIMIT ${LISTED}`,
    );
    rows.reverse();
    const blocks: ReportBlock[] = [
      {
        kind: 'table',
        columns: [{ label: 'Time', width: 14 }, { label: 'Change', mono: true, width: 20 }, { label: 'Area', width: 8 }, { label: 'Details', width: 40 }],
        rows: rows.map((r): ReportCell[] => [fmtTime(r.time), r.type, r.source, clip(summarizeJson(parseJson(r.data) ?? r.data, 400), 400)]),
        ...(total > rows.length ? { caption: `The newest ${rows.length} of ${total} changes; the events data export has them all.` } : {}),
      },
    ];
    if (rows.length === 0) return [{ kind: 'paragraph', tone: 'muted', text: 'No configuration changes recorded.' }];
    return blocks;
  },
};
