import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { SourceConfig } from '#shared/rpc/domains/gateway';
import { udpKernelDrops } from './kernelDrops';
import { bindError, ListenerError, type FrameSink, type IListener, type ListenerState, type RejectSink } from './types';

type UdpConfig = Extract<SourceConfig, { kind: 'udp' }>;

/** UDP listener: one frame per datagram, a large SO_RCVBUF, kernel drops read from /proc. */
export class UdpListener implements IListener {
  private socket: dgram.Socket | undefined;
  private st: ListenerState = { state: 'stopped', connections: 0 };
  private port = 0;

  constructor(
    readonly config: UdpConfig,
    private readonly sink: FrameSink,
    private readonly reject: RejectSink,
  ) {}

  async start(): Promise<void> {
    if (this.socket) return;
    const c = this.config;
    const what = `UDP ${c.bindAddress}:${c.port}`;
    this.st = { state: 'starting', connections: 0 };
    const socket = dgram.createSocket({ type: isIPv6(c.bindAddress) ? 'udp6' : 'udp4', reuseAddr: c.multicastGroup !== undefined, recvBufferSize: c.recvBufferBytes } as dgram.SocketOptions);
    const max = c.maxDatagramBytes;
    const sink = this.sink;
    socket.on('message', (msg, rinfo) => {
      if (msg.length > max) {
        this.reject('OVERSIZED', `datagram of ${msg.length} bytes exceeds the ${max}-byte limit`, `${rinfo.address}:${rinfo.port}`, msg.subarray(0, 64));
        return;
      }
      sink(msg, `${rinfo.address}:${rinfo.port}`, Date.now());
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ address: c.bindAddress, port: c.port, exclusive: c.multicastGroup === undefined }, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      socket.close();
      const e = bindError(error, what);
      this.st = { state: 'error', connections: 0, error: { code: e.code, message: e.message } };
      throw e;
    }
    socket.on('error', (error) => {
      // Runtime socket errors are rare on UDP; report them on the source, keep listening.
      this.st = { ...this.st, error: { code: 'FAILED', message: `${what}: ${error.message}` } };
    });
    if (c.multicastGroup) {
      try {
        socket.addMembership(c.multicastGroup, c.multicastInterface ?? (c.bindAddress === '0.0.0.0' ? undefined : c.bindAddress));
      } catch (error) {
        socket.close();
        const e = new ListenerError('BAD_SETTINGS', `${what}: cannot join multicast group ${c.multicastGroup}: ${(error as Error).message}`);
        this.st = { state: 'error', connections: 0, error: { code: e.code, message: e.message } };
        throw e;
      }
    }
    this.socket = socket;
    const addr = socket.address();
    this.port = addr.port;
    let rcv: number | undefined;
    try {
      rcv = socket.getRecvBufferSize();
    } catch {
      rcv = undefined;
    }
    this.st = { state: 'running', connections: 0, endpoint: `udp://${addr.address}:${addr.port}`, ...(rcv !== undefined ? { recvBufferBytes: rcv } : {}) };
  }

  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
    this.st = { state: 'stopped', connections: 0 };
  }

  /** The bound port (useful when configured as 0). */
  get boundPort(): number {
    return this.port;
  }

  state(): ListenerState {
    if (this.st.state !== 'running') return this.st;
    const drops = udpKernelDrops(this.port);
    return drops === undefined ? this.st : { ...this.st, kernelDrops: drops };
  }
}
