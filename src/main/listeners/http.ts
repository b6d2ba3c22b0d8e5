import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { SourceConfig } from '#shared/rpc/domains/gateway';
import { framesFromBinary, framesFromJson, type FieldEncoder, type PayloadFrames } from './payload';
import { listenExclusive } from './listen';
import { type FrameSink, type IListener, type ListenerState, type RejectSink, type StreamDecodeHooks, type ListenerError } from './types';

/** Constant-time token comparison (length leak only). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Bearer token from an Authorization header. */
export function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return m?.[1];
}

/** Runs a message's frames through the pipeline and summarises the outcome for the sender. */
export function ingestFrames(parsed: PayloadFrames, sink: FrameSink, reject: RejectSink, peer: string): { frames: number; decoded: number; errors: Array<{ reason: string; message?: string }> } {
  const now = Date.now();
  const errors: Array<{ reason: string; message?: string }> = [];
  for (const e of parsed.errors) {
    reject(e.reason, e.message, peer);
    errors.push(e);
  }
  let decoded = 0;
  for (const f of parsed.frames) {
    const reason = sink(f, peer, now);
    if (reason === undefined) decoded++;
    else if (errors.length < 100) errors.push({ reason });
  }
  return { frames: parsed.frames.length, decoded, errors };
}

type HttpConfig = Extract<SourceConfig, { kind: 'http' }>;

/** HTTP listener: POST raw bytes or JSON; bearer-token auth; body size limit. */
export class HttpListener implements IListener {
  private server: http.Server | undefined;
  private st: ListenerState = { state: 'stopped', connections: 0 };

  constructor(
    readonly config: HttpConfig,
    private readonly hooks: StreamDecodeHooks,
    private readonly encode: FieldEncoder,
    private readonly sink: FrameSink,
    private readonly reject: RejectSink,
  ) {}

  async start(): Promise<void> {
    if (this.server) return;
    const c = this.config;
    const what = `HTTP ${c.bindAddress}:${c.port}`;
    this.st = { state: 'starting', connections: 0 };
    const server = http.createServer((req, res) => this.handle(req, res));
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    try {
      await listenExclusive(server, c.bindAddress, c.port, what);
    } catch (error) {
      const e = error as ListenerError;
      this.st = { state: 'error', connections: 0, error: { code: e.code, message: e.message } };
      throw e;
    }
    this.server = server;
    const addr = server.address() as AddressInfo;
    this.st = { state: 'running', connections: 0, endpoint: `http://${addr.address}:${addr.port}${c.path}` };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const c = this.config;
    const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', connection: status >= 400 ? 'close' : 'keep-alive' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== c.path) return reply(404, { error: `not found; POST frames to ${c.path}` });
    if (req.method !== 'POST') return reply(405, { error: 'use POST' });
    if (c.token && !tokenMatches(bearer(req.headers.authorization), c.token)) {
      this.reject('UNAUTHORIZED', 'request without a valid bearer token', peer);
      req.resume();
      return reply(401, { error: 'missing or wrong bearer token' });
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > c.maxBodyBytes) {
      this.reject('BODY_TOO_LARGE', `body of ${declared} bytes exceeds ${c.maxBodyBytes}`, peer);
      reply(413, { error: `body exceeds ${c.maxBodyBytes} bytes` });
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (size > c.maxBodyBytes) {
        aborted = true;
        this.reject('BODY_TOO_LARGE', `body exceeds ${c.maxBodyBytes} bytes`, peer);
        reply(413, { error: `body exceeds ${c.maxBodyBytes} bytes` });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {});
    req.on('end', () => {
      if (aborted) return;
      const body = Buffer.concat(chunks);
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      const parsed = type.includes('json') ? framesFromJson(body.toString('utf8'), this.hooks, this.encode) : framesFromBinary(body, this.hooks);
      const result = ingestFrames(parsed, this.sink, this.reject, peer);
      reply(result.frames === 0 && result.errors.length > 0 ? 400 : 200, result);
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    this.st = { state: 'stopped', connections: 0 };
  }

  state(): ListenerState {
    return this.st;
  }
}
