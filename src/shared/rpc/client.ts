import { envelopeSchema } from './envelope';
import { RpcError } from './errors';
import type { EventName, EventPayload, MethodName, MethodParams, MethodResult } from './contract';
import type { EventParams } from './eventSubscriptions';
import type { MessageTransport } from './transport';

/** Options of one subscription. */
export interface SubscribeOptions<E extends EventName> {
  /** Subscription params for events that declare them (e.g. `monitor.live` {channelIds}); kept across reconnects. */
  params?: EventParams<E>;
  /** The core refused the subscription or an update of its params (validation, limits). */
  onError?: (error: RpcError) => void;
}

/** Calling it unsubscribes; `update` replaces the params (the core swaps the filter without a gap). */
export type Subscription<E extends EventName = EventName> = (() => void) & {
  update(params: EventParams<E>): void;
  /** The params in force (as last sent). */
  readonly params: EventParams<E> | undefined;
};

interface Sub {
  event: string;
  listener: (payload: unknown) => void;
  params: unknown;
  onError: ((error: RpcError) => void) | undefined;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: RpcError) => void;
  cleanup: () => void;
}

/**
 * The one client the renderer (and tests) use, over any MessageTransport. Subscriptions survive
 * reconnects of transports that announce `onOpen`.
 */
export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Map<number, Sub>();

  constructor(private readonly transport: MessageTransport) {
    transport.onMessage((raw) => this.receive(raw));
    transport.onClose(() => this.failAll(new RpcError('UNAVAILABLE', 'Connection to the core closed')));
    transport.onOpen?.(() => this.resubscribe());
  }

  call<M extends MethodName>(method: M, params: MethodParams<M>, options: { signal?: AbortSignal } = {}): Promise<MethodResult<M>> {
    const id = this.nextId++;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const onAbort = () => {
        this.transport.send({ t: 'cancel', id });
        this.pending.delete(id);
        reject(new RpcError('CANCELLED', `${method} was cancelled`));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      });
      try {
        this.transport.send({ t: 'call', id, method, params });
      } catch (error) {
        this.pending.delete(id);
        reject(new RpcError('UNAVAILABLE', `Could not send ${method}: ${String(error)}`));
      }
    });
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void, options: SubscribeOptions<E> = {}): Subscription<E> {
    const id = this.nextId++;
    const sub: Sub = { event, listener: listener as (p: unknown) => void, params: options.params, onError: options.onError };
    this.subs.set(id, sub);
    this.sendSub(id, sub);
    const off = () => {
      if (!this.subs.delete(id)) return;
      this.trySend({ t: 'unsub', id });
    };
    const update = (params: EventParams<E>) => {
      if (this.subs.get(id) !== sub) return; // already unsubscribed
      sub.params = params;
      this.sendSub(id, sub);
    };
    // defineProperty, not Object.assign: the getter must stay live.
    return Object.defineProperties(off, { update: { value: update }, params: { get: () => sub.params, enumerable: true } }) as Subscription<E>;
  }

  private sendSub(id: number, sub: Sub): void {
    this.trySend(sub.params === undefined ? { t: 'sub', id, event: sub.event } : { t: 'sub', id, event: sub.event, params: sub.params });
  }

  private trySend(message: unknown): void {
    try {
      this.transport.send(message);
    } catch {
      // Not connected yet: resubscribe() runs on open.
    }
  }

  private resubscribe(): void {
    for (const [id, sub] of this.subs) this.sendSub(id, sub);
  }

  private receive(raw: unknown): void {
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) return; // A core never sends these; ignore rather than crash the UI.
    const msg = parsed.data;
    if (msg.t === 'event') {
      this.subs.get(msg.id)?.listener(msg.payload);
      return;
    }
    if (msg.t !== 'ok' && msg.t !== 'err') return;
    if (msg.t === 'err' && !this.pending.has(msg.id)) {
      this.subs.get(msg.id)?.onError?.(RpcError.from(msg.error));
      return;
    }
    const pending = this.pending.get(msg.id);
    if (!pending) return; // subscription acks and late replies to cancelled calls
    this.pending.delete(msg.id);
    pending.cleanup();
    if (msg.t === 'ok') pending.resolve(msg.result);
    else pending.reject(RpcError.from(msg.error));
  }

  private failAll(error: RpcError): void {
    for (const pending of this.pending.values()) {
      pending.cleanup();
      pending.reject(error);
    }
    this.pending.clear();
  }
}
