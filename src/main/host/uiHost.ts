import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Core } from '../core/createCore';
import { serveStatic } from './staticFiles';
import { MAX_WS_MESSAGE_BYTES, newWsTransportStats, wsServerTransport, type WsTransportOptions, type WsTransportStats } from './wsTransport';

export interface UiHostOptions {
  host: string;
  port: number;
  rendererDir: string;
  /** Required when `host` is not a loopback address; generated if not given. */
  token?: string;
  /** Back-pressure limits per browser connection (defaults in wsTransport.ts; tests lower them). */
  backpressure?: Pick<WsTransportOptions, 'maxBufferedBytes' | 'eventBufferBytes' | 'stallTimeoutMs'>;
}

export interface UiHost {
  readonly url: string;
  readonly token: string | undefined;
  readonly port: number;
  /** Open browser connections and back-pressure counters. */
  stats(): WsTransportStats & { connections: number };
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
}

/**
 * The headless UI host: the built renderer over HTTP and the RPC contract over a WebSocket at /rpc,
 * from the same core the Electron window uses. Never device ingress. Off loopback, every request
 * must carry the access token (query `token` or header `Authorization: Bearer`).
 */
export async function startUiHost(core: Core, options: UiHostOptions): Promise<UiHost> {
  const token = isLoopback(options.host) ? options.token : (options.token ?? randomBytes(18).toString('base64url'));
  const authorised = (req: IncomingMessage): boolean => {
    if (!token) return true;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const presented = url.searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
    const a = Buffer.from(presented);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const server: Server = createServer((req, res) => {
    if (!authorised(req)) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Access token required: open the URL printed by `swb serve`, which carries ?token=...');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(options.rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const wsStats = newWsTransportStats();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Browsers always send Origin; refuse pages from other sites (cross-site WebSocket hijacking).
    const origin = req.headers.origin;
    const sameOrigin = !origin || new URL(origin).host === req.headers.host;
    if (url.pathname !== '/rpc' || !authorised(req) || !sameOrigin) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const peer = `ws:${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? 0}`;
      core.rpc.attach(wsServerTransport(ws, { ...options.backpressure, stats: wsStats, onDrop: (reason) => core.ctx.log.warn(`ui host: dropped ${peer}: ${reason}`) }), peer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`;
  return {
    url,
    token,
    port,
    stats: () => ({ ...wsStats, connections: wss.clients.size }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
