import type { MonitorService } from './service';

/** Demo UDP source and schema of the station simulator (gateway area). */
export const DEMO_SOURCE_ID = 'rtu-udp';
export const DEMO_SCHEMA_ID = 'pump-telemetry';

const FIELDS: Array<{ id: string; name: string; unit: string; precision: number; min?: number; max?: number; warnLow?: number; warnHigh?: number; path?: string }> = [
  { id: 'suction_pressure', name: 'Suction pressure', unit: 'bar', precision: 2, min: -1, max: 3, warnLow: 0.1 },
  { id: 'discharge_pressure', name: 'Discharge pressure', unit: 'bar', precision: 2, min: 0, max: 10 },
  { id: 'wet_well_level', name: 'Wet-well level', unit: 'm', precision: 2, min: -1, max: 6, warnHigh: 4.5 },
  { id: 'motor_current', name: 'Motor current', unit: 'A', precision: 1, min: 0, max: 120 },
  { id: 'motor_voltage', name: 'Motor voltage', unit: 'V', precision: 1, min: 0, max: 480 },
  { id: 'vfd_frequency', name: 'VFD frequency', unit: 'Hz', precision: 2, min: 0, max: 60 },
  { id: 'motor_temp', name: 'Motor temperature', unit: '°C', precision: 1, min: 0, max: 140, warnHigh: 90 },
  { id: 'bearing_temp', name: 'Bearing temperature', unit: '°C', precision: 1, min: 0, max: 120, warnHigh: 80 },
  { id: 'flow_rate', name: 'Flow rate', unit: 'm3/h', precision: 1, min: 0, max: 600 },
  { id: 'active_power', name: 'Active power', unit: 'kW', precision: 1, min: 0, max: 160 },
  { id: 'vibration_rms', name: 'Vibration RMS', unit: 'mm/s', precision: 2, min: 0, max: 12, warnHigh: 7.1 },
  { id: 'energy_today', name: 'Energy today', unit: 'kWh', precision: 0 },
  { id: 'pump_running', name: 'Pump running', unit: '', precision: 0, min: 0, max: 1, path: 'status.pump_running' },
  { id: 'pump_fault', name: 'Pump fault', unit: '', precision: 0, min: 0, max: 1, path: 'status.pump_fault' },
];

