import { z } from 'zod';
import { defineEvents, defineMethods, method } from '../define';

// ---------------------------------------------------------------------------------------------
// Curves: fitting pump characteristic curves to datasets (run as compute jobs), the model
// library, saved fits per pump and curve kind, pumps with manufacturer curves and guarantee
// points, ISO 9906 acceptance with a per-project tolerance table, CSV export.
// Numbers that can be undefined in the engine (a standard error that cannot be estimated, NaN)
// cross the contract as null: JSON has no NaN.
// ---------------------------------------------------------------------------------------------

const id = z.string().min(1).max(100);
const columnKey = z.string().min(1).max(64);
const name = z.string().min(1).max(64).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'parameter names are letters, digits and _ and start with a letter');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
/** A number the engine may leave undefined (NaN/∞ become null). */
const num = z.number().nullable();

/** Curve kinds a fit can be saved as: head H(Q), efficiency η(Q), shaft power P(Q). */
export const CURVE_KINDS = ['head', 'efficiency', 'power'] as const;
export const curveKind = z.enum(CURVE_KINDS);
export type CurveKind = z.infer<typeof curveKind>;

export const ISO9906_GRADES = ['1B', '1E', '1U', '2B', '2U', '3B'] as const;
export const iso9906Grade = z.enum(ISO9906_GRADES);
export type Iso9906GradeId = z.infer<typeof iso9906Grade>;

/** One parameter of a custom model: name, start value, optional bounds. */
export const customParameter = z
  .object({ name, start: finite, min: finite.optional(), max: finite.optional() })
  .strict()
  .refine((p) => p.min === undefined || p.max === undefined || p.min < p.max, { message: 'min must be below max' })
  .refine((p) => (p.min === undefined || p.start >= p.min) && (p.max === undefined || p.start <= p.max), { message: 'the start value must lie within the bounds' });

/** Which model to fit: a library model by name, or a mathjs expression in x with named parameters. */
export const modelSpec = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('library'),
      name: z.string().min(1).max(64),
      /** Start values for nonlinear library models, in parameter order (default: guessed from the data). */
      starts: z.array(finite).max(20).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('custom'),
      /** Display label (default: the expression). */
      label: z.string().max(100).optional(),
      expression: z.string().min(1).max(2000),
      parameters: z.array(customParameter).min(1).max(20),
    })
    .strict(),
]);
export type ModelSpec = z.infer<typeof modelSpec>;

