/**
 * Station model: parallel pumps into one main, a system curve, a fluid, and optional demand,
 * tariff and operating constraints. The zod schema is the file format (docs/formats/station.md);
 * `parseStationJson` validates it and returns a normalized `Station` with errors that name the
 * offending field (`pumps[1].speedRange`).
 */
import { z } from 'zod';
import { WATER_DENSITY_KG_M3 } from './constants';
import { fitSystemCurve, type SystemPoint } from './systemCurve';

/** Polynomial y = c0 + c1·x + c2·x² + ... in the units of the field that holds it. */
export type Poly = { type: 'poly'; coeffs: number[] };

/** One pump after validation and normalization. */
export type Pump = {
  /** Unique within the station. */
  id: string;
  name?: string;
  /** Head in m as a polynomial of flow in m³/h at rated speed; strictly decreasing over `flowRange`. */
  head: Poly;
  /** Pump (hydraulic) efficiency as a fraction (0, 1] of flow in m³/h at rated speed. */
  efficiency: Poly;
  /** Rated shaft speed in rpm (> 0); informational, speeds are handled as ratios. */
  ratedSpeedRpm: number;
  /** True when a drive (VFD) can vary the speed within `speedRange`. */
  variableSpeed: boolean;
  /** Allowed speed ratios n/n_rated [min, max], 0 < min ≤ max ≤ 1.5; [1, 1] for fixed-speed pumps. */
  speedRange: [number, number];
  /** Allowed flow window in m³/h at rated speed [min, max], 0 ≤ min < max; at speed ratio s it is [s·min, s·max]. */
  flowRange: [number, number];
  /** Motor efficiency, fraction (0, 1]. */
  motorEfficiency: number;
  /** Drive (VFD) efficiency, fraction (0, 1]; 1 for fixed-speed pumps (no drive in the power path). */
  driveEfficiency: number;
};

/** System curve, normalized to the quadratic form; `points` kept when it was fitted from measurements. */
export type StationSystem = {
  /** Static head in m (≥ 0). */
  staticHeadM: number;
  /** Friction coefficient in m/(m³/h)² (≥ 0): H = staticHeadM + k·Q². */
  k: number;
  /** Measured points the curve was fitted to, when given that way. */
  points?: SystemPoint[];
  /** RMS residual of the fit in m, when fitted. */
  fitRmsM?: number;
};

/** Demand for the station: a constant flow and/or a 24-hour profile (m³/h, ≥ 0). */
export type StationDemand = { flowM3h?: number; profileM3h?: number[] };

/** Energy tariff: 24 hourly prices per kWh (≥ 0), hour 0 = 00:00–01:00. */
export type StationTariff = { pricePerKwh: number[]; currency?: string };

/** Operating constraints honoured by the optimizers and the schedule. */
export type StationConstraints = {
  /** Most pumps running at once (integer ≥ 1). */
  maxPumpsRunning?: number;
  /** A pump, once started, runs at least this many whole hours (integer 0..24); schedule only. */
  minRunTimeH?: number;
  /** Most pump starts per day over the whole station (integer ≥ 0); schedule only. */
  maxSwitchesPerDay?: number;
};

/** A validated station. */
export type Station = {
  schemaVersion: 1;
  name?: string;
  pumps: Pump[];
  system: StationSystem;
  /** Fluid density in kg/m³ (default 998.2, water at 20 °C). */
  fluid: { densityKgM3: number };
  demand?: StationDemand;
  tariff?: StationTariff;
  constraints?: StationConstraints;
};

/** A validation problem: `path` names the field (`pumps[1].speedRange`, `system.k`), '' for the document. */
export type StationIssue = { path: string; message: string };

/** Outcome of parsing a station document. */
export type StationParseResult = { ok: true; station: Station } | { ok: false; errors: StationIssue[] };

/** Evaluates a polynomial (coefficients in ascending powers) at x by Horner's rule. */
export function evalPoly(coeffs: readonly number[], x: number): number {
  let y = 0;
  for (let i = coeffs.length - 1; i >= 0; i--) y = y * x + (coeffs[i] as number);
  return y;
}

/** Samples used to check curve shape over a flow window: enough to catch a wrong-signed quadratic/cubic. */
const SHAPE_SAMPLES = 200;
/** Highest speed ratio accepted: drives rarely allow more than 50 % overspeed, and affinity laws degrade. */
const MAX_SPEED_RATIO = 1.5;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const polySchema = z.object({
  type: z.literal('poly'),
  // Pump curves are low order; more than 8 coefficients is a fitting artefact.
  coeffs: z.array(finite).min(1).max(8),
});
const range = z.tuple([finite, finite]);
const hours24 = (what: string) => z.array(finite.refine((v) => v >= 0, `${what} must be ≥ 0`)).length(24, 'must have 24 hourly values');

