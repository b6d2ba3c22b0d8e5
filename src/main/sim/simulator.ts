import dgram from 'node:dgram';
import net from 'node:net';
import { isIPv6 } from 'node:net';
import type { SimConfig, SimStatus } from '#shared/rpc/domains/gateway';
import type { CompiledSchema } from '../gateway/schemaResolver';
import { PumpStationModel } from './pumpModel';

/** Scheduler tick: frames owed since the last tick are sent together (bounded burst per tick). */
const TICK_MS = 10;
const MAX_PER_TICK = 20_000;

/**
 * The station simulator: a pump-station model encoded with the schema's own encoder and sent over
 * UDP or TCP at a chosen rate, with optional faults (bad CRC, truncated frames, bursts, silence).
 */
export class StationSimulator {
  private timer: NodeJS.Timeout | undefined;
  private udp: dgram.Socket | undefined;
  private tcp: net.Socket | undefined;
  private tcpConnecting = false;
  private model = new PumpStationModel();
  private seq = 0;
  private owed = 0;
  private lastTick = 0;
  private startedAt = 0;
  private nextBurstAt = 0;
  private silentUntil = 0;
  private nextSilenceAt = 0;
  private counters = { sent: 0, badCrc: 0, truncated: 0, burstFrames: 0, sendErrors: 0 };
  private lastError: string | undefined;
  private rng = Math.random;

  constructor(
    private config: SimConfig,
    private compiled: CompiledSchema,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    const now = Date.now();
    this.startedAt = now;
    this.lastTick = now;
    this.owed = 0;
    this.counters = { sent: 0, badCrc: 0, truncated: 0, burstFrames: 0, sendErrors: 0 };
    this.lastError = undefined;
    const f = this.config.faults;
    this.nextBurstAt = f.burstEverySec > 0 ? now + f.burstEverySec * 1000 : Infinity;
    this.nextSilenceAt = f.silenceEverySec > 0 ? now + f.silenceEverySec * 1000 : Infinity;
    this.silentUntil = 0;
    // The demo station is already pumping when the app opens: start at the set point, not from standstill.
    if (this.seq === 0) this.model.state.speedRatio = this.config.speedPct / 100;
    this.model.step(0.001, this.config.speedPct / 100, now);
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.udp?.close();
    this.udp = undefined;
    this.tcp?.destroy();
    this.tcp = undefined;
  }

  reconfigure(config: SimConfig, compiled: CompiledSchema): void {
    const wasRunning = this.running;
    this.stop();
    this.config = config;
    this.compiled = compiled;
    if (wasRunning) this.start();
  }

  status(): SimStatus {
    return { running: this.running, ...this.counters, silent: Date.now() < this.silentUntil, ...(this.lastError ? { lastError: this.lastError } : {}), config: this.config };
  }

  private tick(): void {
    const now = Date.now();
    const dt = Math.max(0, now - this.lastTick) / 1000;
    this.lastTick = now;
    this.model.step(dt, this.config.speedPct / 100, now);
    const f = this.config.faults;
    if (now >= this.nextSilenceAt) {
      this.silentUntil = now + f.silenceForSec * 1000;
      this.nextSilenceAt = now + f.silenceEverySec * 1000 + f.silenceForSec * 1000;
    }
    this.owed += this.config.ratePerSec * dt;
    let n = Math.min(MAX_PER_TICK, Math.floor(this.owed));
    this.owed -= n;
    if (this.owed > MAX_PER_TICK) this.owed = MAX_PER_TICK; // do not build an ever-growing debt after a stall
    if (now < this.silentUntil) return;
    let burst = 0;
    if (now >= this.nextBurstAt) {
      burst = f.burstSize;
      this.nextBurstAt = now + f.burstEverySec * 1000;
    }
    n += burst;
    for (let i = 0; i < n; i++) this.sendOne(now, i >= n - burst);
  }

  private sendOne(now: number, inBurst: boolean): void {
    const fields = this.model.fields(this.config.stationId, this.seq++, now);
    const r = this.compiled.codec.encode(fields);
    if (!r.ok) {
      this.counters.sendErrors++;
      this.lastError = `encode failed at ${r.error.path}: ${r.error.message}`;
      return;
    }
    let bytes = r.bytes;
    const f = this.config.faults;
    if (f.badCrc > 0 && this.rng() < f.badCrc) {
      bytes = bytes.slice();
      bytes[bytes.length - 1]! ^= 0x5a;
      this.counters.badCrc++;
    } else if (f.truncated > 0 && this.rng() < f.truncated) {
      bytes = bytes.slice(0, Math.max(1, Math.floor(bytes.length * this.rng())));
      this.counters.truncated++;
    }
    if (inBurst) this.counters.burstFrames++;
    this.send(bytes);
  }

  private send(bytes: Uint8Array): void {
    const c = this.config;
    if (c.protocol === 'udp') {
      if (!this.udp) {
        this.udp = dgram.createSocket({ type: isIPv6(c.host) ? 'udp6' : 'udp4', sendBufferSize: 4 * 1024 * 1024 } as dgram.SocketOptions);
        this.udp.on('error', (e) => (this.lastError = e.message));
      }
      this.counters.sent++;
      this.udp.send(bytes, c.port, c.host, (e) => {
        if (e) {
          this.counters.sendErrors++;
          this.lastError = `UDP ${c.host}:${c.port}: ${e.message}`;
        }
      });
      return;
    }
    if (!this.tcp || this.tcp.destroyed) {
      if (this.tcpConnecting) return;
      this.tcpConnecting = true;
      const s = net.connect({ host: c.host, port: c.port });
      s.on('connect', () => {
        this.tcpConnecting = false;
        this.tcp = s;
        this.lastError = undefined;
      });
      s.on('error', (e) => {
        this.lastError = `TCP ${c.host}:${c.port}: ${(e as { code?: string }).code ?? e.message}`;
      });
      s.on('close', () => {
        this.tcpConnecting = false;
        if (this.tcp === s) this.tcp = undefined;
      });
      this.counters.sendErrors++;
      return;
    }
    this.counters.sent++;
    this.tcp.write(bytes);
  }
}
