import { z } from 'zod';
import { defineEvents, defineMethods, method } from '../define';

// The commissioning report: sections built by providers in the core, as a list of typed blocks. The
// same block list drives the UI preview (HTML + recharts), the PDF (pdfkit, vector charts) and the
// SVG chart export, so what the engineer previews is what the client receives.

const text = (max: number) => z.string().max(max);
const filePath = z.string().min(1).max(4096);

/** A table cell: text, a number (formatted by the renderer) or empty. */
export const reportCell = z.union([z.string().max(4000), z.number(), z.null()]);
export type ReportCell = z.infer<typeof reportCell>;

/** One axis of a chart; min/max are optional (auto-scaled from the data when absent). */
export const chartAxis = z.object({
  label: text(120),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type ChartAxis = z.infer<typeof chartAxis>;

/** One series: points [x, y] in the axes' units; at most 5,000 points (providers downsample). */
export const chartSeries = z.object({
  name: text(120),
  points: z.array(z.tuple([z.number(), z.number()])).max(5000),
  style: z.enum(['line', 'points', 'line+points']),
  /** Which y axis the series belongs to (y2 is drawn on the right). */
  axis: z.enum(['y', 'y2']).optional(),
  /** CSS hex colour (#rrggbb); the renderer picks from its palette when absent. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  dashed: z.boolean().optional(),
});
export type ChartSeries = z.infer<typeof chartSeries>;

export const chartBlock = z.object({
  kind: z.literal('chart'),
  title: text(200),
  x: chartAxis,
  y: chartAxis,
  y2: chartAxis.optional(),
  series: z.array(chartSeries).min(1).max(16),
  /** Height in points in the PDF (default 220). */
  height: z.number().min(80).max(600).optional(),
  caption: text(1000).optional(),
});
export type ChartBlock = z.infer<typeof chartBlock>;

export const tableColumn = z.object({
  label: text(120),
  align: z.enum(['left', 'right', 'center']).optional(),
  /** Relative width (the renderer sizes from the content when absent). */
  width: z.number().positive().max(100).optional(),
  /** Render in a monospaced font (hex, identifiers). */
  mono: z.boolean().optional(),
});
export type TableColumn = z.infer<typeof tableColumn>;

/** The blocks a report section is made of. */
export const reportBlock = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('heading'), text: text(300), level: z.union([z.literal(2), z.literal(3)]) }),
  z.object({ kind: z.literal('paragraph'), text: text(50_000), tone: z.enum(['normal', 'muted', 'pass', 'fail', 'warn']).optional() }),
  z.object({ kind: z.literal('kv'), title: text(200).optional(), rows: z.array(z.object({ key: text(200), value: text(4000) })).max(200) }),
  z.object({
    kind: z.literal('table'),
    title: text(200).optional(),
    columns: z.array(tableColumn).min(1).max(24),
    rows: z.array(z.array(reportCell)).max(20_000),
    caption: text(1000).optional(),
  }),
  chartBlock,
  z.object({
    kind: z.literal('signatures'),
    parties: z.array(z.object({ role: text(120), name: text(200), organisation: text(200) })).max(6),
  }),
  z.object({
    kind: z.literal('cover'),
    title: text(200),
    subtitle: text(300),
    rows: z.array(z.object({ key: text(200), value: text(1000) })).max(20),
    date: text(60),
  }),
  z.object({ kind: z.literal('toc') }),
  z.object({ kind: z.literal('pageBreak') }),
]);
export type ReportBlock = z.infer<typeof reportBlock>;

/** A section id from the registry (reports.sections lists them). */
export const sectionId = z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'must be a lower-case section id');

export const signoffParty = z.object({ role: text(120), name: text(200), organisation: text(200) }).strict();
export type SignoffParty = z.infer<typeof signoffParty>;

/** What the engineer chose: sections in order, notes, sign-off parties. Saved as a template. */
export const reportSpec = z
  .object({
    title: z.string().min(1).max(200).default('Commissioning report'),
    sections: z.array(sectionId).min(1).max(40),
    notes: text(50_000).default(''),
    signoff: z.array(signoffParty).max(6).default([]),
  })
  .strict();
export type ReportSpec = z.infer<typeof reportSpec>;
export type ReportSpecInput = z.input<typeof reportSpec>;

