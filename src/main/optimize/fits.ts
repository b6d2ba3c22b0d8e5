/**
 * Pump curves from the curves area's saved fits. A station pump may say
 * `curveSource: {"type":"fit","headFitId","efficiencyFitId"}`; this module turns those fits into the
 * polynomial coefficients the station model needs. Polynomial fits (poly1..poly10 and the linear
 * pump forms) convert exactly; any other model is sampled over its data range and refitted with
 * the shared `fitPolynomial` (degree 3), and the refit's worst deviation is reported.
 *
 * The curves area owns the tables `pumps` and `fits` (`result_json` holds a FitResult); they may not
 * exist in a project, so every read checks first and reads only the columns it finds.
 */
import { fitPolynomial, linearModelSpec, makePredictor, modelLibrary, type FitSuccess } from '#shared/fitting/index';
import type { FitOption } from '#shared/rpc/domains/optimize';
import type { IStore } from '../store/types';

/** Samples taken from a non-polynomial fit for the refit; enough for a smooth cubic. */
const REFIT_SAMPLES = 41;
/** Degree of the refit: pump head and efficiency curves are at most cubic in practice. */
const REFIT_DEGREE = 3;

export type ResolvedCurve = { coeffs: number[]; refitted: boolean; maxDeviation: number; label: string; flowRangeM3h?: [number, number] };

type FitRow = Record<string, unknown> & { id: string; result_json: string };

async function tableColumns(store: IStore, table: string): Promise<string[]> {
  const exists = await store.query<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
  if (!exists[0]?.n) return [];
  return (await store.query<{ name: string }>(`PRAGMA table_info("${table}")`)).map((c) => c.name);
}

/** True when the project has a fits table with results. */
export async function fitsAvailable(store: IStore): Promise<boolean> {
  const cols = await tableColumns(store, 'fits');
  return cols.includes('id') && cols.includes('result_json');
}

const pick = (cols: string[], names: string[]) => names.find((n) => cols.includes(n));

async function readFits(store: IStore, ids?: string[]): Promise<FitRow[]> {
  const cols = await tableColumns(store, 'fits');
  if (!cols.includes('id') || !cols.includes('result_json')) return [];
  const pumpCols = await tableColumns(store, 'pumps');
  const pumpCol = pick(cols, ['pump_id']);
  const joinPumps = pumpCol && pumpCols.includes('id') && pumpCols.includes('name');
  const where = ids ? ` WHERE f.id IN (${ids.map(() => '?').join(', ')})` : '';
  const order = cols.includes('created_at') ? ' ORDER BY f.created_at DESC' : '';
  const sql = `SELECT f.*${joinPumps ? ', p.name AS _pump_name' : ''} FROM fits f${joinPumps ? ` LEFT JOIN pumps p ON p.id = f.${pumpCol}` : ''}${where}${order} LIMIT 1000`;
  return store.query<FitRow>(sql, ids ?? []);
}

/** The power-basis linear specs of the model library (polynomials and linear pump forms). */
function linearSpecs() {
  const names = new Set([...modelLibrary.map((m) => m.name), ...Array.from({ length: 10 }, (_, i) => `poly${i + 1}`)]);
  return [...names].flatMap((name) => {
    const spec = linearModelSpec(name);
    return spec ? [spec] : [];
  });
}

/** Exact polynomial coefficients when the fit is a power-basis linear model; undefined otherwise. */
export function polynomialOf(fit: FitSuccess): number[] | undefined {
  if (fit.variables.length !== 1) return undefined;
  const names = fit.parameters.map((p) => p.name);
  const compact = (s: string) => s.replace(/\s+/g, '');
  for (const spec of linearSpecs()) {
    if (compact(spec.expression) !== compact(fit.expression) || spec.names.join(',') !== names.join(',')) continue;
    const degree = Math.max(...spec.powers);
    const coeffs = new Array<number>(degree + 1).fill(0);
    spec.powers.forEach((power, j) => {
      coeffs[power] = (spec.signs[j] ?? 1) * (fit.parameters[j]?.value ?? Number.NaN);
    });
    return coeffs.every(Number.isFinite) ? coeffs : undefined;
  }
  return undefined;
}

/** The x range a fit is valid over: the saved flow range, else its bands grid (spans the data). */
function fitRange(fit: FitSuccess, saved?: [number, number]): [number, number] | undefined {
  if (saved && saved[1] > saved[0]) return saved;
  const xs = (fit.bands?.x ?? []).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length >= 2) return [Math.min(...xs), Math.max(...xs)];
  return undefined;
}

