import type { MessagePortMain } from 'electron';
import type { MessageTransport } from '#shared/rpc/transport';

/** Main-process side of the renderer's MessagePort: the Electron adapter of MessageTransport. */
export function messagePortTransport(port: MessagePortMain): MessageTransport {
  const closeListeners = new Set<() => void>();
  port.on('close', () => closeListeners.forEach((l) => l()));
  port.start();
  return {
    send: (message) => port.postMessage(message),
    onMessage(listener) {
      const handler = (event: Electron.MessageEvent) => listener(event.data);
      port.on('message', handler);
      return () => port.off('message', handler);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close: () => port.close(),
  };
}
