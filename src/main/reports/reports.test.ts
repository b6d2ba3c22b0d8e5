import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleSummary, ReportDocument, ReportTemplate, SectionInfo } from '#shared/rpc/domains/reports';
import type { ProjectInfo } from '#shared/rpc/domains/project';
import { stableOrder } from '../exchange/bundle';
import { chartToSvg } from './svg';
import { demoCore } from './testing/fixture';

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const PDFTOTEXT = hasPdftotext();
if (!PDFTOTEXT) console.warn('pdftotext (poppler-utils) not found: PDF text checks are skipped. Install poppler-utils to run them.');

/** Text of each page (pdftotext separates pages with form feeds). */
function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').slice(0, -1);
}

const ALL = ['cover', 'toc', 'station', 'protocol', 'gateway', 'datasets', 'fits', 'alarms', 'optimization', 'history', 'notes', 'signoff'];

let h: Awaited<ReturnType<typeof demoCore>>;
beforeEach(async () => {
  h = await demoCore();
});
afterEach(async () => {
  await h.close();
});

describe('report sections and preview', () => {
  it('lists the registry with availability and builds the blocks', async () => {
    const sections = await h.call<SectionInfo[]>('reports.sections', {});
    expect(sections.map((s) => s.id)).toEqual(ALL);
    expect(sections.find((s) => s.id === 'station')?.available).toBe(true);
    const datasets = sections.find((s) => s.id === 'datasets')!;
    if (!datasets.available) expect(datasets.reason).toMatch(/dataset/);

    const doc = await h.call<ReportDocument>('reports.preview', { spec: { sections: ['cover', 'station', 'protocol', 'nosuch', 'notes'], notes: 'Hello' } });
    expect(doc.sections.map((s) => s.id)).toEqual(['cover', 'station', 'protocol', 'notes']);
    expect(doc.sections.map((s) => s.number)).toEqual([undefined, '1', '2', '3']);
    expect(doc.skipped).toEqual([{ id: 'nosuch', reason: "unknown section 'nosuch'" }]);
    const station = doc.sections[1]!.blocks;
    const pumps = station.find((b) => b.kind === 'table' && b.title === 'Pumps');
    expect(pumps && pumps.kind === 'table' && pumps.rows.map((r) => r[0])).toEqual(['P1', 'P2', 'P3']);
    expect(station.filter((b) => b.kind === 'chart')).toHaveLength(2);
    const protocol = doc.sections[2]!.blocks;
    expect(protocol.some((b) => b.kind === 'table' && b.rows.some((r) => r[2] === 'flow_rate'))).toBe(true);
  });

  it('saves, lists, updates and deletes templates per project (audited)', async () => {
    const seeded = await h.call<ReportTemplate[]>('reports.listTemplates', {});
    expect(seeded.map((t) => t.name)).toContain('Full commissioning report');
    const t = await h.call<ReportTemplate>('reports.saveTemplate', { name: 'Short', spec: { sections: ['cover', 'notes'], notes: 'n' } });
    const again = await h.call<ReportTemplate>('reports.saveTemplate', { id: t.id, name: 'Short', spec: { sections: ['cover', 'signoff'] } });
    expect(again.id).toBe(t.id);
    expect(again.spec.sections).toEqual(['cover', 'signoff']);
    await expect(h.call('reports.saveTemplate', { name: 'Full commissioning report', id: t.id, spec: { sections: ['cover'] } })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.call('reports.deleteTemplate', { id: t.id })).toEqual({ deleted: true });
    const events = await h.call<{ events: Array<{ type: string }> }>('events.query', { type: 'config.reports.*' });
    expect(events.events.map((e) => e.type).sort()).toEqual(['config.reports.templateCreated', 'config.reports.templateDeleted', 'config.reports.templateUpdated']);
  });
});

