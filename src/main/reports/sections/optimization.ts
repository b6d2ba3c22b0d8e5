import { parseStationJson, type Station } from '#shared/hydraulics/station';
import type { PumpOperation } from '#shared/optimize/optimizeDemand';
import type { ScheduleHour, ScheduleSolution } from '#shared/optimize/schedule';
import type { OptimizationRun, RunKind, RunSummary, StationRecord } from '#shared/rpc/domains/optimize';
import type { ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import type { ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { clip, fmt, fmtPct, fmtTime, thin } from '../section';

// Optimization results, read through the optimize area's contract (optimize.runs.list/get,
// optimize.stations.get): the station, the recommended operation for each demand solved, the
// operating table, the 24-hour schedule against its baseline, the Pareto trade-off and the
// algorithm comparison. Each block reports the newest run of its kind.

const ALGORITHM: Record<string, string> = {
  exhaustive: 'exhaustive search (reference optimum)',
  ga: 'genetic algorithm',
  pso: 'particle swarm',
  de: 'differential evolution',
  nsga2: 'NSGA-II (multi-objective)',
  dp: 'dynamic programming (exact)',
  several: 'several (comparison)',
};
const RUNS_LISTED = 30;

const n = (v: number | null | undefined, digits = 4): number | null => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(digits)) : null);

function algorithmText(a: string): string {
  return ALGORITHM[a] ?? a;
}

/** "P1 @ 81.1 %, P2 @ 82.2 %" for the running pumps. */
function combination(pumps: Array<{ id: string; speedRatio: number }>): string {
  // No-break spaces keep "P1 @ 81.1 %" together when a table cell wraps.
  return pumps.length === 0 ? 'none' : pumps.map((p) => `${p.id}\u00a0@\u00a0${fmt(p.speedRatio * 100, 3)}\u00a0%`).join(', ');
}

async function latest(ctx: ReportContext, runs: RunSummary[], kind: RunKind): Promise<OptimizationRun | undefined> {
  const s = runs.find((r) => r.kind === kind);
  return s ? ctx.call<OptimizationRun>('optimize.runs.get', { id: s.id }) : undefined;
}

function stationBlocks(rec: StationRecord, station: Station | undefined): ReportBlock[] {
  const rows = [
    { key: 'Station', value: rec.name },
    { key: 'Pumps', value: station ? station.pumps.map((p) => `${p.id}${p.name ? ` (${p.name})` : ''}`).join('; ') : String(rec.pumps) },
    ...(station ? [{ key: 'System curve', value: `H = ${fmt(station.system.staticHeadM)} m + ${fmt(station.system.k)} m/(m³/h)² · Q²` }] : []),
    ...(station?.constraints?.maxPumpsRunning !== undefined ? [{ key: 'Most pumps running', value: String(station.constraints.maxPumpsRunning) }] : []),
    { key: 'Station saved', value: fmtTime(rec.updatedAt) },
    ...(rec.warnings.length ? [{ key: 'Warnings', value: clip(rec.warnings.join('; '), 600) }] : []),
  ];
  return [{ kind: 'kv', title: 'Station optimized', rows }];
}

