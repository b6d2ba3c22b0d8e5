import { z } from 'zod';
import { defineEvents, defineMethods, method } from '../define';

/** Snapshot shown in the status bar; domains fill the parts they own. */
export const statusSnapshot = z.object({
  time: z.number(),
  project: z.object({ name: z.string(), path: z.string().optional(), dirty: z.boolean(), sizeBytes: z.number(), budgetBytes: z.number() }),
  listeners: z.object({ running: z.number(), total: z.number() }),
  throughput: z.object({ framesPerSec: z.number(), errorsPerSec: z.number() }),
  alarms: z.object({ active: z.number(), unacknowledged: z.number() }),
  jobs: z.object({ running: z.number(), queued: z.number() }),
});
export type StatusSnapshot = z.infer<typeof statusSnapshot>;

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'headless', 'cli', 'test']),
  platform: z.string(),
  nodeVersion: z.string(),
  startedAt: z.number(),
  areasBuilt: z.array(z.string()),
});

export const appMethods = defineMethods({
  'app.info': method(z.object({}).strict(), appInfo, 'Version, host kind and which areas are built.'),
  'app.status': method(z.object({}).strict(), statusSnapshot, 'Current status-bar snapshot.'),
});

export const appEvents = defineEvents({
  /** Pushed about once a second. */
  'app.status': statusSnapshot,
});
