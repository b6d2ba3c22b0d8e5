import type { MessageTransport } from '#shared/rpc/transport';

/** Renderer side of the Electron bridge: one MessagePort handed over by the preload script. */
export function ipcTransport(bridge: NonNullable<Window['swbBridge']>): MessageTransport {
  const messageListeners = new Set<(m: unknown) => void>();
  const openListeners = new Set<() => void>();
  const closeListeners = new Set<() => void>();
  let port: MessagePort | undefined;
  const queue: unknown[] = [];
  window.addEventListener('message', (event) => {
    if (event.source !== window || event.data !== 'swb:port' || !event.ports[0]) return;
    port = event.ports[0];
    port.onmessage = (e) => messageListeners.forEach((l) => l(e.data));
    port.start();
    for (const m of queue.splice(0)) port.postMessage(m);
    openListeners.forEach((l) => l());
  });
  bridge.requestPort();
  return {
    send(message) {
      if (port) port.postMessage(message);
      else queue.push(message);
    },
    onMessage: (l) => (messageListeners.add(l), () => messageListeners.delete(l)),
    onOpen: (l) => (openListeners.add(l), () => openListeners.delete(l)),
    onClose: (l) => (closeListeners.add(l), () => closeListeners.delete(l)),
    close: () => port?.close(),
  };
}

/**
 * Browser side of the headless host's WebSocket, reconnecting with back-off. Calls made while
 * disconnected are queued (bounded) and sent on reconnect; subscriptions are renewed by the client.
 */
export function webSocketTransport(url: string, onConnectionChange?: (connected: boolean) => void): MessageTransport {
  const messageListeners = new Set<(m: unknown) => void>();
  const openListeners = new Set<() => void>();
  const closeListeners = new Set<() => void>();
  const queue: string[] = [];
  const MAX_QUEUED = 1000;
  let socket: WebSocket | undefined;
  let delay = 250;
  let closedByUs = false;
  const connect = () => {
    socket = new WebSocket(url);
    socket.onopen = () => {
      delay = 250;
      onConnectionChange?.(true);
      for (const m of queue.splice(0)) socket?.send(m);
      openListeners.forEach((l) => l());
    };
    socket.onmessage = (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      messageListeners.forEach((l) => l(data));
    };
    socket.onclose = () => {
      onConnectionChange?.(false);
      if (closedByUs) return closeListeners.forEach((l) => l());
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  connect();
  return {
    send(message) {
      const text = JSON.stringify(message);
      if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      else if (queue.length < MAX_QUEUED) queue.push(text);
    },
    onMessage: (l) => (messageListeners.add(l), () => messageListeners.delete(l)),
    onOpen: (l) => (openListeners.add(l), () => openListeners.delete(l)),
    onClose: (l) => (closeListeners.add(l), () => closeListeners.delete(l)),
    close() {
      closedByUs = true;
      socket?.close();
    },
  };
}
