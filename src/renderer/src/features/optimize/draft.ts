/**
 * The station editor's draft: form strings for every number (so a half-typed value is kept as
 * typed), converted to and from the station document (docs/formats/station.md). Validation is the
 * shared `parseStation`, run locally on every change so errors show inline before saving.
 */
import { parseStation, type StationIssue } from '#shared/optimize/index';
import type { FitOption, StationDocument } from '#shared/rpc/domains/optimize';

export type CurveSource = 'manual' | 'fit';

export type DraftPump = {
  /** Stable React key (the id can be edited). */
  key: string;
  id: string;
  name: string;
  source: CurveSource;
  headFitId: string;
  efficiencyFitId: string;
  /** Coefficients c0, c1, c2, ... as typed ("60, 0.012, -0.000242"). */
  head: string;
  efficiency: string;
  ratedSpeedRpm: string;
  variableSpeed: boolean;
  speedMin: string;
  speedMax: string;
  flowMin: string;
  flowMax: string;
  motorEfficiency: string;
  driveEfficiency: string;
};

export type StationDraft = {
  name: string;
  pumps: DraftPump[];
  staticHeadM: string;
  k: string;
  densityKgM3: string;
  maxPumpsRunning: string;
  minRunTimeH: string;
  maxSwitchesPerDay: string;
  demandM3h: string;
  /** 24 hourly demands and prices, as typed; all empty = no profile / no tariff. */
  profileM3h: string[];
  pricePerKwh: string[];
  currency: string;
};

let keySeq = 0;
const nextKey = () => `pump-${++keySeq}`;

const str = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : '');
const coeffsText = (v: unknown) => {
  const c = (v as { coeffs?: unknown } | undefined)?.coeffs;
  return Array.isArray(c) ? c.map((x) => String(x)).join(', ') : '';
};

/** A plausible pump to start from (BEP near 200 m³/h, 34 m, 75 %). */
export function defaultPump(index: number): DraftPump {
  return {
    key: nextKey(),
    id: `P${index + 1}`,
    name: '',
    source: 'manual',
    headFitId: '',
    efficiencyFitId: '',
    head: '50, 0, -0.0004',
    efficiency: '0, 0.0075, -0.0000188',
    ratedSpeedRpm: '1480',
    variableSpeed: true,
    speedMin: '0.6',
    speedMax: '1',
    flowMin: '60',
    flowMax: '320',
    motorEfficiency: '0.95',
    driveEfficiency: '0.97',
  };
}

/** Next free id like P4 for a copied pump. */
export function nextPumpId(pumps: DraftPump[]): string {
  const used = new Set(pumps.map((p) => p.id));
  for (let i = 1; ; i++) if (!used.has(`P${i}`)) return `P${i}`;
}

export function emptyDraft(): StationDraft {
  return {
    name: 'New station',
    pumps: [defaultPump(0)],
    staticHeadM: '20',
    k: '0.00005',
    densityKgM3: '998.2',
    maxPumpsRunning: '',
    minRunTimeH: '',
    maxSwitchesPerDay: '',
    demandM3h: '400',
    profileM3h: new Array<string>(24).fill(''),
    pricePerKwh: new Array<string>(24).fill(''),
    currency: 'EUR',
  };
}

export function draftFromDocument(doc: StationDocument): StationDraft {
  const d = emptyDraft();
  const pumps = Array.isArray(doc.pumps) ? (doc.pumps as Array<Record<string, unknown>>) : [];
  const system = (doc.system ?? {}) as Record<string, unknown>;
  const fluid = (doc.fluid ?? {}) as Record<string, unknown>;
  const constraints = (doc.constraints ?? {}) as Record<string, unknown>;
  const demand = (doc.demand ?? {}) as Record<string, unknown>;
  const tariff = (doc.tariff ?? {}) as Record<string, unknown>;
  const hours = (v: unknown) => (Array.isArray(v) && v.length === 24 ? v.map(str) : new Array<string>(24).fill(''));
  return {
    name: str(doc.name),
    pumps: pumps.map((p) => {
      const src = (p.curveSource ?? {}) as Record<string, unknown>;
      const speed = Array.isArray(p.speedRange) ? p.speedRange : [];
      const flow = Array.isArray(p.flowRange) ? p.flowRange : [];
      return {
        key: nextKey(),
        id: str(p.id),
        name: str(p.name),
        source: src.type === 'fit' ? 'fit' : 'manual',
        headFitId: str(src.headFitId),
        efficiencyFitId: str(src.efficiencyFitId),
        head: coeffsText(p.head),
        efficiency: coeffsText(p.efficiency),
        ratedSpeedRpm: str(p.ratedSpeedRpm),
        variableSpeed: p.variableSpeed === true,
        speedMin: str(speed[0] ?? (p.variableSpeed ? '' : 1)),
        speedMax: str(speed[1] ?? (p.variableSpeed ? '' : 1)),
        flowMin: str(flow[0]),
        flowMax: str(flow[1]),
        motorEfficiency: str(p.motorEfficiency),
        driveEfficiency: str(p.driveEfficiency ?? (p.variableSpeed ? '' : '')),
      } satisfies DraftPump;
    }),
    staticHeadM: str(system.staticHeadM),
    k: str(system.k),
    densityKgM3: str(fluid.densityKgM3 ?? d.densityKgM3),
    maxPumpsRunning: str(constraints.maxPumpsRunning),
    minRunTimeH: str(constraints.minRunTimeH),
    maxSwitchesPerDay: str(constraints.maxSwitchesPerDay),
    demandM3h: str(demand.flowM3h),
    profileM3h: hours(demand.profileM3h),
    pricePerKwh: hours(tariff.pricePerKwh),
    currency: str(tariff.currency),
  };
}

