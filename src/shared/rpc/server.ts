import { envelopeSchema, type ServerToClient } from './envelope';
import { RpcError, validationError } from './errors';
import { events, isEventName, isMethodName, methods, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodResult } from './contract';
import { subscriptionDef } from './eventSubscriptions';
import type { MessageTransport } from './transport';

/** What a handler learns about the call beyond its params. */
export interface CallContext {
  /** Aborted when the client cancels or disconnects. */
  readonly signal: AbortSignal;
  /** Which connection made the call (for logs and audit), e.g. 'ws:127.0.0.1:51234'. */
  readonly peer: string;
}

export type Handler<M extends MethodName> = (params: MethodInput<M>, ctx: CallContext) => Promise<MethodResult<M>> | MethodResult<M>;
export type Handlers = { [M in MethodName]: Handler<M> };
export type PartialHandlers = { [M in MethodName]?: Handler<M> };

/** Where live events come from (the core's event bus, adapted). */
export interface EventSource {
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface ServerOptions {
  /** Validate handler results against the output schema (on in tests and dev builds). */
  validateOutput?: boolean;
  onError?: (error: unknown, method: string) => void;
}

/** Subscriptions one connection may hold at once (each panel of a window is at most one; the WebSocket is reachable from the network). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 256;

/**
 * The one dispatcher: validates every envelope and every input before a handler sees it, maps
 * every failure to an RpcError, honours cancellation and tracks per-connection subscriptions.
 */
export class RpcServer {
  constructor(
    private readonly handlers: Handlers,
    private readonly eventSource: EventSource,
    private readonly options: ServerOptions = {},
  ) {}

  /** Serve one connection; returns a function that detaches it. */
  attach(transport: MessageTransport, peer: string): () => void {
    const inflight = new Map<number, AbortController>();
    const subscriptions = new Map<number, () => void>();
    const send = (message: ServerToClient) => {
      try {
        transport.send(message);
      } catch {
        // A closed transport: the close handler cleans up.
      }
    };
    const detach = () => {
      offMessage();
      offClose();
      inflight.forEach((c) => c.abort());
      inflight.clear();
      subscriptions.forEach((off) => off());
      subscriptions.clear();
    };
    const offClose = transport.onClose(detach);
    const offMessage = transport.onMessage((raw) => {
      const parsed = envelopeSchema.safeParse(raw);
      if (!parsed.success) {
        const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : 0;
        send({ t: 'err', id, error: validationError('message', parsed.error).toJSON() });
        return;
      }
      const msg = parsed.data;
      switch (msg.t) {
        case 'call': {
          const controller = new AbortController();
          inflight.set(msg.id, controller);
          void this.dispatch(msg.method, msg.params, { signal: controller.signal, peer }).then((reply) => {
            inflight.delete(msg.id);
            if (reply.ok) send({ t: 'ok', id: msg.id, result: reply.result });
            else send({ t: 'err', id: msg.id, error: reply.error.toJSON() });
          });
          return;
        }
        case 'cancel':
          inflight.get(msg.id)?.abort();
          return;
        case 'sub': {
          if (!isEventName(msg.event)) {
            send({ t: 'err', id: msg.id, error: new RpcError('UNKNOWN_EVENT', `Unknown event '${msg.event}'`).toJSON() });
            return;
          }
          if (!subscriptions.has(msg.id) && subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
            send({ t: 'err', id: msg.id, error: new RpcError('LIMIT', `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`).toJSON() });
            return;
          }
          const filter = this.subscriptionFilter(msg.event, msg.params);
          if (filter instanceof RpcError) {
            // A bad update leaves the subscription as it was.
            send({ t: 'err', id: msg.id, error: filter.toJSON() });
            return;
          }
          const event = msg.event;
          const id = msg.id;
          const deliver = (payload: unknown) => send({ t: 'event', id, event, payload });
          // Subscribing again with the same id replaces the subscription (params update, no gap: the bus is synchronous).
          const off = this.eventSource.subscribe(
            event,
            filter
              ? (payload) => {
                  let out: unknown;
                  try {
                    out = filter(payload);
                  } catch (error) {
                    this.options.onError?.(error, `${event} subscription filter`);
                    return;
                  }
                  if (out !== undefined) deliver(out);
                }
              : deliver,
          );
          subscriptions.get(id)?.();
          subscriptions.set(id, off);
          send({ t: 'ok', id, result: null });
          return;
        }
        case 'unsub':
          subscriptions.get(msg.id)?.();
          subscriptions.delete(msg.id);
          return;
        default:
          send({ t: 'err', id: msg.id, error: new RpcError('BAD_MESSAGE', `Unexpected message type '${msg.t}' from client`).toJSON() });
      }
    });
    return detach;
  }

