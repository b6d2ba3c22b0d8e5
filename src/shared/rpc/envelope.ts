import { z } from 'zod';
import { rpcErrorShape } from './errors';

/**
 * The JSON-safe envelope every transport carries. Requests and subscriptions are numbered by the
 * client; replies and events echo that id.
 */
const id = z.number().int().nonnegative();
export const envelopeSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id, method: z.string().max(200), params: z.unknown() }),
  z.object({ t: z.literal('cancel'), id }),
  // params: the event's subscription filter (validated by the event's own schema on the server).
  z.object({ t: z.literal('sub'), id, event: z.string().max(200), params: z.unknown().optional() }),
  z.object({ t: z.literal('unsub'), id }),
  z.object({ t: z.literal('ok'), id, result: z.unknown() }),
  z.object({ t: z.literal('err'), id, error: rpcErrorShape }),
  z.object({ t: z.literal('event'), id, event: z.string(), payload: z.unknown() }),
]);
export type Envelope = z.infer<typeof envelopeSchema>;
export type ClientToServer = Extract<Envelope, { t: 'call' | 'cancel' | 'sub' | 'unsub' }>;
export type ServerToClient = Extract<Envelope, { t: 'ok' | 'err' | 'event' }>;