function demandBlocks(run: OptimizationRun, station: Station | undefined, history: RunSummary[]): ReportBlock[] {
  if (run.result.kind !== 'demand') return [];
  const d = run.result.demand;
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: `Recommended operation at ${fmt(d.demandM3h)} m³/h` }];
  if (!d.feasible) {
    blocks.push({ kind: 'paragraph', tone: 'fail', text: `The demand of ${fmt(d.demandM3h)} m³/h cannot be met: ${d.reason}` });
  } else {
    const running = d.pumps.filter((p) => p.on);
    blocks.push({
      kind: 'paragraph',
      tone: 'pass',
      text: `Run ${combination(running)}: ${fmt(d.powerKw, 4)} kW electrical for ${fmt(d.flowM3h, 4)} m³/h at ${fmt(d.headM, 4)} m, specific energy ${fmt(d.specificEnergyKwhPerM3, 4)} kWh/m³.`,
    });
    blocks.push({
      kind: 'kv',
      rows: [
        { key: 'Demand', value: `${fmt(d.demandM3h)} m³/h (delivered ${fmt(d.flowM3h, 6)} m³/h)` },
        { key: 'Station head', value: `${fmt(d.headM, 4)} m` },
        { key: 'Total electrical power', value: `${fmt(d.powerKw, 5)} kW` },
        { key: 'Specific energy', value: `${fmt(d.specificEnergyKwhPerM3, 4)} kWh/m³` },
        { key: 'Algorithm', value: `${algorithmText(d.algorithm)}, seed ${d.seed}, ${d.evaluations.toLocaleString('en-GB')} evaluations, ${fmt(d.ms, 3)} ms` },
        { key: 'Solved', value: fmtTime(run.createdAt) },
      ],
    });
    const rated = new Map((station?.pumps ?? []).map((p) => [p.id, p.ratedSpeedRpm]));
    blocks.push({
      kind: 'table',
      title: 'Pump operating points',
      columns: [
        { label: 'Pump', mono: true, width: 8 },
        { label: 'Running', width: 8 },
        { label: 'Speed (%)', align: 'right', width: 9 },
        { label: 'Speed (rpm)', align: 'right', width: 10 },
        { label: 'Flow (m³/h)', align: 'right', width: 11 },
        { label: 'Head (m)', align: 'right', width: 9 },
        { label: 'Pump η (%)', align: 'right', width: 10 },
        { label: 'Power (kW)', align: 'right', width: 10 },
      ],
      rows: d.pumps.map((p: PumpOperation): ReportCell[] =>
        p.on ? [p.id, 'yes', n(p.speedRatio * 100, 4), rated.has(p.id) ? Math.round(p.speedRatio * rated.get(p.id)!) : null, n(p.flowM3h, 5), n(p.headM, 4), n(p.efficiency * 100, 3), n(p.powerKw, 4)] : [p.id, 'no', null, null, null, null, null, null],
      ),
      caption: 'Power is electrical input (after pump, motor and drive losses).',
    });
  }
  // Every demand solved, newest per demand.
  const perDemand = new Map<number, RunSummary>();
  for (const r of history) if (r.kind === 'demand' && r.demandM3h !== null && !perDemand.has(r.demandM3h)) perDemand.set(r.demandM3h, r);
  if (perDemand.size > 1) {
    blocks.push({
      kind: 'table',
      title: 'Demands solved',
      columns: [{ label: 'Demand (m³/h)', align: 'right', width: 10 }, { label: 'Result', width: 50 }, { label: 'Power (kW)', align: 'right', width: 10 }, { label: 'Algorithm', width: 12 }, { label: 'Solved', width: 16 }],
      rows: [...perDemand.values()].sort((a, b) => a.demandM3h! - b.demandM3h!).map((r): ReportCell[] => [r.demandM3h, clip(r.summary, 200), r.feasible ? n(r.objective, 5) : null, r.algorithm, fmtTime(r.createdAt)]),
    });
  }
  return blocks;
}

function tableBlocks(run: OptimizationRun): ReportBlock[] {
  if (run.result.kind !== 'table') return [];
  const feasible = run.result.operatingTable.filter((r) => r.feasible && r.powerKw !== null);
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 2, text: 'Operating table' },
    {
      kind: 'table',
      columns: [
        { label: 'Demand (m³/h)', align: 'right', width: 10 },
        { label: 'Pumps and speeds', width: 34 },
        { label: 'Head (m)', align: 'right', width: 9 },
        { label: 'Power (kW)', align: 'right', width: 10 },
        { label: 'Specific energy (kWh/m³)', align: 'right', width: 13 },
        { label: 'Note', width: 24 },
      ],
      rows: run.result.rows.map((r): ReportCell[] =>
        r.feasible ? [n(r.demandM3h, 6), combination(r.pumps), n(r.headM, 4), n(r.powerKw, 4), n(r.specificEnergyKwhPerM3, 4), ''] : [n(r.demandM3h, 6), '—', n(r.headM, 4), null, null, clip(r.reason, 200)],
      ),
      caption: `Least-power operation per demand (${algorithmText(run.algorithm)}; speeds in % of rated speed), computed ${fmtTime(run.createdAt)}.`,
    },
  ];
  if (feasible.length >= 2) {
    blocks.push({
      kind: 'chart',
      title: 'Power and specific energy against demand',
      x: { label: 'Demand Q (m³/h)', min: 0 },
      y: { label: 'Electrical power P (kW)', min: 0 },
      y2: { label: 'Specific energy (kWh/m³)', min: 0 },
      series: [
        { name: 'Power', points: feasible.map((r) => [r.demandM3h, r.powerKw!] as [number, number]), style: 'line+points', color: '#2d72d2' },
        { name: 'Specific energy', points: feasible.filter((r) => r.specificEnergyKwhPerM3 !== null).map((r) => [r.demandM3h, r.specificEnergyKwhPerM3!] as [number, number]), style: 'line+points', axis: 'y2', color: '#c87619', dashed: true },
      ],
      height: 200,
    });
  }
  return blocks;
}

