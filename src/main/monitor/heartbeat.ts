import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** Largest heartbeat accepted (bytes), UDP datagram or HTTP body. */
export const MAX_HEARTBEAT_BYTES = 8192;

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

export interface ListenerState {
  port?: number;
  error?: string;
  received: number;
  rejected: number;
}

/**
 * Loopback heartbeat listeners: one JSON heartbeat per UDP datagram, or `POST /heartbeat` over
 * HTTP. Bad input is counted and answered (HTTP 400), never thrown.
 */
export class HeartbeatListeners {
  private udp: Socket | undefined;
  private http: Server | undefined;
  readonly udpState: ListenerState = { received: 0, rejected: 0 };
  readonly httpState: ListenerState = { received: 0, rejected: 0 };
  lastRejection = '';

  constructor(
    private readonly onHeartbeat: (hb: Heartbeat, address: string) => void,
    private readonly host = '127.0.0.1',
  ) {}

  async start(udpPort: number, httpPort: number): Promise<void> {
    await this.stop();
    if (udpPort >= 0) await this.startUdp(udpPort);
    if (httpPort >= 0) await this.startHttp(httpPort);
  }

  private handle(text: string, address: string, state: ListenerState): string | undefined {
    const parsed = parseHeartbeat(text);
    if (!parsed.ok) {
      state.rejected++;
      this.lastRejection = `${address}: ${parsed.error}`;
      return parsed.error;
    }
    state.received++;
    this.onHeartbeat(parsed.heartbeat, address);
    return undefined;
  }

  private startUdp(port: number): Promise<void> {
    const socket = createSocket('udp4');
    this.udp = socket;
    delete this.udpState.error;
    return new Promise((resolve) => {
      socket.once('error', (error) => {
        this.udpState.error = `UDP ${this.host}:${port}: ${error.message}`;
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
    delete this.httpState.error;
    return new Promise((resolve) => {
      server.once('error', (error) => {
        this.httpState.error = `HTTP ${this.host}:${port}: ${error.message}`;
        delete this.httpState.port;
        this.http = undefined;
        resolve();
      });
      server.listen(port, this.host, () => {
        this.httpState.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const udp = this.udp;
    const http = this.http;
    this.udp = undefined;
    this.http = undefined;
    delete this.udpState.port;
    delete this.httpState.port;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
    if (http) {
      http.closeAllConnections?.();
      await new Promise<void>((r) => http.close(() => r()));
    }
  }
}
