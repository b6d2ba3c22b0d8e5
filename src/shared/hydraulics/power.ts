import { GRAVITY_M_S2, SECONDS_PER_HOUR, WATER_DENSITY_KG_M3 } from './constants';

/** Hydraulic (water) power P_h = ρ g Q H, in kW, for flow in m³/h and head in m. */
export function hydraulicPowerKw(flowM3h: number, headM: number, densityKgM3 = WATER_DENSITY_KG_M3): number {
  return (densityKgM3 * GRAVITY_M_S2 * (flowM3h / SECONDS_PER_HOUR) * headM) / 1000;
}

/** Shaft power in kW from hydraulic power and pump efficiency (fraction, 0 < η ≤ 1). */
export function shaftPowerKw(flowM3h: number, headM: number, efficiency: number, densityKgM3 = WATER_DENSITY_KG_M3): number {
  return hydraulicPowerKw(flowM3h, headM, densityKgM3) / efficiency;
}

/** Pump efficiency (fraction) from measured flow, head and shaft power: η = ρgQH / P. */
export function efficiencyFromPower(flowM3h: number, headM: number, shaftPowerKwMeasured: number, densityKgM3 = WATER_DENSITY_KG_M3): number {
  return hydraulicPowerKw(flowM3h, headM, densityKgM3) / shaftPowerKwMeasured;
}

/** Head in m from a pressure difference in bar for a fluid of density ρ: H = Δp / (ρ g). */
export function headFromPressureBar(pressureBar: number, densityKgM3 = WATER_DENSITY_KG_M3): number {
  return (pressureBar * 1e5) / (densityKgM3 * GRAVITY_M_S2);
}