/** Compact "P1 70.6, P2 74.6" (speed in %) for the dense hourly table. */
const hourPumps = (h: ScheduleHour | undefined) => (h ? (h.pumps.length ? h.pumps.map((p) => `${p.id}\u00a0${fmt(p.speedRatio * 100, 3)}`).join(', ') : 'none') : '—');

function scheduleBlocks(run: OptimizationRun, currency: string): ReportBlock[] {
  if (run.result.kind !== 'schedule') return [];
  const { plan, schedule } = run.result;
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: '24-hour schedule' }];
  if (!schedule.feasible) {
    blocks.push({ kind: 'paragraph', tone: 'fail', text: `No schedule could be built${schedule.hour !== undefined ? ` (hour ${schedule.hour})` : ''}: ${schedule.reason}` });
    return blocks;
  }
  const base = schedule.baseline.feasible ? (schedule.baseline as ScheduleSolution) : undefined;
  const savingCost = base ? base.cost - schedule.cost : undefined;
  blocks.push({
    kind: 'paragraph',
    tone: 'pass',
    text: base
      ? `The optimized schedule costs ${fmt(schedule.cost, 5)} ${currency} a day for ${fmt(schedule.energyKwh, 5)} kWh, against ${fmt(base.cost, 5)} ${currency} and ${fmt(base.energyKwh, 5)} kWh for the baseline rule: a saving of ${fmt(savingCost!, 4)} ${currency} (${fmt(schedule.savingPercent ?? 0, 3)} %) a day.`
      : `The optimized schedule costs ${fmt(schedule.cost, 5)} ${currency} a day for ${fmt(schedule.energyKwh, 5)} kWh; the baseline rule could not be evaluated (${schedule.baseline.feasible ? '' : schedule.baseline.reason}).`,
  });
  blocks.push({
    kind: 'table',
    title: 'Daily totals',
    columns: [{ label: '', width: 24 }, { label: `Cost (${currency})`, align: 'right', width: 12 }, { label: 'Energy (kWh)', align: 'right', width: 12 }, { label: 'Pump starts', align: 'right', width: 10 }, { label: 'Within start limit', width: 12 }],
    rows: [
      ['Optimized (' + algorithmText(schedule.method) + ')', n(schedule.cost, 6), n(schedule.energyKwh, 6), schedule.starts, schedule.withinMaxStarts ? 'yes' : 'no'],
      ...(base ? [['Baseline rule', n(base.cost, 6), n(base.energyKwh, 6), base.starts, base.withinMaxStarts ? 'yes' : 'no'] as ReportCell[]] : []),
      ...(base ? [['Saving', n(base.cost - schedule.cost, 4), n(base.energyKwh - schedule.energyKwh, 4), null, ''] as ReportCell[]] : []),
    ],
    caption: `Start limit ${plan.maxStarts} a day; running before hour 0: ${plan.initialRunning.join(', ') || 'none'}.`,
  });
  blocks.push({
    kind: 'table',
    title: 'Hourly schedule',
    columns: [
      { label: 'Hour', width: 6 },
      { label: 'Demand (m³/h)', align: 'right', width: 8 },
      { label: `Price (${currency}/kWh)`, align: 'right', width: 8 },
      { label: 'Optimized: pumps (speed %)', width: 28 },
      { label: 'Power (kW)', align: 'right', width: 7 },
      { label: `Cost (${currency})`, align: 'right', width: 7 },
      { label: 'Baseline: pumps (speed %)', width: 28 },
      { label: 'Baseline kW', align: 'right', width: 8 },
    ],
    rows: schedule.hours.map((h, i): ReportCell[] => {
      const b = base?.hours[i];
      return [`${String(h.hour).padStart(2, '0')}:00`, n(h.demandM3h, 5), n(plan.pricePerKwh[h.hour], 4), hourPumps(h), n(h.powerKw, 4), n(h.cost, 4), hourPumps(b), n(b?.powerKw, 4)];
    }),
  });
  blocks.push({
    kind: 'chart',
    title: 'Hourly power: optimized schedule against the baseline rule',
    x: { label: 'Hour of day (h)', min: 0, max: 24 },
    y: { label: 'Electrical power P (kW)', min: 0 },
    y2: { label: `Energy price (${currency}/kWh)`, min: 0 },
    series: [
      { name: 'Optimized', points: schedule.hours.map((h) => [h.hour + 0.5, h.powerKw] as [number, number]), style: 'line+points', color: '#2d72d2' },
      ...(base ? [{ name: 'Baseline rule', points: base.hours.map((h) => [h.hour + 0.5, h.powerKw] as [number, number]), style: 'line' as const, color: '#8f99a8', dashed: true }] : []),
      { name: 'Price', points: plan.pricePerKwh.map((p, i) => [i + 0.5, p] as [number, number]), style: 'line', axis: 'y2', color: '#c87619' },
    ],
    height: 200,
  });
  return blocks;
}

