/** Standard gravity, m/s² (ISO 80000-3). */
export const GRAVITY_M_S2 = 9.80665;
/** Density of clean water at about 20 °C, kg/m³ — the default fluid. */
export const WATER_DENSITY_KG_M3 = 998.2;
/** Seconds per hour, for m³/h <-> m³/s. */
export const SECONDS_PER_HOUR = 3600;
