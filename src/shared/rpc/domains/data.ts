import { z } from 'zod';
import { DATA_QUANTITIES, TEXT_ENCODINGS, TIME_FORMATS } from '../../dataimport/types';
import { defineEvents, defineMethods, method } from '../define';

// ---------------------------------------------------------------------------------------------
// Data: import of logged operation data (CSV/XLSX), datasets, quality report, cleaning steps
// with provenance and undo, export. Datasets share their tables with monitor recordings.
// ---------------------------------------------------------------------------------------------

const id = z.string().min(1).max(100);
const filePath = z.string().min(1).max(4096);
const columnKeyText = z.string().min(1).max(64);

export const dataQuantity = z.enum(DATA_QUANTITIES as unknown as [string, ...string[]]) as z.ZodType<(typeof DATA_QUANTITIES)[number]>;

/** One dataset column (an entry of datasets.columns_json). Values are in the storage unit. */
export const datasetColumn = z.object({
  key: z.string(),
  name: z.string(),
  quantity: dataQuantity,
  unit: z.string(),
  sourceColumn: z.string(),
});
export type DatasetColumnInfo = z.infer<typeof datasetColumn>;

/** Where the file to import is: a path on the core machine, or a finished upload. */
export const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: filePath }).strict(),
  z.object({ kind: z.literal('upload'), uploadId: id }).strict(),
]);
export type ImportSource = z.infer<typeof importSource>;

const delimiter = z.string().length(1, 'delimiter must be one character');
const encoding = z.enum(TEXT_ENCODINGS as unknown as [string, ...string[]]);
const decimal = z.enum(['.', ',']);

/** Reading options; any left out are detected. */
export const importOptions = z
  .object({
    encoding: encoding.optional(),
    delimiter: delimiter.optional(),
    decimal: decimal.optional(),
    /** 1-based header line (CSV) or sheet row (XLSX); 0 = no header. */
    headerRow: z.number().int().min(0).max(10_000).optional(),
    /** XLSX sheet name (default: the first sheet). */
    sheet: z.string().max(200).optional(),
  })
  .strict();

export const columnMapping = z
  .object({
    sourceIndex: z.number().int().min(0).max(10_000),
    include: z.boolean(),
    key: z.string().max(64),
    name: z.string().min(1).max(200),
    quantity: dataQuantity,
    unit: z.string().max(20),
    timeFormat: z.enum(TIME_FORMATS as unknown as [string, ...string[]]).optional(),
    pressureAsHead: z.boolean().optional(),
  })
  .strict();
export type ColumnMappingInput = z.infer<typeof columnMapping>;

const columnGuess = z.object({
  index: z.number(),
  header: z.string(),
  quantity: dataQuantity,
  unit: z.string(),
  timeFormat: z.string().optional(),
  parseable: z.number(),
  reason: z.string(),
});

export const importPreview = z.object({
  format: z.enum(['csv', 'xlsx']),
  fileName: z.string(),
  sizeBytes: z.number(),
  detected: z.object({ encoding: z.string(), encodingReason: z.string(), delimiter: z.string(), decimal: z.string(), headerRow: z.number(), notes: z.array(z.string()) }),
  /** The options in effect (detected values overridden by the request). */
  options: z.object({ encoding: z.string(), delimiter: z.string(), decimal: decimal, headerRow: z.number(), sheet: z.string().optional() }),
  sheets: z.array(z.string()),
  /** First lines of the file as text (CSV) so the header row can be chosen; XLSX rows joined by tabs. */
  rawLines: z.array(z.object({ line: z.number(), text: z.string() })),
  headers: z.array(z.string()),
  rows: z.array(z.object({ line: z.number(), fields: z.array(z.string()) })),
  columns: z.array(columnGuess),
});
export type ImportPreview = z.infer<typeof importPreview>;

export const invalidRow = z.object({ line: z.number(), reasons: z.array(z.string()), text: z.string() });

export const importResult = z.object({
  datasetId: z.string(),
  rowCount: z.number(),
  invalidCount: z.number(),
  /** The first invalid rows (all of them up to 1,000); data.datasets.issues pages through the rest. */
  invalidRows: z.array(invalidRow),
  durationMs: z.number(),
  rowsPerSecond: z.number(),
});
export type ImportResult = z.infer<typeof importResult>;

/** One provenance entry: an import, a recording or a cleaning step, in order. */
export const provenanceStep = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.number(),
  summary: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** Rows or values the step changed. */
  affected: z.number().optional(),
  /** Cleaning steps can be undone; imports and recordings cannot. */
  reversible: z.boolean(),
});
export type ProvenanceStep = z.infer<typeof provenanceStep>;

