import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SourceConfig } from '#shared/rpc/domains/gateway';
import { bearer, ingestFrames, tokenMatches } from './http';
import { framesFromBinary, framesFromJson, type FieldEncoder } from './payload';
import { listenExclusive } from './listen';
import { type FrameSink, type IListener, type ListenerState, type RejectSink, type StreamDecodeHooks, type ListenerError } from './types';

type WsConfig = Extract<SourceConfig, { kind: 'ws' }>;

/** WebSocket server: binary messages are frames, text messages JSON; token via ?token= or Bearer header. */
export class WsListener implements IListener {
  private server: http.Server | undefined;
  private wss: WebSocketServer | undefined;
  private st: ListenerState = { state: 'stopped', connections: 0 };

  constructor(
    readonly config: WsConfig,
    private readonly hooks: StreamDecodeHooks,
    private readonly encode: FieldEncoder,
    private readonly sink: FrameSink,
    private readonly reject: RejectSink,
  ) {}

  async start(): Promise<void> {
    if (this.server) return;
    const c = this.config;
    const what = `WebSocket ${c.bindAddress}:${c.port}`;
    this.st = { state: 'starting', connections: 0 };
    const server = http.createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('WebSocket upgrade required');
    });
    const wss = new WebSocketServer({ noServer: true, maxPayload: c.maxMessageBytes });
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
      socket.on('error', () => {});
      if (url.pathname !== c.path) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      if (c.token && !tokenMatches(url.searchParams.get('token') ?? bearer(req.headers.authorization), c.token)) {
        this.reject('UNAUTHORIZED', 'WebSocket upgrade without a valid token', peer);
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, peer));
    });
    try {
      await listenExclusive(server, c.bindAddress, c.port, what);
    } catch (error) {
      const e = error as ListenerError;
      this.st = { state: 'error', connections: 0, error: { code: e.code, message: e.message } };
      throw e;
    }
    this.server = server;
    this.wss = wss;
    const addr = server.address() as AddressInfo;
    this.st = { state: 'running', connections: 0, endpoint: `ws://${addr.address}:${addr.port}${c.path}` };
  }

  private onConnection(ws: WebSocket, peer: string): void {
    ws.on('error', (e) => this.reject('WS_ERROR', e.message, peer));
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const parsed = isBinary ? framesFromBinary(buf, this.hooks) : framesFromJson(buf.toString('utf8'), this.hooks, this.encode);
      ingestFrames(parsed, this.sink, this.reject, peer);
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    const wss = this.wss;
    this.server = undefined;
    this.wss = undefined;
    if (wss) for (const client of wss.clients) client.terminate();
    wss?.close();
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    this.st = { state: 'stopped', connections: 0 };
  }

  state(): ListenerState {
    return { ...this.st, connections: this.wss?.clients.size ?? 0 };
  }
}
