import { checkPumpCurves, makePredictor } from '#shared/fitting/index';
import type { FitSuccess } from '#shared/fitting/types';
import type { CurveKind, IsoResultJson, PumpRecord, SavedFit, SavedFitSummary } from '#shared/rpc/domains/curves';
import type { DatasetDetail } from '#shared/rpc/domains/data';
import type { ChartBlock, ChartSeries, ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import type { ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { axisTitle, clip, describe, fmt, fmtPct, fmtTime, thin, toDisplay } from '../section';

// Fitted curves, read through the curves area's contract (curves.pumps.list, curves.fits.list/get,
// curves.iso9906.check): per pump and curve kind the newest saved fit, with its parameters and
// uncertainty, goodness of fit, residuals, the curve over the data with its confidence band, the
// physics checks and the ISO 9906 acceptance verdict.

const KIND_ORDER: CurveKind[] = ['head', 'efficiency', 'power'];
const KIND_TITLE: Record<CurveKind, string> = { head: 'Head H-Q', efficiency: 'Efficiency η-Q', power: 'Power P-Q' };
const KIND_SYMBOL: Record<CurveKind, string> = { head: 'H', efficiency: 'η', power: 'P' };
/** Storage quantity of y per curve kind (x is always flow in m³/h). */
const KIND_QUANTITY: Record<CurveKind, { quantity: string; unit: string; axis: string }> = {
  head: { quantity: 'head', unit: 'm', axis: 'Head H' },
  efficiency: { quantity: 'efficiency', unit: 'fraction', axis: 'Efficiency η' },
  power: { quantity: 'power', unit: 'kW', axis: 'Shaft power P' },
};
/** Data rows read to draw the measured points (more are downsampled through the series call). */
const MAX_POINT_ROWS = 20_000;
const CHART_POINTS = 1500;

type DatasetPage = { dataset: DatasetDetail; offset: number; rows: Array<{ index: number; values: Array<number | null> }> };
type Series = { points: number; total: number; data: Array<Array<number | null>> };

const PASS = '#238551';
const FAIL = '#cd4246';

/** The model equation with the fitted values in: `H = 59.4 + 0.01194·Q − 0.0002398·Q²`. */
export function equationText(fit: Pick<SavedFitSummary, 'expression' | 'parameters' | 'curveKind'>): string {
  const values = new Map(fit.parameters.map((p) => [p.name, p.value]));
  let text = fit.expression.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (name) => {
    if (name === 'x') return 'Q';
    const v = values.get(name);
    if (v === undefined) return name;
    if (v === null) return `${name}(n/a)`;
    const s = fmt(v, 4);
    return v < 0 ? `(${s})` : s;
  });
  text = text
    .replace(/\s*\*\s*/g, '·')
    .replace(/\^2(?![0-9])/g, '²')
    .replace(/\^3(?![0-9])/g, '³')
    .replace(/\+\s*\((-[^()]+)\)/g, (_m, neg: string) => `− ${neg.slice(1)}`)
    .replace(/-\s*\((-[^()]+)\)/g, (_m, neg: string) => `+ ${neg.slice(1)}`);
  return `${KIND_SYMBOL[fit.curveKind]}(Q) = ${text}`;
}

function predictor(fit: SavedFit): ((q: number) => number) | undefined {
  const p = makePredictor(fit.result as unknown as FitSuccess);
  return p ? (q: number) => p([q])[0]! : undefined;
}

/** Measured points of the fit's columns as they are in the dataset now: [x, y, excluded]. */
async function measuredPoints(ctx: ReportContext, fit: SavedFit): Promise<{ used: Array<[number, number]>; excluded: Array<[number, number]>; note: string } | undefined> {
  const first = await ctx.call<DatasetPage>('data.datasets.get', { id: fit.datasetId, offset: 0, limit: 1 });
  if (!first) return undefined;
  const cols = first.dataset.columns;
  const xi = cols.findIndex((c) => c.key === fit.xColumn);
  const yi = cols.findIndex((c) => c.key === fit.yColumn);
  if (xi < 0 || yi < 0) return undefined;
  const excludedSet = new Set(fit.excluded);
  const used: Array<[number, number]> = [];
  const excluded: Array<[number, number]> = [];
  const total = first.dataset.rowCount;
  if (total <= MAX_POINT_ROWS) {
    for (let offset = 0; offset < total; offset += 5000) {
      const page = await ctx.call<DatasetPage>('data.datasets.get', { id: fit.datasetId, offset, limit: 5000 });
      if (!page) break;
      for (const r of page.rows) {
        const x = r.values[xi];
        const y = r.values[yi];
        if (typeof x !== 'number' || typeof y !== 'number') continue;
        (excludedSet.has(r.index) ? excluded : used).push([x, y]);
      }
    }
    return { used: thin(used, CHART_POINTS), excluded: thin(excluded, 500), note: used.length > CHART_POINTS ? ` Every ${Math.ceil(used.length / CHART_POINTS)}th point shown of ${used.length.toLocaleString('en-GB')}.` : '' };
  }
  const s = await ctx.call<Series>('data.datasets.series', { id: fit.datasetId, x: fit.xColumn, y: [fit.yColumn], maxPoints: CHART_POINTS });
  if (!s) return undefined;
  for (const r of s.data) if (typeof r[0] === 'number' && typeof r[1] === 'number') used.push([r[0], r[1]]);
  return { used, excluded, note: ` ${s.points.toLocaleString('en-GB')} of ${s.total.toLocaleString('en-GB')} points shown (downsampled; excluded points not marked).` };
}

async function fitChart(ctx: ReportContext, fit: SavedFit): Promise<ChartBlock | undefined> {
  const spec = KIND_QUANTITY[fit.curveKind];
  const fy = toDisplay(spec.quantity, spec.unit);
  const series: ChartSeries[] = [];
  const measured = await measuredPoints(ctx, fit);
  const conv = (pts: Array<[number, number]>) => pts.map(([x, y]) => [x, fy.convert(y)] as [number, number]);
  if (measured && measured.used.length > 0) series.push({ name: 'Measured', points: conv(measured.used), style: 'points', color: '#8f99a8' });
  if (measured && measured.excluded.length > 0) series.push({ name: 'Excluded from fit', points: conv(measured.excluded), style: 'points', color: '#c87619' });
  const b = fit.result.bands;
  let bandLevel: number | undefined;
  if (b && b.x.length > 1) {
    const line = (ys: Array<number | null>) => b.x.flatMap((x, i) => (typeof x === 'number' && typeof ys[i] === 'number' ? [[x, fy.convert(ys[i] as number)] as [number, number]] : []));
    series.push({ name: `Fitted ${KIND_SYMBOL[fit.curveKind]}(Q)`, points: line(b.fit), style: 'line', color: '#2d72d2' });
    series.push({ name: `${fmt(b.level * 100, 3)} % confidence band`, points: line(b.confidenceLower), style: 'line', color: '#4c90f0', dashed: true });
    series.push({ name: `${fmt(b.level * 100, 3)} % band (upper)`, points: line(b.confidenceUpper), style: 'line', color: '#4c90f0', dashed: true });
    bandLevel = b.level;
  } else {
    const f = predictor(fit);
    if (f) {
      const [q0, q1] = fit.flowRangeM3h;
      const pts = Array.from({ length: 81 }, (_, i) => q0 + ((q1 - q0) * i) / 80).map((q) => [q, fy.convert(f(q))] as [number, number]);
      series.push({ name: `Fitted ${KIND_SYMBOL[fit.curveKind]}(Q)`, points: pts.filter((p) => Number.isFinite(p[1])), style: 'line', color: '#2d72d2' });
    }
  }
  if (series.length === 0) return undefined;
  return {
    kind: 'chart',
    title: `${fit.pumpId} ${KIND_TITLE[fit.curveKind]}: fitted curve over the test data`,
    x: { label: axisTitle('Flow Q', 'm3/h'), min: 0 },
    y: { label: axisTitle(spec.axis, fy.unit) },
    series,
    height: 210,
    caption: `Blue: fitted ${fit.label}; dashed: ${bandLevel !== undefined ? `${fmt(bandLevel * 100, 3)} % confidence band of the mean curve` : 'no band (the fit has no covariance)'}; grey: measured points of dataset '${fit.provenance.datasetName}' as it is now.${measured?.note ?? ''}`,
  };
}

function fitBlocks(fit: SavedFit, chart: ChartBlock | undefined): ReportBlock[] {
  const m = fit.metrics;
  const spec = KIND_QUANTITY[fit.curveKind];
  const fy = toDisplay(spec.quantity, spec.unit);
  const yUnit = fy.unit === '%' ? 'fraction (×100 = %)' : fy.unit;
  const res = describe(fit.result.residuals);
  const within2s = res && m.residualSd ? fit.result.residuals.filter((r) => typeof r === 'number' && Math.abs(r) <= 2 * (m.residualSd ?? 0)).length / res.n : undefined;
  const level = typeof fit.provenance.options.confidenceLevel === 'number' ? fit.provenance.options.confidenceLevel : 0.95;
  // The engineer's name for the fit ("H-Q site test") when given; the model otherwise.
  const title = fit.name.trim() && fit.name.trim() !== fit.label ? fit.name.trim() : fit.label;
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 3, text: `${fit.pumpId} ${KIND_TITLE[fit.curveKind]}: ${title}` }];
  blocks.push({
    kind: 'kv',
    rows: [
      { key: 'Model', value: `${fit.label} (${fit.engine})` },
      { key: 'Equation', value: equationText(fit) },
      { key: 'Units', value: `Q in m³/h; ${KIND_SYMBOL[fit.curveKind]} in ${yUnit}` },
      { key: 'Data', value: `${fit.provenance.datasetName}: ${m.n.toLocaleString('en-GB')} points fitted${fit.excluded.length ? `, ${fit.excluded.length} excluded by the engineer` : ''}; flow ${fmt(fit.flowRangeM3h[0])}–${fmt(fit.flowRangeM3h[1])} m³/h` },
      ...(fit.provenance.datasetSteps.length > 1 ? [{ key: 'Data cleaning at fit time', value: clip(fit.provenance.datasetSteps.filter((s) => s.kind !== 'import').map((s) => s.summary).join('; '), 600) }] : []),
      { key: 'R² / adjusted R²', value: `${fmt(m.r2, 6)} / ${fmt(m.adjR2, 6)}` },
      { key: 'RMSE', value: `${fmt(m.rmse, 4)} ${yUnit}` },
      ...(fit.cvRmse !== undefined && fit.cvRmse !== null ? [{ key: 'Cross-validated RMSE', value: `${fmt(fit.cvRmse, 4)} ${yUnit}` }] : []),
      { key: 'Residuals', value: res ? `mean ${fmt(res.mean, 3)}, SD ${fmt(res.sd, 4)}, min ${fmt(res.min, 4)}, max ${fmt(res.max, 4)}${within2s !== undefined ? `; ${fmtPct(within2s, 3)} within ±2 s` : ''}` : '—' },
      { key: 'Degrees of freedom', value: `n = ${m.n}, p = ${m.p}, dof = ${m.dof}` },
      { key: 'Saved', value: fmtTime(fit.createdAt) },
    ],
  });
  blocks.push({
    kind: 'table',
    title: 'Parameters',
    columns: [
      { label: 'Parameter', mono: true, width: 12 },
      { label: 'Estimate', align: 'right', width: 16 },
      { label: 'Std. error', align: 'right', width: 14 },
      { label: `${fmt(level * 100, 3)} % CI lower`, align: 'right', width: 16 },
      { label: `${fmt(level * 100, 3)} % CI upper`, align: 'right', width: 16 },
      { label: 'Rel. SE', align: 'right', width: 9 },
    ],
    rows: fit.parameters.map((p): ReportCell[] => [
      `${p.name}${p.atBound ? ` (at ${p.atBound} bound)` : ''}`,
      // Full precision: the renderers format numbers (the PDF to 5 significant digits).
      p.value,
      p.stdError,
      p.ciLower,
      p.ciUpper,
      p.value && p.stdError !== null ? fmtPct(Math.abs(p.stdError / p.value), 2) : '—',
    ]),
  });
  if (chart) blocks.push(chart);
  // Physics checks on the saved curve over its own flow range (the same checks the Curves view ran).
  const f = predictor(fit);
  if (f) {
    const warnings = checkPumpCurves({ flowRangeM3h: fit.flowRangeM3h, ...(fit.curveKind === 'head' ? { head: f } : fit.curveKind === 'efficiency' ? { efficiency: f } : { powerKw: f }) });
    const ok = { head: 'head falls with flow over the tested range', efficiency: 'efficiency stays within 0–100 % with a single peak', power: 'power is positive over the tested range' }[fit.curveKind];
    blocks.push(
      warnings.length === 0
        ? { kind: 'paragraph', tone: 'pass', text: `Physics checks passed: ${ok}.` }
        : { kind: 'paragraph', tone: warnings.some((w) => w.severity === 'warning') ? 'warn' : 'muted', text: `Physics checks: ${warnings.map((w) => `${w.severity === 'warning' ? 'WARNING' : 'Note'}: ${w.message}`).join(' ')}` },
    );
  }
  return blocks;
}

