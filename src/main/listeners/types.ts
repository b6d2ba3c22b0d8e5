import type { SourceConfig, SourceStatus } from '#shared/rpc/domains/gateway';

/**
 * Called for every frame a listener receives (synchronously, on the socket's event). Returns the
 * reason code when the frame was rejected, undefined when it was decoded.
 */
export type FrameSink = (bytes: Uint8Array, peer: string, receivedAt: number) => string | undefined;
/** Called for input rejected before decoding (oversized, unauthorised, framing resync). */
export type RejectSink = (reason: string, message: string, peer: string, bytes?: Uint8Array) => void;

/** What a listener reports beside the pipeline's counters. */
export type ListenerState = Pick<SourceStatus, 'state' | 'error' | 'endpoint' | 'connections' | 'kernelDrops' | 'recvBufferBytes'>;

/** A device ingress: UDP, TCP server/client, HTTP, WebSocket or MQTT. */
export interface IListener {
  readonly config: SourceConfig;
  /** Resolves once listening/connected (or, for clients, once the first attempt is under way). Rejects with a ListenerError. */
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): ListenerState;
}

/** Start failures with a reason code the UI can explain. */
export class ListenerError extends Error {
  constructor(
    readonly code: 'PORT_IN_USE' | 'PERMISSION_DENIED' | 'BAD_ADDRESS' | 'BAD_SETTINGS' | 'SCHEMA_NOT_FOUND' | 'FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'ListenerError';
  }
}

/** Maps a bind/listen error to a ListenerError naming the endpoint. */
export function bindError(error: unknown, what: string): ListenerError {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return new ListenerError('PORT_IN_USE', `${what}: port already in use (another program or source is listening on it)`);
  if (code === 'EACCES' || code === 'EPERM') return new ListenerError('PERMISSION_DENIED', `${what}: permission denied (ports below 1024 need elevated rights)`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EINVAL') return new ListenerError('BAD_ADDRESS', `${what}: address not available on this computer`);
  return new ListenerError('FAILED', `${what}: ${(error as Error).message ?? String(error)}`);
}

/** The framing-related callbacks a stream listener needs. */
export interface StreamDecodeHooks {
  /** A fresh framer for one connection/stream, or undefined for one-frame-per-message schemas. */
  newFramer(): { push(chunk: Uint8Array): Uint8Array[]; readonly stats: { discardedBytes: number; resyncs: number } } | undefined;
}
