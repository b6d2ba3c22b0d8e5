import PDFDocument from 'pdfkit';
import type { BuiltSection, ChartBlock, ReportBlock, ReportCell, ReportDocument, TableColumn } from '#shared/rpc/domains/reports';
import { chartScales, seriesColor } from './chartGeometry';
import { fmt, fmtDate } from './section';
import { pdfSafe } from './pdfText';

// A4 portrait in PostScript points. Margins leave room for the running header and footer.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = { top: 72, bottom: 64, left: 56, right: 56 };
const CONTENT_W = PAGE_W - MARGIN.left - MARGIN.right;
const BODY_BOTTOM = PAGE_H - MARGIN.bottom;

const COLOR = {
  text: '#1c2127',
  muted: '#5f6b7c',
  accent: '#215db0',
  rule: '#c5cbd3',
  grid: '#e5e8ec',
  headerFill: '#e8edf4',
  zebra: '#f6f8fa',
  pass: '#1c6e42',
  passFill: '#e6f4ea',
  fail: '#ac2f33',
  failFill: '#fbe9e9',
  warn: '#935610',
  warnFill: '#fdf3e1',
};
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', mono: 'Courier' };

/** TOC lines per page; the TOC pages are reserved before the body so page numbers are final. */
const TOC_ENTRIES_PER_PAGE = 34;

export interface PdfOutput {
  bytes: Buffer;
  pages: number;
}

type Doc = PDFKit.PDFDocument & {
  addNamedDestination(name: string, ...args: unknown[]): void;
  goTo(x: number, y: number, w: number, h: number, name: string): void;
};

/**
 * Renders a built report to PDF with pdfkit: cover, contents with page numbers and links, numbered
 * sections, tables that break across pages with repeated header rows, vector charts, sign-off
 * boxes, and a running header and footer (project, station, date, "Page n of N") on every page but
 * the cover. One pass: pages are buffered so the contents and footers are written at the end.
 */
export async function renderPdf(report: ReportDocument, onProgress?: (fraction: number, message: string) => void): Promise<PdfOutput> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    info: {
      Title: pdfSafe(`${report.title} — ${report.stationName || report.projectName}`),
      Author: 'Station Workbench',
      Subject: pdfSafe(report.projectName),
      Creator: 'Station Workbench',
      CreationDate: new Date(report.generatedAt),
    },
  }) as Doc;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const r = new Renderer(doc, report);
  r.render(onProgress);
  const pages = doc.bufferedPageRange().count;
  doc.end();
  await done;
  return { bytes: Buffer.concat(chunks), pages };
}

class Renderer {
  private readonly noChrome = new Set<number>();
  private toc: { first: number; pages: number } | undefined;
  private readonly entries: Array<{ section: BuiltSection; page: number; dest: string }> = [];
  private startedBody = false;
  private currentTitle = '';

  constructor(
    private readonly doc: Doc,
    private readonly report: ReportDocument,
  ) {}

  render(onProgress?: (fraction: number, message: string) => void): void {
    const { sections } = this.report;
    const numbered = sections.filter((s) => s.number !== undefined);
    sections.forEach((section, i) => {
      onProgress?.(i / Math.max(1, sections.length), `Rendering ${section.title}`);
      if (section.number === undefined) this.frontMatter(section, numbered.length);
      else this.section(section);
    });
    if (this.doc.bufferedPageRange().count === 0) this.newPage();
    if (this.toc) this.writeToc();
    this.chrome();
    onProgress?.(1, 'Rendered');
  }

  // ---------------------------------------------------------------- layout primitives

