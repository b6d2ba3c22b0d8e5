import { z } from 'zod';
import { defineEvents, defineMethods, method } from '../define';

/** A durable event: audit trail of configuration changes and notable happenings. */
export const eventRecord = z.object({
  id: z.number(),
  type: z.string(),
  version: z.number(),
  time: z.number(),
  source: z.string(),
  data: z.unknown(),
});
export type EventRecord = z.infer<typeof eventRecord>;

export const eventQuery = z
  .object({
    type: z.string().max(200).optional(), // exact type or prefix with trailing '*'
    source: z.string().max(200).optional(),
    since: z.number().optional(),
    until: z.number().optional(),
    text: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(5000).default(200),
    beforeId: z.number().int().optional(),
  })
  .strict();

export const topicCounter = z.object({ topic: z.string(), published: z.number(), handlerErrors: z.number() });

export const eventsMethods = defineMethods({
  'events.query': method(eventQuery, z.object({ events: z.array(eventRecord), total: z.number() }), 'Query the durable event store.'),
  'events.topics': method(z.object({}).strict(), z.array(topicCounter), 'Per-topic counters of the event bus.'),
});

export const eventsEvents = defineEvents({
  'events.appended': eventRecord,
});
