import type { WebSocket } from 'ws';
import type { MessageTransport } from '#shared/rpc/transport';

/** Largest message the core accepts from a browser; anything bigger closes the connection. */
export const MAX_WS_MESSAGE_BYTES = 16 * 1024 * 1024;
/** A browser that stops reading gets disconnected once this much is queued for it (back-pressure). */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** Server side of the WebSocket transport: JSON text frames carrying the RPC envelope. */
export function wsServerTransport(socket: WebSocket): MessageTransport {
  return {
    send(message) {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.close(1013, 'client too slow');
        return;
      }
      socket.send(JSON.stringify(message));
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
