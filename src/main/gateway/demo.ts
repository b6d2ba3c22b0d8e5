import type { GatewayConfig } from '#shared/rpc/domains/gateway';
import { gatewayConfigSchema } from '#shared/rpc/domains/gateway';

/**
 * The demo station's gateway: the RTU's UDP telemetry on a free loopback port, decoded with the
 * reference schema, routed (with head derived from the pressures) into the project database, and
 * the simulator playing the RTU at 10 frames/s.
 */
export function demoGatewayConfig(port: number): GatewayConfig {
  return gatewayConfigSchema.parse({
    sources: [{ id: 'rtu-udp', name: 'RTU telemetry (UDP)', kind: 'udp', bindAddress: '127.0.0.1', port, schemaId: 'pump-telemetry' }],
    targets: [{ id: 'project-store', name: 'Project database', kind: 'store' }],
    rules: [
      {
        id: 'telemetry-to-store',
        name: 'Pump telemetry to the project, with pump head',
        priority: 10,
        match: { source: 'rtu-*', schema: 'pump-telemetry' },
        actions: {
          targets: ['project-store'],
          transforms: [{ kind: 'derive', field: 'head_m', expression: '(discharge_pressure - suction_pressure) * 10.2' }],
        },
      },
      {
        id: 'pump-fault',
        name: 'Drive faults (flag only)',
        priority: 20,
        match: { condition: 'status.pump_fault == true' },
        actions: { targets: [] },
      },
    ],
    simulator: { autoStart: true, protocol: 'udp', host: '127.0.0.1', port, schemaId: 'pump-telemetry', ratePerSec: 10, stationId: 7, speedPct: 95 },
  });
}
