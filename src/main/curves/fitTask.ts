/**
 * The 'curves.fit' compute task: fits several models to the same (x, y) data with the shared
 * fitting engine, adds the physics checks, and returns JSON-safe results. Runs in a worker thread
 * in the app and in-process in tests and the CLI; it imports only shared code.
 */
import { checkPumpCurves, fitLibraryModel, fitNonlinear, makePredictor, modelLibrary, type FitResult, type PhysicsWarning } from '#shared/fitting/index';
import type { CurveKind, FitOptionsInput, ModelFit, ModelSpec } from '#shared/rpc/domains/curves';
import type { ComputeTaskContext } from '../workers/task';

export type FitTaskInput = {
  x: number[];
  y: number[];
  weights?: number[];
  models: ModelSpec[];
  options: FitOptionsInput;
  /** What y is; physics checks need x to be flow in m³/h. */
  curveKind?: CurveKind;
  /** Other measured quantities aligned with x, for the η ≈ ρgQH/P check. */
  measured?: { headM?: (number | null)[]; efficiency?: (number | null)[]; powerKw?: (number | null)[] };
};

export type FitTaskOutput = { fits: ModelFit[]; stopped: boolean };

/** Replaces NaN/±∞ by null everywhere and drops undefined, so the value is valid JSON and matches the contract. */
export function jsonSafe<T>(value: T): T {
  if (typeof value === 'number') return (Number.isFinite(value) ? value : null) as T;
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v)) as T;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonSafe(v);
    return out as T;
  }
  return value;
}

/** Label of a model for tables and legends. */
export function modelLabel(spec: ModelSpec): string {
  if (spec.kind === 'custom') return spec.label?.trim() || spec.expression;
  return modelLibrary.find((m) => m.name === spec.name)?.label ?? spec.name;
}

/** Fits one model; never throws. */
export function fitOne(spec: ModelSpec, x: number[], y: number[], weights: number[] | undefined, options: FitOptionsInput): FitResult {
  const common = {
    ...(weights ? { weights } : {}),
    ...(options.confidenceLevel !== undefined ? { confidenceLevel: options.confidenceLevel } : {}),
    ...(options.cvFolds !== undefined ? { cvFolds: options.cvFolds } : {}),
  };
  try {
    if (spec.kind === 'library') {
      return fitLibraryModel(spec.name, x, y, {
        ...common,
        ...(spec.starts ? { starts: spec.starts } : {}),
        ...(options.engine ? { engine: options.engine } : {}),
        ...(options.multiStart !== undefined ? { multiStart: options.multiStart } : {}),
      });
    }
    return fitNonlinear({
      ...common,
      expression: spec.expression,
      parameters: spec.parameters.map((p) => ({ name: p.name, start: p.start, ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) })),
      x,
      y,
      ...(options.engine ? { engine: options.engine } : {}),
      starts: options.multiStart ?? 0,
      ...(options.maxIterations ? { maxIterations: options.maxIterations } : {}),
    });
  } catch (error) {
    // The engine promises never to throw; if it does, the user still gets a reason, not a crash.
    return { ok: false, reason: 'engine-error', message: `The fitting engine failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function physicsFor(result: FitResult, input: FitTaskInput): PhysicsWarning[] {
  if (!result.ok || !input.curveKind || result.variables.length !== 1) return [];
  const predict = makePredictor(result);
  if (!predict) return [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of input.x) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > lo)) return [];
  const f = (q: number) => predict([q])[0]!;
  const m = input.measured;
  const clean = (a: (number | null)[] | undefined) => a?.map((v) => (v === null ? undefined : v));
  return checkPumpCurves({
    flowRangeM3h: [lo, hi],
    ...(input.curveKind === 'head' ? { head: f } : input.curveKind === 'efficiency' ? { efficiency: f } : { powerKw: f }),
    ...(m && m.headM && m.efficiency && m.powerKw ? { measured: { flowM3h: input.x, headM: clean(m.headM), efficiency: clean(m.efficiency), powerKw: clean(m.powerKw) } } : {}),
  });
}

export function runFitTask(raw: unknown, ctx: ComputeTaskContext): FitTaskOutput {
  const input = raw as FitTaskInput;
  const fits: ModelFit[] = [];
  const total = input.models.length;
  for (let i = 0; i < total; i++) {
    if (ctx.shouldStop()) return { fits, stopped: true };
    const spec = input.models[i]!;
    const label = modelLabel(spec);
    ctx.progress(i / total, `Fitting ${label}`);
    const t0 = performance.now();
    const result = fitOne(spec, input.x, input.y, input.weights, input.options);
    const physics = physicsFor(result, input);
    fits.push(jsonSafe({ model: spec, label, result, physics, durationMs: performance.now() - t0 }) as ModelFit);
  }
  ctx.progress(1, 'Done');
  return { fits, stopped: false };
}
