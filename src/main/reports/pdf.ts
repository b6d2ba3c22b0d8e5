import PDFDocument from 'pdfkit';
import type { BuiltSection, ChartBlock, ReportBlock, ReportCell, ReportDocument, TableColumn } from '#shared/rpc/domains/reports';
import { RpcError } from '#shared/rpc/errors';
import { chartScales, seriesColor } from './chartGeometry';
import { fmt, fmtDate } from './section';
import { STANDARD_FONTS, loadPdfFonts, pdfSafe, textSanitizer, type FontRole, type PdfFontSet } from './pdfText';

// A4 portrait in PostScript points. Margins leave room for the running header and footer.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = { top: 72, bottom: 64, left: 56, right: 56 };
const CONTENT_W = PAGE_W - MARGIN.left - MARGIN.right;
const BODY_BOTTOM = PAGE_H - MARGIN.bottom;
const BODY_H = BODY_BOTTOM - MARGIN.top;
/**
 * A chart that does not fit moves to the next page; following text of the same section fills the
 * space above it when at least this much height is free (less than that is not worth the reorder).
 */
const MIN_FILL_H = 90;
/** A chart may be drawn down to this share of its height (and not below MIN_CHART_H) to fit a page. */
const MIN_CHART_SCALE = 0.7;
const MIN_CHART_H = 150;
/** Rows a table keeps together at its start and on its last page (no orphan or widow rows). */
const MIN_TABLE_ROWS = 3;

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
/** Logical font names registered on every document (DejaVu faces, or the standard fonts as a fallback). */
const FONT: Record<FontRole, string> = {
  regular: 'swb-regular',
  bold: 'swb-bold',
  italic: 'swb-italic',
  mono: 'swb-mono',
  cond: 'swb-cond',
  condBold: 'swb-cond-bold',
  condItalic: 'swb-cond-italic',
};

/** TOC lines per page; the TOC pages are reserved before the body so page numbers are final. */
const TOC_ENTRIES_PER_PAGE = 34;

export interface PdfOutput {
  bytes: Buffer;
  pages: number;
  /** 'dejavu' when the Unicode fonts were embedded, 'standard' for the WinAnsi fallback. */
  fonts: 'dejavu' | 'standard';
  warnings: string[];
}

export interface RenderOptions {
  onProgress?: (fraction: number, message: string) => void;
  /** Checked between sections, blocks and table pages; an abort rejects with RpcError CANCELLED. */
  signal?: AbortSignal;
  /** Where `fonts/` may hold the DejaVu files (see pdfText.fontCandidates). */
  resourcesDir?: string;
  /** The fonts to use (tests); default: loadPdfFonts(). */
  fonts?: PdfFontSet;
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
 * Rendering yields to the event loop between blocks, so a cancel request is seen within ~20 ms.
 */
export async function renderPdf(report: ReportDocument, options: RenderOptions = {}): Promise<PdfOutput> {
  const fonts = options.fonts ?? loadPdfFonts(options.resourcesDir);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    info: {
      // The info dictionary is written as PDF text strings (UTF-16 for non-Latin), no font involved.
      Title: `${report.title} — ${report.stationName || report.projectName}`,
      Author: 'Station Workbench',
      Subject: report.projectName,
      Creator: 'Station Workbench',
      CreationDate: new Date(report.generatedAt),
    },
  }) as Doc;
  for (const role of Object.keys(FONT) as FontRole[]) {
    if (fonts.unicode) doc.registerFont(FONT[role], fonts.files[role]);
    else doc.registerFont(FONT[role], STANDARD_FONTS[role]);
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const r = new Renderer(doc, report, fonts.unicode ? unicodeSanitizer(doc) : pdfSafe, options.signal);
  await r.render(options.onProgress);
  const pages = doc.bufferedPageRange().count;
  doc.end();
  await done;
  return { bytes: Buffer.concat(chunks), pages, fonts: fonts.unicode ? 'dejavu' : 'standard', warnings: fonts.unicode ? [] : [fonts.warning] };
}

/** Text for the embedded DejaVu faces: what the body font has a glyph for prints as itself. */
function unicodeSanitizer(doc: Doc): (text: string) => string {
  doc.font(FONT.regular);
  const face = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (c: number) => boolean } } })._font?.font;
  const has = face?.hasGlyphForCodePoint?.bind(face);
  return textSanitizer((code) => (has ? has(code) : true));
}