const pumpSchema = z.object({
  id: z.string().min(1, 'must be a non-empty string'),
  name: z.string().optional(),
  head: polySchema,
  efficiency: polySchema,
  ratedSpeedRpm: finite.refine((v) => v > 0, 'must be > 0'),
  variableSpeed: z.boolean(),
  speedRange: range.optional(),
  flowRange: range,
  motorEfficiency: finite.refine((v) => v > 0 && v <= 1, 'must be a fraction in (0, 1]'),
  driveEfficiency: finite.refine((v) => v > 0 && v <= 1, 'must be a fraction in (0, 1]').optional(),
});

const systemSchema = z.object({
  staticHeadM: finite.optional(),
  k: finite.optional(),
  points: z.array(z.object({ flowM3h: finite, headM: finite })).optional(),
});

const stationSchema = z.object({
  schemaVersion: z.literal(1).optional(),
  name: z.string().optional(),
  pumps: z.array(pumpSchema).min(1, 'a station needs at least one pump').max(16, 'at most 16 pumps'),
  system: systemSchema,
  fluid: z.object({ densityKgM3: finite.refine((v) => v > 0, 'must be > 0') }).optional(),
  demand: z
    .object({ flowM3h: finite.refine((v) => v >= 0, 'must be ≥ 0').optional(), profileM3h: hours24('demand').optional() })
    .optional(),
  tariff: z.object({ pricePerKwh: hours24('price'), currency: z.string().optional() }).optional(),
  constraints: z
    .object({
      maxPumpsRunning: z.number().int().min(1).optional(),
      minRunTimeH: z.number().int().min(0).max(24).optional(),
      maxSwitchesPerDay: z.number().int().min(0).optional(),
    })
    .optional(),
});

type RawStation = z.infer<typeof stationSchema>;
type RawPump = z.infer<typeof pumpSchema>;

/** Formats a zod path as `pumps[1].speedRange[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Parses and validates a station document (an object, or a JSON string).
 * Checks beyond the shape: unique ids, consistent ranges, a head curve strictly decreasing and
 * positive over the flow window (so flow at a given head is unique), efficiencies in (0, 1].
 */
