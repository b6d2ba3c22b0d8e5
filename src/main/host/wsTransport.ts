import type { WebSocket } from 'ws';
import type { MessageTransport } from '#shared/rpc/transport';

/** Largest message the core accepts from a browser; anything bigger closes the connection. */
export const MAX_WS_MESSAGE_BYTES = 16 * 1024 * 1024;
/** A browser that stops reading gets disconnected once this much is queued for it (replies included). */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/**
 * Above this much queued for a client, live events to it are dropped (counted) instead of queued:
 * events are latest-only telemetry and status, so a slow window skips ticks rather than growing a
 * queue. About 10 s of a busy dashboard's live stream.
 */
const EVENT_BUFFER_BYTES = 2 * 1024 * 1024;
/** A client that has not drained below EVENT_BUFFER_BYTES for this long is considered stuck and disconnected. */
const STALL_TIMEOUT_MS = 30_000;

export interface WsTransportOptions {
  maxBufferedBytes?: number;
  eventBufferBytes?: number;
  stallTimeoutMs?: number;
  /** Shared counters (one object per host). */
  stats?: WsTransportStats;
  /** Called once when the transport gives up on a client (why, for the log). */
  onDrop?: (reason: string) => void;
}

/** Back-pressure counters of the WebSocket host. */
export interface WsTransportStats {
  /** Event messages not sent because the client had too much queued. */
  eventsDropped: number;
  /** Clients disconnected for not reading. */
  clientsDropped: number;
  /** Largest bufferedAmount seen right after a send (bytes). */
  maxBufferedBytes: number;
}

export function newWsTransportStats(): WsTransportStats {
  return { eventsDropped: 0, clientsDropped: 0, maxBufferedBytes: 0 };
}

/**
 * Server side of the WebSocket transport: JSON text frames carrying the RPC envelope. `send` never
 * waits: replies are queued up to `maxBufferedBytes`; events (`t: 'event'`) are dropped once
 * `eventBufferBytes` are queued; a client stuck above that for `stallTimeoutMs`, or above the hard
 * limit at all, is terminated (its buffer freed at once, not after a close handshake it cannot read).
 */
export function wsServerTransport(socket: WebSocket, options: WsTransportOptions = {}): MessageTransport {
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const eventBuffer = options.eventBufferBytes ?? EVENT_BUFFER_BYTES;
  const stallTimeout = options.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  const stats = options.stats ?? newWsTransportStats();
  let stalledSince: number | undefined;
  let dropped = false;
  const drop = (reason: string) => {
    if (dropped) return;
    dropped = true;
    stats.clientsDropped++;
    options.onDrop?.(reason);
    socket.terminate();
  };
  return {
    send(message) {
      if (dropped || socket.readyState !== socket.OPEN) return;
      const buffered = socket.bufferedAmount;
      if (buffered > maxBuffered) return drop(`client too slow: ${buffered} bytes queued`);
      const isEvent = (message as { t?: unknown } | null)?.t === 'event';
      if (isEvent && buffered > eventBuffer) {
        stats.eventsDropped++;
        const now = Date.now();
        stalledSince ??= now;
        if (now - stalledSince > stallTimeout) drop(`client stuck: more than ${eventBuffer} bytes queued for ${Math.round((now - stalledSince) / 1000)} s`);
        return;
      }
      if (buffered <= eventBuffer) stalledSince = undefined;
      socket.send(JSON.stringify(message));
      if (socket.bufferedAmount > stats.maxBufferedBytes) stats.maxBufferedBytes = socket.bufferedAmount;
    },
    onMessage(listener) {
      const handler = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        if (isBinary) return listener({ invalid: 'binary frames are not accepted' });
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { invalid: 'not JSON' };
        }
        listener(parsed);
      };
      socket.on('message', handler);
      return () => socket.off('message', handler);
    },
    onClose(listener) {
      socket.on('close', listener);
      return () => socket.off('close', listener);
    },
    close() {
      socket.close();
    },
  };
}
