import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';

/** Largest heartbeat accepted (bytes), UDP datagram, HTTP body or WebSocket message. */
export const MAX_HEARTBEAT_BYTES = 8192;
/** WebSocket connections open at once; more are refused (HTTP 503) so a runaway collector cannot exhaust the core. */
export const MAX_WS_HEARTBEAT_CONNECTIONS = 256;
/** Messages per connection per second; more are answered with an error and counted as rejected. */
export const MAX_WS_HEARTBEATS_PER_SECOND = 50;
/** Ping period of WebSocket heartbeat connections; a peer that misses a pong is dropped. */
export const WS_HEARTBEAT_PING_MS = 30_000;
/** Replies are skipped while this much is still queued for a device that does not read them. */
const WS_REPLY_BUFFER_BYTES = 64 * 1024;

/** The heartbeat document (docs/formats/heartbeat.md). */
export const heartbeatSchema = z
  .object({
    v: z.literal(1),
    deviceId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
    name: z.string().max(120).optional(),
    kind: z.string().max(40).optional(),
    seq: z.number().int().min(0).optional(),
    uptimeS: z.number().min(0).optional(),
    firmware: z.string().max(60).optional(),
    intervalS: z.number().min(0.1).max(86_400).optional(),
    metrics: z.record(z.string().max(64), z.number().finite()).optional(),
  })
  .strict()
  .refine((h) => !h.metrics || Object.keys(h.metrics).length <= 64, { message: 'at most 64 metrics', path: ['metrics'] });
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** Parses a heartbeat; returns a message naming the field on failure. */
export function parseHeartbeat(text: string): { ok: true; heartbeat: Heartbeat } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `heartbeat is not JSON: ${(error as Error).message}` };
  }
  const parsed = heartbeatSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `heartbeat field '${issue?.path.join('.') || '(root)'}': ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, heartbeat: parsed.data };
}

/** A short bind failure text naming the listener, address and what to do. */
function bindError(kind: string, host: string, port: number, error: Error & { code?: string }): string {
  if (error.code === 'EADDRINUSE') return `${kind} ${host}:${port}: port in use by another program (EADDRINUSE)`;
  if (error.code === 'EACCES') return `${kind} ${host}:${port}: not allowed to bind this port (EACCES)`;
  return `${kind} ${host}:${port}: ${error.message}`;
}

export interface ListenerState {
  port?: number;
  error?: string;
  received: number;
  rejected: number;
}

export interface WsListenerState extends ListenerState {
  /** Sockets open now. */
  connections: number;
}

/**
 * Loopback heartbeat listeners: one JSON heartbeat per UDP datagram, `POST /heartbeat` over HTTP,
 * or one JSON heartbeat per text message on a WebSocket at `/heartbeat` (a device may keep the
 * socket open and send many). Bad input is counted and answered (HTTP 400, a WebSocket error
 * message), never thrown.
 */
export class HeartbeatListeners {
  private udp: Socket | undefined;
  private http: Server | undefined;
  private ws: { server: Server; wss: WebSocketServer; ping: ReturnType<typeof setInterval> } | undefined;
  readonly udpState: ListenerState = { received: 0, rejected: 0 };
  readonly httpState: ListenerState = { received: 0, rejected: 0 };
  readonly wsState: WsListenerState = { received: 0, rejected: 0, connections: 0 };
  lastRejection = '';

  constructor(
    private readonly onHeartbeat: (hb: Heartbeat, address: string) => void,
    private readonly host = '127.0.0.1',
  ) {}

  /** (Re)starts the listeners; a port of -1 leaves that one off. A port in use is reported in its state, never thrown. */
  async start(udpPort: number, httpPort: number, wsPort = -1): Promise<void> {
    await this.stop();
    if (udpPort >= 0) await this.startUdp(udpPort);
    if (httpPort >= 0) await this.startHttp(httpPort);
    if (wsPort >= 0) await this.startWs(wsPort);
  }

  private handle(text: string, address: string, state: ListenerState): string | undefined {
    const r = this.accept(text, address, state);
    return r.ok ? undefined : r.error;
  }

  private accept(text: string, address: string, state: ListenerState): { ok: true; heartbeat: Heartbeat } | { ok: false; error: string } {
    const parsed = parseHeartbeat(text);
    if (!parsed.ok) return this.reject(state, address, parsed.error);
    state.received++;
    this.onHeartbeat(parsed.heartbeat, address);
    return parsed;
  }

  private reject(state: ListenerState, address: string, error: string): { ok: false; error: string } {
    state.rejected++;
    this.lastRejection = `${address}: ${error}`;
    return { ok: false, error };
  }

  private startUdp(port: number): Promise<void> {
    const socket = createSocket('udp4');
    this.udp = socket;
    delete this.udpState.error;
    return new Promise((resolve) => {
      socket.once('error', (error) => {
        this.udpState.error = bindError('UDP', this.host, port, error);
        delete this.udpState.port;
        socket.close();
        this.udp = undefined;
        resolve();
      });
      socket.on('message', (data, rinfo) => {
        if (data.length > MAX_HEARTBEAT_BYTES) {
          this.udpState.rejected++;
          return;
        }
        this.handle(data.toString('utf8'), `udp:${rinfo.address}:${rinfo.port}`, this.udpState);
      });
      socket.bind(port, this.host, () => {
        this.udpState.port = (socket.address() as AddressInfo).port;
        socket.removeAllListeners('error');
        socket.on('error', (error) => (this.udpState.error = error.message));
        resolve();
      });
    });
  }

  private startHttp(port: number): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== '/heartbeat') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'POST /heartbeat only' }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_HEARTBEAT_BYTES) {
          this.httpState.rejected++;
          res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `heartbeat larger than ${MAX_HEARTBEAT_BYTES} bytes` }));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (res.writableEnded) return;
        const error = this.handle(Buffer.concat(chunks).toString('utf8'), `http:${req.socket.remoteAddress ?? '?'}`, this.httpState);
        if (error) res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
        else res.writeHead(204).end();
      });
      req.on('error', () => {});
    });
    this.http = server;
    return this.listen(server, port, 'HTTP', this.httpState, () => (this.http = undefined));
  }

  /** Binds an HTTP-based listener; a bind failure is recorded in its state (never thrown) and `onFail` undoes the setup. */
  private listen(server: Server, port: number, kind: string, state: ListenerState, onFail: () => void): Promise<void> {
    delete state.error;
    return new Promise((resolve) => {
      server.once('error', (error) => {
        state.error = bindError(kind, this.host, port, error);
        delete state.port;
        onFail();
        resolve();
      });
      server.listen(port, this.host, () => {
        state.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private startWs(port: number): Promise<void> {
    // Plain HTTP on this port is not a heartbeat transport: say what is.
    const server = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'application/json', upgrade: 'websocket' }).end(JSON.stringify({ error: 'WebSocket only: connect to ws://<host>:<port>/heartbeat and send one JSON heartbeat per text message' }));
    });
    // maxPayload: ws refuses a larger message by closing the socket with 1009 (counted in 'error').
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_HEARTBEAT_BYTES });
    server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => {});
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/heartbeat') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n{"error":"WebSocket heartbeats are accepted at /heartbeat only"}');
        return;
      }
      if (wss.clients.size >= MAX_WS_HEARTBEAT_CONNECTIONS) {
        this.reject(this.wsState, `ws:${req.socket.remoteAddress ?? '?'}`, `more than ${MAX_WS_HEARTBEAT_CONNECTIONS} connections`);
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.serveWs(ws, `ws:${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? 0}`));
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    const ping = setInterval(() => {
      for (const client of wss.clients) {
        const c = client as WebSocket & { swbAlive?: boolean };
        if (c.swbAlive === false) {
          c.terminate();
          continue;
        }
        c.swbAlive = false;
        c.ping();
      }
    }, WS_HEARTBEAT_PING_MS);
    ping.unref?.();
    this.ws = { server, wss, ping };
    return this.listen(server, port, 'WebSocket', this.wsState, () => {
      clearInterval(ping);
      wss.close();
      this.ws = undefined;
    });
  }

  /** One device connection: every text message is one heartbeat, each answered with `{ok:true,...}` or `{ok:false,error}`. */
  private serveWs(ws: WebSocket, address: string): void {
    const socket = ws as WebSocket & { swbAlive?: boolean };
    socket.swbAlive = true;
    this.wsState.connections++;
    let windowStart = Date.now();
    let inWindow = 0;
    const reply = (body: Record<string, unknown>) => {
      // A device that never reads its replies must not grow a queue here.
      if (ws.readyState === ws.OPEN && ws.bufferedAmount < WS_REPLY_BUFFER_BYTES) ws.send(JSON.stringify(body));
    };
    ws.on('pong', () => (socket.swbAlive = true));
    ws.on('message', (data, isBinary) => {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > MAX_WS_HEARTBEATS_PER_SECOND) {
        reply({ ok: false, error: this.reject(this.wsState, address, `more than ${MAX_WS_HEARTBEATS_PER_SECOND} heartbeats per second on one connection`).error });
        return;
      }
      if (isBinary) {
        reply({ ok: false, error: this.reject(this.wsState, address, 'binary message: send the heartbeat as JSON text').error });
        return;
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      const r = this.accept(text, address, this.wsState);
      if (r.ok) reply({ ok: true, deviceId: r.heartbeat.deviceId, ...(r.heartbeat.seq !== undefined ? { seq: r.heartbeat.seq } : {}) });
      else reply({ ok: false, error: r.error });
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // ws closes the socket itself (1009 for an oversize message, 1002 for protocol errors).
      this.reject(this.wsState, address, error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? `message larger than ${MAX_HEARTBEAT_BYTES} bytes (connection closed with 1009)` : `WebSocket error: ${error.message}`);
    });
    ws.on('close', () => {
      this.wsState.connections = Math.max(0, this.wsState.connections - 1);
    });
  }

  async stop(): Promise<void> {
    const udp = this.udp;
    const http = this.http;
    const ws = this.ws;
    this.udp = undefined;
    this.http = undefined;
    this.ws = undefined;
    delete this.udpState.port;
    delete this.httpState.port;
    delete this.wsState.port;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
    if (http) {
      http.closeAllConnections?.();
      await new Promise<void>((r) => http.close(() => r()));
    }
    if (ws) {
      clearInterval(ws.ping);
      for (const client of ws.wss.clients) client.terminate();
      ws.wss.close();
      ws.server.closeAllConnections?.();
      await new Promise<void>((r) => ws.server.close(() => r()));
      this.wsState.connections = 0;
    }
  }
}
