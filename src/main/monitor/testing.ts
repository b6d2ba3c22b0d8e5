import type { DecodedMessage } from '#shared/messages';

let seq = 0;

/** A decoded message of the demo station's reference frame (source `rtu-udp`, schema `pump-telemetry`). */
export function demoFrame(fields: Partial<Record<string, unknown>> = {}, receivedAt = Date.now()): DecodedMessage {
  return {
    id: `t${++seq}`,
    sourceId: 'rtu-udp',
    schemaId: 'pump-telemetry',
    schemaVersion: 1,
    receivedAt,
    fields: {
      suction_pressure: 0.8,
      discharge_pressure: 4.2,
      wet_well_level: 2.1,
      motor_current: 62.5,
      motor_voltage: 400,
      vfd_frequency: 48,
      motor_temp: 65,
      bearing_temp: 48,
      flow_rate: 312,
      active_power: 37.5,
      vibration_rms: 2.2,
      energy_today: 1234,
      status: { pump_running: true, pump_fault: false, remote_mode: true },
      ...fields,
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
