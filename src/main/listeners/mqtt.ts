import type { MqttClient } from 'mqtt';
import type { SourceConfig } from '#shared/rpc/domains/gateway';
import { ingestFrames } from './http';
import { framesFromBinary, framesFromJson, type FieldEncoder } from './payload';
import { ListenerError, type FrameSink, type IListener, type ListenerState, type RejectSink, type StreamDecodeHooks } from './types';

type MqttConfig = Extract<SourceConfig, { kind: 'mqtt' }>;

/** MQTT client (mqtt.js) subscribing to broker topics; mqtt.js reconnects on its own. */
export class MqttListener implements IListener {
  private client: MqttClient | undefined;
  private st: ListenerState = { state: 'stopped', connections: 0 };

  constructor(
    readonly config: MqttConfig,
    private readonly hooks: StreamDecodeHooks,
    private readonly encode: FieldEncoder,
    private readonly sink: FrameSink,
    private readonly reject: RejectSink,
  ) {}

  async start(): Promise<void> {
    if (this.client) return;
    const c = this.config;
    let url: URL;
    try {
      url = new URL(c.url);
    } catch {
      throw new ListenerError('BAD_SETTINGS', `MQTT url '${c.url}' is not a valid URL`);
    }
    const endpoint = `${url.protocol}//${url.host}`;
    this.st = { state: 'starting', connections: 0, endpoint };
    const mqtt = await import('mqtt');
    const client = mqtt.connect(c.url, {
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      clean: true,
      ...(c.clientId ? { clientId: c.clientId } : {}),
      ...(c.username ? { username: c.username } : {}),
      ...(c.password ? { password: c.password } : {}),
    });
    this.client = client;
    client.on('connect', () => {
      client.subscribe(c.topics, { qos: c.qos }, (error, granted) => {
        if (error) this.st = { ...this.st, error: { code: 'FAILED', message: `subscribe failed: ${error.message}` } };
        else {
          const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
          this.st = { state: 'running', connections: 1, endpoint, ...(refused.length ? { error: { code: 'FAILED', message: `broker refused subscription to ${refused.join(', ')}` } } : {}) };
        }
      });
    });
    client.on('reconnect', () => (this.st = { ...this.st, state: 'reconnecting', connections: 0 }));
    client.on('offline', () => (this.st = { ...this.st, state: 'reconnecting', connections: 0 }));
    client.on('error', (error) => (this.st = { ...this.st, error: { code: 'FAILED', message: `${endpoint}: ${(error as { code?: string }).code ?? error.message}` } }));
    client.on('message', (topic, payload) => {
      const peer = `mqtt:${topic}`;
      const text = payload.length > 0 && payload[0] === 0x7b /* { */ ? payload.toString('utf8') : undefined;
      const parsed = text !== undefined ? framesFromJson(text, this.hooks, this.encode) : framesFromBinary(payload, this.hooks);
      ingestFrames(parsed, this.sink, this.reject, peer);
    });
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.endAsync(true).catch(() => {});
    this.st = { state: 'stopped', connections: 0 };
  }

  state(): ListenerState {
    return this.st;
  }
}