describe('PDF export', () => {
  it.skipIf(!PDFTOTEXT)('has a cover, contents with the right page numbers, header/footer and the section text', async () => {
    const file = path.join(h.dir, 'out', 'report.pdf');
    const res = await h.call<{ path: string; pages: number; bytes: number }>('reports.exportPdf', {
      path: file,
      spec: { title: 'Site acceptance report', sections: ALL, notes: 'Pump P2 vibration ≥ 4.5 mm/s at 48 Hz.', signoff: [{ role: 'Commissioning engineer', name: 'A. Engineer', organisation: 'ACME' }] },
    });
    expect(res.path).toBe(file);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPages(file);
    expect(pages).toHaveLength(res.pages);
    expect(pages[0]).toContain('Site acceptance report');
    expect(pages[0]).toContain('Riverside pumping station (PS-07)');
    expect(pages[0]).not.toMatch(/Page 1 of/);
    expect(pages[1]).toContain('Contents');
    // Every page after the cover has the running header and "Page n of N".
    pages.slice(1).forEach((p, i) => {
      expect(p).toContain(`Page ${i + 2} of ${res.pages}`);
      expect(p).toContain('Demo station');
    });
    // Contents entries point at the page where the section heading really is.
    const entries = [...pages[1]!.matchAll(/^\s*(\d+)\s+(.+?)\s{2,}\.*\s*(\d+)\s*$/gm)].map((m) => ({ n: m[1]!, title: m[2]!.trim(), page: Number(m[3]) }));
    expect(entries.map((e) => e.title)).toEqual(expect.arrayContaining(['Station and equipment', 'Protocol summary', 'Configuration history', 'Notes and observations', 'Sign-off']));
    for (const e of entries) expect(pages[e.page - 1]).toMatch(new RegExp(`^\\s*${e.n}\\s+${e.title}`, 'm'));
    const all = pages.join('\n');
    expect(all).toContain('flow_rate');
    expect(all).toContain('Pump head curves at rated speed');
    expect(all).toContain('Pump P2 vibration ≥ 4.5 mm/s'); // DejaVu embedded: the symbol itself
    expect(all).toContain('A. Engineer');
    expect(all).toMatch(/Not included: .*datasets/s);
  });

  it.skipIf(!PDFTOTEXT)('breaks a long table across pages with the header row repeated', async () => {
    for (let i = 0; i < 150; i++) await h.core.ctx.audit({ type: 'config.test.changed', source: 'test', data: { step: i, note: `change number ${i}` } });
    const file = path.join(h.dir, 'history.pdf');
    const res = await h.call<{ pages: number }>('reports.exportPdf', { path: file, spec: { sections: ['history'] } });
    const pages = pdfPages(file);
    expect(res.pages).toBeGreaterThanOrEqual(3);
    const withRows = pages.filter((p) => p.includes('config.test.changed'));
    expect(withRows.length).toBeGreaterThanOrEqual(3);
    for (const p of withRows) expect(p).toMatch(/Time\s+Change\s+Area\s+Details/);
    expect(pages.slice(1).join('\n')).toContain('Configuration history (continued)');
    // Every row made it, in order, none split: step=0 .. step=149 each once.
    const steps = [...pages.join('\n').matchAll(/step=(\d+),/g)].map((m) => Number(m[1]));
    expect(steps).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('cancels an export mid-render: CANCELLED, no output file, no temp file', async () => {
    for (let i = 0; i < 600; i++) await h.core.ctx.audit({ type: 'config.test.changed', source: 'test', data: { step: i, note: `change number ${i}` } });
    const outDir = path.join(h.dir, 'cancel');
    const file = path.join(outDir, 'big.pdf');
    const phases: string[] = [];
    let cancelled: unknown;
    const off = h.core.ctx.bus.subscribe('reports.progress', (payload) => {
      const p = payload as { exportId: string; phase: string };
      phases.push(p.phase);
      if (p.exportId === 'x1' && p.phase === 'render' && cancelled === undefined) cancelled = h.call('reports.cancelExport', { exportId: 'x1' });
    });
    try {
      const err = await h.call('reports.exportPdf', { path: file, exportId: 'x1', spec: { sections: ['cover', 'toc', 'history', 'notes', 'signoff'], notes: 'n' } }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'CANCELLED' });
      expect((err as Error).message).toMatch(/no file was written/);
    } finally {
      off();
    }
    expect(await cancelled).toEqual({ cancelled: true });
    expect(phases).toContain('render');
    expect(phases.at(-1)).toBe('cancelled');
    expect(phases).not.toContain('write');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);
    // Nothing left running: the id is free again and an unknown id says so.
    expect(await h.call('reports.cancelExport', { exportId: 'x1' })).toEqual({ cancelled: false });
    const res = await h.call<{ pages: number }>('reports.exportPdf', { path: file, exportId: 'x1', spec: { sections: ['cover', 'notes'], notes: 'n' } });
    expect(res.pages).toBe(2);
  });

  it('cancels when the caller aborts the call (RPC cancel or disconnect)', async () => {
    const controller = new AbortController();
    const file = path.join(h.dir, 'aborted.pdf');
    const off = h.core.ctx.bus.subscribe('reports.progress', () => controller.abort());
    const res = await h.core.rpc.dispatch('reports.exportPdf', { path: file, exportId: 'x2', spec: { sections: ['cover', 'toc', 'station', 'protocol', 'history'] } }, { signal: controller.signal, peer: 'test' });
    off();
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('CANCELLED');
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a path that is not a .pdf and an unknown template', async () => {
    await expect(h.call('reports.exportPdf', { path: path.join(h.dir, 'x.txt'), spec: { sections: ['cover'] } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(h.call('reports.exportPdf', { path: path.join(h.dir, 'x.pdf'), templateId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('data export', () => {
  it('CSV round-trips through csv-parse', async () => {
    await h.core.ctx.audit({ type: 'config.test.quoted', source: 'test', data: { text: 'comma, "quote"\nnewline' } });
    const file = path.join(h.dir, 'exports', 'history.csv');
    const res = await h.call<{ files: string[]; tables: Array<{ name: string; rows: number }> }>('reports.exportData', { what: 'history', format: 'csv', path: file });
    expect(res.files).toEqual([file]);
    const records = parse(readFileSync(file), { bom: true, columns: true }) as Array<Record<string, string>>;
    const rows = await h.core.ctx.store.query<Record<string, unknown>>('SELECT id, type, version, time, source, data FROM events ORDER BY rowid');
    expect(records).toHaveLength(rows.length);
    expect(res.tables[0]!.rows).toBe(rows.length);
    records.forEach((r, i) => {
      expect(r.type).toBe(rows[i]!.type);
      expect(Number(r.time)).toBe(rows[i]!.time);
      expect(r.data).toBe(rows[i]!.data);
    });
  });

  it('XLSX round-trips through exceljs', async () => {
    const file = path.join(h.dir, 'exports', 'history.xlsx');
    await h.call('reports.exportData', { what: 'history', format: 'xlsx', path: file });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('events')!;
    const rows = await h.core.ctx.store.query<Record<string, unknown>>('SELECT id, type, version, time, source, data FROM events ORDER BY rowid');
    expect(sheet.getRow(1).values).toEqual([undefined, 'id', 'type', 'version', 'time', 'source', 'data']);
    expect(sheet.rowCount).toBe(rows.length + 1);
    rows.forEach((r, i) => {
      const v = sheet.getRow(i + 2).values as unknown[];
      expect(v.slice(1)).toEqual([r.id, r.type, r.version, r.time, r.source, r.data]);
    });
  });

  it('says clearly when an area has no data yet', async () => {
    const tables = await h.core.ctx.store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'optimi%'");
    if (tables.length > 0) return; // the optimization area has landed; its provider covers it
    await expect(h.call('reports.exportData', { what: 'optimization', format: 'csv', path: path.join(h.dir, 'o.csv') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('charts as SVG', () => {
  it('serializes the same chart block with axes, series and legend', async () => {
    const svg = chartToSvg({ kind: 'chart', title: 'H <Q>', x: { label: 'Q' }, y: { label: 'H' }, series: [{ name: 'P1', points: [[0, 10], [100, 5]], style: 'line+points' }] });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<polyline');
    expect(svg).toContain('H &lt;Q&gt;');
    expect((svg.match(/<circle/g) ?? []).length).toBe(3); // 2 points + legend marker
    const viaRpc = await h.call<{ svg: string }>('reports.chartSvg', { chart: { kind: 'chart', title: 't', x: { label: 'x' }, y: { label: 'y' }, series: [{ name: 's', points: [[1, 2]], style: 'points' }] } });
    expect(viaRpc.svg).toContain('</svg>');
  });
});

async function dump(tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await h.core.ctx.store.query(`SELECT * FROM "${t}" ORDER BY ${await stableOrder(h.core.ctx.store, t)}`);
  return out;
}

describe('project bundle', () => {
  it('exports and imports into a new project: same content', async () => {
    await h.call('project.update', { engineer: 'B. Tester' });
    await h.call('reports.saveTemplate', { name: 'Mine', spec: { sections: ['cover', 'notes'], notes: 'kept' } });
    const bundleFile = path.join(h.dir, 'station.swbundle.json');
    const exported = await h.call<BundleSummary>('reports.exportBundle', { path: bundleFile });
    expect(exported.rows).toBeGreaterThan(0);
    const names = exported.tables.map((t) => t.name);
    const before = await dump(names);

    await h.call<ProjectInfo>('project.new', { path: path.join(h.dir, 'copy.swb'), name: 'Empty' });
    const check = await h.call<{ ok: boolean }>('reports.checkBundle', { path: bundleFile });
    expect(check.ok).toBe(true);
    const imported = await h.call<BundleSummary>('reports.importBundle', { path: bundleFile });
    expect(imported.rows).toBe(exported.rows);
    const info = await h.call<ProjectInfo>('project.info', {});
    expect(info.path).toBe(path.join(h.dir, 'copy.swb'));
    expect(info.meta.engineer).toBe('B. Tester');
    const after = await dump(names);
    for (const t of names) {
      if (t === 'events') {
        // The import itself is recorded after the bundle's history.
        expect(after[t]!.slice(0, before[t]!.length)).toEqual(before[t]);
        continue;
      }
      expect(after[t], t).toEqual(before[t]);
    }
    const templates = await h.call<ReportTemplate[]>('reports.listTemplates', {});
    expect(templates.map((t) => t.name)).toContain('Mine');
  });

  it('refuses a corrupt bundle with the reason and leaves the project unchanged', async () => {
    const bundleFile = path.join(h.dir, 'b.json');
    await h.call('reports.exportBundle', { path: bundleFile });
    await h.call('project.new', { path: path.join(h.dir, 'target.swb'), name: 'Target' });
    const tables = (await h.core.ctx.store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")).map((r) => r.name);
    const before = await dump(tables);
    const good = JSON.parse(readFileSync(bundleFile, 'utf8')) as { tables: Array<{ name: string; columns: string[]; rows: unknown[][] }>; sha256: string };

    const cases: Array<[string, string, RegExp]> = [];
    cases.push(['truncated.json', readFileSync(bundleFile, 'utf8').slice(0, 500), /not valid JSON/]);
    const tampered = structuredClone(good);
    tampered.tables.find((t) => t.name === 'project_meta')!.rows[0]![1] = 'Evil';
    cases.push(['tampered.json', JSON.stringify(tampered), /checksum mismatch/]);
    const badColumn = structuredClone(good);
    badColumn.tables[0]!.columns[0] = 'no_such_column';
    cases.push(['badcol.json', JSON.stringify(badColumn), /unknown column\(s\): no_such_column/]);
    cases.push(['other.json', JSON.stringify({ hello: 'world' }), /format/]);

    for (const [name, text, reason] of cases) {
      const file = path.join(h.dir, name);
      writeFileSync(file, text);
      const err = await h.call('reports.importBundle', { path: file }).catch((e: unknown) => e);
      expect(err, name).toMatchObject({ code: 'VALIDATION' });
      expect((err as Error).message, name).toMatch(reason);
      expect((err as Error).message).toMatch(/nothing was imported/);
      expect(await dump(tables), name).toEqual(before);
    }
    const check = await h.call<{ ok: boolean; issues: Array<{ path: string }> }>('reports.checkBundle', { path: path.join(h.dir, 'badcol.json') });
    expect(check.ok).toBe(false);
    expect(check.issues.map((i) => i.path).join(' ')).toMatch(/tables\[0\]/);
  });
});