export const fitOptions = z
  .object({
    /** Dataset column holding weights (inverse variances, ≥ 0). */
    weightsColumn: columnKey.optional(),
    /** Extra generated starts for nonlinear models (0..50). */
    multiStart: z.number().int().min(0).max(50).optional(),
    engine: z.enum(['lm', 'ml-levenberg-marquardt']).optional(),
    confidenceLevel: z.number().min(0.5).max(0.999).optional(),
    cvFolds: z.number().int().min(0).max(20).optional(),
    maxIterations: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type FitOptionsInput = z.infer<typeof fitOptions>;

const parameterEstimate = z.object({
  name: z.string(),
  value: num,
  stdError: num,
  ciLower: num,
  ciUpper: num,
  atBound: z.enum(['min', 'max']).optional(),
});

const fitMetrics = z.object({
  n: z.number(),
  p: z.number(),
  dof: z.number(),
  rss: num,
  residualSd: num,
  rmse: num,
  r2: num,
  adjR2: num,
  r2Uncentred: z.boolean(),
  aic: num,
  bic: num,
});

const fitBands = z.object({
  level: z.number(),
  x: z.array(num),
  fit: z.array(num),
  confidenceLower: z.array(num),
  confidenceUpper: z.array(num),
  predictionLower: z.array(num),
  predictionUpper: z.array(num),
});

/** The shared fitting engine's FitSuccess, JSON-safe. */
export const fitSuccess = z.object({
  ok: z.literal(true),
  engine: z.enum(['linear-qr', 'lm', 'ml-levenberg-marquardt']),
  polished: z.boolean(),
  expression: z.string(),
  variables: z.array(z.string()),
  parameters: z.array(parameterEstimate),
  covariance: z.array(z.array(num)),
  metrics: fitMetrics,
  residuals: z.array(num),
  fitted: z.array(num),
  cvRmse: num.optional(),
  cvFolds: z.number(),
  bands: fitBands.optional(),
  iterations: z.number(),
  converged: z.boolean(),
  termination: z.string(),
  startIndex: z.number(),
  warnings: z.array(z.string()),
});
export type FitSuccessJson = z.infer<typeof fitSuccess>;

export const fitFailure = z.object({ ok: z.literal(false), reason: z.string(), message: z.string(), engine: z.string().optional() });
export const fitResultJson = z.union([fitSuccess, fitFailure]);
export type FitResultJson = z.infer<typeof fitResultJson>;

export const physicsWarning = z.object({ code: z.string(), severity: z.enum(['warning', 'info']), message: z.string(), flowM3h: num.optional() });
export type PhysicsWarningJson = z.infer<typeof physicsWarning>;

/** One model's outcome in a run. */
export const modelFit = z.object({
  model: modelSpec,
  /** Human label: library label or the custom expression. */
  label: z.string(),
  result: fitResultJson,
  physics: z.array(physicsWarning),
  durationMs: z.number(),
});
export type ModelFit = z.infer<typeof modelFit>;

/** One row of the side-by-side comparison (same data, several models). */
export const comparisonRow = z.object({
  label: z.string(),
  ok: z.boolean(),
  engine: z.string().optional(),
  p: z.number().optional(),
  rss: num.optional(),
  r2: num.optional(),
  adjR2: num.optional(),
  rmse: num.optional(),
  aic: num.optional(),
  bic: num.optional(),
  cvRmse: num.optional(),
  converged: z.boolean().optional(),
  physicsWarnings: z.number(),
  message: z.string().optional(),
});
export type ComparisonRow = z.infer<typeof comparisonRow>;

export const fitRunInput = z
  .object({
    /** Chosen by the caller so it can follow progress and cancel before the call returns. */
    runId: id,
    datasetId: id,
    xColumn: columnKey,
    yColumn: columnKey,
    /** What the y column is, for physics checks and saving (default: from the column quantity). */
    curveKind: curveKind.optional(),
    /** Dataset row indices left out of the fit (clicked or lassoed points). */
    excluded: z.array(z.number().int().min(0)).max(1_000_000).default([]),
    /** Models to fit on the same data (the first is the primary one). */
    models: z.array(modelSpec).min(1).max(12),
    options: fitOptions.default({}),
  })
  .strict();
export type FitRunInput = z.input<typeof fitRunInput>;

export const fitRunResult = z.object({
  runId: z.string(),
  jobId: z.string(),
  datasetId: z.string(),
  datasetName: z.string(),
  xColumn: z.string(),
  yColumn: z.string(),
  xLabel: z.string(),
  yLabel: z.string(),
  xUnit: z.string(),
  yUnit: z.string(),
  curveKind: curveKind.optional(),
  /** Points in the dataset with finite x and y, and how many of them were fitted. */
  totalPoints: z.number(),
  fittedPoints: z.number(),
  /**
   * Points for the chart (every point up to 2,000, else an even subsample; excluded points are
   * always included): [rowIndex, x, y, residual of the primary model or null, excluded 0/1].
   */
  points: z.array(z.tuple([z.number(), z.number(), z.number(), num, z.number()])),
  fits: z.array(modelFit),
  comparison: z.array(comparisonRow),
  durationMs: z.number(),
});
export type FitRunResult = z.infer<typeof fitRunResult>;

/** Where a saved fit came from. */
export const fitProvenance = z.object({
  datasetName: z.string(),
  /** Cleaning and import steps of the dataset when the fit was made (kind + summary). */
  datasetSteps: z.array(z.object({ kind: z.string(), summary: z.string() })),
  datasetRowCount: z.number(),
  savedAt: z.number(),
  options: z.record(z.string(), z.unknown()),
});

export const savedFitSummary = z.object({
  id: z.string(),
  pumpId: z.string(),
  curveKind,
  name: z.string(),
  createdAt: z.number(),
  datasetId: z.string(),
  xColumn: z.string(),
  yColumn: z.string(),
  excluded: z.array(z.number()),
  model: modelSpec,
  label: z.string(),
  expression: z.string(),
  engine: z.string(),
  parameters: z.array(parameterEstimate),
  metrics: fitMetrics,
  cvRmse: num.optional(),
  flowRangeM3h: z.tuple([z.number(), z.number()]),
  provenance: fitProvenance,
});
export type SavedFitSummary = z.infer<typeof savedFitSummary>;
export const savedFit = savedFitSummary.extend({ result: fitSuccess });
export type SavedFit = z.infer<typeof savedFit>;

export const manufacturerPoint = z
  .object({ flowM3h: finite.refine((v) => v >= 0, 'flow must be ≥ 0'), headM: finite.optional(), efficiency: finite.refine((v) => v >= 0 && v <= 1, 'efficiency is a fraction 0..1').optional(), powerKw: finite.optional() })
  .strict();
export type ManufacturerPoint = z.infer<typeof manufacturerPoint>;

export const guaranteePoint = z
  .object({
    flowM3h: finite.refine((v) => v > 0, 'guarantee flow must be > 0'),
    headM: finite.refine((v) => v > 0, 'guarantee head must be > 0'),
    efficiency: finite.refine((v) => v > 0 && v <= 1, 'efficiency is a fraction 0..1').optional(),
    powerKw: finite.refine((v) => v > 0, 'power must be > 0').optional(),
  })
  .strict();
export type GuaranteePointInput = z.infer<typeof guaranteePoint>;

export const pumpInput = z
  .object({
    id: z.string().min(1).max(40).regex(/^[A-Za-z0-9_.-]+$/, 'pump ids are letters, digits, _ . and -'),
    name: z.string().min(1).max(200),
    ratedSpeedRpm: finite.refine((v) => v > 0 && v <= 100_000, 'rated speed must be between 0 and 100,000 rpm'),
    manufacturerPoints: z.array(manufacturerPoint).max(500).default([]),
    guarantee: guaranteePoint.optional(),
    grade: iso9906Grade.default('2B'),
    notes: z.string().max(2000).default(''),
  })
  .strict();
export type PumpInput = z.input<typeof pumpInput>;

export const pumpRecord = z.object({
  id: z.string(),
  name: z.string(),
  ratedSpeedRpm: z.number(),
  manufacturerPoints: z.array(manufacturerPoint),
  guarantee: guaranteePoint.optional(),
  grade: iso9906Grade,
  notes: z.string(),
  updatedAt: z.number(),
  /** Saved fits per curve kind (counts). */
  fitCounts: z.object({ head: z.number(), efficiency: z.number(), power: z.number() }),
});
export type PumpRecord = z.infer<typeof pumpRecord>;

export const toleranceFactors = z
  .object({
    flowMinus: z.number().min(0).max(0.5),
    flowPlus: z.number().min(0).max(0.5),
    headMinus: z.number().min(0).max(0.5),
    headPlus: z.number().min(0).max(0.5),
    powerPlus: z.number().min(0).max(0.5),
    efficiencyMinus: z.number().min(0).max(0.5),
  })
  .strict();
export type ToleranceFactorsInput = z.infer<typeof toleranceFactors>;

export const toleranceRow = z.object({ grade: iso9906Grade, factors: toleranceFactors, source: z.string(), isDefault: z.boolean(), updatedAt: z.number().optional() });
export type ToleranceRow = z.infer<typeof toleranceRow>;

/** A curve for the ISO 9906 check: a saved fit, or an unsaved one given by expression + values. */
export const curveRef = z.union([
  z.object({ fitId: id }).strict(),
  z
    .object({
      expression: z.string().min(1).max(2000),
      parameters: z.record(z.string().max(64), finite),
      flowRangeM3h: z.tuple([finite, finite]),
    })
    .strict(),
]);
export type CurveRef = z.infer<typeof curveRef>;

export const isoResult = z.object({
  pass: z.boolean(),
  grade: iso9906Grade,
  tolerances: toleranceFactors,
  toleranceSource: z.string(),
  tolerancesEdited: z.boolean(),
  guarantee: guaranteePoint,
  cross: z.object({ flowM3h: z.number(), headM: z.number(), flowMinM3h: z.number(), flowMaxM3h: z.number(), headMinM: z.number(), headMaxM: z.number() }),
  headFlow: z.object({ pass: z.boolean(), headAtGuaranteeFlowM: num.optional(), flowsAtGuaranteeHeadM3h: z.array(z.number()), touches: z.enum(['vertical', 'horizontal', 'both', 'none']) }),
  evaluationPoint: z.object({ flowM3h: z.number(), headM: z.number() }).optional(),
  efficiency: z.object({ requiredMin: z.number(), measured: num.optional(), pass: z.boolean() }).optional(),
  power: z.object({ allowedMaxKw: z.number(), measuredKw: num.optional(), pass: z.boolean() }).optional(),
  messages: z.array(z.string()),
});
export type IsoResultJson = z.infer<typeof isoResult>;

const libraryModel = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string(),
  kind: z.enum(['linear', 'nonlinear']),
  expression: z.string(),
  parameters: z.array(z.object({ name: z.string(), description: z.string(), min: z.number().optional(), max: z.number().optional() })),
  /** Curve kinds the model suits (presets in the UI). */
  suits: z.array(curveKind),
});
export type LibraryModelInfo = z.infer<typeof libraryModel>;

