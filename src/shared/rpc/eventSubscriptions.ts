import type { z } from 'zod';
import type { EventName, EventPayload } from './contract';
import { monitorEventSubscriptions } from './domains/monitor';
import type { EventSubscriptionDef } from './eventFilter';

/**
 * Events whose subscriptions take params (one line per domain, like contract.ts). An event not
 * listed here is subscribed without params and every subscriber receives every payload.
 */
export const eventSubscriptions = {
  ...monitorEventSubscriptions,
};

export type EventSubscriptions = typeof eventSubscriptions;
export type SubscribableEvent = keyof EventSubscriptions & EventName;

/** What a subscriber passes for event E (`undefined` for events without params). */
export type EventParams<E extends EventName> = E extends SubscribableEvent ? z.input<EventSubscriptions[E]['params']> : undefined;

export function subscriptionDef(event: EventName): EventSubscriptionDef<z.ZodType, EventPayload<EventName>> | undefined {
  return Object.prototype.hasOwnProperty.call(eventSubscriptions, event)
    ? (eventSubscriptions[event as SubscribableEvent] as unknown as EventSubscriptionDef<z.ZodType, EventPayload<EventName>>)
    : undefined;
}