function isoBlocks(pump: PumpRecord, iso: IsoResultJson, head: SavedFit): ReportBlock[] {
  const t = iso.tolerances;
  const g = iso.guarantee;
  const verdict = iso.pass ? 'PASS' : 'FAIL';
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 3, text: `${pump.id} ISO 9906 acceptance (grade ${iso.grade})` },
    { kind: 'paragraph', tone: iso.pass ? 'pass' : 'fail', text: `ISO 9906 grade ${iso.grade}: ${verdict}. ${iso.messages[0] ?? ''}` },
  ];
  const rows: ReportCell[][] = [
    ['Head at guarantee flow / flow at guarantee head', `Q ${fmt(g.flowM3h)} m³/h, H ${fmt(g.headM)} m`, `H ${fmt(iso.cross.headMinM, 4)}–${fmt(iso.cross.headMaxM, 4)} m or Q ${fmt(iso.cross.flowMinM3h, 4)}–${fmt(iso.cross.flowMaxM3h, 4)} m³/h`, `H(Q_G) = ${iso.headFlow.headAtGuaranteeFlowM == null ? '—' : `${fmt(iso.headFlow.headAtGuaranteeFlowM, 4)} m`}${iso.headFlow.flowsAtGuaranteeHeadM3h.length ? `; Q(H_G) = ${iso.headFlow.flowsAtGuaranteeHeadM3h.map((q) => fmt(q, 4)).join(', ')} m³/h` : ''}`, iso.headFlow.pass ? 'PASS' : 'FAIL'],
  ];
  if (iso.efficiency) rows.push(['Efficiency', g.efficiency !== undefined ? fmtPct(g.efficiency) : '—', `≥ ${fmtPct(iso.efficiency.requiredMin)}`, iso.efficiency.measured == null ? '—' : fmtPct(iso.efficiency.measured), iso.efficiency.pass ? 'PASS' : 'FAIL']);
  if (iso.power) rows.push(['Power', g.powerKw !== undefined ? `${fmt(g.powerKw)} kW` : '—', `≤ ${fmt(iso.power.allowedMaxKw, 4)} kW`, iso.power.measuredKw == null ? '—' : `${fmt(iso.power.measuredKw, 4)} kW`, iso.power.pass ? 'PASS' : 'FAIL']);
  blocks.push({
    kind: 'table',
    title: 'Guarantee point and tolerance checks',
    columns: [{ label: 'Check', width: 22 }, { label: 'Guarantee', width: 18 }, { label: 'Accepted range', width: 26 }, { label: 'Measured (fitted curve)', width: 26 }, { label: 'Result', align: 'center', width: 8 }],
    rows,
  });
  blocks.push({
    kind: 'kv',
    title: 'Tolerance values used',
    rows: [
      { key: 'Grade', value: `${iso.grade}${iso.tolerancesEdited ? ' (edited for this project)' : ' (standard values)'}` },
      { key: 'Flow', value: `−${fmtPct(t.flowMinus, 2)} / +${fmtPct(t.flowPlus, 2)}` },
      { key: 'Head', value: `−${fmtPct(t.headMinus, 2)} / +${fmtPct(t.headPlus, 2)}` },
      { key: 'Power', value: `+${fmtPct(t.powerPlus, 2)}` },
      { key: 'Efficiency', value: `−${fmtPct(t.efficiencyMinus, 2)}` },
      ...(iso.evaluationPoint ? [{ key: 'Evaluation point', value: `Q ${fmt(iso.evaluationPoint.flowM3h, 4)} m³/h, H ${fmt(iso.evaluationPoint.headM, 4)} m` }] : []),
      { key: 'Source of the values', value: clip(iso.toleranceSource, 600) },
    ],
  });
  // The tolerance cross around the guarantee point with the fitted head curve through it.
  const f = predictor(head);
  if (f) {
    const span = Math.max(iso.cross.flowMaxM3h - iso.cross.flowMinM3h, g.flowM3h * 0.05);
    const q0 = Math.max(head.flowRangeM3h[0], iso.cross.flowMinM3h - span);
    const q1 = Math.min(head.flowRangeM3h[1], iso.cross.flowMaxM3h + span);
    const curve = q1 > q0 ? Array.from({ length: 61 }, (_, i) => q0 + ((q1 - q0) * i) / 60).map((q) => [q, f(q)] as [number, number]).filter((p) => Number.isFinite(p[1])) : [];
    const colour = iso.pass ? PASS : FAIL;
    blocks.push({
      kind: 'chart',
      title: `${pump.id} tolerance cross at the guarantee point (grade ${iso.grade}): ${verdict}`,
      x: { label: axisTitle('Flow Q', 'm3/h') },
      y: { label: axisTitle('Head H', 'm') },
      series: [
        ...(curve.length > 1 ? [{ name: 'Fitted head curve', points: curve, style: 'line' as const, color: '#2d72d2' }] : []),
        { name: `Tolerance cross (${verdict})`, points: [[iso.cross.flowMinM3h, g.headM], [iso.cross.flowMaxM3h, g.headM]], style: 'line', color: colour },
        { name: 'Head tolerance', points: [[g.flowM3h, iso.cross.headMinM], [g.flowM3h, iso.cross.headMaxM]], style: 'line', color: colour },
        { name: 'Guarantee point', points: [[g.flowM3h, g.headM]], style: 'points', color: '#1c2127' },
      ],
      height: 190,
    });
  }
  return blocks;
}

