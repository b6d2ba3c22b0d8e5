import dgram from 'node:dgram';
import net from 'node:net';
import { isIPv6 } from 'node:net';
import type { MqttClient } from 'mqtt';
import WebSocket from 'ws';
import type { TargetConfig } from '#shared/rpc/domains/gateway';
import type { IStore } from '../store/types';
import { DeliveryError, describeNetError, type DeliveryItem, type ITransport } from './types';

const NEWLINE = new Uint8Array([0x0a]);

/** UDP: fire-and-forget datagrams; a batch is sent back to back and awaited once. */
export class UdpTransport implements ITransport {
  readonly maxBatch = 256;
  private socket: dgram.Socket | undefined;
  constructor(private readonly host: string, private readonly port: number) {}

  private sock(): dgram.Socket {
    if (!this.socket) {
      this.socket = dgram.createSocket({ type: isIPv6(this.host) ? 'udp6' : 'udp4', sendBufferSize: 4 * 1024 * 1024 } as dgram.SocketOptions);
      // Errors surface through send callbacks; an 'error' event without a listener would crash the core.
      this.socket.on('error', () => {});
    }
    return this.socket;
  }

  send(batch: readonly DeliveryItem[]): Promise<void> {
    const s = this.sock();
    // One callback per batch (the last send): datagrams on one socket leave in order, and a
    // closure per datagram was a measurable share of the per-message cost at high rates.
    const last = batch.length - 1;
    for (let i = 0; i < last; i++) s.send(batch[i]!.payload, this.port, this.host);
    return new Promise((resolve, reject) => {
      s.send(batch[last]!.payload, this.port, this.host, (error) => (error ? reject(new DeliveryError('outage', `UDP send to ${this.host}:${this.port}: ${describeNetError(error)}`)) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.socket?.close();
    this.socket = undefined;
  }
}

/** TCP client: NDJSON for JSON payloads, frames back to back for binary ones. Connects lazily. */
export class TcpTransport implements ITransport {
  readonly maxBatch = 512;
  private socket: net.Socket | undefined;
  private connecting: Promise<net.Socket> | undefined;
  constructor(private readonly host: string, private readonly port: number, private readonly connectTimeoutMs: number) {}

  private connect(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: this.host, port: this.port });
      s.setNoDelay(true);
      const timer = setTimeout(() => s.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })), this.connectTimeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        this.socket = s;
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      s.on('close', () => {
        if (this.socket === s) this.socket = undefined;
      });
      // Targets do not read; discard anything the peer sends so its buffers do not fill.
      s.on('data', () => {});
    }).finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async send(batch: readonly DeliveryItem[]): Promise<void> {
    let s: net.Socket;
    try {
      s = await this.connect();
    } catch (e) {
      throw new DeliveryError('outage', `TCP ${this.host}:${this.port}: ${describeNetError(e)}`);
    }
    const parts: Uint8Array[] = [];
    for (const item of batch) {
      parts.push(item.payload);
      if (item.contentType === 'application/json') parts.push(NEWLINE);
    }
    const data = Buffer.concat(parts);
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(new DeliveryError('outage', `TCP ${this.host}:${this.port}: ${describeNetError(e)}`));
      s.once('error', onError);
      s.write(data, (e) => {
        s.off('error', onError);
        if (e) {
          s.destroy();
          reject(new DeliveryError('outage', `TCP ${this.host}:${this.port}: ${describeNetError(e)}`));
        } else resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/** HTTP(S) POST, one message per request, with X-Message-Id / Idempotency-Key headers. */
export class HttpTransport implements ITransport {
  readonly maxBatch = 1;
  constructor(private readonly url: string, private readonly token: string | undefined, private readonly timeoutMs: number) {}

  async send(batch: readonly DeliveryItem[]): Promise<void> {
    const item = batch[0]!;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        body: item.payload,
        headers: {
          'content-type': item.contentType,
          'x-message-id': item.messageId,
          'idempotency-key': item.messageId,
          'x-source-id': item.sourceId,
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause ?? e;
      throw new DeliveryError('outage', `POST ${this.url}: ${(e as Error).name === 'TimeoutError' ? 'timed out' : describeNetError(cause)}`);
    }
    if (res.ok) return;
    const kind = res.status === 408 || res.status === 429 || res.status >= 500 ? 'outage' : 'permanent';
    throw new DeliveryError(kind, `POST ${this.url}: HTTP ${res.status} ${res.statusText}`);
  }

  async close(): Promise<void> {}
}

/** WebSocket client: text frames for JSON, binary for frames. Reconnects on the next send. */
export class WsTransport implements ITransport {
  readonly maxBatch = 256;
  private ws: WebSocket | undefined;
  private opening: Promise<WebSocket> | undefined;
  constructor(private readonly url: string, private readonly token: string | undefined) {}

  private open(): Promise<WebSocket> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return Promise.resolve(this.ws);
    this.opening ??= new Promise<WebSocket>((resolve, reject) => {
      const url = this.token ? `${this.url}${this.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(this.token)}` : this.url;
      const ws = new WebSocket(url, { handshakeTimeout: 5000, ...(this.token ? { headers: { authorization: `Bearer ${this.token}` } } : {}) });
      ws.once('open', () => {
        this.ws = ws;
        resolve(ws);
      });
      ws.once('error', (e) => reject(e));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode} on upgrade`)));
      ws.on('close', () => {
        if (this.ws === ws) this.ws = undefined;
      });
    }).finally(() => (this.opening = undefined));
    return this.opening;
  }

  async send(batch: readonly DeliveryItem[]): Promise<void> {
    let ws: WebSocket;
    try {
      ws = await this.open();
    } catch (e) {
      throw new DeliveryError('outage', `WebSocket ${this.url}: ${describeNetError(e)}`);
    }
    await Promise.all(
      batch.map(
        (item) =>
          new Promise<void>((resolve, reject) =>
            ws.send(item.contentType === 'application/json' ? Buffer.from(item.payload).toString('utf8') : item.payload, (e) => (e ? reject(new DeliveryError('outage', `WebSocket ${this.url}: ${describeNetError(e)}`)) : resolve())),
          ),
      ),
    );
  }

  async close(): Promise<void> {
    this.ws?.terminate();
    this.ws = undefined;
  }
}

/** MQTT publish (QoS 1 by default: the broker's PUBACK confirms delivery). */
export class MqttTransport implements ITransport {
  readonly maxBatch = 64;
  private client: MqttClient | undefined;
  private connecting: Promise<MqttClient> | undefined;
  constructor(private readonly cfg: Extract<TargetConfig, { kind: 'mqtt' }>) {}

  private async connect(): Promise<MqttClient> {
    if (this.client?.connected) return this.client;
    this.connecting ??= (async () => {
      const mqtt = await import('mqtt');
      return await new Promise<MqttClient>((resolve, reject) => {
        const client = mqtt.connect(this.cfg.url, {
          reconnectPeriod: 0,
          connectTimeout: 5000,
          ...(this.cfg.username ? { username: this.cfg.username } : {}),
          ...(this.cfg.password ? { password: this.cfg.password } : {}),
        });
        client.once('connect', () => {
          this.client = client;
          resolve(client);
        });
        client.once('error', (e) => {
          client.end(true);
          reject(e);
        });
        client.once('close', () => {
          if (this.client === client) this.client = undefined;
          reject(new Error('connection closed'));
        });
      });
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async send(batch: readonly DeliveryItem[]): Promise<void> {
    let client: MqttClient;
    try {
      client = await this.connect();
    } catch (e) {
      throw new DeliveryError('outage', `MQTT ${this.cfg.url}: ${describeNetError(e)}`);
    }
    await Promise.all(
      batch.map((item) => {
        const topic = this.cfg.topic.replaceAll('{sourceId}', item.sourceId).replaceAll('{schemaId}', item.schemaId);
        return client.publishAsync(topic, Buffer.from(item.payload), { qos: this.cfg.qos, retain: this.cfg.retain }).catch((e: unknown) => {
          throw new DeliveryError('outage', `MQTT publish ${topic}: ${describeNetError(e)}`);
        });
      }),
    );
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.endAsync(true).catch(() => {});
  }
}

/** The project database: one row per message in gateway_store_messages, one transaction per batch. */
export class StoreTransport implements ITransport {
  readonly maxBatch = 2000;
  constructor(private readonly store: IStore, private readonly targetId: string) {}

  async send(batch: readonly DeliveryItem[]): Promise<void> {
    const rows = batch.map((item) => [
      this.targetId,
      item.messageId,
      item.sourceId,
      item.schemaId,
      item.createdAt,
      item.contentType === 'application/json' ? Buffer.from(item.payload).toString('utf8') : Buffer.from(item.payload).toString('hex'),
      item.contentType,
    ]);
    try {
      await this.store.write([{ sql: 'INSERT OR IGNORE INTO gateway_store_messages(target_id, message_id, source_id, schema_id, time, payload, content_type) VALUES (?, ?, ?, ?, ?, ?, ?)', rows }]);
    } catch (e) {
      throw new DeliveryError('outage', `project store: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {}
}

export function createTransport(config: TargetConfig, store: IStore): ITransport {
  switch (config.kind) {
    case 'udp':
      return new UdpTransport(config.host, config.port);
    case 'tcp':
      return new TcpTransport(config.host, config.port, config.connectTimeoutMs);
    case 'http':
      return new HttpTransport(config.url, config.token, config.timeoutMs);
    case 'ws':
      return new WsTransport(config.url, config.token);
    case 'mqtt':
      return new MqttTransport(config);
    case 'store':
      return new StoreTransport(store, config.id);
  }
}