/** Parses "1, 2e-3 -4" into numbers; a bad token becomes NaN so validation names the field. */
export function parseCoeffs(text: string): number[] {
  const tokens = text.split(/[\s,;]+/).filter((t) => t !== '');
  return tokens.map((t) => Number(t));
}

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

/**
 * The document for a draft. With `fits`, pumps whose curves come from saved fits get the fits'
 * coefficients (what the core will resolve them to), so local validation sees the real curves.
 */
export function documentFromDraft(d: StationDraft, fits: FitOption[] = []): StationDocument {
  const fitCoeffs = (id: string) => fits.find((f) => f.id === id)?.coeffs;
  const pumps = d.pumps.map((p) => {
    const out: Record<string, unknown> = {
      id: p.id.trim(),
      head: { type: 'poly', coeffs: p.source === 'fit' ? (fitCoeffs(p.headFitId) ?? parseCoeffs(p.head)) : parseCoeffs(p.head) },
      efficiency: { type: 'poly', coeffs: p.source === 'fit' ? (fitCoeffs(p.efficiencyFitId) ?? parseCoeffs(p.efficiency)) : parseCoeffs(p.efficiency) },
      ratedSpeedRpm: num(p.ratedSpeedRpm),
      variableSpeed: p.variableSpeed,
      flowRange: [num(p.flowMin), num(p.flowMax)],
      motorEfficiency: num(p.motorEfficiency),
    };
    if (p.name.trim()) out.name = p.name.trim();
    if (p.variableSpeed) {
      out.speedRange = [num(p.speedMin), num(p.speedMax)];
      out.driveEfficiency = num(p.driveEfficiency);
    }
    if (p.source === 'fit') out.curveSource = { type: 'fit', headFitId: p.headFitId, efficiencyFitId: p.efficiencyFitId };
    return out;
  });
  const doc: StationDocument = {
    schemaVersion: 1,
    name: d.name.trim(),
    pumps,
    system: { staticHeadM: num(d.staticHeadM), k: num(d.k) },
    fluid: { densityKgM3: num(d.densityKgM3) },
  };
  const constraints: Record<string, number> = {};
  for (const key of ['maxPumpsRunning', 'minRunTimeH', 'maxSwitchesPerDay'] as const) {
    const v = num(d[key]);
    if (v !== undefined) constraints[key] = v;
  }
  if (Object.keys(constraints).length > 0) doc.constraints = constraints;
  const demand: Record<string, unknown> = {};
  const flow = num(d.demandM3h);
  if (flow !== undefined) demand.flowM3h = flow;
  if (d.profileM3h.some((v) => v.trim() !== '')) demand.profileM3h = d.profileM3h.map((v) => num(v) ?? Number.NaN);
  if (Object.keys(demand).length > 0) doc.demand = demand;
  if (d.pricePerKwh.some((v) => v.trim() !== '')) {
    doc.tariff = { pricePerKwh: d.pricePerKwh.map((v) => num(v) ?? Number.NaN), ...(d.currency.trim() ? { currency: d.currency.trim() } : {}) };
  }
  return doc;
}

/** Replaces NaN by null, as JSON would: validation then says "expected number" at the field. */
function jsonRoundTrip(doc: StationDocument): unknown {
  return JSON.parse(JSON.stringify(doc)) as unknown;
}

/** Local validation (the same code the core runs), plus fit selections that are missing. */
export function validateDraft(d: StationDraft, fits: FitOption[]): StationIssue[] {
  const issues: StationIssue[] = [];
  d.pumps.forEach((p, i) => {
    if (p.source !== 'fit') return;
    if (!fits.some((f) => f.id === p.headFitId)) issues.push({ path: `pumps[${i}].curveSource.headFitId`, message: 'choose a saved head fit' });
    if (!fits.some((f) => f.id === p.efficiencyFitId)) issues.push({ path: `pumps[${i}].curveSource.efficiencyFitId`, message: 'choose a saved efficiency fit' });
  });
  const parsed = parseStation(jsonRoundTrip(documentFromDraft(d, fits)));
  if (!parsed.ok) issues.push(...parsed.errors);
  return issues;
}

/** Issues for one field path prefix, e.g. `pumps[1].speedRange`. */
export function issueAt(issues: StationIssue[], prefix: string): string | undefined {
  const hit = issues.find((i) => i.path === prefix || i.path.startsWith(`${prefix}.`) || i.path.startsWith(`${prefix}[`));
  return hit?.message;
}
