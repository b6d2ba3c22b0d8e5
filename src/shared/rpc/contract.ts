import type { z } from 'zod';
import { appEvents, appMethods } from './domains/app';
import { curvesEvents, curvesMethods } from './domains/curves';
import { dataEvents, dataMethods } from './domains/data';
import { eventsEvents, eventsMethods } from './domains/events';
import { gatewayEvents, gatewayMethods } from './domains/gateway';
import { jobsEvents, jobsMethods } from './domains/jobs';
import { monitorEvents, monitorMethods } from './domains/monitor';
import { optimizeEvents, optimizeMethods } from './domains/optimize';
import { projectEvents, projectMethods } from './domains/project';
import { reportsEvents, reportsMethods } from './domains/reports';
import { schemasEvents, schemasMethods } from './domains/schemas';

/**
 * The whole UI <-> core contract: every method ('domain.verb') with its input and output schema,
 * every live event ('domain.noun') with its payload schema. One file per domain under domains/.
 */
export const methods = {
  ...appMethods,
  ...projectMethods,
  ...eventsMethods,
  ...jobsMethods,
  ...schemasMethods,
  ...gatewayMethods,
  ...monitorMethods,
  ...dataMethods,
  ...curvesMethods,
  ...optimizeMethods,
  ...reportsMethods,
};

export const events = {
  ...appEvents,
  ...projectEvents,
  ...eventsEvents,
  ...jobsEvents,
  ...schemasEvents,
  ...gatewayEvents,
  ...monitorEvents,
  ...dataEvents,
  ...curvesEvents,
  ...optimizeEvents,
  ...reportsEvents,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (defaults not yet applied). */
export type MethodParams<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives (validated, defaults applied). */
export type MethodInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