export const curvesMethods = defineMethods({
  'curves.models.list': method(z.object({}).strict(), z.object({ models: z.array(libraryModel), allowedFunctions: z.array(z.string()) }), 'The model library (polynomials, pump forms, nonlinear forms) and the functions allowed in custom expressions.'),
  'curves.fit.run': method(fitRunInput, fitRunResult, 'Fit one or more models to two dataset columns as a compute job (progress on curves.fit.progress; cancel with curves.fit.cancel or by aborting the call).'),
  'curves.fit.cancel': method(z.object({ runId: id }).strict(), z.object({ cancelled: z.boolean() }), 'Cancel a running fit.'),
  'curves.fits.save': method(
    z
      .object({
        pumpId: id,
        curveKind,
        name: z.string().min(1).max(200).optional(),
        datasetId: id,
        xColumn: columnKey,
        yColumn: columnKey,
        excluded: z.array(z.number().int().min(0)).max(1_000_000).default([]),
        model: modelSpec,
        options: fitOptions.default({}),
      })
      .strict(),
    savedFitSummary,
    'Fit again on the core (the same job) and save the result to a pump as its head, efficiency or power curve.',
  ),
  'curves.fits.list': method(z.object({ pumpId: id.optional(), curveKind: curveKind.optional() }).strict(), z.object({ fits: z.array(savedFitSummary) }), 'Saved fits, newest first.'),
  'curves.fits.get': method(z.object({ id }).strict(), savedFit, 'A saved fit with the full engine result (residuals, bands, covariance).'),
  'curves.fits.delete': method(z.object({ id }).strict(), z.object({ deleted: z.boolean() }), 'Delete a saved fit.'),
  'curves.pumps.list': method(z.object({}).strict(), z.object({ pumps: z.array(pumpRecord) }), 'Pumps of the project with manufacturer curve points and guarantee points.'),
  'curves.pumps.save': method(pumpInput, pumpRecord, 'Create or update a pump.'),
  'curves.pumps.delete': method(z.object({ id }).strict(), z.object({ deleted: z.boolean() }), 'Delete a pump and its saved fits.'),
  'curves.iso9906.check': method(
    z
      .object({
        pumpId: id.optional(),
        /** Guarantee point (default: the pump's). */
        guarantee: guaranteePoint.optional(),
        /** Grade (default: the pump's). */
        grade: iso9906Grade.optional(),
        head: curveRef,
        efficiency: curveRef.optional(),
        power: curveRef.optional(),
      })
      .strict(),
    isoResult,
    'ISO 9906 acceptance of measured curves against a guarantee point, with the tolerance cross and which tolerance values were used.',
  ),
  'curves.tolerances.get': method(z.object({}).strict(), z.object({ rows: z.array(toleranceRow), defaultSource: z.string() }), 'The ISO 9906 tolerance table of this project (defaults with their cited source, or project edits).'),
  'curves.tolerances.set': method(
    z.object({ grade: iso9906Grade, factors: toleranceFactors.optional(), source: z.string().min(1).max(500).optional(), reset: z.boolean().optional() }).strict(),
    z.object({ rows: z.array(toleranceRow), defaultSource: z.string() }),
    'Edit one grade of the tolerance table (with the source of the values), or reset it to the default.',
  ),
  'curves.export.csv': method(
    z.object({ fitIds: z.array(id).max(500).optional(), pumpId: id.optional() }).strict(),
    z.object({ fileName: z.string(), csv: z.string(), rows: z.number() }),
    'Saved fits as CSV: one row per parameter with estimate, standard error, CI and the fit metrics.',
  ),
});

export const curvesEvents = defineEvents({
  'curves.fit.progress': z.object({
    runId: z.string(),
    jobId: z.string().optional(),
    phase: z.enum(['loading', 'fitting', 'done', 'failed', 'cancelled']),
    fraction: z.number(),
    message: z.string().optional(),
  }),
  'curves.changed': z.object({ what: z.enum(['pumps', 'fits', 'tolerances']), id: z.string().optional() }),
});
