import { z } from 'zod';
import { defineEvents, defineMethods, method } from '../define';

export const jobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export const jobInfo = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: jobState,
  progress: z.number().min(0).max(1),
  message: z.string().optional(),
  createdAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  error: z.string().optional(),
});
export type JobInfo = z.infer<typeof jobInfo>;

export const jobsMethods = defineMethods({
  'jobs.list': method(z.object({}).strict(), z.object({ jobs: z.array(jobInfo), poolSize: z.number() }), 'Recent and running compute jobs.'),
  'jobs.cancel': method(z.object({ id: z.string().max(100) }).strict(), z.object({ cancelled: z.boolean() }), 'Cancel a queued or running job.'),
});

export const jobsEvents = defineEvents({
  'jobs.changed': jobInfo,
});