/** Converts one saved fit into polynomial coefficients (exact, or sampled and refitted). */
export function curveFromFit(fit: unknown, flowRangeM3h?: [number, number]): ResolvedCurve | { error: string } {
  const f = fit as FitSuccess | undefined;
  if (!f || f.ok !== true || typeof f.expression !== 'string' || !Array.isArray(f.parameters)) return { error: 'the saved fit has no successful result' };
  const range = fitRange(f, flowRangeM3h);
  const exact = polynomialOf(f);
  if (exact) return { coeffs: exact, refitted: false, maxDeviation: 0, label: f.expression, ...(range ? { flowRangeM3h: range } : {}) };
  if (!range || !(range[1] > range[0])) return { error: 'the saved fit is not a polynomial and has no flow range to sample it over' };
  const predict = makePredictor(f);
  if (!predict) return { error: `the saved fit's model "${f.expression}" cannot be evaluated` };
  const x = Array.from({ length: REFIT_SAMPLES }, (_, i) => range[0] + ((range[1] - range[0]) * i) / (REFIT_SAMPLES - 1));
  const y = Array.from(predict(x));
  if (!y.every(Number.isFinite)) return { error: `the saved fit "${f.expression}" is not finite over ${range[0]}–${range[1]} m³/h` };
  const refit = fitPolynomial(x, y, REFIT_DEGREE);
  if (!refit.ok) return { error: `refitting "${f.expression}" as a cubic failed: ${refit.message}` };
  const coeffs = refit.parameters.map((p) => p.value);
  const maxDeviation = refit.residuals.reduce((m, r) => Math.max(m, Math.abs(r)), 0);
  return { coeffs, refitted: true, maxDeviation, label: f.expression, flowRangeM3h: range };
}

function rangeOf(row: FitRow): [number, number] | undefined {
  for (const key of ['flow_range_json', 'flow_range']) {
    const v = row[key];
    if (typeof v === 'string') {
      try {
        const r = JSON.parse(v) as unknown;
        if (Array.isArray(r) && r.length === 2 && r.every((n) => typeof n === 'number')) return [r[0] as number, r[1] as number];
      } catch {
        // not JSON: ignore, the bands grid is used instead
      }
    }
  }
  const lo = row.flow_min ?? row.flow_min_m3h;
  const hi = row.flow_max ?? row.flow_max_m3h;
  return typeof lo === 'number' && typeof hi === 'number' ? [lo, hi] : undefined;
}

function parseResult(row: FitRow): unknown {
  try {
    return JSON.parse(row.result_json) as unknown;
  } catch {
    return undefined;
  }
}

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

/** Saved head and efficiency fits as polynomial options for the station editor. */
export async function listFitOptions(store: IStore): Promise<{ available: boolean; fits: FitOption[] }> {
  if (!(await fitsAvailable(store))) return { available: false, fits: [] };
  const rows = await readFits(store);
  const fits: FitOption[] = [];
  for (const row of rows) {
    const curve = curveFromFit(parseResult(row), rangeOf(row));
    if ('error' in curve) continue;
    fits.push({
      id: row.id,
      name: str(row.name, str(row.label, row.id)),
      pumpName: str(row._pump_name, str(row.pump_id)),
      curveKind: str(row.curve_kind, str(row.kind, 'head')),
      label: curve.refitted ? `${curve.label} (cubic refit, max dev ${curve.maxDeviation.toPrecision(3)})` : curve.label,
      coeffs: curve.coeffs,
      refitted: curve.refitted,
      ...(curve.flowRangeM3h ? { flowRangeM3h: curve.flowRangeM3h } : {}),
    });
  }
  return { available: true, fits };
}

/** Resolves fit ids to curves; a missing or unusable fit maps to its reason. */
export async function resolveFits(store: IStore, ids: string[]): Promise<Map<string, ResolvedCurve | { error: string }>> {
  const out = new Map<string, ResolvedCurve | { error: string }>();
  if (ids.length === 0) return out;
  const rows = (await fitsAvailable(store)) ? await readFits(store, [...new Set(ids)]) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const row = byId.get(id);
    out.set(id, row ? curveFromFit(parseResult(row), rangeOf(row)) : { error: rows.length === 0 && !(await fitsAvailable(store)) ? 'this project has no saved fits' : `saved fit "${id}" does not exist` });
  }
  return out;
}
