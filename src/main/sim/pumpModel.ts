import { headAtSpeed, efficiencyAtSpeed } from '#shared/hydraulics/affinity';
import { shaftPowerKw } from '#shared/hydraulics/power';
import { GRAVITY_M_S2, WATER_DENSITY_KG_M3 } from '#shared/hydraulics/constants';

/**
 * A small pump station for the simulator: one variable-speed centrifugal pump lifting from a wet
 * well against a system curve. Flow is the intersection of the pump curve at the current speed
 * (affinity laws) with the system curve; head, efficiency, shaft and electrical power, motor
 * current, temperatures and the wet-well level follow from it. Deterministic for a given seed.
 */

/** Rated-speed pump curve: H(Q) = H0 − kQ², Q in m³/h, H in m. */
const SHUTOFF_HEAD_M = 55;
const CURVE_K = 0.00012;
/** Best-efficiency flow at rated speed (m³/h) and peak efficiency. */
const BEP_FLOW_M3H = 380;
const PEAK_EFFICIENCY = 0.82;
/** System curve: H = Hstatic + rQ²; static head falls as the wet-well level rises. */
const SYSTEM_R = 0.0001;
const STATIC_HEAD_AT_DATUM_M = 20;
/** Wet-well plan area (m²) and inflow pattern (m³/h): mean, amplitude, period (s). */
const WELL_AREA_M2 = 30;
const INFLOW_MEAN_M3H = 330;
const INFLOW_AMPLITUDE_M3H = 110;
const INFLOW_PERIOD_S = 900;
const MOTOR_EFFICIENCY = 0.94;
const POWER_FACTOR = 0.86;
const RATED_VOLTAGE_V = 400;
const RATED_FREQUENCY_HZ = 50;
const RATED_POWER_KW = 55;
const BAR_PER_M = (WATER_DENSITY_KG_M3 * GRAVITY_M_S2) / 1e5;

const headRated = (q: number) => SHUTOFF_HEAD_M - CURVE_K * q * q;
const efficiencyRated = (q: number) => Math.max(0.2, PEAK_EFFICIENCY * (1 - ((q - BEP_FLOW_M3H) / BEP_FLOW_M3H) ** 2));

export interface PumpState {
  speedRatio: number;
  flowM3h: number;
  headM: number;
  efficiency: number;
  shaftPowerKw: number;
  activePowerKw: number;
  levelM: number;
  motorTempC: number;
  bearingTempC: number;
  energyTodayKwh: number;
}

export class PumpStationModel {
  private t = 0;
  private rng: () => number;
  private day = -1;
  readonly state: PumpState = {
    speedRatio: 0,
    flowM3h: 0,
    headM: 0,
    efficiency: 0,
    shaftPowerKw: 0,
    activePowerKw: 0,
    levelM: 2.2,
    motorTempC: 35,
    bearingTempC: 30,
    energyTodayKwh: 0,
  };