export const datasetSummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  source: z.string(),
  rowCount: z.number(),
  columns: z.array(datasetColumn),
  stepCount: z.number(),
});
export type DatasetSummary = z.infer<typeof datasetSummary>;

export const datasetDetail = datasetSummary.extend({ provenance: z.array(provenanceStep) });
export type DatasetDetail = z.infer<typeof datasetDetail>;

const cellValue = z.number().nullable();

/** Cleaning steps. Column keys refer to the dataset's columns. */
export const cleaningStep = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('fill-gaps'),
      columns: z.array(columnKeyText).min(1).max(64),
      method: z.enum(['linear', 'spline', 'previous']),
      /** Fill only runs of at most this many missing values (default: any length). */
      maxGapRows: z.number().int().min(1).max(1_000_000).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('remove-outliers'),
      columns: z.array(columnKeyText).min(1).max(64),
      method: z.enum(['hampel', 'iqr', 'zscore']),
      /** Hampel: samples each side (default 3). */
      halfWindow: z.number().int().min(1).max(1000).optional(),
      /** Hampel: threshold in robust sigmas (default 3); z-score: threshold (default 3). */
      nSigma: z.number().min(0.5).max(100).optional(),
      /** IQR fence multiplier (default 1.5). */
      k: z.number().min(0.1).max(100).optional(),
      /** 'blank' empties the outlying values (fill them afterwards); 'exclude' removes their rows. */
      action: z.enum(['blank', 'exclude']),
    })
    .strict(),
  z
    .object({
      kind: z.literal('steady-state'),
      column: columnKeyText,
      /** Trailing window, seconds (time-indexed data) or rows (no time column). */
      window: z.number().min(0.001).max(1_000_000),
      /** Largest std/|mean| in a window judged steady, e.g. 0.02. */
      maxRelStd: z.number().min(0).max(10),
      /** 'mark' adds a 0/1 column 'steady'; 'keep' excludes the rows that are not steady. */
      action: z.enum(['mark', 'keep']),
    })
    .strict(),
  z.object({ kind: z.literal('remove-duplicates'), column: columnKeyText.optional() }).strict(),
  z
    .object({
      kind: z.literal('exclude-rows'),
      rowIndices: z.array(z.number().int().min(0)).max(100_000).optional(),
      ranges: z.array(z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }).strict()).max(1000).optional(),
      reason: z.string().max(500).optional(),
    })
    .strict(),
]);
export type CleaningStep = z.infer<typeof cleaningStep>;