function cancelled(): RpcError {
  return new RpcError('CANCELLED', 'PDF export cancelled; no file was written');
}

type TableBlock = Extract<ReportBlock, { kind: 'table' }>;
type TableLayout = { widths: number[]; rows: string[][]; headerH: number; rowH: number[]; titleH: number; captionH: number };

class Renderer {
  private readonly noChrome = new Set<number>();
  private toc: { first: number; pages: number } | undefined;
  private readonly entries: Array<{ section: BuiltSection; page: number; dest: string }> = [];
  private startedBody = false;
  private currentTitle = '';
  private lastYield = Date.now();
  private readonly tableLayouts = new WeakMap<TableBlock, TableLayout>();

  constructor(
    private readonly doc: Doc,
    private readonly report: ReportDocument,
    /** Makes text printable with the fonts in use (Unicode faces, or WinAnsi spelling). */
    private readonly t: (text: string) => string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async render(onProgress?: (fraction: number, message: string) => void): Promise<void> {
    const { sections } = this.report;
    const numbered = sections.filter((s) => s.number !== undefined);
    for (const [i, section] of sections.entries()) {
      await this.checkpoint(true);
      onProgress?.(i / Math.max(1, sections.length), `Rendering ${section.title}`);
      if (section.number === undefined) await this.frontMatter(section, numbered.length);
      else await this.section(section);
    }
    if (this.doc.bufferedPageRange().count === 0) this.newPage();
    if (this.toc) this.writeToc();
    await this.checkpoint(true);
    this.chrome();
    onProgress?.(1, 'Rendered');
  }

  /**
   * Cancellation point: throws when the export was cancelled, and lets the event loop run (so the
   * cancel request, progress events and other calls get through) at most every ~15 ms of work.
   */
  private async checkpoint(force = false): Promise<void> {
    if (this.signal?.aborted) throw cancelled();
    if (force || Date.now() - this.lastYield > 15) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.lastYield = Date.now();
      if (this.signal?.aborted) throw cancelled();
    }
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

  private get atPageTop(): boolean {
    return this.doc.y <= MARGIN.top + 1;
  }

  private get remaining(): number {
    return BODY_BOTTOM - this.doc.y;
  }

  /** Starts a new page unless `height` more points fit on this one (never on a fresh page). */
  private ensure(height: number): void {
    if (this.doc.bufferedPageRange().count === 0) this.newPage();
    else if (this.doc.y + height > BODY_BOTTOM && !this.atPageTop) this.newPage();
  }

  private font(role: FontRole, size: number, color = COLOR.text): void {
    this.doc.font(FONT[role]).fontSize(size).fillColor(color);
  }

  private textHeight(text: string, width: number, role: FontRole, size: number, lineGap = 1.5, paragraphGap = 0): number {
    this.doc.font(FONT[role]).fontSize(size);
    return this.doc.heightOfString(text, { width, lineGap, paragraphGap });
  }

  // ---------------------------------------------------------------- front matter

  private async frontMatter(section: BuiltSection, numberedCount: number): Promise<void> {
    for (const block of section.blocks) {
      if (block.kind === 'cover') this.cover(block);
      else if (block.kind === 'toc') {
        this.newPage();
        const pages = Math.max(1, Math.ceil(numberedCount / TOC_ENTRIES_PER_PAGE));
        this.toc = { first: this.pageIndex, pages };
        for (let i = 1; i < pages; i++) this.newPage();
      } else await this.block(block);
    }
  }

  private cover(block: Extract<ReportBlock, { kind: 'cover' }>): void {
    const doc = this.doc;
    this.newPage();
    this.noChrome.add(this.pageIndex);
    doc.rect(0, 0, PAGE_W, 150).fill(COLOR.accent);
    this.font('bold', 10, '#ffffff');
    doc.text('STATION WORKBENCH', MARGIN.left, 56, { characterSpacing: 2, lineBreak: false });
    this.font('regular', 10, '#dbe6f7');
    doc.text('Pump-station commissioning', MARGIN.left, 72, { lineBreak: false });

    this.font('bold', 26);
    doc.text(this.t(block.title), MARGIN.left, 230, { width: CONTENT_W });
    doc.moveDown(0.3);
    this.font('regular', 14, COLOR.muted);
    doc.text(this.t(block.subtitle), { width: CONTENT_W });
    const ruleY = doc.y + 18;
    doc.moveTo(MARGIN.left, ruleY).lineTo(MARGIN.left + 80, ruleY).lineWidth(3).strokeColor(COLOR.accent).stroke();
    doc.y = ruleY + 26;
    const rows = [...block.rows, { key: 'Date of report', value: block.date }];
    for (const row of rows) {
      const y = doc.y;
      this.font('regular', 9.5, COLOR.muted);
      doc.text(this.t(row.key), MARGIN.left, y, { width: 150 });
      this.font('bold', 10.5);
      doc.text(this.t(row.value), MARGIN.left + 160, y - 0.5, { width: CONTENT_W - 160 });
      doc.y = Math.max(doc.y, y + 14) + 8;
    }
    this.font('italic', 7.5, COLOR.muted);
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
        this.font('bold', 17);
        doc.text('Contents', MARGIN.left, y, { lineBreak: false });
        y += 40;
      }
      for (const entry of this.entries.slice(p * perPage, (p + 1) * perPage)) {
        const pageLabel = String(entry.page + 1);
        this.font('bold', 10.5);
        doc.text(entry.section.number ?? '', MARGIN.left, y, { width: 24, lineBreak: false });
        this.font('regular', 10.5);
        const title = this.t(entry.section.title);
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
        this.font('italic', 8, COLOR.muted);
        doc.text(this.t(`Not included: ${this.report.skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}.`), MARGIN.left, y, { width: CONTENT_W });
      }
    }
  }

  // ---------------------------------------------------------------- body and pagination

  private async section(section: BuiltSection): Promise<void> {
    const doc = this.doc;
    const titleText = this.t(section.title);
    const titleH = this.textHeight(titleText, CONTENT_W - 30, 'bold', 16) + 16;
    if (!this.startedBody) {
      this.startedBody = true;
      this.newPage();
    } else {
      // The section title never sits alone at a page bottom: keep it with the start of its content.
      this.ensure(18 + titleH + this.minStart(section.blocks, 0));
    }
    this.currentTitle = section.title;
    if (!this.atPageTop) doc.y += 18;
    const dest = `section-${section.id}`;
    doc.addNamedDestination(dest, 'XYZ', 0, doc.y - 8, null);
    this.entries.push({ section, page: this.pageIndex, dest });
    doc.outline.addItem(this.t(`${section.number} ${section.title}`));
    const y = doc.y;
    this.font('bold', 16, COLOR.accent);
    doc.text(section.number ?? '', MARGIN.left, y, { width: 30, lineBreak: false });
    this.font('bold', 16);
    doc.text(titleText, MARGIN.left + 30, y, { width: CONTENT_W - 30 });
    const ruleY = doc.y + 4;
    doc.moveTo(MARGIN.left, ruleY).lineTo(MARGIN.left + CONTENT_W, ruleY).lineWidth(0.8).strokeColor(COLOR.rule).stroke();
    doc.y = ruleY + 12;
    await this.flow(section.blocks);
  }

  /**
   * Lays out a section's blocks. A heading stays with what follows it. A chart (with the heading
   * right before it) never splits: when it does not fit, it moves to the next page, and the blocks
   * after it that fit whole fill the space above first, so no half page stays blank.
   */
  private async flow(blocks: ReportBlock[]): Promise<void> {
    let i = 0;
    while (i < blocks.length) {
      await this.checkpoint();
      const unit = this.unitAt(blocks, i);
      const chart = unit.find((b): b is ChartBlock => b.kind === 'chart');
      if (chart) {
        const h = this.unitHeight(unit);
        if (h > this.remaining && !this.atPageTop) {
          // A little short of room: draw the chart somewhat lower rather than leave the space blank.
          const fullH = chart.height ?? 220;
          const shrunkH = fullH - (h - this.remaining) - 1;
          if (shrunkH >= Math.max(MIN_CHART_H, fullH * MIN_CHART_SCALE)) {
            const shrunk: ChartBlock = { ...chart, height: shrunkH };
            for (const b of unit) await this.block(b === chart ? shrunk : b);
            i += unit.length;
            continue;
          }
          let j = i + unit.length;
          if (this.remaining >= MIN_FILL_H) {
            // Fill the free space with the following text/tables that fit whole (reading order of a float).
            while (j < blocks.length) {
              const next = this.unitAt(blocks, j);
              if (next.some((b) => b.kind === 'chart' || b.kind === 'signatures' || b.kind === 'pageBreak')) break;
              // A heading whose content would not come along would be an orphan at the page bottom.
              if (next[next.length - 1]!.kind === 'heading') break;
              if (this.unitHeight(next) > this.remaining) break;
              for (const b of next) await this.block(b);
              j += next.length;
            }
          }
          this.newPage();
          for (const b of unit) await this.block(b);
          i = j;
          continue;
        }
      } else if (unit[0]!.kind === 'heading') {
        this.ensure(this.blockHeight(unit[0]!) + this.minStart(blocks, i + 1));
      }
      for (const b of unit) await this.block(b);
      i += unit.length;
    }
  }

  /** A heading directly followed by a chart is placed as one unit; other blocks stand alone. */
  private unitAt(blocks: ReportBlock[], i: number): ReportBlock[] {
    const b = blocks[i]!;
    const next = blocks[i + 1];
    if (b.kind === 'heading' && next && next.kind !== 'heading' && next.kind !== 'pageBreak' && next.kind !== 'signatures') {
      return next.kind === 'chart' || this.blockHeight(next) <= 160 ? [b, next] : [b];
    }
    return [b];
  }

  private unitHeight(unit: ReportBlock[]): number {
    return unit.reduce((s, b) => s + this.blockHeight(b), 0);
  }

  /** The least height a block sequence needs at a page bottom to start there without an orphan. */
  private minStart(blocks: ReportBlock[], i: number): number {
    const b = blocks[i];
    if (!b) return 0;
    switch (b.kind) {
      case 'heading':
        return this.blockHeight(b) + this.minStart(blocks, i + 1);
      case 'chart':
        return this.blockHeight(b);
      case 'table': {
        const l = this.tableLayout(b);
        return l.titleH + l.headerH + l.rowH.slice(0, MIN_TABLE_ROWS).reduce((s, h) => s + h, 0) + 4;
      }
      case 'paragraph':
        return Math.min(this.blockHeight(b), 48);
      case 'kv':
        return Math.min(this.blockHeight(b), 60);
      case 'signatures':
        return 170;
      default:
        return 30;
    }
  }

  /** The height a block takes when drawn whole (used to keep things together and to fill space). */
  private blockHeight(block: ReportBlock): number {
    switch (block.kind) {
      case 'heading': {
        const size = block.level === 2 ? 12 : 10.5;
        return (block.level === 2 ? 10 : 6) + this.textHeight(this.t(block.text), CONTENT_W, 'bold', size) + 5;
      }
      case 'paragraph': {
        const text = this.t(block.text);
        const tone = block.tone ?? 'normal';
        if (tone === 'pass' || tone === 'fail' || tone === 'warn') return this.textHeight(text, CONTENT_W - 18, 'bold', 9.5) + 14 + 8;
        return this.textHeight(text, CONTENT_W, tone === 'muted' ? 'italic' : 'regular', 9.5, 2.5, 2) + 6;
      }
      case 'kv': {
        const keyW = Math.min(170, CONTENT_W * 0.36);
        const valW = CONTENT_W - keyW - 8;
        let h = block.title ? this.textHeight(this.t(block.title).toUpperCase(), CONTENT_W, 'bold', 9) + 3 : 0;
        for (const row of block.rows) h += Math.max(this.textHeight(this.t(row.key), keyW, 'regular', 9), this.textHeight(this.t(row.value || '—'), valW, 'regular', 9)) + 6;
        return h + 10;
      }
      case 'table': {
        const l = this.tableLayout(block);
        return l.titleH + l.headerH + (l.rowH.length ? l.rowH.reduce((s, h) => s + h, 0) : 20) + l.captionH + 12;
      }
      case 'chart':
        return this.chartMetrics(block).total;
      case 'signatures':
        return Math.ceil(block.parties.length / 2) * 166;
      default:
        return 0;
    }
  }

  private async block(block: ReportBlock): Promise<void> {
    switch (block.kind) {
      case 'heading':
        return this.heading(block.text, block.level);
      case 'paragraph':
        return this.paragraph(block.text, block.tone);
      case 'kv':
        return this.kv(block.title, block.rows);
      case 'table':
        return this.table(block);
      case 'chart':
        return this.chart(block);
      case 'signatures':
        return this.signatures(block.parties);
      case 'pageBreak':
        if (!this.atPageTop) this.newPage();
        return;
      case 'cover':
        return this.cover(block);
      case 'toc':
        return;
    }
  }

  private heading(text: string, level: 2 | 3): void {
    const size = level === 2 ? 12 : 10.5;
    this.ensure(size + 30);
    const doc = this.doc;
    if (!this.atPageTop) doc.y += level === 2 ? 10 : 6;
    this.font('bold', size, level === 2 ? COLOR.text : COLOR.muted);
    doc.text(this.t(text), MARGIN.left, doc.y, { width: CONTENT_W });
    doc.y += 5;
  }

  private paragraph(text: string, tone: 'normal' | 'muted' | 'pass' | 'fail' | 'warn' = 'normal'): void {
    const doc = this.doc;
    const safe = this.t(text);
    if (tone === 'pass' || tone === 'fail' || tone === 'warn') {
      const pad = 7;
      const h = this.textHeight(safe, CONTENT_W - 2 * pad - 4, 'bold', 9.5) + 2 * pad;
      this.ensure(h + 8);
      const y = doc.y;
      doc.rect(MARGIN.left, y, CONTENT_W, h).fill(COLOR[`${tone}Fill`]);
      doc.rect(MARGIN.left, y, 3.5, h).fill(COLOR[tone]);
      this.font('bold', 9.5, COLOR[tone]);
      doc.text(safe, MARGIN.left + pad + 4, y + pad, { width: CONTENT_W - 2 * pad - 4, lineGap: 1.5 });
      doc.y = y + h + 8;
      return;
    }
    // At least three lines at a page bottom (no single orphan line); the rest flows onto the next page.
    this.ensure(Math.min(this.textHeight(safe, CONTENT_W, 'regular', 9.5, 2.5, 2), 40));
    this.font(tone === 'muted' ? 'italic' : 'regular', 9.5, tone === 'muted' ? COLOR.muted : COLOR.text);
    doc.text(safe, MARGIN.left, doc.y, { width: CONTENT_W, lineGap: 2.5, paragraphGap: 2 });
    doc.y += 6;
  }

  private kv(title: string | undefined, rows: Array<{ key: string; value: string }>): void {
    const doc = this.doc;
    const keyW = Math.min(170, CONTENT_W * 0.36);
    const valW = CONTENT_W - keyW - 8;
    const rowH = (row: { key: string; value: string }) => Math.max(this.textHeight(this.t(row.key), keyW, 'regular', 9), this.textHeight(this.t(row.value || '—'), valW, 'regular', 9)) + 6;
    if (title) {
      // The title stays with at least two rows.
      this.ensure(16 + rows.slice(0, 2).reduce((s, r) => s + rowH(r), 0));
      this.font('bold', 9, COLOR.muted);
      doc.text(this.t(title).toUpperCase(), MARGIN.left, doc.y, { width: CONTENT_W, characterSpacing: 0.6 });
      doc.y += 3;
    }
    for (const row of rows) {
      const key = this.t(row.key);
      const value = this.t(row.value || '—');
      const h = rowH(row);
      this.ensure(h);
      const y = doc.y;
      this.font('regular', 9, COLOR.muted);
      doc.text(key, MARGIN.left, y + 3, { width: keyW, lineGap: 1.5 });
      this.font('regular', 9);
      doc.text(value, MARGIN.left + keyW + 8, y + 3, { width: valW, lineGap: 1.5 });
      doc.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + CONTENT_W, y + h).lineWidth(0.4).strokeColor(COLOR.grid).stroke();
      doc.y = y + h;
    }
    doc.y += 10;
  }

  // ---------------------------------------------------------------- tables

  private cellText(cell: ReportCell): string {
    if (cell === null) return '—';
    return this.t(typeof cell === 'number' ? fmt(cell, 5) : cell);
  }

  private cellFont(column: TableColumn): FontRole {
    return column.mono ? 'mono' : 'cond';
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
      doc.font(FONT.condBold).fontSize(8);
      let min = longestWord(this.t(c.label)) + pad;
      let nat = Math.min(doc.widthOfString(this.t(c.label)) + pad, 90);
      doc.font(FONT[this.cellFont(c)]).fontSize(8.5);
      for (const row of rows.slice(0, 300)) {
        const t = row[i] ?? '';
        nat = Math.max(nat, doc.widthOfString(t) + pad);
        min = Math.max(min, longestWord(t) + pad);
      }
      // Identifiers (mono) may claim more before they have to break mid-word.
      mins.push(Math.min(min, c.mono ? 200 : 150));
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

  private static readonly CELL_PAD_X = 4;
  private static readonly CELL_PAD_Y = 3.5;
  private static readonly CELL_SIZE = 8.5;

  /** Widths, cell texts and row heights of a table, computed once (measuring and drawing agree). */
  private tableLayout(block: TableBlock): TableLayout {
    const hit = this.tableLayouts.get(block);
    if (hit) return hit;
    const { columns } = block;
    const padX = Renderer.CELL_PAD_X;
    const padY = Renderer.CELL_PAD_Y;
    let rows = block.rows.map((r) => columns.map((_, i) => this.cellText(r[i] ?? null)));
    const widths = this.columnWidths(columns, rows);
    const headerH = Math.max(...columns.map((c, i) => this.textHeight(this.t(c.label), widths[i]! - 2 * padX, 'condBold', 8, 1))) + 2 * padY;
    const measure = (row: string[]) => Math.max(...row.map((t, i) => this.textHeight(t, widths[i]! - 2 * padX, this.cellFont(columns[i]!), Renderer.CELL_SIZE, 1))) + 2 * padY;
    const maxRowH = BODY_H - headerH - 40;
    const rowH: number[] = [];
    rows = rows.map((row) => {
      let h = measure(row);
      if (h <= maxRowH) {
        rowH.push(h);
        return row;
      }
      // A cell taller than a page cannot break cleanly: shorten it and say so.
      const cells = row.map((t) => (t.length > 600 ? `${t.slice(0, 600)}… (shortened)` : t));
      h = Math.min(measure(cells), maxRowH);
      rowH.push(h);
      return cells;
    });
    const titleH = block.title ? this.textHeight(this.t(block.title), CONTENT_W, 'bold', 9) + 3 : 0;
    const captionH = block.caption ? this.textHeight(this.t(block.caption), CONTENT_W, 'italic', 7.5) + 3 : 0;
    const layout = { widths, rows, headerH, rowH, titleH, captionH };
    this.tableLayouts.set(block, layout);
    return layout;
  }

  /**
   * The rows that start a new page, for a table whose first row is drawn at `y`. Rows never split;
   * the caption stays with the last row; and the last page gets at least MIN_TABLE_ROWS rows (no
   * widow row alone under a repeated header) when the page before can spare them.
   */
  private tableBreaks(block: TableBlock, y: number): Set<number> {
    const { rowH, headerH, captionH } = this.tableLayout(block);
    const contTitleH = this.textHeight(this.t(`${block.title ?? this.currentTitle} (continued)`), CONTENT_W, 'bold', 9) + 3;
    const starts: number[] = [0];
    rowH.forEach((h, r) => {
      const need = h + (r === rowH.length - 1 ? captionH : 0);
      if (y + need > BODY_BOTTOM && r > starts[starts.length - 1]!) {
        starts.push(r);
        y = MARGIN.top + contTitleH + headerH;
      }
      y += h;
    });
    const n = rowH.length;
    if (starts.length > 1) {
      const last = starts[starts.length - 1]!;
      const prev = starts[starts.length - 2]!;
      const moved = Math.max(n - MIN_TABLE_ROWS, prev + MIN_TABLE_ROWS);
      if (n - last < MIN_TABLE_ROWS && moved < last) starts[starts.length - 1] = moved;
    }
    return new Set(starts.slice(1));
  }

  /** A table: header row repeated (with "(continued)") on every page it spans; a row never splits across pages. */
  private async table(block: TableBlock): Promise<void> {
    const doc = this.doc;
    const { columns, title, caption } = block;
    const { widths, rows, headerH, rowH, titleH, captionH } = this.tableLayout(block);
    const padX = Renderer.CELL_PAD_X;
    const padY = Renderer.CELL_PAD_Y;

    const drawHeader = (continued: boolean) => {
      if (title || continued) {
        this.font('bold', 9, continued ? COLOR.muted : COLOR.text);
        doc.text(this.t(`${title ?? this.currentTitle}${continued ? ' (continued)' : ''}`), MARGIN.left, doc.y, { width: CONTENT_W });
        doc.y += 3;
      }
      const y = doc.y;
      doc.rect(MARGIN.left, y, CONTENT_W, headerH).fill(COLOR.headerFill);
      let x = MARGIN.left;
      this.font('condBold', 8);
      columns.forEach((c, i) => {
        doc.fillColor(COLOR.text).text(this.t(c.label), x + padX, y + padY, { width: widths[i]! - 2 * padX, align: c.align ?? 'left', lineGap: 1 });
        x += widths[i]!;
      });
      doc.moveTo(MARGIN.left, y + headerH).lineTo(MARGIN.left + CONTENT_W, y + headerH).lineWidth(0.8).strokeColor(COLOR.muted).stroke();
      doc.y = y + headerH;
    };

    // Start where the header and the first rows fit (a header alone at a page bottom is an orphan).
    const firstRows = rowH.slice(0, MIN_TABLE_ROWS).reduce((s, h) => s + h, 0) || 14;
    this.ensure(titleH + headerH + firstRows + (rows.length <= MIN_TABLE_ROWS ? captionH : 0) + 4);
    drawHeader(false);
    if (rows.length === 0) {
      this.font('italic', 8.5, COLOR.muted);
      doc.text('No entries.', MARGIN.left + padX, doc.y + padY, { width: CONTENT_W });
      doc.y += 6;
    }
    const breaks = this.tableBreaks(block, doc.y);
    for (const [r, cells] of rows.entries()) {
      const h = rowH[r]!;
      if (breaks.has(r)) {
        await this.checkpoint();
        this.newPage();
        drawHeader(true);
      }
      const y = doc.y;
      if (r % 2 === 1) doc.rect(MARGIN.left, y, CONTENT_W, h).fill(COLOR.zebra);
      let x = MARGIN.left;
      cells.forEach((t, i) => {
        const c = columns[i]!;
        this.font(this.cellFont(c), Renderer.CELL_SIZE, t === '—' ? COLOR.muted : COLOR.text);
        doc.text(t, x + padX, y + padY, { width: widths[i]! - 2 * padX, align: c.align ?? 'left', lineGap: 1, height: h - padY, ellipsis: true });
        x += widths[i]!;
      });
      doc.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + CONTENT_W, y + h).lineWidth(0.4).strokeColor(COLOR.grid).stroke();
      doc.y = y + h;
      if (r % 200 === 199) await this.checkpoint();
    }
    if (caption) {
      doc.y += 3;
      this.font('italic', 7.5, COLOR.muted);
      doc.text(this.t(caption), MARGIN.left, doc.y, { width: CONTENT_W });
    }
    doc.x = MARGIN.left;
    doc.y += 12;
  }

  // ---------------------------------------------------------------- charts

  private chartMetrics(chart: ChartBlock): { total: number; height: number; legendItems: string[]; itemW: number[] } {
    const doc = this.doc;
    const height = chart.height ?? 220;
    this.font('cond', 8);
    const legendItems = chart.series.map((s) => this.t(s.name));
    const itemW = legendItems.map((t) => doc.widthOfString(t) + 30);
    let legendRows = 1;
    let lx = 0;
    for (const w of itemW) {
      if (lx + w > CONTENT_W - 52 && lx > 0) {
        legendRows++;
        lx = 0;
      }
      lx += w;
    }
    const captionH = chart.caption ? this.textHeight(this.t(chart.caption), CONTENT_W, 'italic', 7.5) + 4 : 0;
    return { total: height + 46 + (legendRows - 1) * 13 + captionH, height, legendItems, itemW };
  }

  /** A chart drawn as vector paths: frame, gridlines, ticks, axis labels, series (clipped), legend. */
  private chart(chart: ChartBlock): void {
    const doc = this.doc;
    const { total, height, legendItems, itemW } = this.chartMetrics(chart);
    const hasY2 = chart.y2 !== undefined || chart.series.some((s) => s.axis === 'y2');
    this.ensure(total);

    const top = doc.y;
    this.font('bold', 9);
    doc.text(this.t(chart.title), MARGIN.left, top, { width: CONTENT_W, lineBreak: false, ellipsis: true });
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
    this.font('cond', 7.5, COLOR.muted);
    for (const t of scales.y.ticks) {
      const y = py(t);
      doc.moveTo(plot.left, y).lineTo(plot.right, y).stroke();
      doc.fillColor(COLOR.muted).text(this.t(scales.y.format(t)), plot.left - 48, y - 3.5, { width: 44, align: 'right', lineBreak: false });
    }
    for (const t of scales.x.ticks) {
      const x = px(t);
      doc.moveTo(x, plot.top).lineTo(x, plot.bottom).stroke();
      doc.moveTo(x, plot.bottom).lineTo(x, plot.bottom + 3).strokeColor(COLOR.muted).stroke();
      doc.strokeColor(COLOR.grid);
      doc.fillColor(COLOR.muted).text(this.t(scales.x.format(t)), x - 25, plot.bottom + 5, { width: 50, align: 'center', lineBreak: false });
    }
    if (scales.y2) {
      for (const t of scales.y2.ticks) {
        const y = py(t, 'y2');
        doc.fillColor(COLOR.muted).text(this.t(scales.y2.format(t)), plot.right + 4, y - 3.5, { width: 44, align: 'left', lineBreak: false });
      }
    }
    doc.rect(plot.left, plot.top, pw, ph).lineWidth(0.8).strokeColor(COLOR.muted).stroke();

    // Axis labels.
    this.font('cond', 8.5, COLOR.text);
    doc.text(this.t(chart.x.label), plot.left, plot.bottom + 17, { width: pw, align: 'center', lineBreak: false });
    const yLabel = (label: string, x: number) => {
      doc.save();
      doc.rotate(-90, { origin: [x, plot.top + ph / 2] });
      doc.text(this.t(label), x - ph / 2, plot.top + ph / 2 - 5, { width: ph, align: 'center', lineBreak: false });
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
    this.font('cond', 8);
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
      this.font('italic', 7.5, COLOR.muted);
      doc.text(this.t(chart.caption), MARGIN.left, doc.y, { width: CONTENT_W });
    }
    doc.x = MARGIN.left;
    doc.y = Math.max(doc.y + 14, top + total);
  }

  // ---------------------------------------------------------------- sign-off

  private signatures(parties: Array<{ role: string; name: string; organisation: string }>): void {
    const doc = this.doc;
    const gap = 18;
    const boxW = (CONTENT_W - gap) / 2;
    const boxH = 150;
    for (let i = 0; i < parties.length; i += 2) {
      this.ensure(boxH + 16);
      const y = doc.y + 4;
      parties.slice(i, i + 2).forEach((p, j) => {
        const x = MARGIN.left + j * (boxW + gap);
        doc.rect(x, y, boxW, boxH).lineWidth(0.8).strokeColor(COLOR.rule).stroke();
        this.font('bold', 9.5);
        doc.text(this.t(p.role), x + 10, y + 10, { width: boxW - 20, lineBreak: false, ellipsis: true });
        const line = (label: string, value: string, ly: number) => {
          this.font('cond', 8.5, COLOR.muted);
          doc.text(label, x + 10, ly - 10, { lineBreak: false });
          doc.moveTo(x + 80, ly).lineTo(x + boxW - 10, ly).lineWidth(0.6).strokeColor(COLOR.muted).stroke();
          if (value) {
            this.font('regular', 9);
            doc.text(this.t(value), x + 82, ly - 12, { width: boxW - 94, lineBreak: false, ellipsis: true });
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
    const left = this.t([this.report.projectName, this.report.stationName].filter(Boolean).join(' — '));
    const date = fmtDate(this.report.generatedAt);
    for (let i = start; i < start + count; i++) {
      if (this.noChrome.has(i)) continue;
      doc.switchToPage(i);
      // Writing in the margins would make pdfkit add pages: lift the margins while drawing.
      const margins = doc.page.margins;
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      this.font('cond', 7.5, COLOR.muted);
      doc.text(left, MARGIN.left, 36, { width: CONTENT_W * 0.65, lineBreak: false, ellipsis: true });
      doc.text(this.t(this.report.title), MARGIN.left + CONTENT_W * 0.65, 36, { width: CONTENT_W * 0.35, align: 'right', lineBreak: false, ellipsis: true });
      doc.moveTo(MARGIN.left, 50).lineTo(MARGIN.left + CONTENT_W, 50).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      const fy = PAGE_H - 44;
      doc.moveTo(MARGIN.left, fy - 6).lineTo(MARGIN.left + CONTENT_W, fy - 6).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      const footLeft = this.t([this.report.client, `Report date ${date}`].filter(Boolean).join(' · '));
      doc.text(footLeft, MARGIN.left, fy, { width: CONTENT_W * 0.7, lineBreak: false, ellipsis: true });
      doc.text(`Page ${i + 1} of ${count}`, MARGIN.left + CONTENT_W * 0.7, fy, { width: CONTENT_W * 0.3, align: 'right', lineBreak: false });
      doc.page.margins = margins;
    }
  }
}
