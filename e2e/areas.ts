/** The navigation entries the shell must offer (kept in step with src/renderer/src/app/areas.ts). */
export const AREAS_FOR_TEST = ['overview', 'sources', 'schemas', 'routing', 'targets', 'monitor', 'alarms', 'devices', 'data', 'curves', 'optimize', 'reports', 'events', 'settings'];