export const sectionInfo = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** Cover and contents: not numbered, not in the contents. */
  frontMatter: z.boolean(),
  available: z.boolean(),
  /** Why the section is empty/unavailable (e.g. "no datasets in this project"). */
  reason: z.string().optional(),
  /** Included in a new report by default. */
  defaultOn: z.boolean(),
});
export type SectionInfo = z.infer<typeof sectionInfo>;

export const builtSection = z.object({
  id: z.string(),
  title: z.string(),
  /** "1", "2", ... for numbered sections; absent for front matter. */
  number: z.string().optional(),
  blocks: z.array(reportBlock),
});
export type BuiltSection = z.infer<typeof builtSection>;

/** The whole report as blocks: the preview, and the input of the PDF renderer. */
export const reportDocument = z.object({
  title: z.string(),
  projectName: z.string(),
  stationName: z.string(),
  client: z.string(),
  generatedAt: z.number(),
  sections: z.array(builtSection),
  /** Sections that were asked for but skipped (unknown id or nothing to report), with the reason. */
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type ReportDocument = z.infer<typeof reportDocument>;

export const reportTemplate = z.object({
  id: z.string(),
  name: z.string(),
  spec: reportSpec,
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ReportTemplate = z.infer<typeof reportTemplate>;

/** Data behind the report that can be exported as CSV/XLSX. */
export const exportWhat = z.enum(['datasets', 'fits', 'alarms', 'optimization', 'history']);
export type ExportWhat = z.infer<typeof exportWhat>;

const specOrTemplate = z
  .object({
    templateId: z.string().min(1).max(100).optional(),
    spec: reportSpec.optional(),
  })
  .strict();

export const bundleSummary = z.object({
  path: z.string(),
  projectName: z.string(),
  exportedAt: z.number(),
  tables: z.array(z.object({ name: z.string(), rows: z.number() })),
  rows: z.number(),
  bytes: z.number(),
});
export type BundleSummary = z.infer<typeof bundleSummary>;

export const bundleCheck = z.object({
  ok: z.boolean(),
  /** Every problem found, each naming the table/row/column or JSON path (empty when ok). */
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
  summary: bundleSummary.optional(),
});

export const itemKind = z.enum(['schema', 'ruleSet']);
export type ItemKind = z.infer<typeof itemKind>;

/** Bound on an uploaded item file (a schema is at most 1 MiB of JSON; a rule set of 1,000 rules fits). */
export const MAX_ITEM_TEXT_CHARS = 4 * 1024 * 1024;

/** Where an item file comes from: a path on the core's machine, or its text (uploaded from a browser). */
const itemSource = {
  kind: itemKind,
  path: filePath.optional(),
  text: z.string().min(1).max(MAX_ITEM_TEXT_CHARS).optional(),
  /** The uploaded file's name, for messages. */
  fileName: z.string().max(255).optional(),
};

/**
 * What to do when the item clashes with one in the project. Schema: `rename` imports it as a copy
 * under `newName` (or a free id), `replace` overwrites that schema's draft. Rule set: `replace`
 * replaces the gateway's rules, `rename` adds the file's rules to them with clashing rule ids renamed.
 * `refuse` (default) imports nothing when there is a clash.
 */
export const itemConflict = z.enum(['refuse', 'rename', 'replace']);
export type ItemConflict = z.infer<typeof itemConflict>;

export const itemIssue = z.object({ path: z.string(), message: z.string() });

/** The result of checking an item file before import. */
export const itemCheck = z.object({
  ok: z.boolean(),
  kind: itemKind,
  /** The schema id (or rule-set name) the file carries. */
  name: z.string(),
  /** One line: what is in the file ("7 fields, 2 test vectors"; "3 rules, default route"). */
  summary: z.string(),
  /** Every problem found, each naming the field path (empty when ok). */
  issues: z.array(itemIssue),
  /** Present when importing would clash with what the project has. */
  clash: z
    .object({
      /** The existing schema id, or "gateway rule set". */
      existing: z.string(),
      /** A free name for "import as a copy" (schemas), or a note (rule sets). */
      suggestion: z.string(),
      /** Rule ids present in both (rule sets). */
      ids: z.array(z.string()).optional(),
      /** Rules the project has now (rule sets). */
      currentCount: z.number().optional(),
    })
    .optional(),
});
export type ItemCheck = z.infer<typeof itemCheck>;

export const reportsMethods = defineMethods({
  'reports.sections': method(z.object({}).strict(), z.array(sectionInfo), 'Report sections in the registry, with availability for the open project.'),
  'reports.listTemplates': method(z.object({}).strict(), z.array(reportTemplate), 'Report templates saved in this project.'),
  'reports.saveTemplate': method(
    z.object({ id: z.string().min(1).max(100).optional(), name: z.string().trim().min(1).max(120), spec: reportSpec }).strict(),
    reportTemplate,
    'Create or update a report template (by id, else by name; audited).',
  ),
  'reports.deleteTemplate': method(z.object({ id: z.string().min(1).max(100) }).strict(), z.object({ deleted: z.boolean() }), 'Delete a report template (audited).'),
  'reports.preview': method(specOrTemplate, reportDocument, 'Build the report blocks for the preview (charts downsampled).'),
  'reports.exportPdf': method(
    specOrTemplate.extend({ path: filePath, exportId: z.string().min(1).max(100).optional() }).strict(),
    z.object({
      path: z.string(),
      pages: z.number(),
      bytes: z.number(),
      durationMs: z.number(),
      skipped: reportDocument.shape.skipped,
      /** 'dejavu' = Unicode fonts embedded (subset); 'standard' = fallback, symbols spelled out. */
      fonts: z.enum(['dejavu', 'standard']).optional(),
      warnings: z.array(z.string()).optional(),
    }),
    'Render the report to a PDF file (vector charts, contents, page numbers). Cancellable with reports.cancelExport (exportId); a cancelled export writes nothing.',
  ),
  'reports.cancelExport': method(
    z.object({ exportId: z.string().min(1).max(100) }).strict(),
    z.object({ cancelled: z.boolean() }),
    'Cancel a running PDF export by its exportId (the export fails with CANCELLED and leaves no file). False when no such export runs.',
  ),
  'reports.exportData': method(
    z.object({ what: exportWhat, format: z.enum(['csv', 'xlsx']), path: filePath }).strict(),
    z.object({ files: z.array(z.string()), tables: z.array(z.object({ name: z.string(), rows: z.number(), truncated: z.boolean() })), bytes: z.number() }),
    'Export the data behind a report area as CSV (one file per table) or XLSX (one sheet per table).',
  ),
  'reports.chartSvg': method(z.object({ chart: chartBlock, width: z.number().min(200).max(4000).default(800), height: z.number().min(150).max(3000).default(450) }).strict(), z.object({ svg: z.string() }), 'Serialize a chart block as a standalone SVG document.'),
  'reports.exportBundle': method(z.object({ path: filePath }).strict(), bundleSummary, 'Write the whole project (configuration, data, history) to a bundle file.'),
  'reports.checkBundle': method(z.object({ path: filePath }).strict(), bundleCheck, 'Validate a bundle against the open project without importing it.'),
  'reports.importBundle': method(
    z.object({ path: filePath }).strict(),
    bundleSummary,
    'Replace the open project’s content with a bundle: validated fully first, then applied in one write batch (refused with the reasons otherwise).',
  ),
  'reports.exportItem': method(
    z.object({ kind: itemKind, name: z.string().min(1).max(200), path: filePath.optional() }).strict(),
    z.object({ path: z.string().optional(), fileName: z.string(), bytes: z.number(), text: z.string().optional() }),
    'Export one frame schema (by id) or the gateway rule set (named) as JSON: to a file with path, else returned as text (browser download).',
  ),
  'reports.checkItem': method(
    z.object(itemSource).strict(),
    itemCheck,
    'Validate a schema or rule-set file (path or uploaded text) against the project without importing: issues with field paths, and any name clash.',
  ),
  'reports.importItem': method(
    z
      .object({
        ...itemSource,
        onConflict: itemConflict.default('refuse'),
        /** The schema id to import as (with onConflict 'rename'); a free id is chosen when absent. */
        newName: z
          .string()
          .min(1)
          .max(100)
          .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, -, _ and . only')
          .optional(),
      })
      .strict(),
    z.object({ kind: itemKind, name: z.string(), table: z.string(), action: z.enum(['created', 'renamed', 'replaced', 'merged']), count: z.number() }),
    'Import one frame schema or rule set (path or uploaded text): validated whole first; refused with the reasons (nothing imported) when invalid or clashing without a choice.',
  ),
});

export const reportsEvents = defineEvents({
  /** Progress of a PDF export (fraction 0..1), keyed by the caller's exportId. */
  'reports.progress': z.object({ exportId: z.string(), phase: z.enum(['build', 'render', 'write', 'done', 'cancelled']), fraction: z.number().min(0).max(1), message: z.string() }),
});
