import net from 'node:net';
import type { SourceConfig } from '#shared/rpc/domains/gateway';
import { listenExclusive } from './listen';
import { type FrameSink, type IListener, type ListenerState, type RejectSink, type StreamDecodeHooks, type ListenerError } from './types';

type Framer = NonNullable<ReturnType<StreamDecodeHooks['newFramer']>>;

/** Feeds one connection's chunks through its framer; reports skipped garbage as FRAMING_RESYNC. */
export function attachStream(socket: net.Socket, hooks: StreamDecodeHooks, sink: FrameSink, reject: RejectSink, peer: string): void {
  const framer: Framer | undefined = hooks.newFramer();
  let discarded = 0;
  socket.on('data', (chunk: Buffer) => {
    const now = Date.now();
    if (!framer) {
      // Datagram-framed schema on a stream: each chunk is taken as one frame (best effort).
      sink(chunk, peer, now);
      return;
    }
    const frames = framer.push(chunk);
    for (let i = 0; i < frames.length; i++) sink(frames[i]!, peer, now);
    const d = framer.stats.discardedBytes;
    if (d > discarded) {
      reject('FRAMING_RESYNC', `${d - discarded} byte(s) skipped to find the next frame start`, peer);
      discarded = d;
    }
  });
}

type ServerConfig = Extract<SourceConfig, { kind: 'tcp-server' }>;

/** TCP server: devices connect in; each connection has its own framer. */
export class TcpServerListener implements IListener {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private st: ListenerState = { state: 'stopped', connections: 0 };

  constructor(
    readonly config: ServerConfig,
    private readonly hooks: StreamDecodeHooks,
    private readonly sink: FrameSink,
    private readonly reject: RejectSink,
  ) {}

  async start(): Promise<void> {
    if (this.server) return;
    const c = this.config;
    const what = `TCP ${c.bindAddress}:${c.port}`;
    this.st = { state: 'starting', connections: 0 };
    const server = net.createServer((socket) => {
      const peer = `${socket.remoteAddress}:${socket.remotePort}`;
      if (this.sockets.size >= c.maxConnections) {
        this.reject('TOO_MANY_CONNECTIONS', `connection from ${peer} refused: ${c.maxConnections} already open`, peer);
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.setNoDelay(true);
      if (c.idleTimeoutMs > 0) socket.setTimeout(c.idleTimeoutMs, () => socket.destroy());
      socket.on('error', () => {});
      socket.on('close', () => this.sockets.delete(socket));
      attachStream(socket, this.hooks, this.sink, this.reject, peer);
    });
    try {
      await listenExclusive(server, c.bindAddress, c.port, what);
    } catch (error) {
      const e = error as ListenerError;
      this.st = { state: 'error', connections: 0, error: { code: e.code, message: e.message } };
      throw e;
    }
    this.server = server;
    const addr = server.address() as net.AddressInfo;
    this.st = { state: 'running', connections: 0, endpoint: `tcp://${addr.address}:${addr.port}` };
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
    this.st = { state: 'stopped', connections: 0 };
  }

  state(): ListenerState {
    return { ...this.st, connections: this.sockets.size };
  }
}

type ClientConfig = Extract<SourceConfig, { kind: 'tcp-client' }>;

/** TCP client: connects out to a device; on loss reconnects with exponential backoff and jitter. */
export class TcpClientListener implements IListener {
  private socket: net.Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private failures = 0;
  private st: ListenerState = { state: 'stopped', connections: 0 };

  constructor(
    readonly config: ClientConfig,
    private readonly hooks: StreamDecodeHooks,
    private readonly sink: FrameSink,
    private readonly reject: RejectSink,
  ) {}

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.failures = 0;
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const c = this.config;
    const endpoint = `tcp://${c.host}:${c.port}`;
    this.st = { state: this.failures === 0 ? 'starting' : 'reconnecting', connections: 0, endpoint, ...(this.st.error ? { error: this.st.error } : {}) };
    const socket = net.connect({ host: c.host, port: c.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.once('connect', () => {
      this.failures = 0;
      this.st = { state: 'running', connections: 1, endpoint };
    });
    socket.on('error', (error) => {
      this.st = { ...this.st, error: { code: 'FAILED', message: `${endpoint}: ${(error as { code?: string }).code ?? error.message}` } };
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      if (this.stopped) return;
      this.failures++;
      const ceiling = Math.min(c.reconnectMaxMs, c.reconnectMinMs * 2 ** Math.min(20, this.failures - 1));
      const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      this.st = { ...this.st, state: 'reconnecting', connections: 0 };
      this.timer = setTimeout(() => this.connect(), delay);
      this.timer.unref?.();
    });
    attachStream(socket, this.hooks, this.sink, this.reject, `${c.host}:${c.port}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.destroy();
    this.socket = undefined;
    this.st = { state: 'stopped', connections: 0 };
  }

  state(): ListenerState {
    return this.st;
  }
}
