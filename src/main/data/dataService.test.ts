import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore } from '../core/testing/testCore';
import type { Core } from '../core/createCore';
import { defaultResourcesDir } from '../core/paths';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

const demoDir = path.join(defaultResourcesDir(), 'demo', 'data');

async function testCore(demo = false) {
  const { core, dataDir, call } = await createTestCore({ prefix: 'data' });
  cores.push(core);
  if (!demo) await core.openProject(path.join(dataDir, 'p.swb'), { create: true });
  const events: Array<{ topic: string; payload: unknown }> = [];
  core.bus.subscribe('data.*', (payload, topic) => events.push({ topic, payload }));
  core.bus.subscribe('data.*.*', (payload, topic) => events.push({ topic, payload }));
  return { core, dataDir, call, events };
}

type Preview = { options: Record<string, unknown>; columns: Array<{ index: number; header: string; quantity: string; unit: string; timeFormat?: string }>; headers: string[]; rows: Array<{ line: number; fields: string[] }>; detected: Record<string, unknown> };

function mappingsOf(p: Preview) {
  return p.columns.map((c) => ({ sourceIndex: c.index, include: true, key: '', name: c.header.replace(/\s*\[[^\]]*\]$/, ''), quantity: c.quantity, unit: c.unit, ...(c.timeFormat ? { timeFormat: c.timeFormat } : {}) }));
}

async function importFile(call: Awaited<ReturnType<typeof testCore>>['call'], file: string, name = 'Test') {
  const preview = await call<Preview>('data.import.preview', { source: { kind: 'path', path: file } });
  const result = await call('data.import.run', { importId: `t-${Math.random()}`, source: { kind: 'path', path: file }, name, options: preview.options, mappings: mappingsOf(preview), zone: 'utc' });
  return { preview, result };
}