export function parseStationJson(input: unknown): StationParseResult {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      return { ok: false, errors: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  const parsed = stationSchema.safeParse(doc);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const errors: StationIssue[] = [];
  const raw = parsed.data;
  const pumps = raw.pumps.map((p, i) => normalizePump(p, `pumps[${i}]`, errors));
  const seen = new Map<string, number>();
  raw.pumps.forEach((p, i) => {
    const first = seen.get(p.id);
    if (first !== undefined) errors.push({ path: `pumps[${i}].id`, message: `duplicate id "${p.id}" (also pumps[${first}])` });
    else seen.set(p.id, i);
  });
  const system = normalizeSystem(raw.system, errors);
  const constraints = raw.constraints;
  if (constraints?.maxPumpsRunning !== undefined && constraints.maxPumpsRunning > pumps.length) {
    errors.push({ path: 'constraints.maxPumpsRunning', message: `is ${constraints.maxPumpsRunning} but the station has ${pumps.length} pumps` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, station: buildStation(raw, pumps, system) };
}

function buildStation(raw: RawStation, pumps: Pump[], system: StationSystem): Station {
  const station: Station = {
    schemaVersion: 1,
    pumps,
    system,
    fluid: { densityKgM3: raw.fluid?.densityKgM3 ?? WATER_DENSITY_KG_M3 },
  };
  if (raw.name !== undefined) station.name = raw.name;
  if (raw.demand !== undefined) station.demand = raw.demand;
  if (raw.tariff !== undefined) station.tariff = raw.tariff;
  if (raw.constraints !== undefined) station.constraints = raw.constraints;
  return station;
}

function normalizePump(p: RawPump, at: string, errors: StationIssue[]): Pump {
  const [qMin, qMax] = p.flowRange;
  if (!(qMin >= 0 && qMax > qMin)) errors.push({ path: `${at}.flowRange`, message: 'must be [min, max] m³/h with 0 ≤ min < max' });

  let speedRange: [number, number] = [1, 1];
  if (p.variableSpeed) {
    if (p.speedRange === undefined) errors.push({ path: `${at}.speedRange`, message: 'is required for a variable-speed pump' });
    else {
      const [lo, hi] = p.speedRange;
      if (!(lo > 0 && hi >= lo && hi <= MAX_SPEED_RATIO)) {
        errors.push({ path: `${at}.speedRange`, message: `must be [min, max] speed ratios with 0 < min ≤ max ≤ ${MAX_SPEED_RATIO}` });
      }
      speedRange = [lo, hi];
    }
    if (p.driveEfficiency === undefined) errors.push({ path: `${at}.driveEfficiency`, message: 'is required for a variable-speed pump' });
  } else if (p.speedRange !== undefined && !(p.speedRange[0] <= 1 && p.speedRange[1] >= 1)) {
    errors.push({ path: `${at}.speedRange`, message: 'a fixed-speed pump runs at ratio 1, which must lie inside speedRange' });
  }

  if (qMin >= 0 && qMax > qMin) checkCurves(p, at, errors);

  const pump: Pump = {
    id: p.id,
    head: { type: 'poly', coeffs: [...p.head.coeffs] },
    efficiency: { type: 'poly', coeffs: [...p.efficiency.coeffs] },
    ratedSpeedRpm: p.ratedSpeedRpm,
    variableSpeed: p.variableSpeed,
    speedRange,
    flowRange: [qMin, qMax],
    motorEfficiency: p.motorEfficiency,
    driveEfficiency: p.variableSpeed ? (p.driveEfficiency ?? 1) : 1,
  };
  if (p.name !== undefined) pump.name = p.name;
  return pump;
}

function checkCurves(p: RawPump, at: string, errors: StationIssue[]): void {
  const [qMin, qMax] = p.flowRange;
  let prevHead = Number.POSITIVE_INFINITY;
  let headOk = true;
  let effOk = true;
  for (let i = 0; i <= SHAPE_SAMPLES; i++) {
    const q = qMin + ((qMax - qMin) * i) / SHAPE_SAMPLES;
    const h = evalPoly(p.head.coeffs, q);
    const eta = evalPoly(p.efficiency.coeffs, q);
    if (headOk && !(h < prevHead && h > 0)) {
      headOk = false;
      errors.push({
        path: `${at}.head`,
        message: `must be positive and strictly decreasing over flowRange (fails near Q = ${round(q)} m³/h, H = ${round(h)} m)`,
      });
    }
    if (effOk && !(eta > 0 && eta <= 1)) {
      effOk = false;
      errors.push({ path: `${at}.efficiency`, message: `must be a fraction in (0, 1] over flowRange (is ${round(eta)} at Q = ${round(q)} m³/h)` });
    }
    prevHead = h;
  }
}

function normalizeSystem(raw: RawStation['system'], errors: StationIssue[]): StationSystem {
  const hasQuadratic = raw.staticHeadM !== undefined || raw.k !== undefined;
  if (raw.points !== undefined) {
    if (hasQuadratic) errors.push({ path: 'system', message: 'give either {staticHeadM, k} or points, not both' });
    raw.points.forEach((pt, i) => {
      if (pt.flowM3h < 0) errors.push({ path: `system.points[${i}].flowM3h`, message: 'must be ≥ 0' });
    });
    const fit = fitSystemCurve(raw.points);
    if (fit === undefined) {
      errors.push({ path: 'system.points', message: 'need at least two points with different flows' });
      return { staticHeadM: 0, k: 0 };
    }
    if (fit.k < 0) errors.push({ path: 'system.points', message: `fitted friction coefficient k = ${fit.k} is negative` });
    if (fit.staticHeadM < 0) errors.push({ path: 'system.points', message: `fitted static head ${round(fit.staticHeadM)} m is negative` });
    return { staticHeadM: fit.staticHeadM, k: fit.k, points: raw.points, fitRmsM: fit.rmsM };
  }
  if (raw.staticHeadM === undefined) errors.push({ path: 'system.staticHeadM', message: 'is required (or give system.points)' });
  else if (raw.staticHeadM < 0) errors.push({ path: 'system.staticHeadM', message: 'must be ≥ 0 m' });
  if (raw.k === undefined) errors.push({ path: 'system.k', message: 'is required (or give system.points)' });
  else if (raw.k < 0) errors.push({ path: 'system.k', message: 'must be ≥ 0' });
  return { staticHeadM: raw.staticHeadM ?? 0, k: raw.k ?? 0 };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
