import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '#shared/rpc/domains/monitor';
import type { OptimizationRun } from '#shared/rpc/domains/optimize';
import type { BuiltSection, ReportBlock, ReportDocument } from '#shared/rpc/domains/reports';
import { exportData } from './dataExport';
import { fmt } from './section';
import { demoCore } from './testing/fixture';
import { seedRealData, type RealData } from './testing/realData';

// The report's data sections against REAL project data: everything below is created through the
// owning areas' contracts (import, cleaning, fits, ISO 9906, optimization, alarms from telemetry),
// then the report is built (preview blocks and PDF) and the numbers are checked where the client
// reads them: in the PDF text, and in the exported spreadsheets.

function hasTool(cmd: string, arg: string): boolean {
  try {
    execFileSync(cmd, [arg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const PDFTOTEXT = hasTool('pdftotext', '-v');

let h: Awaited<ReturnType<typeof demoCore>>;
let data: RealData;
let doc: ReportDocument;
const SECTIONS = ['datasets', 'fits', 'alarms', 'optimization'];

beforeAll(async () => {
  h = await demoCore();
  data = await seedRealData(h.core, h.call, h.resourcesDir);
  doc = await h.call<ReportDocument>('reports.preview', { spec: { title: 'Real data report', sections: SECTIONS } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const section = (id: string): BuiltSection => {
  const s = doc.sections.find((x) => x.id === id);
  if (!s) throw new Error(`section ${id} missing; skipped: ${JSON.stringify(doc.skipped)}`);
  return s;
};
const tables = (s: BuiltSection) => s.blocks.filter((b): b is Extract<ReportBlock, { kind: 'table' }> => b.kind === 'table');
const charts = (s: BuiltSection) => s.blocks.filter((b): b is Extract<ReportBlock, { kind: 'chart' }> => b.kind === 'chart');
const table = (s: BuiltSection, title: RegExp) => {
  const t = tables(s).find((b) => title.test(b.title ?? ''));
  if (!t) throw new Error(`no table ${title} in ${s.id}: ${tables(s).map((b) => b.title).join(' | ')}`);
  return t;
};
const kvValue = (s: BuiltSection, key: string) => s.blocks.flatMap((b) => (b.kind === 'kv' ? b.rows : [])).find((r) => r.key === key)?.value;
const text = (s: BuiltSection) => JSON.stringify(s.blocks);

describe('report sections built from real project data (preview blocks)', () => {
  it('builds all four data sections, none skipped', () => {
    expect(doc.skipped).toEqual([]);
    expect(doc.sections.map((s) => s.id)).toEqual(SECTIONS);
  });

  it('datasets: source, rows, date range, units, provenance, excluded rows and H-Q / η-Q / P-Q charts in display units', () => {
    const s = section('datasets');
    const overview = table(s, /^Datasets$/);
    const row = overview.rows.find((r) => r[0] === data.dataset.name)!;
    expect(row).toBeDefined();
    expect(row[1]).toContain('pump-p1-test-2025-01-14-messy.csv');
    expect(row[2]).toBe(data.dataset.rowCount);
    expect(row[3]).toBe('2025-01-14 09:00–09:23');
    // Imported 1,385 rows; the cleaning steps excluded the rest of the way down to rowCount.
    expect(row[6]).toBe(data.importResult.rowCount - data.dataset.rowCount);
    expect(row[5]).toBe(3);
    expect(kvValue(s, 'Rows rejected on import')).toMatch(/^4 /);
    const units = tables(s).find((t) => t.title === 'Quantities and units')!;
    expect(units.rows.find((r) => r[0] === 'Flow')?.slice(1, 3)).toEqual(['Flow', 'm³/h']);
    expect(units.rows.find((r) => r[0] === 'Efficiency')?.[2]).toBe('%');
    const prov = tables(s).find((t) => /^Provenance/.test(t.title ?? '') && t.rows.some((r) => r[1] === 'remove-outliers'))!;
    expect(prov.rows.map((r) => r[1])).toEqual(data.dataset.provenance.map((p) => p.kind));
    expect(prov.rows.map((r) => r[4])).toEqual(data.dataset.provenance.map((p) => p.affected ?? null));
    const hq = charts(s).find((c) => c.title === `${data.dataset.name}: head against flow (H-Q)`)!;
    expect(hq.x.label).toBe('Flow Q (m³/h)');
    expect(hq.y.label).toBe('Head H (m)');
    expect(hq.series[0]!.points.length).toBe(data.dataset.rowCount);
    const ep = charts(s).find((c) => c.title.startsWith(`${data.dataset.name}: efficiency and power`))!;
    expect(ep.y.label).toBe('Efficiency η (%)');
    expect(ep.y2?.label).toBe('Power P (kW)');
    // Efficiency is stored as a fraction and shown in %.
    expect(Math.max(...ep.series[0]!.points.map((p) => p[1]))).toBeGreaterThan(50);
  });

  it('fits: parameters with SE and CI equal the contract, equation, metrics, band, physics and the ISO verdict', () => {
    const s = section('fits');
    const params = tables(s).filter((t) => t.title === 'Parameters');
    expect(params).toHaveLength(3); // H-Q, η-Q and P-Q of P1
    const head = params[0]!;
    data.headFit.parameters.forEach((p, i) => {
      expect(head.rows[i]![0]).toBe(p.name);
      expect(head.rows[i]!.slice(1, 5)).toEqual([p.value, p.stdError, p.ciLower, p.ciUpper]);
    });
    const t = text(s);
    expect(t).toContain(`H(Q) = ${fmt(data.headFit.parameters[0]!.value!, 4)} + ${fmt(data.headFit.parameters[1]!.value!, 4)}·Q − ${fmt(-data.headFit.parameters[2]!.value!, 4)}·Q²`);
    expect(t).toContain(`${fmt(data.headFit.metrics.r2, 6)} / ${fmt(data.headFit.metrics.adjR2, 6)}`);
    expect(t).toContain(`${data.headFit.metrics.n.toLocaleString('en-GB')} points fitted`);
    const summary = table(s, /^Summary$/);
    expect(summary.rows.map((r) => [r[0], r[1], r[6]])).toEqual([
      ['P1', 'Head H-Q', `${data.iso.pass ? 'PASS' : 'FAIL'} (2B)`],
      ['P1', 'Efficiency η-Q', ''],
      ['P1', 'Power P-Q', ''],
    ]);
    const fitChart = charts(s).find((c) => c.title === 'P1 Head H-Q: fitted curve over the test data')!;
    expect(fitChart.series.map((x) => x.name)).toEqual(['Measured', 'Fitted H(Q)', '95 % confidence band', '95 % band (upper)']);
    const effChart = charts(s).find((c) => c.title.startsWith('P1 Efficiency'))!;
    expect(effChart.y.label).toBe('Efficiency η (%)');
    expect(s.blocks.some((b) => b.kind === 'paragraph' && b.text.startsWith('Physics checks'))).toBe(true);
    const verdict = s.blocks.find((b) => b.kind === 'paragraph' && b.text.startsWith('ISO 9906 grade 2B'));
    expect(verdict).toMatchObject({ tone: data.iso.pass ? 'pass' : 'fail', text: expect.stringContaining(data.iso.pass ? 'PASS' : 'FAIL') });
    const checks = table(s, /^Guarantee point and tolerance checks$/);
    expect(checks.rows[0]![1]).toBe(`Q ${fmt(data.iso.guarantee.flowM3h)} m³/h, H ${fmt(data.iso.guarantee.headM)} m`);
    expect(checks.rows.map((r) => [r[0], r[4]])).toEqual([
      ['Head at guarantee flow / flow at guarantee head', data.iso.headFlow.pass ? 'PASS' : 'FAIL'],
      ['Efficiency', data.iso.efficiency!.pass ? 'PASS' : 'FAIL'],
    ]);
    expect(kvValue(s, 'Head')).toBe('−5 % / +5 %');
    expect(charts(s).some((c) => c.title.startsWith('P1 tolerance cross at the guarantee point (grade 2B)'))).toBe(true);
  });

  it('alarms: counts by severity and rule, top 10, time in alarm, unacknowledged now, and the history', async () => {
    const s = section('alarms');
    const all = data.alarms;
    const bySeverity = table(s, /^By severity$/);
    for (const sev of ['critical', 'major', 'minor', 'info']) {
      const r = bySeverity.rows.find((x) => x[0] === sev)!;
      expect(r[1], sev).toBe(all.filter((a) => a.severity === sev).length);
      expect(r[3], sev).toBe(all.filter((a) => a.severity === sev && !a.acknowledged).length);
    }
    const top = table(s, /^Top 10/);
    const count = new Map<string, number>();
    for (const a of all) count.set(a.ruleId, (count.get(a.ruleId) ?? 0) + 1);
    expect(top.rows[0]![1]).toBe('motor_temp_high');
    expect(top.rows[0]![4]).toBe(count.get('motor_temp_high'));
    expect(top.rows.reduce((n, r) => n + (r[4] as number), 0)).toBe(all.length);
    const byRule = table(s, /^By rule/);
    expect(byRule.rows.find((r) => r[0] === 'motor_temp_high')?.[5]).toBe(4);
    expect(byRule.rows.find((r) => r[0] === 'dry_run')?.[5]).toBe(0);
    expect(byRule.rows.find((r) => r[0] === 'stale_data')?.[4]).toBe('no');
    const active = await h.call<Alarm[]>('monitor.alarms.active', {});
    const unacked = table(s, /^Not acknowledged at report time/);
    expect(unacked.rows).toHaveLength(active.filter((a) => !a.acknowledged).length);
    const hist = table(s, /^Alarm history/);
    expect(hist.rows).toHaveLength(all.length);
    expect(hist.rows.filter((r) => String(r[6]).includes('cooling fan restarted'))).toHaveLength(2);
    const summary = s.blocks.find((b) => b.kind === 'paragraph')!;
    expect(summary.kind === 'paragraph' && summary.text).toContain(`${all.length} alarm(s) from ${count.size} rule(s)`);
  });

  it('optimization: station, recommended combination with power and specific energy, table, schedule vs baseline, Pareto', () => {
    const s = section('optimization');
    const d = data.demand.result.kind === 'demand' && data.demand.result.demand.feasible ? data.demand.result.demand : undefined;
    if (!d) throw new Error('demand infeasible');
    expect(kvValue(s, 'Station')).toBe(data.station.name);
    expect(kvValue(s, 'Total electrical power')).toBe(`${fmt(d.powerKw, 5)} kW`);
    expect(kvValue(s, 'Specific energy')).toBe(`${fmt(d.specificEnergyKwhPerM3, 4)} kWh/m³`);
    expect(kvValue(s, 'Algorithm')).toMatch(/^exhaustive search/);
    const points = table(s, /^Pump operating points$/);
    expect(points.rows.filter((r) => r[1] === 'yes').map((r) => r[0])).toEqual(d.pumps.filter((p) => p.on).map((p) => p.id));
    const t = data.table.result.kind === 'table' ? data.table.result.operatingTable : [];
    const op = tables(s).find((x) => x.rows.length === t.length && x.columns[0]!.label === 'Demand (m³/h)' && x.columns[1]!.label === 'Pumps and speeds')!;
    expect(op.rows.map((r) => r[3])).toEqual(t.map((r) => (r.powerKw === null ? null : Number(r.powerKw.toPrecision(4)))));
    const sched = data.schedule.result.kind === 'schedule' && data.schedule.result.schedule.feasible ? data.schedule.result.schedule : undefined;
    if (!sched) throw new Error('schedule infeasible');
    const totals = table(s, /^Daily totals$/);
    expect(totals.rows[0]![1]).toBe(Number(sched.cost.toPrecision(6)));
    expect(totals.rows[1]![1]).toBe(sched.baseline.feasible ? Number(sched.baseline.cost.toPrecision(6)) : null);
    expect(table(s, /^Hourly schedule$/).rows).toHaveLength(24);
    expect(text(s)).toContain(`(${fmt(sched.savingPercent ?? 0, 3)} %) a day`);
    expect(s.blocks.some((b) => b.kind === 'heading' && b.text === 'Pareto trade-off at 420 m³/h')).toBe(true);
    expect(charts(s).map((c) => c.title)).toEqual(['Power and specific energy against demand', 'Hourly power: optimized schedule against the baseline rule', 'Pareto front']);
  });
});

describe('the PDF carries the real numbers', () => {
  it.skipIf(!PDFTOTEXT)('fitted parameters, ISO verdict, alarm counts and optimization power appear in the PDF text', async () => {
    const file = path.join(h.dir, 'out', 'real.pdf');
    const res = await h.call<{ pages: number; skipped: unknown[] }>('reports.exportPdf', { path: file, spec: { title: 'Real data report', sections: ['cover', 'toc', ...SECTIONS] } });
    expect(res.skipped).toEqual([]);
    const pdfText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const flat = pdfText.replace(/\s+/g, ' ');
    // Pages as images for a look (REPORT_PNG_DIR=/some/dir keeps them).
    const pngDir = process.env.REPORT_PNG_DIR;
    if (pngDir && hasTool('pdftoppm', '-v')) {
      mkdirSync(pngDir, { recursive: true });
      execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(pngDir, 'page')]);
      expect(readdirSync(pngDir).filter((f) => f.endsWith('.png')).length).toBe(res.pages);
    }
    // Fitted parameter values as the PDF prints table numbers (5 significant digits).
    for (const p of [...data.headFit.parameters, ...data.efficiencyFit.parameters, ...data.powerFit.parameters]) expect(flat).toContain(fmt(p.value!, 5));
    for (const p of data.headFit.parameters) expect(flat).toContain(fmt(p.stdError!, 5));
    expect(flat).toContain(`ISO 9906 grade 2B: ${data.iso.pass ? 'PASS' : 'FAIL'}`);
    // Alarm counts: total and the most frequent rule.
    expect(flat).toContain(`${data.alarms.length} alarm(s) from`);
    for (const sev of ['critical', 'major']) {
      const of = data.alarms.filter((a) => a.severity === sev);
      expect(flat).toContain(`${sev} ${of.length} ${of.filter((a) => a.state === 'active').length} ${of.filter((a) => !a.acknowledged).length}`);
    }
    const high = data.alarms.filter((a) => a.ruleId === 'motor_temp_high');
    expect(flat).toContain(`motor_temp_high Motor temperature high high major yes ${high.length} ${high.filter((a) => !a.acknowledged).length}`);
    expect(flat).toContain('cooling fan restarted');
    // Optimization: the recommended power and the schedule cost.
    const run = data.demand as OptimizationRun;
    expect(flat).toContain(`${fmt(run.objective!, 5)} kW`);
    const sched = data.schedule.result.kind === 'schedule' && data.schedule.result.schedule.feasible ? data.schedule.result.schedule : undefined;
    expect(flat).toContain(fmt(sched!.cost, 5));
    expect(flat).toContain(data.dataset.name);
    expect(flat).toContain('2025-01-14 09:00');

  }, 60_000);
});

describe('data export round-trips against the contract data', () => {
  const call = (method: string, params: unknown) => h.call(method, params);

  it('fits: XLSX and CSV hold every parameter with SE, CI and metrics, and the ISO verdict', async () => {
    const file = path.join(h.dir, 'exports', 'fits.xlsx');
    const res = await exportData(h.core.ctx.store, 'fits', 'xlsx', file, call);
    expect(res.tables.map((t) => t.name)).toEqual(['fit_parameters', 'iso9906', 'pumps']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('fit_parameters')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => Object.fromEntries(header.map((k, j) => [k, (sheet.getRow(i + 2).values as unknown[])[j + 1]])));
    const fits = [data.powerFit, data.efficiencyFit, data.headFit]; // newest first, as curves.fits.list
    expect(rows).toHaveLength(fits.reduce((n, f) => n + f.parameters.length, 0));
    const head = rows.filter((r) => r.fit_id === data.headFit.id);
    data.headFit.parameters.forEach((p, i) => {
      expect(head[i]).toMatchObject({ pump: 'P1', curve: 'head', parameter: p.name, value: p.value, std_error: p.stdError, ci_lower: p.ciLower, ci_upper: p.ciUpper, n: data.headFit.metrics.n, r2: data.headFit.metrics.r2, rmse: data.headFit.metrics.rmse });
    });
    const iso = wb.getWorksheet('iso9906')!;
    const isoHeader = (iso.getRow(1).values as unknown[]).slice(1) as string[];
    const isoRow = Object.fromEntries(isoHeader.map((k, j) => [k, (iso.getRow(2).values as unknown[])[j + 1]]));
    expect(isoRow).toMatchObject({ pump: 'P1', grade: '2B', verdict: data.iso.pass ? 'PASS' : 'FAIL', guarantee_flow_m3h: data.iso.guarantee.flowM3h, guarantee_head_m: data.iso.guarantee.headM, head_at_guarantee_flow_m: data.iso.headFlow.headAtGuaranteeFlowM });

    const csvFile = path.join(h.dir, 'exports', 'fits.csv');
    const csvRes = await exportData(h.core.ctx.store, 'fits', 'csv', csvFile, call);
    expect(csvRes.files.map((f) => path.basename(f))).toEqual(['fits.fit_parameters.csv', 'fits.iso9906.csv', 'fits.pumps.csv']);
    const records = parse(readFileSync(csvRes.files[0]!), { bom: true, columns: true }) as Array<Record<string, string>>;
    const csvHead = records.filter((r) => r.fit_id === data.headFit.id);
    data.headFit.parameters.forEach((p, i) => {
      expect(Number(csvHead[i]!.value)).toBe(p.value);
      expect(Number(csvHead[i]!.std_error)).toBe(p.stdError);
    });
  });

  it('alarms: CSV and XLSX list every alarm of the contract history with its acknowledgement', async () => {
    const csvRes = await exportData(h.core.ctx.store, 'alarms', 'csv', path.join(h.dir, 'exports', 'alarms.csv'), call);
    const records = parse(readFileSync(csvRes.files[0]!), { bom: true, columns: true }) as Array<Record<string, string>>;
    const history = await h.call<Alarm[]>('monitor.alarms.history', { limit: 5000 });
    expect(records.map((r) => r.id)).toEqual(history.map((a) => a.id));
    records.forEach((r, i) => {
      const a = history[i]!;
      expect(r).toMatchObject({ rule_id: a.ruleId, severity: a.severity, state: a.state, raised_at: new Date(a.raisedAt).toISOString(), acknowledged: a.acknowledged ? 'yes' : 'no', message: a.message });
      expect(r.ack_comment).toBe(a.ackComment ?? '');
    });
    const file = path.join(h.dir, 'exports', 'alarms.xlsx');
    await exportData(h.core.ctx.store, 'alarms', 'xlsx', file, call);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.getWorksheet('alarms')!.rowCount).toBe(history.length + 1);
    const rules = wb.getWorksheet('alarm_rules')!;
    expect(rules.rowCount).toBe((await h.call<unknown[]>('monitor.alarmRules.list', {})).length + 1);
  });

  it('optimization: XLSX has the runs, the recommended pump operating points, the operating table and the schedule hours', async () => {
    const file = path.join(h.dir, 'exports', 'opt.xlsx');
    const res = await exportData(h.core.ctx.store, 'optimization', 'xlsx', file, call);
    expect(res.tables.map((t) => t.name)).toEqual(['runs', 'demand_pumps', 'operating_table', 'schedule_hours', 'pareto']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const read = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      return Array.from({ length: ws.rowCount - 1 }, (_, i) => Object.fromEntries(header.map((k, j) => [k, (ws.getRow(i + 2).values as unknown[])[j + 1]])));
    };
    const runs = read('runs');
    expect(runs.map((r) => r.id).sort()).toEqual([data.demand.id, data.pareto.id, data.table.id, data.schedule.id].sort());
    expect(runs.find((r) => r.id === data.demand.id)).toMatchObject({ kind: 'demand', objective: data.demand.objective, objective_unit: 'kW' });
    const d = data.demand.result.kind === 'demand' && data.demand.result.demand.feasible ? data.demand.result.demand : undefined;
    const pumps = read('demand_pumps');
    expect(pumps.map((p) => [p.pump, p.power_kw])).toEqual(d!.pumps.map((p) => [p.id, p.powerKw]));
    expect(pumps[0]!.station_power_kw).toBe(d!.powerKw);
    const hours = read('schedule_hours');
    const sched = data.schedule.result.kind === 'schedule' && data.schedule.result.schedule.feasible ? data.schedule.result.schedule : undefined;
    expect(hours.map((r) => r.cost)).toEqual(sched!.hours.map((x) => x.cost));
    expect(read('operating_table').map((r) => r.demand_m3h)).toEqual([100, 200, 300, 400, 500, 600]);
  });

  it('datasets: CSV of the cleaned rows with units in the header', async () => {
    const res = await exportData(h.core.ctx.store, 'datasets', 'csv', path.join(h.dir, 'exports', 'ds.csv'), call);
    const rowsFile = res.files.find((f) => f.includes('P1_site_test'))!;
    const records = parse(readFileSync(rowsFile), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(data.dataset.rowCount);
    expect(Object.keys(records[0]!)).toEqual(expect.arrayContaining(['row_index', 'Timestamp [UTC]', 'Flow [m³/h]', 'Head [m]']));
    expect(records[0]!['Timestamp [UTC]']).toBe('2025-01-14T09:00:00.000Z');
  });

  it('without a contract caller the area tables are exported as stored (real table names)', async () => {
    const res = await exportData(h.core.ctx.store, 'alarms', 'csv', path.join(h.dir, 'exports', 'raw.csv'));
    expect(res.tables.map((t) => t.name)).toEqual(['monitor_alarm_rules', 'monitor_alarms']);
    expect(res.tables[1]!.rows).toBe(data.alarms.length);
  });
});

describe('a failed acceptance', () => {
  it('shows FAIL, coloured as a failure, for a pump whose guarantee the measured curve misses', async () => {
    await h.call('curves.pumps.save', { id: 'P2', name: 'Duty pump 2 (VFD, worn impeller)', ratedSpeedRpm: 1480, guarantee: { flowM3h: 150, headM: 62 }, grade: '1B' });
    await h.call('curves.fits.save', { pumpId: 'P2', curveKind: 'head', datasetId: data.dataset.id, xColumn: 'flow', yColumn: 'head', model: { kind: 'library', name: 'pump-head-poly2' } });
    const again = await h.call<ReportDocument>('reports.preview', { spec: { sections: ['fits'] } });
    const s = again.sections[0]!;
    const summary = table(s, /^Summary$/);
    expect(summary.rows.find((r) => r[0] === 'P2')?.[6]).toBe('FAIL (1B)');
    expect(s.blocks.find((b) => b.kind === 'paragraph' && b.text.startsWith('ISO 9906 grade 1B'))).toMatchObject({ tone: 'fail', text: expect.stringContaining('FAIL') });
    expect(charts(s).some((c) => c.title === 'P2 tolerance cross at the guarantee point (grade 1B): FAIL' && c.series.some((x) => x.color === '#cd4246'))).toBe(true);
  });
});