function paretoBlocks(run: OptimizationRun): ReportBlock[] {
  if (run.result.kind !== 'pareto') return [];
  const p = run.result.pareto;
  const second = p.objectives[1];
  const secondLabel = second === 'bepDistance' ? 'Distance from BEP (%)' : 'Pumps running';
  const secondValue = (v: number) => (second === 'bepDistance' ? v * 100 : v);
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: `Pareto trade-off at ${fmt(p.demandM3h)} m³/h` }];
  if (!p.feasible) {
    blocks.push({ kind: 'paragraph', tone: 'fail', text: `No trade-off: the demand cannot be met (${p.reason}).` });
    return blocks;
  }
  const sols = p.solutions;
  const powers = sols.map((s) => s.powerKw);
  const seconds = sols.map((s) => secondValue(s.objectives[1]));
  blocks.push({
    kind: 'paragraph',
    text: `${sols.length} non-dominated solution(s) from ${algorithmText(p.algorithm)} (seed ${p.seed}, ${p.evaluations.toLocaleString('en-GB')} evaluations): power ${fmt(Math.min(...powers), 5)}–${fmt(Math.max(...powers), 5)} kW against ${second === 'bepDistance' ? `a distance from the best-efficiency point of ${fmt(Math.min(...seconds), 3)}–${fmt(Math.max(...seconds), 3)} %` : `${fmt(Math.min(...seconds), 3)}–${fmt(Math.max(...seconds), 3)} pumps running`}. Lower power costs ${second === 'bepDistance' ? 'running further from the best-efficiency point' : 'more pumps running'}.`,
  });
  const step = Math.max(1, Math.ceil(sols.length / 10));
  const shown = sols.filter((_, i) => i % step === 0 || i === sols.length - 1);
  blocks.push({
    kind: 'table',
    title: 'Representative solutions (lowest power first)',
    columns: [{ label: 'Power (kW)', align: 'right', width: 10 }, { label: secondLabel, align: 'right', width: 12 }, { label: 'Pumps running', align: 'right', width: 9 }, { label: 'Pumps and speeds', width: 40 }, { label: 'Head (m)', align: 'right', width: 9 }],
    rows: shown.map((s): ReportCell[] => [n(s.powerKw, 6), n(secondValue(s.objectives[1]), 4), s.pumpsRunning, combination(s.pumps.filter((x) => x.on)), n(s.headM, 4)]),
    ...(shown.length < sols.length ? { caption: `${shown.length} of ${sols.length} solutions, evenly spread along the front.` } : {}),
  });
  if (sols.length >= 2) {
    blocks.push({
      kind: 'chart',
      title: 'Pareto front',
      x: { label: 'Electrical power P (kW)' },
      y: { label: secondLabel },
      series: [{ name: 'Non-dominated solutions', points: thin(sols.map((s) => [s.powerKw, secondValue(s.objectives[1])] as [number, number]), 2000), style: 'points', color: '#7961db' }],
      height: 180,
    });
  }
  return blocks;
}