  constructor(seed = 7) {
    let a = seed >>> 0;
    this.rng = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Small Gaussian-ish noise (sum of uniforms), standard deviation ≈ sd. */
  private noise(sd: number): number {
    return (this.rng() + this.rng() + this.rng() - 1.5) * 2 * sd;
  }

  /** Advances the model by dtS seconds towards the speed set point (fraction of rated speed). */
  step(dtS: number, speedSetpoint: number, nowMs: number): PumpState {
    const s = this.state;
    this.t += dtS;
    // Drive ramp: 10 %/s towards the set point.
    const ramp = 0.1 * dtS;
    s.speedRatio += Math.max(-ramp, Math.min(ramp, speedSetpoint - s.speedRatio));
    const staticHead = STATIC_HEAD_AT_DATUM_M - s.levelM;
    const sr = s.speedRatio;
    // Operating point: s²·H_r(Q/s) = Hstatic + rQ²  →  Q² = (s²H0 − Hstatic)/(k + r).
    const drive = sr * sr * SHUTOFF_HEAD_M - staticHead;
    const q = sr > 0.05 && drive > 0 ? Math.sqrt(drive / (CURVE_K + SYSTEM_R)) : 0;
    s.flowM3h = Math.max(0, q * (1 + this.noise(0.004)));
    s.headM = q > 0 ? headAtSpeed(headRated, q, sr) : sr * sr * SHUTOFF_HEAD_M;
    s.efficiency = q > 0 ? efficiencyAtSpeed(efficiencyRated, q, sr) : 0;
    // At zero flow the pump still churns: about 30 % of rated-speed power, scaled by s³.
    s.shaftPowerKw = q > 0 ? shaftPowerKw(q, s.headM, s.efficiency) : sr > 0.05 ? 0.3 * RATED_POWER_KW * sr ** 3 : 0;
    s.activePowerKw = (s.shaftPowerKw / MOTOR_EFFICIENCY) * (1 + this.noise(0.005));
    const inflow = INFLOW_MEAN_M3H + INFLOW_AMPLITUDE_M3H * Math.sin((2 * Math.PI * this.t) / INFLOW_PERIOD_S);
    s.levelM = Math.max(-0.5, Math.min(4.8, s.levelM + ((inflow - s.flowM3h) / 3600 / WELL_AREA_M2) * dtS));
    const load = s.activePowerKw / RATED_POWER_KW;
    const tau = 300;
    s.motorTempC += ((38 + 55 * load - s.motorTempC) * dtS) / tau;
    s.bearingTempC += ((32 + 28 * load - s.bearingTempC) * dtS) / tau;
    const day = Math.floor(nowMs / 86_400_000);
    if (day !== this.day) {
      this.day = day;
      // Start part-way through a day so the demo's energy counter is not stuck near zero.
      s.energyTodayKwh = this.t === dtS ? ((nowMs % 86_400_000) / 3_600_000) * 38 : 0;
    }
    s.energyTodayKwh += (s.activePowerKw * dtS) / 3600;
    return s;
  }

  /** Telemetry fields shaped like the reference frame schema (pump-telemetry). */
  fields(stationId: number, seq: number, nowMs: number): Record<string, unknown> {
    const s = this.state;
    const suctionBar = (s.levelM + 0.6) * BAR_PER_M - 0.0000004 * s.flowM3h * s.flowM3h + this.noise(0.002);
    const dischargeBar = suctionBar + s.headM * BAR_PER_M + this.noise(0.005);
    const voltage = RATED_VOLTAGE_V * Math.max(0.05, s.speedRatio) * (1 + this.noise(0.002));
    const current = s.activePowerKw > 0 ? (s.activePowerKw * 1000) / (Math.sqrt(3) * voltage * POWER_FACTOR) : 0;
    const running = s.speedRatio > 0.05;
    const q2 = (x: number, d: number) => Math.round(x * d) / d;
    return {
      sync: 'AA55',
      msg_type: 1,
      station_id: stationId,
      seq: seq & 0xffff,
      unix_time: Math.floor(nowMs / 1000) >>> 0,
      suction_pressure: q2(clamp(suctionBar, -1, 10), 100),
      discharge_pressure: q2(clamp(dischargeBar, 0, 25), 100),
      wet_well_level: q2(s.levelM, 100),
      motor_current: q2(clamp(current, 0, 500), 10),
      motor_voltage: q2(running ? voltage : 0, 10),
      vfd_frequency: q2(RATED_FREQUENCY_HZ * s.speedRatio, 100),
      motor_temp: q2(s.motorTempC + this.noise(0.1), 10),
      bearing_temp: q2(s.bearingTempC + this.noise(0.1), 10),
      flow_rate: Math.max(0, s.flowM3h),
      active_power: Math.max(0, s.activePowerKw),
      vibration_rms: Math.max(0, (running ? 1.6 + 1.1 * s.speedRatio ** 2 : 0.05) + this.noise(0.08)),
      energy_today: s.energyTodayKwh,
      status: {
        pump_running: running,
        pump_fault: false,
        remote_mode: true,
        high_level: s.levelM > 3.8,
        low_level: s.levelM < 0.4,
        over_temp: s.motorTempC > 130,
        dry_run: running && s.levelM < -0.3,
        door_open: false,
      },
      crc: 0,
    };
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}