  private get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private newPage(): void {
    this.doc.addPage();
    this.doc.x = MARGIN.left;
    this.doc.y = MARGIN.top;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  private ensure(height: number): void {
    if (this.doc.bufferedPageRange().count === 0 || this.doc.y + height > BODY_BOTTOM) this.newPage();
  }

  private font(name: string, size: number, color = COLOR.text): void {
    this.doc.font(name).fontSize(size).fillColor(color);
  }

  private textHeight(text: string, width: number, font: string, size: number, lineGap = 1.5): number {
    this.doc.font(font).fontSize(size);
    return this.doc.heightOfString(text, { width, lineGap });
  }

  // ---------------------------------------------------------------- front matter

  private frontMatter(section: BuiltSection, numberedCount: number): void {
    for (const block of section.blocks) {
      if (block.kind === 'cover') this.cover(block);
      else if (block.kind === 'toc') {
        this.newPage();
        const pages = Math.max(1, Math.ceil(numberedCount / TOC_ENTRIES_PER_PAGE));
        this.toc = { first: this.pageIndex, pages };
        for (let i = 1; i < pages; i++) this.newPage();
      } else this.block(block);
    }
  }

  private cover(block: Extract<ReportBlock, { kind: 'cover' }>): void {
    const doc = this.doc;
    this.newPage();
    this.noChrome.add(this.pageIndex);
    doc.rect(0, 0, PAGE_W, 150).fill(COLOR.accent);
    this.font(FONT.bold, 10, '#ffffff');
    doc.text('STATION WORKBENCH', MARGIN.left, 56, { characterSpacing: 2, lineBreak: false });
    this.font(FONT.regular, 10, '#dbe6f7');
    doc.text('Pump-station commissioning', MARGIN.left, 72, { lineBreak: false });

    this.font(FONT.bold, 28);
    doc.text(pdfSafe(block.title), MARGIN.left, 230, { width: CONTENT_W });
    doc.moveDown(0.3);
    this.font(FONT.regular, 15, COLOR.muted);
    doc.text(pdfSafe(block.subtitle), { width: CONTENT_W });
    const ruleY = doc.y + 18;
    doc.moveTo(MARGIN.left, ruleY).lineTo(MARGIN.left + 80, ruleY).lineWidth(3).strokeColor(COLOR.accent).stroke();
    doc.y = ruleY + 26;
    const rows = [...block.rows, { key: 'Date of report', value: block.date }];
    for (const row of rows) {
      const y = doc.y;
      this.font(FONT.regular, 10, COLOR.muted);
      doc.text(pdfSafe(row.key), MARGIN.left, y, { width: 150 });
      this.font(FONT.bold, 11);
      doc.text(pdfSafe(row.value), MARGIN.left + 160, y - 0.5, { width: CONTENT_W - 160 });
      doc.y = Math.max(doc.y, y + 14) + 8;
    }
    this.font(FONT.regular, 8, COLOR.muted);
    doc.text(`Generated by Station Workbench on ${fmtDate(this.report.generatedAt)}. Charts are vector graphics; the data behind them is available as CSV/XLSX exports.`, MARGIN.left, PAGE_H - 90, {
      width: CONTENT_W,
    });
  }

  private writeToc(): void {
    const doc = this.doc;
    const toc = this.toc!;
    const perPage = TOC_ENTRIES_PER_PAGE;
    for (let p = 0; p < toc.pages; p++) {
      doc.switchToPage(toc.first + p);
      let y = MARGIN.top;
      if (p === 0) {
        this.font(FONT.bold, 18);
        doc.text('Contents', MARGIN.left, y, { lineBreak: false });
        y += 40;
      }
      for (const entry of this.entries.slice(p * perPage, (p + 1) * perPage)) {
        const pageLabel = String(entry.page + 1);
        this.font(FONT.bold, 11);
        doc.text(entry.section.number ?? '', MARGIN.left, y, { width: 24, lineBreak: false });
        this.font(FONT.regular, 11);
        const title = pdfSafe(entry.section.title);
        const titleW = doc.widthOfString(title);
        doc.text(title, MARGIN.left + 26, y, { lineBreak: false });
        const numW = doc.widthOfString(pageLabel);
        doc.text(pageLabel, MARGIN.left + CONTENT_W - numW, y, { lineBreak: false });
        // Dot leaders between the title and the page number.
        const dotsFrom = MARGIN.left + 26 + titleW + 6;
        const dotsTo = MARGIN.left + CONTENT_W - numW - 6;
        if (dotsTo > dotsFrom) {
          doc.save();
          doc.moveTo(dotsFrom, y + 9).lineTo(dotsTo, y + 9).lineWidth(0.8).dash(0.8, { space: 3 }).strokeColor(COLOR.rule).stroke();
          doc.undash();
          doc.restore();
        }
        doc.goTo(MARGIN.left, y - 2, CONTENT_W, 16, entry.dest);
        y += 20;
      }
      if (p === toc.pages - 1 && this.report.skipped.length > 0) {
        y += 14;
        this.font(FONT.italic, 8.5, COLOR.muted);
        doc.text(pdfSafe(`Not included: ${this.report.skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}.`), MARGIN.left, y, { width: CONTENT_W });
      }
    }
  }

  // ---------------------------------------------------------------- body

  private section(section: BuiltSection): void {
    const doc = this.doc;
    if (!this.startedBody) {
      this.startedBody = true;
      this.newPage();
    } else this.ensure(section.blocks.some((b) => b.kind === 'signatures') ? 340 : 170);
    this.currentTitle = section.title;
    if (doc.y > MARGIN.top + 1) doc.y += 18;
    const dest = `section-${section.id}`;
    doc.addNamedDestination(dest, 'XYZ', 0, doc.y - 8, null);
    this.entries.push({ section, page: this.pageIndex, dest });
    doc.outline.addItem(pdfSafe(`${section.number} ${section.title}`));
    const y = doc.y;
    this.font(FONT.bold, 17, COLOR.accent);
    doc.text(section.number ?? '', MARGIN.left, y, { width: 30, lineBreak: false });
    this.font(FONT.bold, 17);
    doc.text(pdfSafe(section.title), MARGIN.left + 30, y, { width: CONTENT_W - 30 });
    const ruleY = doc.y + 4;
    doc.moveTo(MARGIN.left, ruleY).lineTo(MARGIN.left + CONTENT_W, ruleY).lineWidth(0.8).strokeColor(COLOR.rule).stroke();
    doc.y = ruleY + 12;
    for (const block of section.blocks) this.block(block);
  }

  private block(block: ReportBlock): void {
    switch (block.kind) {
      case 'heading':
        return this.heading(block.text, block.level);
      case 'paragraph':
        return this.paragraph(block.text, block.tone);
      case 'kv':
        return this.kv(block.title, block.rows);
      case 'table':
        return this.table(block.title, block.columns, block.rows, block.caption);
      case 'chart':
        return this.chart(block);
      case 'signatures':
        return this.signatures(block.parties);
      case 'pageBreak':
        return this.newPage();
      case 'cover':
        return this.cover(block);
      case 'toc':
        return;
    }
  }

  private heading(text: string, level: 2 | 3): void {
    const size = level === 2 ? 12.5 : 10.5;
    // Keep a heading with at least a few lines of what follows.
    this.ensure(size + 70);
    const doc = this.doc;
    if (doc.y > MARGIN.top + 1) doc.y += level === 2 ? 10 : 6;
    this.font(FONT.bold, size, level === 2 ? COLOR.text : COLOR.muted);
    doc.text(pdfSafe(text), MARGIN.left, doc.y, { width: CONTENT_W });
    doc.y += 5;
  }

  private paragraph(text: string, tone: 'normal' | 'muted' | 'pass' | 'fail' | 'warn' = 'normal'): void {
    const doc = this.doc;
    const safe = pdfSafe(text);
    if (tone === 'pass' || tone === 'fail' || tone === 'warn') {
      const pad = 7;
      const h = this.textHeight(safe, CONTENT_W - 2 * pad - 4, FONT.bold, 10) + 2 * pad;
      this.ensure(h + 8);
      const y = doc.y;
      doc.rect(MARGIN.left, y, CONTENT_W, h).fill(COLOR[`${tone}Fill`]);
      doc.rect(MARGIN.left, y, 3.5, h).fill(COLOR[tone]);
      this.font(FONT.bold, 10, COLOR[tone]);
      doc.text(safe, MARGIN.left + pad + 4, y + pad, { width: CONTENT_W - 2 * pad - 4, lineGap: 1.5 });
      doc.y = y + h + 8;
      return;
    }
    this.ensure(30);
    this.font(tone === 'muted' ? FONT.italic : FONT.regular, 10, tone === 'muted' ? COLOR.muted : COLOR.text);
    doc.text(safe, MARGIN.left, doc.y, { width: CONTENT_W, lineGap: 2.5, paragraphGap: 2 });
    doc.y += 6;
  }

  private kv(title: string | undefined, rows: Array<{ key: string; value: string }>): void {
    const doc = this.doc;
    const keyW = Math.min(170, CONTENT_W * 0.36);
    const valW = CONTENT_W - keyW - 8;
    if (title) {
      this.ensure(40);
      this.font(FONT.bold, 9.5, COLOR.muted);
      doc.text(pdfSafe(title).toUpperCase(), MARGIN.left, doc.y, { width: CONTENT_W, characterSpacing: 0.6 });
      doc.y += 3;
    }
    for (const row of rows) {
      const key = pdfSafe(row.key);
      const value = pdfSafe(row.value || '—');
      const h = Math.max(this.textHeight(key, keyW, FONT.regular, 9.5), this.textHeight(value, valW, FONT.regular, 9.5)) + 6;
      this.ensure(h);
      const y = doc.y;
      this.font(FONT.regular, 9.5, COLOR.muted);
      doc.text(key, MARGIN.left, y + 3, { width: keyW, lineGap: 1.5 });
      this.font(FONT.regular, 9.5);
      doc.text(value, MARGIN.left + keyW + 8, y + 3, { width: valW, lineGap: 1.5 });
      doc.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + CONTENT_W, y + h).lineWidth(0.4).strokeColor(COLOR.grid).stroke();
      doc.y = y + h;
    }
    doc.y += 10;
  }