/** Demo content: channels for the reference frame, two expression channels (head, hydraulic power), a dashboard and alarm rules. */
export async function seedMonitorDemo(m: MonitorService): Promise<void> {
  for (const f of FIELDS) {
    await m.createChannel({
      id: f.id,
      name: f.name,
      unit: f.unit,
      description: `Reference frame field ${f.path ?? f.id}`,
      binding: { kind: 'field', sourceId: DEMO_SOURCE_ID, schemaId: DEMO_SCHEMA_ID, fieldPath: f.path ?? f.id },
      limits: { ...(f.min !== undefined ? { displayMin: f.min } : {}), ...(f.max !== undefined ? { displayMax: f.max } : {}), ...(f.warnLow !== undefined ? { warnLow: f.warnLow } : {}), ...(f.warnHigh !== undefined ? { warnHigh: f.warnHigh } : {}) },
      precision: f.precision,
      decimationMs: 0,
      enabled: true,
    });
  }
  // Differential head from the two pressures (1 bar = 10.197 m of water).
  await m.createChannel({
    id: 'pump_head',
    name: 'Pump head',
    unit: 'm',
    description: 'Differential head: (discharge - suction) × 10.197 m/bar (water, 1000 kg/m³)',
    binding: { kind: 'expression', sourceId: DEMO_SOURCE_ID, schemaId: DEMO_SCHEMA_ID, expression: '(discharge_pressure - suction_pressure) * 10.197' },
    limits: { displayMin: 0, displayMax: 100 },
    precision: 1,
    decimationMs: 0,
    enabled: true,
  });
  // Hydraulic power from flow and differential pressure: Q [m³/h] / 3600 × Δp [bar] × 10⁵ Pa = kW × 36.
  await m.createChannel({
    id: 'hydraulic_power',
    name: 'Hydraulic power',
    unit: 'kW',
    description: 'Power delivered to the water: flow × (discharge - suction) / 36 kW (m³/h, bar)',
    binding: { kind: 'expression', sourceId: DEMO_SOURCE_ID, schemaId: DEMO_SCHEMA_ID, expression: 'flow_rate * (discharge_pressure - suction_pressure) / 36' },
    limits: { displayMin: 0, displayMax: 160 },
    precision: 1,
    decimationMs: 0,
    enabled: true,
  });
  const rule = { enabled: true, deadband: 0, rateWindowMs: 5000, staleAfterMs: 10_000, expression: '', deviceId: '', onDelayMs: 0, offDelayMs: 0, suppressedBy: [], suppressInMaintenance: true, escalateAfterMs: 0, message: '' };
  await m.createRule({ ...rule, id: 'stale_data', name: 'Telemetry stale', kind: 'stale', severity: 'major', channelId: 'flow_rate', staleAfterMs: 15_000, message: 'No telemetry from the RTU' });
  await m.createRule({ ...rule, id: 'motor_temp_high', name: 'Motor temperature high', kind: 'high', severity: 'major', channelId: 'motor_temp', threshold: 95, deadband: 3, onDelayMs: 2000, offDelayMs: 2000, escalateAfterMs: 300_000, suppressedBy: ['stale_data'] });
  await m.createRule({ ...rule, id: 'motor_temp_hh', name: 'Motor temperature high-high', kind: 'highHigh', severity: 'critical', channelId: 'motor_temp', threshold: 110, deadband: 3, onDelayMs: 1000 });
  await m.createRule({ ...rule, id: 'suction_low', name: 'Suction pressure low', kind: 'low', severity: 'major', channelId: 'suction_pressure', threshold: 0.05, deadband: 0.03, onDelayMs: 3000, offDelayMs: 2000, suppressedBy: ['stale_data'] });
  await m.createRule({ ...rule, id: 'dry_run', name: 'Running with no flow', kind: 'expression', severity: 'critical', expression: 'pump_running > 0.5 and flow_rate < 5', onDelayMs: 5000, suppressedBy: ['stale_data'] });
  await m.createRule({ ...rule, id: 'device_offline', name: 'Device offline', kind: 'deviceOffline', severity: 'major', deviceId: '*', suppressInMaintenance: false });
  await m.saveDashboard({
    id: 'station',
    name: 'Pump station',
    panels: [
      { id: 'p-flow', kind: 'valueTile', title: 'Flow', channelIds: ['flow_rate'], width: 1, height: 1, windowS: 300 },
      { id: 'p-head', kind: 'valueTile', title: 'Head', channelIds: ['pump_head'], width: 1, height: 1, windowS: 300 },
      { id: 'p-power', kind: 'gauge', title: 'Active power', channelIds: ['active_power'], width: 1, height: 1, windowS: 300 },
      { id: 'p-temp', kind: 'gauge', title: 'Motor temperature', channelIds: ['motor_temp'], width: 1, height: 1, windowS: 300 },
      { id: 'p-press', kind: 'timeChart', title: 'Pressures and flow', channelIds: ['suction_pressure', 'discharge_pressure', 'flow_rate'], width: 2, height: 2, windowS: 300 },
      { id: 'p-motor', kind: 'timeChart', title: 'Motor', channelIds: ['motor_current', 'vfd_frequency', 'motor_temp', 'bearing_temp'], width: 2, height: 2, windowS: 300 },
      { id: 'p-xy', kind: 'xyPlot', title: 'Head against flow', channelIds: ['pump_head'], xChannelId: 'flow_rate', width: 2, height: 2, windowS: 600 },
      { id: 'p-table', kind: 'table', title: 'All values', channelIds: ['hydraulic_power', 'wet_well_level', 'motor_voltage', 'vibration_rms', 'energy_today', 'pump_running', 'pump_fault'], width: 2, height: 2, windowS: 300 },
    ],
  });
}
