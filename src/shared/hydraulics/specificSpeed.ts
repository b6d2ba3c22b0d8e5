/**
 * Specific speed, the shape number of a pump at its best-efficiency point.
 *
 * European convention used here (EN/ISO practice, KSB, Gülich):
 *     n_q = n · √Q / H^0.75
 * with n in 1/min (rpm), Q in m³/s PER IMPELLER EYE and H in m PER STAGE, evaluated at the BEP.
 * n_q carries the unit (1/min)·(m³/s)^0.5/m^0.75 by convention and is quoted as a bare number.
 * Conversions: US N_s (gpm, ft, rpm) ≈ 51.65 · n_q; the dimensionless ω_s = ω√Q/(gH)^0.75 ≈ n_q / 52.9.
 */
import { GRAVITY_M_S2, SECONDS_PER_HOUR } from './constants';

export type SpecificSpeedOptions = {
  /** Number of stages (head is divided among them), default 1. */
  stages?: number;
  /** Double-suction impeller (flow is divided between two eyes), default false. */
  doubleSuction?: boolean;
};

/** n_q from speed (rpm), flow (m³/h, whole pump) and head (m, whole pump) at the BEP. */
export function specificSpeedNq(speedRpm: number, flowM3h: number, headM: number, opts: SpecificSpeedOptions = {}): number {
  const stages = opts.stages ?? 1;
  const eyes = opts.doubleSuction ? 2 : 1;
  const qPerEyeM3s = flowM3h / SECONDS_PER_HOUR / eyes;
  const headPerStageM = headM / stages;
  if (!(speedRpm > 0) || !(qPerEyeM3s > 0) || !(headPerStageM > 0)) return Number.NaN;
  return (speedRpm * Math.sqrt(qPerEyeM3s)) / headPerStageM ** 0.75;
}

/** Dimensionless specific speed ω_s = ω·√Q / (g·H)^0.75 (ω in rad/s), same per-eye/per-stage rules. */
export function specificSpeedDimensionless(speedRpm: number, flowM3h: number, headM: number, opts: SpecificSpeedOptions = {}): number {
  const stages = opts.stages ?? 1;
  const eyes = opts.doubleSuction ? 2 : 1;
  const omega = (speedRpm * 2 * Math.PI) / 60;
  const q = flowM3h / SECONDS_PER_HOUR / eyes;
  const h = headM / stages;
  if (!(omega > 0) || !(q > 0) || !(h > 0)) return Number.NaN;
  return (omega * Math.sqrt(q)) / (GRAVITY_M_S2 * h) ** 0.75;
}

/** Impeller type usually associated with an n_q (rough guide, boundaries overlap in practice). */
export type ImpellerType = 'radial' | 'mixed-flow' | 'axial';

/** Radial up to n_q ≈ 70, mixed flow ≈ 70–160, axial above (Gülich, Centrifugal Pumps, ch. 3). */
export function impellerTypeFromNq(nq: number): ImpellerType {
  if (nq < 70) return 'radial';
  if (nq < 160) return 'mixed-flow';
  return 'axial';
}