  // ---------------------------------------------------------------- tables

  private cellText(cell: ReportCell): string {
    if (cell === null) return '—';
    return pdfSafe(typeof cell === 'number' ? fmt(cell, 5) : cell);
  }

  /**
   * Column widths from the content: never narrower than a column's longest unbreakable word (so
   * identifiers do not split mid-word), wrapping text columns take the squeeze, and the table
   * spans the full text width.
   */
  private columnWidths(columns: TableColumn[], rows: string[][]): number[] {
    const doc = this.doc;
    const pad = 9;
    const longestWord = (t: string) => t.split(/[ \t\n]+/).reduce((m, w) => Math.max(m, doc.widthOfString(w)), 0);
    const mins: number[] = [];
    const natural: number[] = [];
    columns.forEach((c, i) => {
      doc.font(FONT.bold).fontSize(8);
      let min = longestWord(pdfSafe(c.label)) + pad;
      let nat = Math.min(doc.widthOfString(pdfSafe(c.label)) + pad, 90);
      doc.font(c.mono ? FONT.mono : FONT.regular).fontSize(8.5);
      for (const row of rows.slice(0, 300)) {
        const t = row[i] ?? '';
        nat = Math.max(nat, doc.widthOfString(t) + pad);
        min = Math.max(min, longestWord(t) + pad);
      }
      mins.push(Math.min(min, 150));
      natural.push(Math.min(Math.max(nat, min), 300));
    });
    const sumNat = natural.reduce((a, b) => a + b, 0);
    const sumMin = mins.reduce((a, b) => a + b, 0);
    if (sumNat <= CONTENT_W) {
      // Spare width goes to the columns that hold wrapping text first (weights: the width hints).
      const weights = columns.map((c, i) => c.width ?? natural[i]!);
      const wsum = weights.reduce((a, b) => a + b, 0);
      return natural.map((w, i) => w + ((CONTENT_W - sumNat) * weights[i]!) / wsum);
    }
    if (sumMin >= CONTENT_W) return mins.map((w) => (w / sumMin) * CONTENT_W);
    const scale = (CONTENT_W - sumMin) / (sumNat - sumMin);
    return natural.map((w, i) => mins[i]! + (w - mins[i]!) * scale);
  }

