/**
 * Seeded generator of plausible stations for tests and benchmarks: centrifugal pumps with
 * quadratic head curves and parabolic efficiency around their best-efficiency flow, similar
 * shut-off heads (so every pump can work against the shared head), and a system curve that puts
 * the all-pumps best-efficiency flow near 80 % of the weakest shut-off head.
 */
import type { Pump, Station } from '../hydraulics/station';
import { createRng } from './rng';

/** Options for `randomStation`. */
export type RandomStationOptions = {
  /** Number of pumps (1..16). */
  pumps: number;
  /** How many of them are variable-speed (default: all but one when there are two or more). */
  variableSpeed?: number;
};

/** A random but valid station (passes `parseStationJson`), reproducible from `seed`. */
export function randomStation(seed: number, options: RandomStationOptions): Station {
  const rng = createRng(seed);
  const n = Math.max(1, Math.min(16, Math.floor(options.pumps)));
  const nVs = Math.max(0, Math.min(n, options.variableSpeed ?? (n >= 2 ? n - 1 : 1)));
  // Which pumps get drives: a seeded shuffle so fixed-speed pumps are not always last.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const vs = new Set(order.slice(0, nVs));
  const pumps: Pump[] = [];
  for (let i = 0; i < n; i++) {
    const qBep = rng.uniform(80, 400);
    const h0 = rng.uniform(45, 55);
    const etaMax = rng.uniform(0.7, 0.86);
    // H = h0·(1 − 0.05·x − 0.17·x²), x = Q/qBep: about 78 % of shut-off head at best efficiency.
    const head = [h0, (-0.05 * h0) / qBep, (-0.17 * h0) / (qBep * qBep)];
    // η = ηmax·(2x − x²): zero at Q = 0, peak ηmax at Q = qBep.
    const efficiency = [0, (2 * etaMax) / qBep, -etaMax / (qBep * qBep)];
    const variable = vs.has(i);
    pumps.push({
      id: `P${i + 1}`,
      head: { type: 'poly', coeffs: head },
      efficiency: { type: 'poly', coeffs: efficiency },
      ratedSpeedRpm: 1480,
      variableSpeed: variable,
      speedRange: variable ? [round3(rng.uniform(0.55, 0.7)), 1] : [1, 1],
      flowRange: [round3(0.35 * qBep), round3(1.35 * qBep)],
      motorEfficiency: round3(rng.uniform(0.92, 0.96)),
      driveEfficiency: variable ? round3(rng.uniform(0.95, 0.98)) : 1,
    });
  }
  const minShutoff = Math.min(...pumps.map((p) => p.head.coeffs[0]!));
  const staticHeadM = rng.uniform(0.3, 0.5) * minShutoff;
  const totalBep = pumps.reduce((s, p) => s + p.flowRange[1] / 1.35, 0);
  const k = (0.8 * minShutoff - staticHeadM) / (totalBep * totalBep);
  return {
    schemaVersion: 1,
    name: `random-${seed}-${n}`,
    pumps,
    system: { staticHeadM, k },
    fluid: { densityKgM3: 998.2 },
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
