import type { z } from 'zod';

/**
 * What a subscription to one event may carry: params (validated by the core like a method's input)
 * and the filter the core applies per subscription before anything is sent. Declared in the domain
 * file next to the event; merged in eventSubscriptions.ts.
 */
export interface EventSubscriptionDef<P extends z.ZodType = z.ZodType, Payload = unknown> {
  /** Schema of the subscription params (use `.strict()` objects with bounds: the WebSocket is reachable from the network). */
  readonly params: P;
  /**
   * Builds the filter of one subscription, once per subscribe or update (so it may precompute sets).
   * The filter returns the payload to send (possibly narrowed) or `undefined` to send nothing.
   * It runs on the publisher's path: keep it cheap and never throw.
   */
  readonly filter: (params: z.output<P>) => (payload: Payload) => Payload | undefined;
}

export function eventSubscription<P extends z.ZodType, Payload>(params: P, filter: (params: z.output<P>) => (payload: Payload) => Payload | undefined): EventSubscriptionDef<P, Payload> {
  return { params, filter };
}

/** Identity helper so each domain file keeps literal event names. */
export function defineEventSubscriptions<const T extends Record<string, { readonly params: z.ZodType; readonly filter: (params: never) => (payload: never) => unknown }>>(defs: T): T {
  return defs;
}
