import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChartBlock, ReportBlock, ReportDocument } from '#shared/rpc/domains/reports';
import { renderPdf } from './pdf';
import { DEJAVU_FILES, fontCandidates, loadPdfFonts, readFontSet } from './pdfText';

function has(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const POPPLER = has('pdftotext') && has('pdffonts');
if (!POPPLER) console.warn('poppler-utils (pdftotext, pdffonts) not found: PDF text and font checks are skipped.');

const dir = mkdtempSync(path.join(os.tmpdir(), 'swb-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function write(bytes: Buffer): string {
  const file = path.join(dir, `t${++n}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

function pages(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

type Word = { text: string; yMin: number; yMax: number };
/** Words with positions per page (pdftotext -bbox; y in points from the top). */
function words(file: string): Word[][] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return html
    .split('<page ')
    .slice(1)
    .map((p) => [...p.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ text: m[3]!, yMin: Number(m[1]), yMax: Number(m[2]) })));
}
const pageOf = (ws: Word[][], text: string) => ws.findIndex((p) => p.some((w) => w.text === text));

function report(blocks: ReportBlock[], extra: Partial<ReportDocument> = {}): ReportDocument {
  return {
    title: 'Test report',
    projectName: 'Riverside',
    stationName: 'PS-07',
    client: 'Water Board',
    generatedAt: Date.UTC(2026, 10, 22),
    sections: [{ id: 'body', title: 'Body', number: '1', blocks }],
    skipped: [],
    ...extra,
  };
}

const SYMBOLS = ['η', '≥', '³', '²', '°C', '±', 'µ', 'Δ'];
const UNICODE_TEXT = 'Best efficiency η = 78.4 % at Q = 152 m³/h; head ≥ 31.5 m; area 0.12 m²; 18.5 °C ± 0.2; vibration 4.1 µm; ΔH = 0.8 m.';

function lines(count: number, tag: string): string {
  return Array.from({ length: count }, (_, i) => `${tag} line ${i + 1} of the filler paragraph that takes up room on the page.`).join('\n');
}

function chart(title: string, height = 300): ChartBlock {
  return {
    kind: 'chart',
    title,
    x: { label: 'Flow Q (m³/h)' },
    y: { label: 'Head H (m)' },
    series: [{ name: 'P1 η-Q', points: [[0, 40], [100, 35], [200, 25]], style: 'line+points' }],
    height,
  };
}

describe('Unicode fonts', () => {
  it('finds the DejaVu files from source', () => {
    const fonts = loadPdfFonts();
    expect(fonts.unicode).toBe(true);
    if (fonts.unicode) {
      expect(Object.keys(fonts.files).sort()).toEqual(Object.keys(DEJAVU_FILES).sort());
      expect(fontCandidates()).toContain(fonts.dir);
    }
  });

  it.skipIf(!POPPLER)('prints η, ≥, ³, ², °C, ±, µ and Δ as themselves, with the fonts embedded as subsets', async () => {
    const out = await renderPdf(
      report([
        { kind: 'paragraph', text: UNICODE_TEXT },
        { kind: 'table', title: 'Duty points ΔH', columns: [{ label: 'Q (m³/h)' }, { label: 'η (%)' }, { label: 'Tol.' }], rows: [[152, 78.4, '± 2 %'], [180, 76, '≥ 70 %']] },
        chart('H-Q at 18 °C'),
      ]),
    );
    expect(out.fonts).toBe('dejavu');
    expect(out.warnings).toEqual([]);
    const file = write(out.bytes);
    const text = pages(file).join('\n');
    for (const s of SYMBOLS) expect(text, s).toContain(s);
    expect(text).toContain('m³/h');
    expect(text).not.toContain('eta');
    expect(text).not.toMatch(/>=/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) {
      // name: 6 upper-case letters + '+' (a subset), then DejaVu; emb yes, sub yes.
      expect(line).toMatch(/^[A-Z]{6}\+DejaVuSans/);
      const cols = line.trim().split(/\s+/);
      expect(cols.slice(-5, -3), line).toEqual(['yes', 'yes']);
    }
    // Subsetting keeps the file small: the full faces are ~4.5 MB together.
    expect(out.bytes.length).toBeLessThan(200_000);
  });

  it.skipIf(!POPPLER)('falls back to the standard fonts with a warning when the files are missing', async () => {
    const missing = readFontSet([path.join(dir, 'no-fonts-here')]);
    expect(missing.unicode).toBe(false);
    if (!missing.unicode) expect(missing.warning).toMatch(/DejaVuSans\.ttf.*not found in .*no-fonts-here/);
    const out = await renderPdf(report([{ kind: 'paragraph', text: UNICODE_TEXT }]), { fonts: missing });
    expect(out.fonts).toBe('standard');
    expect(out.warnings[0]).toMatch(/standard fonts/);
    const file = write(out.bytes);
    const text = pages(file).join('\n');
    expect(text).toContain('eta = 78.4');
    expect(text).toContain('head >= 31.5');
    expect(text).toContain('m³/h'); // ³ is in Windows-1252
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toContain('Helvetica');
  });
});

describe('cancellation', () => {
  it('rejects with CANCELLED when the signal is aborted mid-render', async () => {
    const controller = new AbortController();
    const blocks: ReportBlock[] = [];
    for (let i = 0; i < 40; i++) blocks.push({ kind: 'paragraph', text: lines(20, `p${i}`) }, chart(`Chart ${i}`, 200));
    let calls = 0;
    const err = await renderPdf(report(blocks), {
      signal: controller.signal,
      onProgress: () => {
        if (++calls === 1) setTimeout(() => controller.abort(), 0);
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CANCELLED' });
  });
});

describe.skipIf(!POPPLER)('page layout', () => {
  it('moves a chart that does not fit to the next page and lets the following text fill the space above', async () => {
    const out = await renderPdf(
      report([
        { kind: 'paragraph', text: lines(26, 'fill') },
        { kind: 'heading', level: 3, text: 'ChartHeading for the float' },
        chart('FloatChart H-Q'),
        { kind: 'paragraph', text: 'FlowedText after the chart, short enough to fit above it.' },
        { kind: 'kv', title: 'FlowedKv', rows: [{ key: 'Pump', value: 'P1' }, { key: 'Speed', value: '1480 rpm' }] },
      ]),
    );
    const ws = words(write(out.bytes));
    const chartPage = pageOf(ws, 'FloatChart');
    expect(chartPage).toBe(1);
    // Heading kept with its chart; following text flowed into the space above.
    expect(pageOf(ws, 'ChartHeading')).toBe(chartPage);
    expect(pageOf(ws, 'FlowedText')).toBe(0);
    expect(pageOf(ws, 'FLOWEDKV')).toBe(0);
    // The chart starts at the top of its page.
    const heading = ws[chartPage]!.find((w) => w.text === 'ChartHeading')!;
    expect(heading.yMin).toBeLessThan(100);
  });

  it('never leaves a heading alone at a page bottom, whatever precedes it', async () => {
    for (let count = 30; count <= 52; count += 2) {
      const rows = Array.from({ length: 12 }, (_, i) => [`row${i}`, i * 10, 'ok']);
      const out = await renderPdf(
        report([
          { kind: 'paragraph', text: lines(count, 'fill') },
          { kind: 'heading', level: 2, text: 'OrphanCheck heading' },
          { kind: 'table', columns: [{ label: 'TableHeadName' }, { label: 'Value' }, { label: 'State' }], rows },
          { kind: 'heading', level: 3, text: 'ChartKeep heading' },
          chart('KeepChart'),
        ]),
      );
      const ws = words(write(out.bytes));
      const hp = pageOf(ws, 'OrphanCheck');
      expect(pageOf(ws, 'TableHeadName'), `lines=${count}`).toBe(hp);
      // The first two rows sit under the header on the same page.
      expect(pageOf(ws, 'row1'), `lines=${count}`).toBe(hp);
      expect(pageOf(ws, 'ChartKeep'), `lines=${count}`).toBe(pageOf(ws, 'KeepChart'));
    }
  });

  it('breaks a long table between rows and repeats the header with "(continued)"', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`r${i}`, `value ${i}`, i % 7 === 0 ? 'a longer note that wraps onto two lines in this narrow column of the table, to vary row heights' : 'ok']);
    const out = await renderPdf(report([{ kind: 'table', title: 'Readings', columns: [{ label: 'Id' }, { label: 'Value' }, { label: 'Note', width: 10 }], rows }]));
    const file = write(out.bytes);
    const text = pages(file);
    expect(text.length).toBeGreaterThanOrEqual(3);
    for (const p of text.slice(1)) expect(p).toContain('Readings (continued)');
    const ws = words(file);
    // Every row id appears exactly once, in order: no row lost or split.
    const ids = ws.flat().filter((w) => /^r\d+$/.test(w.text)).map((w) => Number(w.text.slice(1)));
    expect(ids).toEqual(Array.from({ length: 120 }, (_, i) => i));
    // Nothing is drawn into the footer band.
    for (const p of ws) for (const w of p.filter((x) => /^r\d+$/.test(x.text))) expect(w.yMax).toBeLessThan(841.89 - 64 + 1);
  });
});

describe.skipIf(!POPPLER)('table pagination', () => {
  it('keeps at least three rows at the start and on the last page of a broken table (no orphans or widows)', async () => {
    for (let n = 40; n <= 52; n += 3) {
      const rows = Array.from({ length: n }, (_, i) => [`w${i}`, `value ${i}`]);
      const out = await renderPdf(report([{ kind: 'paragraph', text: lines(8, 'intro') }, { kind: 'table', title: 'Widows', columns: [{ label: 'Id' }, { label: 'Value' }], rows, caption: 'CaptionEnd of the table.' }]));
      const ws = words(write(out.bytes));
      const perPage = ws.map((p) => p.filter((w) => /^w\d+$/.test(w.text)).length).filter((c) => c > 0);
      expect(perPage.reduce((a, b) => a + b, 0), `n=${n}`).toBe(n);
      for (const c of perPage) expect(c, `n=${n}: ${perPage.join('/')}`).toBeGreaterThanOrEqual(3);
      // The caption sits on the page of the last row.
      expect(pageOf(ws, 'CaptionEnd'), `n=${n}`).toBe(pageOf(ws, `w${n - 1}`));
    }
  });
});

describe('files', () => {
  it('leaves no stray files in the output folder of a test run', () => {
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir).every((f) => f.endsWith('.pdf'))).toBe(true);
  });
});