function compareBlocks(run: OptimizationRun): ReportBlock[] {
  if (run.result.kind !== 'compare') return [];
  return [
    { kind: 'heading', level: 2, text: `Algorithm comparison at ${fmt(run.result.demandM3h)} m³/h` },
    {
      kind: 'table',
      columns: [{ label: 'Algorithm', width: 26 }, { label: 'Feasible', width: 8 }, { label: 'Power (kW)', align: 'right', width: 10 }, { label: 'Gap to optimum', align: 'right', width: 10 }, { label: 'Evaluations', align: 'right', width: 10 }, { label: 'Time (ms)', align: 'right', width: 9 }],
      rows: run.result.rows.map((r): ReportCell[] => [algorithmText(r.algorithm), r.feasible ? 'yes' : `no${r.reason ? ` (${clip(r.reason, 80)})` : ''}`, n(r.powerKw, 6), r.gapPercent === undefined ? '—' : fmtPct(r.gapPercent / 100, 2), r.evaluations, n(r.ms, 3)]),
      caption: 'Gap = (power − exhaustive optimum) / optimum.',
    },
  ];
}

/** Optimization results: the newest run of each kind, then the run history. */
export const optimizationSection: SectionProvider = {
  id: 'optimization',
  title: 'Optimization results',
  description: 'The station, demands solved with the recommended pumps, speeds, power and specific energy, the operating table, the 24-hour schedule against its baseline, and the Pareto trade-off.',
  defaultOn: true,
  isAvailable: async (ctx) => {
    const r = await ctx.call<{ runs: RunSummary[] }>('optimize.runs.list', { limit: 1 });
    if (!r) return { available: false, reason: 'the optimization area is not available in this build' };
    return r.runs.length > 0 ? { available: true } : { available: false, reason: 'no optimization runs in this project' };
  },
  build: async (ctx) => {
    const runs = (await ctx.call<{ runs: RunSummary[] }>('optimize.runs.list', { limit: 500 }))?.runs ?? [];
    if (runs.length === 0) return [];
    const blocks: ReportBlock[] = [];
    // The station of the newest run is the one reported; other stations' runs stay in the history table.
    const stationId = runs[0]!.stationId;
    const rec = await ctx.call<StationRecord>('optimize.stations.get', { id: stationId });
    const parsed = rec ? parseStationJson(rec.document) : undefined;
    const station = parsed?.ok ? parsed.station : undefined;
    if (rec) blocks.push(...stationBlocks(rec, station));
    else blocks.push({ kind: 'paragraph', tone: 'muted', text: `Station '${runs[0]!.stationName}' has been deleted since; its runs are reported as recorded.` });
    const ofStation = runs.filter((r) => r.stationId === stationId);
    const schedule = await latest(ctx, ofStation, 'schedule');
    const currency = station?.tariff?.currency ?? ofStation.find((r) => r.kind === 'schedule')?.objectiveUnit ?? '';
    const [demand, table, pareto, compare] = await Promise.all([latest(ctx, ofStation, 'demand'), latest(ctx, ofStation, 'table'), latest(ctx, ofStation, 'pareto'), latest(ctx, ofStation, 'compare')]);
    if (demand) blocks.push(...demandBlocks(demand, station, ofStation));
    if (table) blocks.push(...tableBlocks(table));
    if (schedule) blocks.push(...scheduleBlocks(schedule, currency || 'cost units'));
    if (pareto) blocks.push(...paretoBlocks(pareto));
    if (compare) blocks.push(...compareBlocks(compare));
    blocks.push({
      kind: 'table',
      title: 'Optimization runs (newest first)',
      columns: [{ label: 'When', width: 15 }, { label: 'Kind', width: 8 }, { label: 'Station', width: 18 }, { label: 'Algorithm', width: 9 }, { label: 'Result', width: 42 }, { label: 'Time (ms)', align: 'right', width: 8 }],
      rows: runs.slice(0, RUNS_LISTED).map((r): ReportCell[] => [fmtTime(r.createdAt), r.kind, r.stationName, r.algorithm, clip(r.summary, 240), n(r.ms, 3)]),
      ...(runs.length > RUNS_LISTED ? { caption: `Newest ${RUNS_LISTED} of ${runs.length} runs; the optimization data export has them all.` } : {}),
    });
    return blocks;
  },
};