/** Fitted curves per pump with the ISO 9906 verdict. */
export const fitsSection: SectionProvider = {
  id: 'fits',
  title: 'Fitted curves',
  description: 'Fitted pump curves per pump: model and equation, parameters with standard error and CI, goodness of fit, curve over the data with its confidence band, physics checks and the ISO 9906 verdict.',
  defaultOn: true,
  isAvailable: async (ctx) => {
    const r = await ctx.call<{ fits: SavedFitSummary[] }>('curves.fits.list', {});
    if (!r) return { available: false, reason: 'the curves area is not available in this build' };
    return r.fits.length > 0 ? { available: true } : { available: false, reason: 'no fitted curves saved to a pump in this project' };
  },
  build: async (ctx) => {
    const [list, pumpList] = await Promise.all([ctx.call<{ fits: SavedFitSummary[] }>('curves.fits.list', {}), ctx.call<{ pumps: PumpRecord[] }>('curves.pumps.list', {})]);
    const all = list?.fits ?? [];
    if (all.length === 0) return [];
    const pumps = new Map((pumpList?.pumps ?? []).map((p) => [p.id, p]));
    // Newest first from the contract: the first per (pump, kind) is the curve in use.
    const current = new Map<string, SavedFitSummary>();
    for (const f of all) if (!current.has(`${f.pumpId}/${f.curveKind}`)) current.set(`${f.pumpId}/${f.curveKind}`, f);
    const pumpIds = [...new Set(all.map((f) => f.pumpId))].sort();

    // Fetch full results and ISO verdicts first, so the overview can carry the verdicts.
    const full = new Map<string, SavedFit>();
    for (const f of current.values()) {
      const got = await ctx.call<SavedFit>('curves.fits.get', { id: f.id });
      if (got) full.set(f.id, got);
    }
    const isos = new Map<string, IsoResultJson | string>();
    for (const id of pumpIds) {
      const pump = pumps.get(id);
      const head = current.get(`${id}/head`);
      if (!pump?.guarantee) {
        isos.set(id, 'not evaluated: no guarantee point recorded for this pump');
        continue;
      }
      if (!head) {
        isos.set(id, 'not evaluated: no head curve saved for this pump');
        continue;
      }
      const eff = current.get(`${id}/efficiency`);
      const pow = current.get(`${id}/power`);
      const r = await ctx.call<IsoResultJson>('curves.iso9906.check', { pumpId: id, head: { fitId: head.id }, ...(eff && pump.guarantee.efficiency !== undefined ? { efficiency: { fitId: eff.id } } : {}), ...(pow && pump.guarantee.powerKw !== undefined ? { power: { fitId: pow.id } } : {}) });
      isos.set(id, r ?? 'not evaluated: the check failed (see the Curves view)');
    }

    const blocks: ReportBlock[] = [
      {
        kind: 'table',
        title: 'Summary',
        columns: [
          { label: 'Pump', mono: true, width: 7 },
          { label: 'Curve', width: 12 },
          { label: 'Model', width: 30 },
          { label: 'n', align: 'right', width: 7 },
          { label: 'R²', align: 'right', width: 9 },
          { label: 'RMSE', align: 'right', width: 9 },
          { label: 'ISO 9906', width: 14 },
        ],
        rows: pumpIds.flatMap((id) =>
          KIND_ORDER.flatMap((k): ReportCell[][] => {
            const f = current.get(`${id}/${k}`);
            if (!f) return [];
            const iso = isos.get(id);
            const verdict = k !== 'head' ? '' : typeof iso === 'object' ? `${iso.pass ? 'PASS' : 'FAIL'} (${iso.grade})` : 'not evaluated';
            return [[id, KIND_TITLE[k], f.label, f.metrics.n, f.metrics.r2 === null ? null : Number(f.metrics.r2.toFixed(5)), f.metrics.rmse === null ? null : Number(f.metrics.rmse.toPrecision(4)), verdict]];
          }),
        ),
        caption: 'The newest saved fit per pump and curve is the one reported; RMSE in the curve’s unit (m, fraction, kW).',
      },
    ];

    for (const id of pumpIds) {
      const pump = pumps.get(id);
      blocks.push({ kind: 'heading', level: 2, text: `Pump ${id}${pump ? ` — ${pump.name}` : ''}` });
      if (pump) {
        blocks.push({
          kind: 'kv',
          rows: [
            { key: 'Rated speed', value: `${fmt(pump.ratedSpeedRpm)} rpm` },
            { key: 'Guarantee point', value: pump.guarantee ? `Q ${fmt(pump.guarantee.flowM3h)} m³/h, H ${fmt(pump.guarantee.headM)} m${pump.guarantee.efficiency !== undefined ? `, η ${fmtPct(pump.guarantee.efficiency)}` : ''}${pump.guarantee.powerKw !== undefined ? `, P ${fmt(pump.guarantee.powerKw)} kW` : ''}` : 'none recorded' },
            { key: 'Acceptance grade', value: pump.grade },
          ],
        });
      }
      for (const k of KIND_ORDER) {
        const s = current.get(`${id}/${k}`);
        const fit = s ? full.get(s.id) : undefined;
        if (!fit) continue;
        blocks.push(...fitBlocks(fit, await fitChart(ctx, fit)));
      }
      const iso = isos.get(id);
      const head = current.get(`${id}/head`);
      if (pump && typeof iso === 'object' && head && full.get(head.id)) blocks.push(...isoBlocks(pump, iso, full.get(head.id)!));
      else if (typeof iso === 'string') blocks.push({ kind: 'paragraph', tone: 'muted', text: `ISO 9906 acceptance ${iso}.` });
      const older = all.filter((f) => f.pumpId === id && current.get(`${id}/${f.curveKind}`)?.id !== f.id);
      if (older.length > 0) {
        blocks.push({
          kind: 'table',
          title: 'Earlier fits (superseded)',
          columns: [{ label: 'Saved', width: 16 }, { label: 'Curve', width: 12 }, { label: 'Model', width: 34 }, { label: 'n', align: 'right', width: 7 }, { label: 'R²', align: 'right', width: 9 }, { label: 'RMSE', align: 'right', width: 9 }],
          rows: older.slice(0, 50).map((f): ReportCell[] => [fmtTime(f.createdAt), KIND_TITLE[f.curveKind], f.label, f.metrics.n, f.metrics.r2 === null ? null : Number(f.metrics.r2.toFixed(5)), f.metrics.rmse === null ? null : Number(f.metrics.rmse.toPrecision(4))]),
        });
      }
    }
    return blocks;
  },
};
