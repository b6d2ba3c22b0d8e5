/**
 * 24-hour operating plan: hourly demand and price, a limit on pump starts, and the pumps running
 * before hour 0. Validated against a station so every id exists (docs/formats/station.md).
 */
import { z } from 'zod';
import { formatPath, type Station, type StationIssue } from '../hydraulics/station';

/** Hours in a plan. */
export const PLAN_HOURS = 24;

/** A validated plan. Hour h covers h:00–(h+1):00; demand and price are constant within it. */
export type Plan = {
  /** Demand per hour, m³/h (≥ 0), 24 values. */
  demandM3h: number[];
  /** Energy price per kWh per hour (≥ 0), 24 values. */
  pricePerKwh: number[];
  /** Most pump starts over the day (integer ≥ 0). A start is a pump off in hour h−1 and on in hour h. */
  maxStarts: number;
  /** Pumps running in hour −1 (before the plan); they count as having run long enough to stop. */
  initialRunning: string[];
};

/** Outcome of parsing a plan. */
export type PlanParseResult = { ok: true; plan: Plan } | { ok: false; errors: StationIssue[] };

const finiteNonNegative = z.number().refine((v) => Number.isFinite(v) && v >= 0, 'must be a finite number ≥ 0');
const planSchema = z.object({
  demandM3h: z.array(finiteNonNegative).length(PLAN_HOURS, `must have ${PLAN_HOURS} hourly values`),
  pricePerKwh: z.array(finiteNonNegative).length(PLAN_HOURS, `must have ${PLAN_HOURS} hourly values`),
  maxStarts: z.number().int().min(0),
  initialRunning: z.array(z.string()).default([]),
});

/** Parses a plan (object or JSON string) and checks its pump ids against `station`. */
export function parsePlan(input: unknown, station: Station): PlanParseResult {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      return { ok: false, errors: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  const parsed = planSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  const ids = new Set(station.pumps.map((p) => p.id));
  const errors: StationIssue[] = [];
  parsed.data.initialRunning.forEach((id, i) => {
    if (!ids.has(id)) errors.push({ path: `initialRunning[${i}]`, message: `unknown pump id "${id}"` });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, plan: { ...parsed.data, initialRunning: [...new Set(parsed.data.initialRunning)] } };
}
