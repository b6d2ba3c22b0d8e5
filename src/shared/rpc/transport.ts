/**
 * A bidirectional message channel. Electron IPC (MessagePort), WebSocket and the in-memory pair are
 * small adapters of this one interface; the dispatcher and client never know which one they use.
 */
export interface MessageTransport {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
  onClose(listener: () => void): () => void;
  /** Fired when a (re)connected transport is ready; reconnecting transports fire it again. */
  onOpen?(listener: () => void): () => void;
  close(): void;
}

/** Two connected transports in one process, for tests and in-process hosts. Delivery is async like real ones. */
export function createMemoryTransportPair(): [MessageTransport, MessageTransport] {
  const make = () => {
    const messageListeners = new Set<(m: unknown) => void>();
    const closeListeners = new Set<() => void>();
    return { messageListeners, closeListeners, closed: false };
  };
  const a = make();
  const b = make();
  const side = (self: ReturnType<typeof make>, other: ReturnType<typeof make>): MessageTransport => ({
    send(message) {
      if (self.closed) return;
      // Clone through JSON to catch non-serialisable payloads exactly as the WebSocket would.
      const copy: unknown = JSON.parse(JSON.stringify(message));
      queueMicrotask(() => other.messageListeners.forEach((l) => l(copy)));
    },
    onMessage(listener) {
      self.messageListeners.add(listener);
      return () => self.messageListeners.delete(listener);
    },
    onClose(listener) {
      self.closeListeners.add(listener);
      return () => self.closeListeners.delete(listener);
    },
    close() {
      if (self.closed) return;
      self.closed = true;
      other.closed = true;
      self.closeListeners.forEach((l) => l());
      other.closeListeners.forEach((l) => l());
    },
  });
  return [side(a, b), side(b, a)];
}