describe('data import', () => {
  it('seeds the demo dataset', async () => {
    const { call } = await testCore(true);
    const { datasets } = await call('data.datasets.list', {});
    const demo = datasets.find((d: { name: string }) => d.name === 'Pump P1 test 2025-01-14');
    expect(demo).toBeDefined();
    expect(demo.rowCount).toBe(1400);
    expect(demo.columns.map((c: { quantity: string }) => c.quantity)).toEqual(['time', 'flow', 'pressure', 'pressure', 'head', 'power', 'speed', 'efficiency', 'temperature']);
  });

  it('imports the messy log: invalid rows reported with their line numbers, valid rows kept', async () => {
    const { call, events } = await testCore();
    const { preview, result } = await importFile(call, path.join(demoDir, 'pump-p1-test-2025-01-14-messy.csv'));
    expect(preview.detected).toMatchObject({ delimiter: ',', decimal: '.', headerRow: 1, encoding: 'utf-8' });
    const lines = readFileSync(path.join(demoDir, 'pump-p1-test-2025-01-14-messy.csv'), 'utf8').split('\r\n');
    const byLine = new Map(result.invalidRows.map((r: { line: number; reasons: string[] }) => [r.line, r.reasons.join('; ')]));
    // Every reported line really is the bad one in the file.
    for (const [line, reason] of byLine) expect(lines[(line as number) - 1], String(reason)).toBeDefined();
    expect(result.invalidCount).toBe(4);
    const find = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    expect(byLine.get(find('12.3.4'))).toContain("Flow: '12.3.4' is not a number");
    expect(byLine.get(find(',ERR,'))).toContain("Power: 'ERR' is not a number");
    expect(byLine.get(find('09:99:00'))).toContain('is not an ISO 8601 timestamp');
    expect([...byLine.values()].some((r) => String(r).includes('expected 9 fields, found 5'))).toBe(true);
    expect(result.rowCount).toBe(1400 - 12 + 1 - 4);
    const page = await call('data.datasets.get', { id: result.datasetId, offset: 0, limit: 2 });
    expect(page.dataset.columns[1]).toMatchObject({ key: 'flow', quantity: 'flow', unit: 'm3/h' });
    expect(page.rows[0].values[0]).toBe(Date.UTC(2025, 0, 14, 9, 0, 0));
    const issues = await call('data.datasets.issues', { id: result.datasetId, offset: 0, limit: 100 });
    expect(issues.total).toBe(4);
    expect(events.some((e) => e.topic === 'data.import.progress' && (e.payload as { phase: string }).phase === 'done')).toBe(true);

    // Quality report sees the gap, the duplicate, the missing values and the outliers.
    const q = await call('data.quality', { id: result.datasetId });
    expect(q.timeGapCount).toBe(1);
    expect(q.duplicateTimestamps).toBe(1);
    const power = q.columns.find((c: { key: string }) => c.key === 'power');
    expect(power.missing).toBe(2);
    expect(q.columns.find((c: { key: string }) => c.key === 'flow').outliers).toBeGreaterThan(0);

    // Clean: blank flow/power outliers, fill gaps, drop the duplicate; then undo the first step.
    const s1 = await call('data.clean.apply', { id: result.datasetId, step: { kind: 'remove-outliers', columns: ['flow', 'power'], method: 'hampel', action: 'blank' } });
    expect(s1.affected).toBeGreaterThanOrEqual(2);
    const s2 = await call('data.clean.apply', { id: result.datasetId, step: { kind: 'fill-gaps', columns: ['power', 'flow'], method: 'linear' } });
    expect(s2.affected).toBeGreaterThanOrEqual(4);
    const s3 = await call('data.clean.apply', { id: result.datasetId, step: { kind: 'remove-duplicates' } });
    expect(s3.affected).toBe(1);
    expect(s3.dataset.rowCount).toBe(result.rowCount - 1);
    expect(s3.dataset.provenance.map((p: { kind: string }) => p.kind)).toEqual(['import', 'remove-outliers', 'fill-gaps', 'remove-duplicates']);
    const q2 = await call('data.quality', { id: result.datasetId });
    expect(q2.columns.find((c: { key: string }) => c.key === 'power').missing).toBe(0);
    expect(q2.duplicateTimestamps).toBe(0);

    const before = await call('data.datasets.get', { id: result.datasetId, offset: 0, limit: 5000 });
    const undone = await call('data.clean.undo', { id: result.datasetId, stepId: s1.stepId });
    expect(undone.dataset.provenance.map((p: { kind: string }) => p.kind)).toEqual(['import', 'fill-gaps', 'remove-duplicates']);
    const after = await call('data.datasets.get', { id: result.datasetId, offset: 0, limit: 5000 });
    // The flow spike is back (outlier removal undone), the filled power gaps are still filled.
    const maxFlow = (rows: Array<{ values: (number | null)[] }>) => Math.max(...rows.map((r) => r.values[1] ?? 0));
    expect(maxFlow(after.rows)).toBeGreaterThan(maxFlow(before.rows) * 2);
    const q3 = await call('data.quality', { id: result.datasetId });
    expect(q3.columns.find((c: { key: string }) => c.key === 'power').missing).toBe(0);
    // Undo everything: back to the imported rows exactly.
    for (const step of undone.dataset.provenance.filter((p: { reversible: boolean }) => p.reversible).reverse()) await call('data.clean.undo', { id: result.datasetId, stepId: step.id });
    const original = await call('data.datasets.get', { id: result.datasetId, offset: 0, limit: 5000 });
    expect(original.dataset.rowCount).toBe(result.rowCount);
    const q4 = await call('data.quality', { id: result.datasetId });
    expect(q4.columns.find((c: { key: string }) => c.key === 'power').missing).toBe(2);
  });

  it('reads the semicolon, decimal-comma, Windows-1252 variant with a preamble', async () => {
    const { call } = await testCore();
    const { preview, result } = await importFile(call, path.join(demoDir, 'pump-p1-test-2025-01-14-de.csv'));
    expect(preview.detected).toMatchObject({ delimiter: ';', decimal: ',', headerRow: 4, encoding: 'windows-1252' });
    expect(preview.headers[4]).toBe('Förderhöhe [m]');
    expect(preview.columns.map((c) => c.quantity)).toEqual(['time', 'flow', 'pressure', 'pressure', 'head', 'power', 'speed', 'efficiency', 'temperature']);
    expect(result.invalidCount).toBe(0);
    expect(result.rowCount).toBe(420);
    const page = await call('data.datasets.get', { id: result.datasetId, offset: 1, limit: 1 });
    expect(page.rows[0].values[0]).toBe(Date.UTC(2025, 0, 14, 9, 0, 1));
    expect(page.rows[0].values[1]).toBeCloseTo(2.81, 10);
  });

  it('converts units and pressure to head for a density', async () => {
    const { call, dataDir } = await testCore();
    const file = path.join(dataDir, 'units.csv');
    writeFileSync(file, 'time,Q [L/s],p [kPa],eta [%]\n2025-01-14T00:00:00Z,10,98.0665,75\n2025-01-14T00:00:01Z,20,196.133,76\n');
    const preview = await call<Preview>('data.import.preview', { source: { kind: 'path', path: file } });
    const mappings = mappingsOf(preview).map((m) => (m.quantity === 'pressure' ? { ...m, pressureAsHead: true } : m));
    const result = await call('data.import.run', { importId: 'u1', source: { kind: 'path', path: file }, name: 'Units', options: preview.options, mappings, densityKgM3: 1000, zone: 'utc' });
    const page = await call('data.datasets.get', { id: result.datasetId });
    expect(page.dataset.columns.map((c: { quantity: string; unit: string }) => `${c.quantity}:${c.unit}`)).toEqual(['time:ms', 'flow:m3/h', 'head:m', 'efficiency:fraction']);
    expect(page.rows[0].values[1]).toBeCloseTo(36, 9);
    expect(page.rows[0].values[2]).toBeCloseTo(10, 9);
    expect(page.rows[1].values[3]).toBeCloseTo(0.76, 12);
  });

  it('uploads in chunks and imports an XLSX sheet', async () => {
    const { call, dataDir } = await testCore();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['Pump P1']);
    const ws = wb.addWorksheet('Log');
    ws.addRow(['Time', 'Flow [m3/h]', 'Head [m]']);
    for (let i = 0; i < 50; i++) ws.addRow([new Date(Date.UTC(2025, 0, 14, 9, 0, i)), 100 + i, i === 7 ? 'n/a?' : 40 - i * 0.1]);
    const file = path.join(dataDir, 'log.xlsx');
    await wb.xlsx.writeFile(file);
    const bytes = readFileSync(file);
    const { uploadId, chunkBytes } = await call('data.upload.begin', { name: 'log.xlsx', sizeBytes: bytes.length });
    const small = Math.min(chunkBytes, 1000);
    for (let off = 0; off < bytes.length; off += small) await call('data.upload.chunk', { uploadId, offset: off, hex: bytes.subarray(off, off + small).toString('hex') });
    await expect(call('data.upload.chunk', { uploadId, offset: 5, hex: '00' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await call('data.upload.end', { uploadId });
    const preview = await call<Preview & { sheets: string[] }>('data.import.preview', { source: { kind: 'upload', uploadId }, options: { sheet: 'Log' } });
    expect(preview.sheets).toEqual(['Notes', 'Log']);
    expect(preview.options.headerRow).toBe(1);
    const result = await call('data.import.run', { importId: 'x1', source: { kind: 'upload', uploadId }, name: 'XLSX', options: preview.options, mappings: mappingsOf(preview), zone: 'utc' });
    expect(result.rowCount).toBe(49);
    expect(result.invalidRows[0]).toMatchObject({ line: 9 });
    const page = await call('data.datasets.get', { id: result.datasetId, limit: 1 });
    expect(page.rows[0].values).toEqual([Date.UTC(2025, 0, 14, 9, 0, 0), 100, 40]);
  });

  it('gives clear errors for missing files, oversize uploads, bad mappings and cancels', async () => {
    const { call, dataDir } = await testCore();
    await expect(call('data.import.preview', { source: { kind: 'path', path: path.join(dataDir, 'nope.csv') } })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('nope.csv') });
    await expect(call('data.upload.begin', { name: 'huge.csv', sizeBytes: 2 ** 31 })).rejects.toMatchObject({ code: 'LIMIT' });
    const file = path.join(demoDir, 'pump-p1-test-2025-01-14.csv');
    const preview = await call<Preview>('data.import.preview', { source: { kind: 'path', path: file } });
    const bad = mappingsOf(preview).map((m) => (m.quantity === 'flow' ? { ...m, unit: 'bar' } : m));
    await expect(call('data.import.run', { importId: 'b1', source: { kind: 'path', path: file }, name: 'x', options: preview.options, mappings: bad })).rejects.toMatchObject({ message: expect.stringContaining("Cannot convert 'bar'") });
    const controller = new AbortController();
    controller.abort();
    await expect(call('data.import.run', { importId: 'c1', source: { kind: 'path', path: file }, name: 'x', options: preview.options, mappings: mappingsOf(preview) }, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await call('data.datasets.list', {})).datasets).toHaveLength(0);
  });

  it('derives steady test points and exports CSV', async () => {
    const { call } = await testCore();
    const { result } = await importFile(call, path.join(demoDir, 'pump-p1-test-2025-01-14.csv'));
    const tp = await call('data.derive.testPoints', { id: result.datasetId, column: 'flow', window: 30, maxRelStd: 0.01, minRows: 20 });
    expect(tp.points).toBeGreaterThanOrEqual(8);
    const mark = await call('data.clean.apply', { id: result.datasetId, step: { kind: 'steady-state', column: 'flow', window: 30, maxRelStd: 0.02, action: 'mark' } });
    expect(mark.dataset.columns.at(-1)).toMatchObject({ key: 'steady', quantity: 'other' });
    const csv = await call('data.export.csv', { id: tp.dataset.id, delimiter: ';', decimal: ',' });
    expect(csv.rows).toBe(tp.points);
    expect(csv.csv.split('\n')[0]).toContain('Flow [m3/h]');
    expect(csv.csv.split('\n')[1]).toMatch(/^2025-01-14T09:0\d:\d\d\.\d{3}Z;\d+,?\d*;/);
    const series = await call('data.datasets.series', { id: result.datasetId, y: ['flow', 'head'], maxPoints: 200 });
    expect(series.points).toBeLessThanOrEqual(200);
    expect(series.total).toBe(1400);
    await call('data.datasets.rename', { id: result.datasetId, name: 'Renamed' });
    expect((await call('data.datasets.delete', { id: tp.dataset.id })).deleted).toBe(true);
    expect((await call('data.datasets.list', {})).datasets.map((d: { name: string }) => d.name)).toEqual(['Renamed']);
  });
});
