import { evalPoly, parseStationJson, type Pump, type Station } from '#shared/hydraulics/station';
import type { StationRecord, StationSummary } from '#shared/rpc/domains/optimize';
import type { ReportBlock } from '#shared/rpc/domains/reports';
import type { Provenance, ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { fmt, fmtTime } from '../section';

const CURVE_POINTS = 60;

/** Best-efficiency point at rated speed, by sampling the efficiency polynomial over the flow window. */
function bep(p: Pump): { flowM3h: number; headM: number; efficiency: number } {
  let best = { flowM3h: p.flowRange[0], headM: 0, efficiency: -Infinity };
  for (let i = 0; i <= 200; i++) {
    const q = p.flowRange[0] + ((p.flowRange[1] - p.flowRange[0]) * i) / 200;
    const eta = evalPoly(p.efficiency.coeffs, q);
    if (eta > best.efficiency) best = { flowM3h: q, headM: evalPoly(p.head.coeffs, q), efficiency: eta };
  }
  return best;
}

function curve(p: Pump, f: (q: number) => number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i <= CURVE_POINTS; i++) {
    const q = p.flowRange[0] + ((p.flowRange[1] - p.flowRange[0]) * i) / CURVE_POINTS;
    out.push([q, f(q)]);
  }
  return out;
}

export function stationBlocks(station: Station): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  blocks.push({
    kind: 'table',
    title: 'Pumps',
    columns: [
      { label: 'Id', mono: true },
      { label: 'Name' },
      { label: 'Rated speed (rpm)', align: 'right' },
      { label: 'Drive' },
      { label: 'Flow window (m³/h)', align: 'right' },
      { label: 'BEP flow (m³/h)', align: 'right' },
      { label: 'BEP head (m)', align: 'right' },
      { label: 'BEP η (%)', align: 'right' },
      { label: 'Motor η (%)', align: 'right' },
    ],
    rows: station.pumps.map((p) => {
      const b = bep(p);
      return [
        p.id,
        p.name ?? '',
        p.ratedSpeedRpm,
        p.variableSpeed ? `VFD ${fmt(p.speedRange[0] * 100, 3)}–${fmt(p.speedRange[1] * 100, 3)} %` : 'Fixed speed',
        `${fmt(p.flowRange[0])}–${fmt(p.flowRange[1])}`,
        Number(b.flowM3h.toFixed(1)),
        Number(b.headM.toFixed(2)),
        Number((b.efficiency * 100).toFixed(1)),
        Number((p.motorEfficiency * 100).toFixed(1)),
      ];
    }),
  });
  const sys = station.system;
  blocks.push({
    kind: 'kv',
    title: 'System and fluid',
    rows: [
      { key: 'System curve', value: `H = ${fmt(sys.staticHeadM)} m + ${fmt(sys.k)} m/(m³/h)² · Q²` },
      ...(sys.fitRmsM !== undefined ? [{ key: 'System fit RMS residual', value: `${fmt(sys.fitRmsM)} m (${sys.points?.length ?? 0} measured points)` }] : []),
      { key: 'Fluid density', value: `${fmt(station.fluid.densityKgM3)} kg/m³` },
      ...(station.demand?.flowM3h !== undefined ? [{ key: 'Design demand', value: `${fmt(station.demand.flowM3h)} m³/h` }] : []),
      ...(station.constraints?.maxPumpsRunning !== undefined ? [{ key: 'Most pumps running', value: String(station.constraints.maxPumpsRunning) }] : []),
    ],
  });
  const qMax = Math.max(...station.pumps.map((p) => p.flowRange[1]));
  const systemCurve: Array<[number, number]> = [];
  for (let i = 0; i <= CURVE_POINTS; i++) {
    const q = (qMax * i) / CURVE_POINTS;
    systemCurve.push([q, sys.staticHeadM + sys.k * q * q]);
  }
  blocks.push({
    kind: 'chart',
    title: 'Pump head curves at rated speed and the system curve',
    x: { label: 'Flow Q (m³/h)', min: 0 },
    y: { label: 'Head H (m)', min: 0 },
    series: [
      ...station.pumps.map((p) => ({ name: `${p.id} head`, points: curve(p, (q) => evalPoly(p.head.coeffs, q)), style: 'line' as const })),
      { name: 'System curve', points: systemCurve, style: 'line', dashed: true, color: '#5f6b7c' },
    ],
  });
  blocks.push({
    kind: 'chart',
    title: 'Pump efficiency at rated speed',
    x: { label: 'Flow Q (m³/h)', min: 0 },
    y: { label: 'Efficiency η (%)', min: 0, max: 100 },
    series: station.pumps.map((p) => ({ name: `${p.id} η`, points: curve(p, (q) => evalPoly(p.efficiency.coeffs, q) * 100), style: 'line' as const })),
    height: 200,
  });
  return blocks;
}

/**
 * The station model: through the optimize area's contract (the most recently changed station of
 * the project), else whatever the report context finds (demo resources for the demo project).
 */
async function findStation(ctx: ReportContext): Promise<{ station: Station; provenance: Provenance; name?: string } | undefined> {
  const list = await ctx.call<{ stations: StationSummary[] }>('optimize.stations.list', {});
  const first = list?.stations[0];
  if (first) {
    const rec = await ctx.call<StationRecord>('optimize.stations.get', { id: first.id });
    const parsed = rec ? parseStationJson(rec.document) : undefined;
    if (parsed?.ok) return { station: parsed.station, provenance: 'project', name: rec!.name };
  }
  return ctx.station();
}

/** Station and equipment: project metadata, pumps with their curves, system curve. */
export const stationSection: SectionProvider = {
  id: 'station',
  title: 'Station and equipment',
  description: 'Project and station details; pumps with rated curves, best-efficiency points and the system curve.',
  defaultOn: true,
  isAvailable: async () => ({ available: true }),
  build: async (ctx) => {
    const m = ctx.meta;
    const blocks: ReportBlock[] = [
      {
        kind: 'kv',
        title: 'Project',
        rows: [
          { key: 'Project', value: m.name },
          { key: 'Station', value: m.stationName || '—' },
          { key: 'Client', value: m.client || '—' },
          { key: 'Location', value: m.location || '—' },
          { key: 'Commissioning engineer', value: m.engineer || '—' },
          { key: 'Project created', value: fmtTime(m.createdAt) },
          { key: 'Report generated', value: fmtTime(ctx.now) },
        ],
      },
    ];
    if (m.notes.trim()) blocks.push({ kind: 'paragraph', text: m.notes.trim() });
    const found = await findStation(ctx);
    if (!found) {
      blocks.push({ kind: 'paragraph', tone: 'muted', text: 'No station model (pumps and system curve) is recorded in this project yet.' });
      return blocks;
    }
    blocks.push({ kind: 'heading', level: 2, text: `Equipment${'name' in found && found.name ? `: ${found.name}` : ''}` });
    if (found.provenance === 'demo-resources') {
      blocks.push({ kind: 'paragraph', tone: 'muted', text: 'Pump data from the built-in demo station model (resources/demo/station.json).' });
    }
    blocks.push(...stationBlocks(found.station));
    return blocks;
  },
};
