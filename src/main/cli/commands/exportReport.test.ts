import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore } from '../../core/testing/testCore';
import { parseArgs } from '../../host/args';
import type { CliOutput } from '../command';
import { exportCommand } from './export';
import { reportCommand } from './report';

/*
 * `swb export` and `swb report` on a saved demo project, run in-process as the CLI runs them (a
 * one-shot core on the file). The exported sheets must be the readable contract views (dataset
 * rows with named columns), not raw table dumps.
 */

let dir: string;
let project: string;
let demoDataset: { name: string; rowCount: number };

beforeAll(async () => {
  const { core, call, dataDir } = await createTestCore({ prefix: 'cli-export' });
  dir = dataDir;
  const info = await core.projectInfo();
  project = info.path!;
  const { datasets } = await call<{ datasets: Array<{ name: string; rowCount: number }> }>('data.datasets.list');
  demoDataset = datasets[0]!;
  await core.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliOutput & { value?: unknown; text: string } {
  const out: CliOutput & { value?: unknown; text: string } = {
    json: true,
    text: '',
    result(value, text) {
      out.value = value;
      out.text = text;
    },
  };
  return out;
}

describe('swb export / swb report', { timeout: 120_000 }, () => {
  it('exports the demo datasets as XLSX through the data contract', async () => {
    const target = path.join(dir, 'datasets.xlsx');
    const out = capture();
    const code = await exportCommand.run(parseArgs(['--project', project, '--what', 'datasets', '--format', 'xlsx', '--out', target]), out);
    expect(code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    const overview = wb.getWorksheet('datasets');
    expect(overview, 'an overview sheet named datasets').toBeDefined();
    const header = (overview!.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(header).toContain('name');
    const names = [];
    for (let r = 2; r <= overview!.rowCount; r++) names.push(String(overview!.getRow(r).getCell(header.indexOf('name') + 1).value));
    expect(names).toContain(demoDataset.name);
    // One sheet holds the demo log's rows with its named quantities.
    const dataSheet = wb.worksheets.find((ws) => ws.rowCount - 1 === demoDataset.rowCount);
    expect(dataSheet, `a sheet with the ${demoDataset.rowCount} rows of ${demoDataset.name}`).toBeDefined();
    const cols = (dataSheet!.getRow(1).values as unknown[]).filter(Boolean).map(String).join(' ');
    expect(cols.toLowerCase()).toMatch(/flow/);
    expect(cols.toLowerCase()).toMatch(/head/);
  });

  it('refuses an unknown --what with the accepted values', async () => {
    await expect(exportCommand.run(parseArgs(['--project', project, '--what', 'everything', '--out', path.join(dir, 'x.csv')]), capture())).rejects.toThrow(/datasets, fits, alarms, optimization/);
  });

  it('writes the commissioning report PDF with the demo station in it', async () => {
    const target = path.join(dir, 'report.pdf');
    const code = await reportCommand.run(parseArgs(['--project', project, '--out', target]), capture());
    expect(code).toBe(0);
    expect(existsSync(target)).toBe(true);
    expect(readFileSync(target).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', target, '-'], { encoding: 'utf8' });
    expect(text).toContain('Station and equipment');
    expect(text).toMatch(/Page 2 of \d+/);
  });
});