  /**
   * The per-subscription filter of an event: built from validated params for events that declare
   * them (eventSubscriptions.ts), none for the others; an RpcError names what is wrong.
   */
  private subscriptionFilter(event: EventName, params: unknown): ((payload: unknown) => unknown) | undefined | RpcError {
    const def = subscriptionDef(event);
    if (!def) return params === undefined || params === null ? undefined : new RpcError('VALIDATION', `${event}: this event takes no subscription params`);
    const parsed = def.params.safeParse(params ?? {});
    if (!parsed.success) return validationError(`${event} subscription`, parsed.error);
    return def.filter(parsed.data) as (payload: unknown) => unknown;
  }

  /** Validate and run one call; never throws. Also used directly by in-process hosts (CLI). */
  async dispatch(method: string, params: unknown, ctx: CallContext): Promise<{ ok: true; result: unknown } | { ok: false; error: RpcError }> {
    if (!isMethodName(method)) return { ok: false, error: new RpcError('UNKNOWN_METHOD', `Unknown method '${method}'`) };
    const def = methods[method];
    const input = def.input.safeParse(params ?? {});
    if (!input.success) return { ok: false, error: validationError(method, input.error) };
    try {
      const handler = this.handlers[method] as (p: unknown, c: CallContext) => unknown;
      let result = await handler(input.data, ctx);
      if (ctx.signal.aborted) return { ok: false, error: new RpcError('CANCELLED', `${method} was cancelled`) };
      if (this.options.validateOutput) {
        const checked = def.output.safeParse(result);
        if (!checked.success) {
          return { ok: false, error: new RpcError('INTERNAL', `${method} returned an invalid result`, { issues: checked.error.issues.slice(0, 5) }) };
        }
        result = checked.data;
      }
      return { ok: true, result };
    } catch (error) {
      if (error instanceof RpcError) return { ok: false, error };
      if (ctx.signal.aborted) return { ok: false, error: new RpcError('CANCELLED', `${method} was cancelled`) };
      this.options.onError?.(error, method);
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: new RpcError('INTERNAL', `${method} failed: ${message}`) };
    }
  }
}

/** Merge per-domain handler maps; a method handled twice is a programming error caught at startup. */
export function mergeHandlers(...maps: PartialHandlers[]): PartialHandlers {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (name in merged) throw new Error(`Duplicate handler for contract method '${name}'`);
      merged[name] = handler;
    }
  }
  return merged as PartialHandlers;
}

/** Names of contract methods without a handler (an empty list means the map is complete). */
export function missingHandlers(handlers: PartialHandlers): MethodName[] {
  return (Object.keys(methods) as MethodName[]).filter((name) => typeof handlers[name] !== 'function');
}

/** Ensures completeness at startup, turning a partial map into the full Handlers type. */
export function completeHandlers(handlers: PartialHandlers): Handlers {
  const missing = missingHandlers(handlers);
  if (missing.length > 0) throw new Error(`No handler for contract methods: ${missing.join(', ')}`);
  return handlers as Handlers;
}

export { events };
