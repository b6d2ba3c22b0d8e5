/**
 * Operating table: for a list of station demands, the optimal pump set, speeds, power and
 * specific energy (kWh/m³) from the exhaustive solver — the commissioning engineer's lookup sheet.
 */
import type { Station } from '../hydraulics/station';
import type { ExhaustiveSettings } from './exhaustive';
import { optimizeDemand } from './optimizeDemand';

/** One row: a demand and how to meet it (running pumps only), or why it cannot be met. */
export type OperatingRow =
  | {
      feasible: true;
      demandM3h: number;
      headM: number;
      powerKw: number;
      /** Energy per volume, kWh/m³. */
      specificEnergyKwhPerM3: number;
      pumps: { id: string; speedRatio: number; flowM3h: number; efficiency: number; powerKw: number }[];
    }
  | { feasible: false; demandM3h: number; headM?: number; reason: string };

/** Options: tolerance of the flow balance and exhaustive-solver settings. */
export type OperatingTableOptions = { toleranceRel?: number } & Partial<ExhaustiveSettings>;

/** One row per demand (m³/h), in the given order. */
export function operatingTable(station: Station, demandsM3h: readonly number[], options: OperatingTableOptions = {}): OperatingRow[] {
  return demandsM3h.map((demandM3h): OperatingRow => {
    const r = optimizeDemand(station, demandM3h, { ...options, algorithm: 'exhaustive' });
    if (!r.feasible) {
      const row: OperatingRow = { feasible: false, demandM3h, reason: r.reason };
      if (r.headM !== undefined) row.headM = r.headM;
      return row;
    }
    return {
      feasible: true,
      demandM3h,
      headM: r.headM,
      powerKw: r.powerKw,
      specificEnergyKwhPerM3: r.specificEnergyKwhPerM3,
      pumps: r.pumps
        .filter((p) => p.on)
        .map((p) => ({ id: p.id, speedRatio: p.speedRatio, flowM3h: p.flowM3h, efficiency: p.efficiency, powerKw: p.powerKw })),
    };
  });
}

/** Evenly spaced demands from `fromM3h` to `toM3h` inclusive (`count` ≥ 2), for a table or a chart. */
export function demandRange(fromM3h: number, toM3h: number, count: number): number[] {
  const n = Math.max(2, Math.floor(count));
  return Array.from({ length: n }, (_, i) => fromM3h + ((toM3h - fromM3h) * i) / (n - 1));
}
