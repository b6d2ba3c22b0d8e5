import { envelopeSchema } from './envelope';
import { RpcError } from './errors';
import type { EventName, EventPayload, MethodName, MethodParams, MethodResult } from './contract';
import type { MessageTransport } from './transport';

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
  private readonly subs = new Map<number, { event: string; listener: (payload: unknown) => void }>();

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

  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const id = this.nextId++;
    this.subs.set(id, { event, listener: listener as (p: unknown) => void });
    this.trySend({ t: 'sub', id, event });
    return () => {
      this.subs.delete(id);
      this.trySend({ t: 'unsub', id });
    };
  }

  private trySend(message: unknown): void {
    try {
      this.transport.send(message);
    } catch {
      // Not connected yet: resubscribe() runs on open.
    }
  }

  private resubscribe(): void {
    for (const [id, sub] of this.subs) this.trySend({ t: 'sub', id, event: sub.event });
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