const columnQuality = z.object({
  key: z.string(),
  name: z.string(),
  quantity: z.string(),
  unit: z.string(),
  count: z.number(),
  missing: z.number(),
  /** Runs of consecutive missing values. */
  gapRuns: z.number(),
  longestGap: z.number(),
  outliers: z.number(),
  /** Runs of at least `stuckRun` identical values, and the rows they cover. */
  stuckRuns: z.number(),
  stuckRows: z.number(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
});

export const qualityReport = z.object({
  rowCount: z.number(),
  timeColumn: z.string().optional(),
  /** Time steps longer than gapFactor × the median step (missing samples in the log). */
  timeGaps: z.array(z.object({ afterRow: z.number(), fromMs: z.number(), toMs: z.number(), seconds: z.number() })),
  timeGapCount: z.number(),
  medianStepMs: z.number().optional(),
  duplicateTimestamps: z.number(),
  duplicateRows: z.number(),
  nonMonotonic: z.number(),
  columns: z.array(columnQuality),
  /** Plain-language findings, most serious first. */
  findings: z.array(z.string()),
});
export type QualityReport = z.infer<typeof qualityReport>;

export const dataMethods = defineMethods({
  'data.upload.begin': method(z.object({ name: z.string().min(1).max(255), sizeBytes: z.number().int().min(1).max(2 ** 40) }).strict(), z.object({ uploadId: z.string(), chunkBytes: z.number() }), 'Start sending a file from the browser (size checked against the import limit).'),
  'data.upload.chunk': method(z.object({ uploadId: id, offset: z.number().int().min(0), hex: z.string().max(2 * 1024 * 1024) }).strict(), z.object({ received: z.number() }), 'Append the next chunk (hex, at most 1 MiB of bytes), in order.'),
  'data.upload.end': method(z.object({ uploadId: id }).strict(), z.object({ uploadId: z.string(), name: z.string(), sizeBytes: z.number() }), 'Finish an upload; its id is then an import source.'),
  'data.upload.abort': method(z.object({ uploadId: id }).strict(), z.object({ aborted: z.boolean() }), 'Drop an unfinished or unused upload.'),
  'data.import.preview': method(z.object({ source: importSource, options: importOptions.optional() }).strict(), importPreview, 'Detect encoding, delimiter, decimal separator, header row and column quantities; return the first rows.'),
  'data.import.run': method(
    z
      .object({
        /** Chosen by the caller so it can cancel and follow progress before the call returns. */
        importId: id,
        source: importSource,
        name: z.string().min(1).max(200),
        options: importOptions,
        mappings: z.array(columnMapping).min(1).max(256),
        /** Fluid density for pressure -> head, kg/m³ (default 998.2, water at 20 °C). */
        densityKgM3: z.number().min(1).max(30_000).optional(),
        /** How timestamps without an offset are read (default 'local'). */
        zone: z.enum(['utc', 'local']).optional(),
      })
      .strict(),
    importResult,
    'Import a file as a compute job (progress on data.import.progress and jobs.changed; cancel with data.import.cancel).',
  ),
  'data.import.cancel': method(z.object({ importId: id }).strict(), z.object({ cancelled: z.boolean() }), 'Cancel a running import; nothing of it is kept.'),
  'data.datasets.list': method(z.object({}).strict(), z.object({ datasets: z.array(datasetSummary) }), 'Datasets of the project (imported, derived and recorded).'),
  'data.datasets.get': method(
    z.object({ id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(200) }).strict(),
    z.object({ dataset: datasetDetail, offset: z.number(), rows: z.array(z.object({ index: z.number(), values: z.array(cellValue) })) }),
    'A dataset with its provenance and one page of rows.',
  ),
  'data.datasets.series': method(
    z.object({ id, x: columnKeyText.optional(), y: z.array(columnKeyText).min(1).max(8), maxPoints: z.number().int().min(10).max(2000).default(2000) }).strict(),
    z.object({ x: z.string(), xQuantity: z.string(), points: z.number(), total: z.number(), data: z.array(z.array(cellValue)) }),
    'Columns for a quick chart, downsampled (LTTB) to at most maxPoints rows; data[i] = [x, y1, y2, ...].',
  ),
  'data.datasets.issues': method(
    z.object({ id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.object({ total: z.number(), rows: z.array(invalidRow) }),
    'Rows rejected when the dataset was imported, with line numbers and reasons.',
  ),
  'data.datasets.delete': method(z.object({ id }).strict(), z.object({ deleted: z.boolean() }), 'Delete a dataset with its rows and history.'),
  'data.datasets.rename': method(z.object({ id, name: z.string().min(1).max(200) }).strict(), datasetSummary, 'Rename a dataset.'),
  'data.quality': method(
    z.object({ id, gapFactor: z.number().min(1.1).max(1000).default(3), stuckRun: z.number().int().min(3).max(100_000).default(10), outlierMethod: z.enum(['hampel', 'iqr', 'zscore']).default('hampel') }).strict(),
    qualityReport,
    'Quality report: gaps, duplicates, outliers and stuck values per column.',
  ),
  'data.clean.apply': method(z.object({ id, step: cleaningStep }).strict(), z.object({ dataset: datasetDetail, stepId: z.string(), affected: z.number(), summary: z.string() }), 'Apply a cleaning step; it is recorded in the provenance and can be undone.'),
  'data.clean.undo': method(z.object({ id, stepId: id }).strict(), z.object({ dataset: datasetDetail }), 'Undo any cleaning step; later steps are re-applied on the restored data.'),
  'data.derive.testPoints': method(
    z.object({ id, column: columnKeyText, window: z.number().min(0.001).max(1_000_000), maxRelStd: z.number().min(0).max(10), minRows: z.number().int().min(2).max(1_000_000).default(5), name: z.string().min(1).max(200).optional() }).strict(),
    z.object({ dataset: datasetSummary, points: z.number() }),
    'New dataset with one row per steady stretch (column means): pump test points.',
  ),
  'data.export.csv': method(
    z.object({ id, delimiter: delimiter.default(','), decimal: decimal.default('.'), path: filePath.optional() }).strict(),
    z.object({ fileName: z.string(), rows: z.number(), bytes: z.number(), csv: z.string().optional(), path: z.string().optional() }),
    'Export a dataset as CSV: returned as text, or written to a path on the core machine.',
  ),
});

export const importProgress = z.object({
  importId: z.string(),
  jobId: z.string().optional(),
  phase: z.enum(['parsing', 'writing', 'done', 'failed', 'cancelled']),
  /** 0..1 over the whole import (parsing ≈ 0..0.7, writing 0.7..1). */
  fraction: z.number(),
  rows: z.number(),
  invalid: z.number(),
  message: z.string().optional(),
});
export type ImportProgress = z.infer<typeof importProgress>;

export const dataEvents = defineEvents({
  'data.import.progress': importProgress,
  'data.datasets.changed': z.object({ id: z.string(), change: z.enum(['created', 'updated', 'deleted']) }),
});