  /** A table: header row repeated on every page it spans; a row never splits across pages. */
  private table(title: string | undefined, columns: TableColumn[], rawRows: ReportCell[][], caption: string | undefined): void {
    const doc = this.doc;
    const rows = rawRows.map((r) => columns.map((_, i) => this.cellText(r[i] ?? null)));
    const widths = this.columnWidths(columns, rows);
    const padX = 4;
    const padY = 3.5;
    const size = 8.5;
    const headerH = Math.max(...columns.map((c, i) => this.textHeight(pdfSafe(c.label), widths[i]! - 2 * padX, FONT.bold, 8, 1))) + 2 * padY;
    const rowHeight = (row: string[]) => Math.max(...row.map((t, i) => this.textHeight(t, widths[i]! - 2 * padX, columns[i]!.mono ? FONT.mono : FONT.regular, size, 1))) + 2 * padY;
    const maxRowH = BODY_BOTTOM - MARGIN.top - headerH - 20;

    const drawHeader = (continued: boolean) => {
      if (title || continued) {
        this.font(FONT.bold, 9, continued ? COLOR.muted : COLOR.text);
        doc.text(pdfSafe(`${title ?? this.currentTitle}${continued ? ' (continued)' : ''}`), MARGIN.left, doc.y, { width: CONTENT_W });
        doc.y += 3;
      }
      const y = doc.y;
      doc.rect(MARGIN.left, y, CONTENT_W, headerH).fill(COLOR.headerFill);
      let x = MARGIN.left;
      this.font(FONT.bold, 8);
      columns.forEach((c, i) => {
        doc.fillColor(COLOR.text).text(pdfSafe(c.label), x + padX, y + padY, { width: widths[i]! - 2 * padX, align: c.align ?? 'left', lineGap: 1 });
        x += widths[i]!;
      });
      doc.moveTo(MARGIN.left, y + headerH).lineTo(MARGIN.left + CONTENT_W, y + headerH).lineWidth(0.8).strokeColor(COLOR.muted).stroke();
      doc.y = y + headerH;
    };

    const firstH = rows.length > 0 ? Math.min(rowHeight(rows[0]!), maxRowH) : 14;
    this.ensure((title ? 16 : 0) + headerH + firstH + 4);
    drawHeader(false);
    if (rows.length === 0) {
      this.font(FONT.italic, 8.5, COLOR.muted);
      doc.text('No entries.', MARGIN.left + padX, doc.y + padY, { width: CONTENT_W });
      doc.y += 6;
    }
    rows.forEach((row, r) => {
      let h = rowHeight(row);
      let cells = row;
      if (h > maxRowH) {
        // A cell taller than a page cannot break cleanly: shorten it and say so.
        cells = row.map((t) => (t.length > 600 ? `${t.slice(0, 600)}… (shortened)` : t));
        h = Math.min(rowHeight(cells), maxRowH);
      }
      if (doc.y + h > BODY_BOTTOM) {
        this.newPage();
        drawHeader(true);
      }
      const y = doc.y;
      if (r % 2 === 1) doc.rect(MARGIN.left, y, CONTENT_W, h).fill(COLOR.zebra);
      let x = MARGIN.left;
      cells.forEach((t, i) => {
        const c = columns[i]!;
        this.font(c.mono ? FONT.mono : FONT.regular, size, t === '—' ? COLOR.muted : COLOR.text);
        doc.text(t, x + padX, y + padY, { width: widths[i]! - 2 * padX, align: c.align ?? 'left', lineGap: 1, height: h - padY, ellipsis: true });
        x += widths[i]!;
      });
      doc.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + CONTENT_W, y + h).lineWidth(0.4).strokeColor(COLOR.grid).stroke();
      doc.y = y + h;
    });
    if (caption) {
      doc.y += 3;
      this.font(FONT.italic, 8, COLOR.muted);
      doc.text(pdfSafe(caption), MARGIN.left, doc.y, { width: CONTENT_W });
    }
    doc.x = MARGIN.left;
    doc.y += 12;
  }

  // ---------------------------------------------------------------- charts

  /** A chart drawn as vector paths: frame, gridlines, ticks, axis labels, series (clipped), legend. */
  private chart(chart: ChartBlock): void {
    const doc = this.doc;
    const height = chart.height ?? 220;
    const hasY2 = chart.y2 !== undefined || chart.series.some((s) => s.axis === 'y2');
    // Legend: measure rows first so the whole chart stays on one page.
    this.font(FONT.regular, 8);
    const legendItems = chart.series.map((s) => pdfSafe(s.name));
    const itemW = legendItems.map((t) => doc.widthOfString(t) + 30);
    let legendRows = 1;
    let lx = 0;
    for (const w of itemW) {
      if (lx + w > CONTENT_W && lx > 0) {
        legendRows++;
        lx = 0;
      }
      lx += w;
    }
    const captionH = chart.caption ? this.textHeight(pdfSafe(chart.caption), CONTENT_W, FONT.italic, 8) + 4 : 0;
    const total = 18 + height + legendRows * 13 + captionH + 12;
    this.ensure(total);

    const top = doc.y;
    this.font(FONT.bold, 9.5);
    doc.text(pdfSafe(chart.title), MARGIN.left, top, { width: CONTENT_W, lineBreak: false, ellipsis: true });
    const plot = {
      left: MARGIN.left + 52,
      right: MARGIN.left + CONTENT_W - (hasY2 ? 52 : 10),
      top: top + 20,
      bottom: top + 18 + height - 32,
    };
    const pw = plot.right - plot.left;
    const ph = plot.bottom - plot.top;
    const scales = chartScales(chart);
    const px = (v: number) => plot.left + scales.x.norm(v) * pw;
    const py = (v: number, axis: 'y' | 'y2' = 'y') => plot.bottom - (axis === 'y2' && scales.y2 ? scales.y2.norm(v) : scales.y.norm(v)) * ph;

    // Gridlines and tick labels.
    doc.lineWidth(0.5).strokeColor(COLOR.grid);
    this.font(FONT.regular, 7.5, COLOR.muted);
    for (const t of scales.y.ticks) {
      const y = py(t);
      doc.moveTo(plot.left, y).lineTo(plot.right, y).stroke();
      doc.fillColor(COLOR.muted).text(scales.y.format(t), plot.left - 48, y - 3.5, { width: 44, align: 'right', lineBreak: false });
    }
    for (const t of scales.x.ticks) {
      const x = px(t);
      doc.moveTo(x, plot.top).lineTo(x, plot.bottom).stroke();
      doc.moveTo(x, plot.bottom).lineTo(x, plot.bottom + 3).strokeColor(COLOR.muted).stroke();
      doc.strokeColor(COLOR.grid);
      doc.fillColor(COLOR.muted).text(scales.x.format(t), x - 25, plot.bottom + 5, { width: 50, align: 'center', lineBreak: false });
    }
    if (scales.y2) {
      for (const t of scales.y2.ticks) {
        const y = py(t, 'y2');
        doc.fillColor(COLOR.muted).text(scales.y2.format(t), plot.right + 4, y - 3.5, { width: 44, align: 'left', lineBreak: false });
      }
    }
    doc.rect(plot.left, plot.top, pw, ph).lineWidth(0.8).strokeColor(COLOR.muted).stroke();

    // Axis labels.
    this.font(FONT.regular, 8.5, COLOR.text);
    doc.text(pdfSafe(chart.x.label), plot.left, plot.bottom + 17, { width: pw, align: 'center', lineBreak: false });
    const yLabel = (label: string, x: number) => {
      doc.save();
      doc.rotate(-90, { origin: [x, plot.top + ph / 2] });
      doc.text(pdfSafe(label), x - ph / 2, plot.top + ph / 2 - 5, { width: ph, align: 'center', lineBreak: false });
      doc.restore();
    };
    yLabel(chart.y.label, plot.left - 46);
    if (scales.y2) yLabel(chart.y2?.label ?? '', plot.right + 40);

    // Series, clipped to the plot area.
    doc.save();
    doc.rect(plot.left, plot.top, pw, ph).clip();
    chart.series.forEach((s, i) => {
      const color = seriesColor(chart, i);
      const pts = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
      if (pts.length === 0) return;
      const axis = s.axis ?? 'y';
      if (s.style !== 'points' && pts.length > 1) {
        doc.moveTo(px(pts[0]![0]), py(pts[0]![1], axis));
        for (const p of pts.slice(1)) doc.lineTo(px(p[0]), py(p[1], axis));
        if (s.dashed) doc.dash(5, { space: 3 });
        doc.lineWidth(1.4).lineJoin('round').strokeColor(color).stroke();
        doc.undash();
      }
      if (s.style !== 'line') {
        for (const p of pts) doc.circle(px(p[0]), py(p[1], axis), 1.7);
        doc.fillColor(color).fill();
      }
    });
    doc.restore();

    // Legend.
    let x = MARGIN.left + 52;
    let y = plot.bottom + 32;
    this.font(FONT.regular, 8);
    chart.series.forEach((s, i) => {
      const w = itemW[i]!;
      if (x + w > MARGIN.left + CONTENT_W && x > MARGIN.left + 52) {
        x = MARGIN.left + 52;
        y += 13;
      }
      const color = seriesColor(chart, i);
      if (s.style !== 'points') {
        if (s.dashed) doc.dash(3, { space: 2 });
        doc.moveTo(x, y + 4).lineTo(x + 16, y + 4).lineWidth(1.6).strokeColor(color).stroke();
        doc.undash();
      }
      if (s.style !== 'line') doc.circle(x + 8, y + 4, 2).fillColor(color).fill();
      doc.fillColor(COLOR.text).text(legendItems[i]!, x + 20, y, { lineBreak: false });
      x += w;
    });
    doc.y = y + 14;
    if (chart.caption) {
      this.font(FONT.italic, 8, COLOR.muted);
      doc.text(pdfSafe(chart.caption), MARGIN.left, doc.y, { width: CONTENT_W });
    }
    doc.x = MARGIN.left;
    doc.y += 12;
  }

  // ---------------------------------------------------------------- sign-off

  private signatures(parties: Array<{ role: string; name: string; organisation: string }>): void {
    const doc = this.doc;
    const gap = 18;
    const boxW = (CONTENT_W - gap) / 2;
    const boxH = 150;
    for (let i = 0; i < parties.length; i += 2) {
      this.ensure(boxH + 12);
      const y = doc.y + 4;
      parties.slice(i, i + 2).forEach((p, j) => {
        const x = MARGIN.left + j * (boxW + gap);
        doc.rect(x, y, boxW, boxH).lineWidth(0.8).strokeColor(COLOR.rule).stroke();
        this.font(FONT.bold, 10);
        doc.text(pdfSafe(p.role), x + 10, y + 10, { width: boxW - 20, lineBreak: false, ellipsis: true });
        const line = (label: string, value: string, ly: number) => {
          this.font(FONT.regular, 8.5, COLOR.muted);
          doc.text(label, x + 10, ly - 10, { lineBreak: false });
          doc.moveTo(x + 80, ly).lineTo(x + boxW - 10, ly).lineWidth(0.6).strokeColor(COLOR.muted).stroke();
          if (value) {
            this.font(FONT.regular, 9.5);
            doc.text(pdfSafe(value), x + 82, ly - 12, { width: boxW - 94, lineBreak: false, ellipsis: true });
          }
        };
        line('Name', p.name, y + 44);
        line('Organisation', p.organisation, y + 72);
        line('Signature', '', y + 108);
        line('Date', '', y + 136);
      });
      doc.y = y + boxH + 12;
    }
    doc.x = MARGIN.left;
  }

  // ---------------------------------------------------------------- header and footer

  private chrome(): void {
    const doc = this.doc;
    const { start, count } = doc.bufferedPageRange();
    const left = pdfSafe([this.report.projectName, this.report.stationName].filter(Boolean).join(' — '));
    const date = fmtDate(this.report.generatedAt);
    for (let i = start; i < start + count; i++) {
      if (this.noChrome.has(i)) continue;
      doc.switchToPage(i);
      // Writing in the margins would make pdfkit add pages: lift the margins while drawing.
      const margins = doc.page.margins;
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      this.font(FONT.regular, 7.5, COLOR.muted);
      doc.text(left, MARGIN.left, 36, { width: CONTENT_W * 0.65, lineBreak: false, ellipsis: true });
      doc.text(pdfSafe(this.report.title), MARGIN.left + CONTENT_W * 0.65, 36, { width: CONTENT_W * 0.35, align: 'right', lineBreak: false, ellipsis: true });
      doc.moveTo(MARGIN.left, 50).lineTo(MARGIN.left + CONTENT_W, 50).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      const fy = PAGE_H - 44;
      doc.moveTo(MARGIN.left, fy - 6).lineTo(MARGIN.left + CONTENT_W, fy - 6).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      const footLeft = pdfSafe([this.report.client, `Report date ${date}`].filter(Boolean).join(' · '));
      doc.text(footLeft, MARGIN.left, fy, { width: CONTENT_W * 0.7, lineBreak: false, ellipsis: true });
      doc.text(`Page ${i + 1} of ${count}`, MARGIN.left + CONTENT_W * 0.7, fy, { width: CONTENT_W * 0.3, align: 'right', lineBreak: false });
      doc.page.margins = margins;
    }
  }
}
