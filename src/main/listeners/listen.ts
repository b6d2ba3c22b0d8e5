import type { Server } from 'node:net';
import { bindError } from './types';

/**
 * Bind a TCP-based server (net, http) exclusively, turning EADDRINUSE/EACCES/... into a
 * ListenerError that names the endpoint. On failure the server is closed; later runtime 'error'
 * events are swallowed here because each listener reports errors through its own state.
 */
export async function listenExclusive(server: Server, bindAddress: string, port: number, what: string): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: bindAddress, port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    server.close();
    throw bindError(error, what);
  }
  server.on('error', () => {});
}

