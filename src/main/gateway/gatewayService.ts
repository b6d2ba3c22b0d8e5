import dgram from 'node:dgram';
import { createFramer } from '#shared/frame/framer';
import { bytesToHex, parseHex } from '#shared/frame/hex';
import { RpcError } from '#shared/rpc/errors';
import {
  gatewayConfigSchema,
  type ConfigVersion,
  type DeadLetter,
  type GatewayConfig,
  type GatewayStatus,
  type MessageLogEntry,
  type SchemaSummary,
  type SimConfig,
  type SimStatus,
  type SourceConfig,
  type SourceStatus,
  type TargetConfig,
} from '#shared/rpc/domains/gateway';
import type { DefaultRouteInput, RouteRule } from '#shared/routing/index';
import type { EventBus } from '../events/bus';
import type { AppendEvent } from '../events/eventStore';
import type { Migration } from '../store/migrations';
import type { IStore } from '../store/types';
import { createListener, ListenerError, type IListener, type StreamDecodeHooks } from '../listeners/index';
import type { FieldEncoder } from '../listeners/payload';
import { jsonSafe, MessageLog } from '../pipeline/messageLog';
import { Pipeline, SourceCounters, type PipelineSource } from '../pipeline/pipeline';
import { RoutingEngine } from '../routing/routingEngine';
import { StationSimulator } from '../sim/simulator';
import { ReliableTarget } from '../targets/reliableTarget';
import { createTransport } from '../targets/transports';
import type { DeadLetterSink, DeliveryItem } from '../targets/types';
import { diffConfig, summarize } from './configDiff';
import { CodecCache, summarizeSchema, type CompiledSchema, type SchemaResolver } from './schemaResolver';

export const gatewayMigrations: Migration[] = [
  {
    domain: 'gateway',
    version: 1,
    name: 'gateway configuration versions, dead letters, message log, store target',
    sql: `CREATE TABLE gateway_config_versions (version INTEGER PRIMARY KEY, time INTEGER NOT NULL, summary TEXT NOT NULL, changes TEXT NOT NULL, rollback_of INTEGER, config TEXT NOT NULL);
CREATE TABLE gateway_dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, target_id TEXT NOT NULL, message_id TEXT NOT NULL, source_id TEXT NOT NULL, schema_id TEXT NOT NULL, time INTEGER NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL, reason TEXT NOT NULL, content_type TEXT NOT NULL, payload BLOB NOT NULL);
CREATE INDEX gateway_dead_letters_target ON gateway_dead_letters(target_id, id);
CREATE TABLE gateway_message_log (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, time INTEGER NOT NULL, source_id TEXT NOT NULL, peer TEXT, schema_id TEXT, ok INTEGER NOT NULL, stage TEXT, reason TEXT, message TEXT, hex TEXT, fields TEXT);
CREATE INDEX gateway_message_log_source ON gateway_message_log(source_id, id);
CREATE INDEX gateway_message_log_time ON gateway_message_log(time);
CREATE TABLE gateway_store_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, target_id TEXT NOT NULL, message_id TEXT NOT NULL, source_id TEXT NOT NULL, schema_id TEXT NOT NULL, time INTEGER NOT NULL, payload TEXT NOT NULL, content_type TEXT NOT NULL, UNIQUE(target_id, message_id));
CREATE INDEX gateway_store_messages_time ON gateway_store_messages(time)`,
  },
];

/** Rows kept per store target; older messages are pruned (the monitor keeps long-term series). */
export const STORE_TARGET_RETENTION_ROWS = 200_000;

const EMPTY_CONFIG: GatewayConfig = { sources: [], targets: [], rules: [] };

export interface GatewayDeps {
  store: IStore;
  bus: EventBus;
  resolver: SchemaResolver;
  audit: (event: AppendEvent) => Promise<void>;
  log: { error(message: string, error?: unknown): void; info?(message: string): void };
  now?: () => number;
}

/** A source as the gateway runs it: config, compiled schema, listener and counters. */
class SourceRuntime implements PipelineSource {
  compiled: CompiledSchema | undefined;
  listener: IListener | undefined;
  error: { code: string; message: string } | undefined;
  readonly counters: SourceCounters;
  constructor(
    public config: SourceConfig,
    counters?: SourceCounters,
  ) {
    this.counters = counters ?? new SourceCounters();
  }
  get id(): string {
    return this.config.id;
  }
  get schemaId(): string {
    return this.config.schemaId;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Connection-relevant settings of a target: when these change the transport is rebuilt. */
function transportKey(t: TargetConfig): string {
  const { id: _id, name: _n, enabled: _e, queueCapacity: _q, overflow: _o, retry: _r, breaker: _b, ...rest } = t;
  return JSON.stringify(rest);
}

function validation(message: string, details?: unknown): RpcError {
  return new RpcError('VALIDATION', message, details);
}

/**
 * The gateway: versioned configuration, sources, the pipeline, routing, targets with dead letters,
 * the message log and the station simulator. One instance per core; `open` binds it to a project.
 */
export class GatewayService implements DeadLetterSink {
  private config: GatewayConfig = EMPTY_CONFIG;
  private version = 0;
  private readonly sources = new Map<string, SourceRuntime>();
  private readonly targets = new Map<string, ReliableTarget>();
  private readonly routing = new RoutingEngine();
  private readonly codecs: CodecCache;
  private readonly messageLog = new MessageLog();
  readonly pipeline: Pipeline;
  private sim: StationSimulator | undefined;
  private simError: string | undefined;
  private servicesAllowed = false;
  private opened = false;
  private chain: Promise<unknown> = Promise.resolve();
  private pendingDead: Array<{ targetId: string; item: DeliveryItem; reason: string; time: number }> = [];
  private deadTimer: NodeJS.Timeout | undefined;
  private deadFlush: Promise<void> = Promise.resolve();
  private tickTimer: NodeJS.Timeout | undefined;
  private lastStatus: GatewayStatus | undefined;
  private lastStorePrune = 0;
  private readonly now: () => number;
  private offAlarmForward: (() => void) | undefined;

  constructor(private readonly deps: GatewayDeps) {
    this.now = deps.now ?? Date.now;
    this.codecs = new CodecCache(deps.resolver);
    this.pipeline = new Pipeline({
      bus: deps.bus,
      log: this.messageLog,
      routing: this.routing,
      codecs: this.codecs,
      target: (id) => this.targets.get(id),
      configVersion: () => this.version,
    });
  }

  // -------------------------------------------------------------------------------------------
  // lifecycle

  /** Loads the project's current configuration and builds runtimes; starts services when allowed. */
  async open(options: { startServices: boolean }): Promise<void> {
    await this.close();
    this.codecs.clear();
    const rows = await this.deps.store.query<{ version: number; config: string }>('SELECT version, config FROM gateway_config_versions ORDER BY version DESC LIMIT 1');
    const row = rows[0];
    let config = EMPTY_CONFIG;
    if (row) {
      const parsed = gatewayConfigSchema.safeParse(JSON.parse(row.config));
      if (parsed.success) config = parsed.data;
      else this.deps.log.error(`gateway configuration version ${row.version} is invalid; starting empty`, parsed.error);
    }
    this.version = row?.version ?? 0;
    this.opened = true;
    this.servicesAllowed = options.startServices;
    await this.apply(config);
    await this.refreshDeadLetterCounts();
    if (options.startServices && config.simulator?.autoStart) await this.simControl('start').catch(() => {});
    this.tickTimer = setInterval(() => void this.tick(), 1000);
    this.tickTimer.unref?.();
    // Alarm events from monitoring (src/main/monitor/alarmForwarding.ts) go out through the targets.
    this.offAlarmForward = this.deps.bus.subscribe('monitor.alarm.forward', (payload) => {
      const p = payload as { targetIds?: unknown; messageId?: unknown; sourceId?: unknown; schemaId?: unknown; message?: unknown; createdAt?: unknown };
      if (!Array.isArray(p?.targetIds) || typeof p.messageId !== 'string') return;
      this.deliver(p.targetIds.filter((t): t is string => typeof t === 'string'), {
        messageId: p.messageId,
        sourceId: typeof p.sourceId === 'string' ? p.sourceId : 'monitor',
        schemaId: typeof p.schemaId === 'string' ? p.schemaId : '',
        json: p.message,
        ...(typeof p.createdAt === 'number' ? { createdAt: p.createdAt } : {}),
      });
    });
  }

  /**
   * Queues one JSON message (not from a source: e.g. an alarm event) into the named targets, with
   * the same queue, retry, breaker and dead-letter handling and metrics as routed telemetry. Unknown
   * targets are reported on `gateway.error` (stage distribute, UNKNOWN_TARGET) and skipped.
   */
  deliver(targetIds: readonly string[], m: { messageId: string; sourceId: string; schemaId: string; json: unknown; createdAt?: number }): { queued: string[]; unknown: string[] } {
    const payload = new TextEncoder().encode(JSON.stringify(m.json));
    const queued: string[] = [];
    const unknown: string[] = [];
    const createdAt = m.createdAt ?? this.now();
    for (const id of new Set(targetIds)) {
      const target = this.targets.get(id);
      if (!target) {
        unknown.push(id);
        this.deps.bus.publish('gateway.error', { time: this.now(), sourceId: m.sourceId, stage: 'distribute', reason: 'UNKNOWN_TARGET', message: `${m.sourceId}: target '${id}' does not exist`, messageId: m.messageId });
        continue;
      }
      target.enqueue({ messageId: m.messageId, sourceId: m.sourceId, schemaId: m.schemaId, payload, contentType: 'application/json', enqueuedAt: performance.now(), createdAt, attempts: 0 });
      queued.push(id);
    }
    return { queued, unknown };
  }

  /** Stops sources, the simulator and targets (queued messages become dead letters) and flushes. */
  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.offAlarmForward?.();
    this.offAlarmForward = undefined;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = undefined;
    this.sim?.stop();
    this.sim = undefined;
    await Promise.all([...this.sources.values()].map((s) => s.listener?.stop().catch(() => {})));
    this.sources.clear();
    for (const t of this.targets.values()) {
      const left = await t.close();
      for (const item of left) this.add(t.id, item, 'gateway stopped with the message queued');
    }
    this.targets.clear();
    await this.flushDeadLetters();
    await this.messageLog.flush(this.deps.store).catch((e: unknown) => this.deps.log.error('message log flush failed', e));
    this.config = EMPTY_CONFIG;
    this.version = 0;
  }

  /** Serialises configuration changes and control actions. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }

  private async tick(): Promise<void> {
    try {
      const status = this.status();
      this.lastStatus = status;
      this.deps.bus.publish('gateway.status', status);
      await this.messageLog.flush(this.deps.store);
      const now = this.now();
      if (now - this.lastStorePrune > 60_000) {
        this.lastStorePrune = now;
        for (const t of this.config.targets.filter((x) => x.kind === 'store')) {
          await this.deps.store.write([
            { sql: 'DELETE FROM gateway_store_messages WHERE target_id = ? AND id <= (SELECT MAX(id) FROM gateway_store_messages WHERE target_id = ?) - ?', params: [t.id, t.id, STORE_TARGET_RETENTION_ROWS] },
          ]);
        }
      }
    } catch (error) {
      this.deps.log.error('gateway tick failed', error);
    }
  }

  // -------------------------------------------------------------------------------------------
  // configuration

  getConfig(): { version: number; config: GatewayConfig } {
    return { version: this.version, config: this.config };
  }

  /** Checks a candidate configuration: schema, unique ids, rule compilation, target references. */
  private check(candidate: unknown): GatewayConfig {
    const parsed = gatewayConfigSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw validation(`gateway configuration: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    }
    const c = parsed.data;
    for (const [section, list] of [
      ['source', c.sources],
      ['target', c.targets],
    ] as const) {
      const seen = new Set<string>();
      for (const x of list) {
        if (seen.has(x.id)) throw validation(`duplicate ${section} id '${x.id}'`);
        seen.add(x.id);
      }
    }
    const compiled = RoutingEngine.check(c.rules, c.defaultRoute);
    if (!compiled.ok) throw validation(compiled.errors[0]?.message ?? 'rules do not compile', { errors: compiled.errors });
    const targetIds = new Set(c.targets.map((t) => t.id));
    for (const r of c.rules) for (const t of r.actions.targets) if (!targetIds.has(t)) throw validation(`Rule '${r.id}' actions.targets: target '${t}' does not exist`);
    for (const t of c.defaultRoute?.targets ?? []) if (!targetIds.has(t)) throw validation(`Default route targets: target '${t}' does not exist`);
    const ports = new Map<string, string>();
    for (const s of c.sources) {
      if (!('port' in s) || s.kind === 'tcp-client' || s.port === 0) continue;
      const proto = s.kind === 'udp' ? 'udp' : 'tcp';
      const key = `${proto}:${'bindAddress' in s ? s.bindAddress : ''}:${s.port}`;
      const other = ports.get(key);
      if (other) throw new RpcError('CONFLICT', `Source '${s.id}' port ${s.port}: already used by source '${other}'`);
      ports.set(key, s.id);
    }
    return c;
  }

  /** Records a new version (durable, audited) and hot-reloads it. */
  private async commit(candidate: unknown, what: string, rollbackOf?: number): Promise<{ version: number }> {
    const next = this.check(candidate);
    const changes = diffConfig(this.config, next);
    if (changes.length === 0 && rollbackOf === undefined) return { version: this.version };
    const version = this.version + 1;
    const time = this.now();
    const summary = rollbackOf !== undefined ? `rollback to version ${rollbackOf}` : summarize(changes);
    await this.deps.store.write([
      {
        sql: 'INSERT INTO gateway_config_versions(version, time, summary, changes, rollback_of, config) VALUES (?, ?, ?, ?, ?, ?)',
        params: [version, time, summary, JSON.stringify(changes), rollbackOf ?? null, JSON.stringify(next)],
      },
    ]);
    await this.deps.audit({ type: `config.gateway.${what}`, source: 'gateway', data: { version, summary, changes, ...(rollbackOf !== undefined ? { rollbackOf } : {}) } });
    this.version = version;
    await this.apply(next);
    return { version };
  }

  async history(limit: number): Promise<ConfigVersion[]> {
    const rows = await this.deps.store.query<{ version: number; time: number; summary: string; changes: string; rollback_of: number | null }>(
      'SELECT version, time, summary, changes, rollback_of FROM gateway_config_versions ORDER BY version DESC LIMIT ?',
      [limit],
    );
    return rows.map((r) => ({ version: r.version, time: r.time, summary: r.summary, changes: JSON.parse(r.changes) as ConfigVersion['changes'], ...(r.rollback_of !== null ? { rollbackOf: r.rollback_of } : {}) }));
  }

  rollback(version: number): Promise<{ version: number }> {
    return this.serial(async () => {
      const rows = await this.deps.store.query<{ config: string }>('SELECT config FROM gateway_config_versions WHERE version = ?', [version]);
      if (!rows[0]) throw new RpcError('NOT_FOUND', `configuration version ${version} does not exist`);
      return this.commit(JSON.parse(rows[0].config), 'rollback', version);
    });
  }

  /** Writes the first configuration of a brand-new (demo) project. */
  async seed(config: GatewayConfig): Promise<void> {
    const next = this.check(config);
    await this.deps.store.write([
      { sql: 'INSERT INTO gateway_config_versions(version, time, summary, changes, rollback_of, config) VALUES (?, ?, ?, ?, ?, ?)', params: [1, this.now(), 'demo station configuration', JSON.stringify(diffConfig(EMPTY_CONFIG, next)), null, JSON.stringify(next)] },
    ]);
  }

  saveSource(source: SourceConfig): Promise<{ version: number }> {
    return this.serial(() => {
      const exists = this.config.sources.some((s) => s.id === source.id);
      const sources = exists ? this.config.sources.map((s) => (s.id === source.id ? source : s)) : [...this.config.sources, source];
      return this.commit({ ...this.config, sources }, exists ? 'source.changed' : 'source.added');
    });
  }

  deleteSource(id: string): Promise<{ version: number }> {
    return this.serial(() => {
      if (!this.config.sources.some((s) => s.id === id)) throw new RpcError('NOT_FOUND', `source '${id}' does not exist`);
      return this.commit({ ...this.config, sources: this.config.sources.filter((s) => s.id !== id) }, 'source.removed');
    });
  }

  saveTarget(target: TargetConfig): Promise<{ version: number }> {
    return this.serial(() => {
      const exists = this.config.targets.some((t) => t.id === target.id);
      const targets = exists ? this.config.targets.map((t) => (t.id === target.id ? target : t)) : [...this.config.targets, target];
      return this.commit({ ...this.config, targets }, exists ? 'target.changed' : 'target.added');
    });
  }

  deleteTarget(id: string): Promise<{ version: number }> {
    return this.serial(() => {
      if (!this.config.targets.some((t) => t.id === id)) throw new RpcError('NOT_FOUND', `target '${id}' does not exist`);
      const users = this.config.rules.filter((r) => r.actions.targets.includes(id)).map((r) => r.id);
      if (users.length > 0) throw new RpcError('CONFLICT', `target '${id}' is used by rule${users.length > 1 ? 's' : ''} ${users.map((u) => `'${u}'`).join(', ')}; remove it there first`);
      if (this.config.defaultRoute?.targets.includes(id)) throw new RpcError('CONFLICT', `target '${id}' is used by the default route`);
      return this.commit({ ...this.config, targets: this.config.targets.filter((t) => t.id !== id) }, 'target.removed');
    });
  }

  saveRules(rules: RouteRule[], defaultRoute: DefaultRouteInput | undefined): Promise<{ version: number }> {
    return this.serial(() => {
      const next: Record<string, unknown> = { ...this.config, rules };
      if (defaultRoute === undefined) delete next.defaultRoute;
      else next.defaultRoute = defaultRoute;
      return this.commit(next, 'rules.changed');
    });
  }

  saveSimulator(sim: SimConfig): Promise<{ version: number }> {
    return this.serial(() => this.commit({ ...this.config, simulator: sim }, 'simulator.changed'));
  }

  /** Hot reload: swap the router, reconcile targets (queues kept) and sources (changed ones restarted). */
  private async apply(next: GatewayConfig): Promise<void> {
    const prev = this.config;
    this.config = next;
    // Preload schemas that rules re-encode to, so the hot path can look them up synchronously.
    for (const r of next.rules) {
      const out = r.actions.output;
      if (out !== 'json') {
        const at = out.reencode.lastIndexOf('@');
        await this.codecs.get(at > 0 ? out.reencode.slice(0, at) : out.reencode, at > 0 ? Number(out.reencode.slice(at + 1)) : undefined).catch(() => undefined);
      }
    }

    // Targets first, so the new rules never point at a target that is not there yet.
    const nextTargets = new Map(next.targets.map((t) => [t.id, t]));
    for (const t of next.targets) {
      const current = this.targets.get(t.id);
      if (!current) {
        this.targets.set(t.id, new ReliableTarget(t, createTransport(t, this.deps.store), this));
      } else if (!sameJson(current.config, t)) {
        await current.reconfigure(t, transportKey(current.config) !== transportKey(t) ? createTransport(t, this.deps.store) : undefined);
      }
    }
    const deployed = this.routing.deploy(next.rules, next.defaultRoute, this.version);
    if (!deployed.ok) this.deps.log.error(`rules failed to deploy: ${deployed.errors[0]?.message}`);
    for (const [id, t] of this.targets) {
      if (nextTargets.has(id)) continue;
      this.targets.delete(id);
      for (const item of await t.close()) this.add(id, item, `target '${id}' was removed with the message queued`);
    }

    // Sources: unchanged ones keep running; changed ones restart; removed ones stop.
    const nextSources = new Map(next.sources.map((s) => [s.id, s]));
    for (const [id, rt] of this.sources) {
      if (nextSources.has(id)) continue;
      await rt.listener?.stop().catch(() => {});
      this.sources.delete(id);
      this.messageLog.forgetSource(id);
    }
    for (const s of next.sources) {
      const rt = this.sources.get(s.id);
      if (rt && sameJson(rt.config, s)) continue;
      const wasRunning = rt?.listener?.state().state === 'running' || rt?.listener?.state().state === 'reconnecting';
      if (rt?.listener) await rt.listener.stop().catch(() => {});
      const fresh = new SourceRuntime(s, rt?.counters);
      this.sources.set(s.id, fresh);
      await this.prepare(fresh);
      if (s.enabled && (this.servicesAllowed || wasRunning)) await this.startRuntime(fresh);
    }
    void prev;
  }

  /** Resolves and compiles the source's schema and builds (not starts) its listener. */
  private async prepare(rt: SourceRuntime): Promise<void> {
    rt.error = undefined;
    rt.listener = undefined;
    try {
      rt.compiled = await this.codecs.get(rt.config.schemaId, rt.config.schemaVersion);
    } catch (error) {
      rt.compiled = undefined;
      rt.error = { code: 'SCHEMA_INVALID', message: `schema '${rt.config.schemaId}' does not compile: ${(error as Error).message}` };
      return;
    }
    if (!rt.compiled) {
      rt.error = { code: 'SCHEMA_NOT_FOUND', message: `schema '${rt.config.schemaId}${rt.config.schemaVersion ? `@${rt.config.schemaVersion}` : ''}' is not in this project` };
      return;
    }
    const compiled = rt.compiled;
    const framing = compiled.doc.schema.framing;
    const hooks: StreamDecodeHooks = {
      newFramer: () => (framing && framing.kind !== 'datagram' ? createFramer(framing, { verify: (f) => compiled.codec.decode(f).ok }) : undefined),
    };
    const encode: FieldEncoder = (fields) => {
      const r = compiled.codec.encode(fields);
      return r.ok ? r : { ok: false, message: `${r.error.path}: ${r.error.message}` };
    };
    rt.listener = createListener(
      rt.config,
      hooks,
      encode,
      (bytes, peer, at) => this.pipeline.ingest(rt, bytes, peer, at),
      (reason, message, peer, bytes) => this.pipeline.reject(rt, reason, message, peer, bytes),
    );
  }

  private async startRuntime(rt: SourceRuntime): Promise<void> {
    if (!rt.listener) return;
    try {
      await rt.listener.start();
      rt.error = undefined;
    } catch (error) {
      rt.error = error instanceof ListenerError ? { code: error.code, message: error.message } : { code: 'FAILED', message: (error as Error).message };
    }
  }

  /** A schema got a new published version: sources following its latest version recompile and restart. */
  schemaPublished(schemaId: string): Promise<void> {
    return this.serial(async () => {
      for (const rt of this.sources.values()) {
        if (rt.config.schemaId !== schemaId || rt.config.schemaVersion !== undefined) continue;
        const st = rt.listener?.state().state;
        const wasRunning = st === 'running' || st === 'reconnecting';
        await rt.listener?.stop().catch(() => {});
        await this.prepare(rt);
        if (wasRunning) await this.startRuntime(rt);
      }
    });
  }

  controlSource(id: string, action: 'start' | 'stop' | 'restart'): Promise<SourceStatus> {
    return this.serial(async () => {
      const rt = this.sources.get(id);
      if (!rt) throw new RpcError('NOT_FOUND', `source '${id}' does not exist`);
      if (action !== 'start') await rt.listener?.stop();
      if (action !== 'stop') {
        if (!rt.listener) await this.prepare(rt);
        await this.startRuntime(rt);
      }
      return this.sourceStatus(rt, this.now());
    });
  }

  // -------------------------------------------------------------------------------------------
  // rules: validation and dry run

  validateRules(rules: unknown[], defaultRoute: unknown): { ok: boolean; errors: Array<{ index: number; ruleId: string; path: string; message: string }> } {
    const r = RoutingEngine.check(rules, defaultRoute);
    if (!r.ok) return { ok: false, errors: r.errors };
    const targetIds = new Set(this.config.targets.map((t) => t.id));
    const errors: Array<{ index: number; ruleId: string; path: string; message: string }> = [];
    r.router.rules.forEach((rule) => {
      const index = rules.findIndex((x) => (x as { id?: string })?.id === rule.id);
      rule.actions.targets.forEach((t, j) => {
        if (!targetIds.has(t)) errors.push({ index, ruleId: rule.id, path: `actions.targets.${j}`, message: `Rule '${rule.id}' actions.targets.${j}: target '${t}' does not exist` });
      });
    });
    return { ok: errors.length === 0, errors };
  }

  async dryRun(input: { sourceId: string; schemaId?: string | undefined; hex?: string | undefined; fields?: Record<string, unknown> | undefined; rules?: unknown[] | undefined; defaultRoute?: unknown }) {
    const source = this.sources.get(input.sourceId);
    const schemaId = input.schemaId ?? source?.config.schemaId;
    let fields = input.fields;
    let decodeError: string | undefined;
    let schemaVersion: number | undefined;
    const compiled = schemaId ? await this.codecs.get(schemaId).catch(() => undefined) : undefined;
    if (compiled) schemaVersion = compiled.doc.version;
    if (input.hex !== undefined) {
      const p = parseHex(input.hex);
      if (!p.ok) decodeError = `hex: ${p.message}`;
      else if (!compiled) decodeError = `schema '${schemaId ?? '(none)'}' is not available`;
      else {
        const r = compiled.codec.decode(p.bytes);
        if (r.ok) fields = r.fields as Record<string, unknown>;
        else decodeError = `${r.error.code} at byte ${r.error.offset}${r.error.path ? ` (${r.error.path})` : ''}: ${r.error.message}`;
      }
    }
    const rules = input.rules ?? this.config.rules;
    const compiledRules = RoutingEngine.check(rules, input.rules ? input.defaultRoute : this.config.defaultRoute);
    if (!compiledRules.ok) return { ruleErrors: compiledRules.errors, entries: [], deliveries: [], ...(decodeError ? { decodeError } : {}) };
    if (!fields) return { ruleErrors: [], entries: [], deliveries: [], ...(decodeError ? { decodeError } : { decodeError: 'give a frame (hex) or fields' }) };
    const message = { sourceId: input.sourceId, schemaId: schemaId ?? '', ...(schemaVersion !== undefined ? { schemaVersion } : {}), fields };
    const entries = compiledRules.router.dryRun(message);
    const routed = compiledRules.router.route(message);
    const deliveries = routed.deliveries.map((d) => {
      const t = d.transforms.length > 0 ? d.apply(fields) : { ok: true as const, fields };
      if (!t.ok) return { ruleId: d.ruleId, targets: [...d.targets], output: '', error: `transform ${t.error.index} (${t.error.kind}) on '${t.error.field}': ${t.error.message}` };
      if (d.output === 'json') return { ruleId: d.ruleId, targets: [...d.targets], output: JSON.stringify(jsonSafe({ sourceId: input.sourceId, schemaId, fields: t.fields }), null, 1) };
      const ref = d.output.reencode;
      const at = ref.lastIndexOf('@');
      const codec = this.codecs.peek(at > 0 ? ref.slice(0, at) : ref, at > 0 ? Number(ref.slice(at + 1)) : undefined);
      if (!codec) return { ruleId: d.ruleId, targets: [...d.targets], output: '', error: `output schema '${ref}' is not available` };
      const e = codec.codec.encode(t.fields as never);
      return e.ok ? { ruleId: d.ruleId, targets: [...d.targets], output: bytesToHex(e.bytes, ' ') } : { ruleId: d.ruleId, targets: [...d.targets], output: '', error: `${e.error.path}: ${e.error.message}` };
    });
    return { fields: jsonSafe(fields) as Record<string, unknown>, ruleErrors: [], entries: entries.map((e) => ({ ...e, targets: [...e.targets] })), deliveries, ...(decodeError ? { decodeError } : {}) };
  }

  // -------------------------------------------------------------------------------------------
  // dead letters (DeadLetterSink)

  add(targetId: string, item: DeliveryItem, reason: string): void {
    this.pendingDead.push({ targetId, item, reason, time: this.now() });
    this.deps.bus.publish('gateway.error', { time: this.now(), sourceId: item.sourceId, stage: 'distribute', reason: 'DEAD_LETTER', message: `target '${targetId}': ${reason}`, messageId: item.messageId });
    this.deadTimer ??= setTimeout(() => {
      this.deadTimer = undefined;
      void this.flushDeadLetters();
    }, 200);
  }

  private flushDeadLetters(): Promise<void> {
    if (this.deadTimer) clearTimeout(this.deadTimer);
    this.deadTimer = undefined;
    this.deadFlush = this.deadFlush.then(async () => {
      const batch = this.pendingDead;
      if (batch.length === 0) return;
      this.pendingDead = [];
      try {
        await this.deps.store.write([
          {
            sql: 'INSERT INTO gateway_dead_letters(target_id, message_id, source_id, schema_id, time, created_at, attempts, reason, content_type, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            rows: batch.map((d) => [d.targetId, d.item.messageId, d.item.sourceId, d.item.schemaId, d.time, d.item.createdAt, d.item.attempts, d.reason.slice(0, 500), d.item.contentType, d.item.payload]),
          },
        ]);
        for (const d of batch) {
          const t = this.targets.get(d.targetId);
          if (t) t.storedDeadLetters++;
        }
      } catch (error) {
        this.deps.log.error(`could not persist ${batch.length} dead letter(s)`, error);
        this.pendingDead.unshift(...batch);
      }
    });
    return this.deadFlush;
  }

  private async refreshDeadLetterCounts(): Promise<void> {
    const rows = await this.deps.store.query<{ target_id: string; n: number }>('SELECT target_id, COUNT(*) AS n FROM gateway_dead_letters GROUP BY target_id');
    for (const t of this.targets.values()) t.storedDeadLetters = Number(rows.find((r) => r.target_id === t.id)?.n ?? 0);
  }

  async listDeadLetters(targetId: string | undefined, limit: number, offset: number): Promise<{ items: DeadLetter[]; total: number }> {
    await this.flushDeadLetters();
    const where = targetId ? 'WHERE target_id = ?' : '';
    const params = targetId ? [targetId] : [];
    const total = Number((await this.deps.store.query<{ n: number }>(`SELECT COUNT(*) AS n FROM gateway_dead_letters ${where}`, params))[0]?.n ?? 0);
    const rows = await this.deps.store.query<{ id: number; target_id: string; message_id: string; source_id: string; time: number; attempts: number; reason: string; content_type: string; payload: Uint8Array }>(
      `SELECT id, target_id, message_id, source_id, time, attempts, reason, content_type, payload FROM gateway_dead_letters ${where} ORDER BY id LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    return {
      total,
      items: rows.map((r) => {
        const bytes = r.payload instanceof Uint8Array ? r.payload : new Uint8Array();
        const preview = r.content_type === 'application/json' ? Buffer.from(bytes.subarray(0, 2048)).toString('utf8') : bytesToHex(bytes, ' ', 0, Math.min(bytes.length, 682));
        return { id: r.id, targetId: r.target_id, messageId: r.message_id, sourceId: r.source_id, time: r.time, attempts: r.attempts, reason: r.reason, contentType: r.content_type, bytes: bytes.length, preview };
      }),
    };
  }

  replayDeadLetters(targetId: string | undefined, ids: number[] | undefined): Promise<{ replayed: number; skipped: number }> {
    return this.serial(async () => {
      await this.flushDeadLetters();
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (targetId) {
        where.push('target_id = ?');
        params.push(targetId);
      }
      if (ids) {
        if (ids.length === 0) return { replayed: 0, skipped: 0 };
        where.push(`id IN (${ids.map(() => '?').join(',')})`);
        params.push(...ids);
      }
      const rows = await this.deps.store.query<{ id: number; target_id: string; message_id: string; source_id: string; schema_id: string; created_at: number; content_type: string; payload: Uint8Array }>(
        `SELECT id, target_id, message_id, source_id, schema_id, created_at, content_type, payload FROM gateway_dead_letters ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT 100000`,
        params,
      );
      const byTarget = new Map<string, { ids: number[]; items: DeliveryItem[] }>();
      let skipped = 0;
      for (const r of rows) {
        if (!this.targets.has(r.target_id)) {
          skipped++;
          continue;
        }
        let g = byTarget.get(r.target_id);
        if (!g) byTarget.set(r.target_id, (g = { ids: [], items: [] }));
        g.ids.push(r.id);
        g.items.push({
          messageId: r.message_id,
          sourceId: r.source_id,
          schemaId: r.schema_id,
          payload: r.payload,
          contentType: r.content_type === 'application/json' ? 'application/json' : 'application/octet-stream',
          enqueuedAt: performance.now(),
          createdAt: r.created_at,
          attempts: 0,
        });
      }
      let replayed = 0;
      for (const [tid, g] of byTarget) {
        // Delete first: a replayed message that fails again becomes a fresh dead letter, never a duplicate.
        for (let i = 0; i < g.ids.length; i += 500) {
          const chunk = g.ids.slice(i, i + 500);
          await this.deps.store.write([{ sql: `DELETE FROM gateway_dead_letters WHERE id IN (${chunk.map(() => '?').join(',')})`, params: chunk }]);
        }
        const t = this.targets.get(tid)!;
        t.storedDeadLetters = Math.max(0, t.storedDeadLetters - g.ids.length);
        t.retryNow();
        t.requeue(g.items);
        replayed += g.items.length;
      }
      await this.deps.audit({ type: 'gateway.deadLetters.replayed', source: 'gateway', data: { targetId: targetId ?? null, replayed, skipped } });
      return { replayed, skipped };
    });
  }

  purgeDeadLetters(targetId: string | undefined, ids: number[] | undefined): Promise<{ purged: number }> {
    return this.serial(async () => {
      await this.flushDeadLetters();
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (targetId) {
        where.push('target_id = ?');
        params.push(targetId);
      }
      if (ids) {
        if (ids.length === 0) return { purged: 0 };
        where.push(`id IN (${ids.map(() => '?').join(',')})`);
        params.push(...ids);
      }
      const [r] = await this.deps.store.write([{ sql: `DELETE FROM gateway_dead_letters ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params }]);
      await this.refreshDeadLetterCounts();
      await this.deps.audit({ type: 'gateway.deadLetters.purged', source: 'gateway', data: { targetId: targetId ?? null, purged: r?.changes ?? 0 } });
      return { purged: r?.changes ?? 0 };
    });
  }

  // -------------------------------------------------------------------------------------------
  // status, log, schemas

  private sourceStatus(rt: SourceRuntime, now: number): SourceStatus {
    const ls = rt.listener?.state() ?? { state: 'stopped' as const, connections: 0 };
    const error = rt.error ?? ls.error;
    const c = rt.counters;
    return {
      id: rt.id,
      kind: rt.config.kind,
      state: rt.error && ls.state !== 'running' ? 'error' : ls.state,
      ...(error ? { error } : {}),
      ...(ls.endpoint ? { endpoint: ls.endpoint } : {}),
      connections: ls.connections,
      frames: c.frames,
      bytes: c.bytes,
      decoded: c.decoded,
      errors: c.errors.total,
      errorsByReason: c.errors.toRecord(),
      ...(ls.kernelDrops !== undefined ? { kernelDrops: ls.kernelDrops } : {}),
      ...(ls.recvBufferBytes !== undefined ? { recvBufferBytes: ls.recvBufferBytes } : {}),
      framesPerSec: c.rate.update(c.frames, now),
      ...(c.lastFrameAt !== undefined ? { lastFrameAt: c.lastFrameAt } : {}),
    };
  }

  /** Computes a fresh snapshot (rates are per interval since the previous snapshot). */
  status(): GatewayStatus {
    const now = this.now();
    return {
      time: now,
      sources: [...this.sources.values()].map((rt) => this.sourceStatus(rt, now)),
      targets: [...this.targets.values()].map((t) => t.status(now)),
      pipeline: this.pipeline.snapshot(now),
      rules: this.routing.stats().map((s) => ({ ruleId: s.ruleId, evaluated: s.evaluated, hits: s.hits, conditionErrors: s.conditionErrors, ...(s.lastHitAtMs !== undefined ? { lastHitAtMs: s.lastHitAtMs } : {}) })),
      simulator: this.simStatus(),
    };
  }

  /** The last periodic snapshot (cheap; for the status bar). */
  latestStatus(): GatewayStatus | undefined {
    return this.lastStatus;
  }

  resetCounters(): void {
    this.pipeline.resetCounters();
    this.routing.resetStats();
    for (const s of this.sources.values()) s.counters.reset();
    for (const t of this.targets.values()) t.resetCounters();
  }

  async messages(q: { sourceId?: string | undefined; onlyErrors: boolean; persisted: boolean; limit: number }): Promise<MessageLogEntry[]> {
    if (q.persisted) {
      await this.messageLog.flush(this.deps.store);
      return MessageLog.queryPersisted(this.deps.store, q);
    }
    return this.messageLog.query(q);
  }

  sourceFrames(id: string, limit: number): MessageLogEntry[] {
    if (!this.sources.has(id)) throw new RpcError('NOT_FOUND', `source '${id}' does not exist`);
    return this.messageLog.query({ sourceId: id, limit });
  }

  async schemas(): Promise<SchemaSummary[]> {
    return (await this.deps.resolver.list()).map(summarizeSchema);
  }

  // -------------------------------------------------------------------------------------------
  // simulator

  private simStatus(): SimStatus {
    if (this.sim) return this.sim.status();
    return { running: false, sent: 0, badCrc: 0, truncated: 0, burstFrames: 0, silent: false, sendErrors: 0, ...(this.simError ? { lastError: this.simError } : {}), ...(this.config.simulator ? { config: this.config.simulator } : {}) };
  }

  async simControl(action: 'start' | 'stop'): Promise<SimStatus> {
    if (action === 'stop') {
      this.sim?.stop();
      return this.simStatus();
    }
    const cfg = this.config.simulator;
    if (!cfg) throw new RpcError('FAILED', 'the simulator is not configured: set its destination first');
    const compiled = await this.codecs.get(cfg.schemaId);
    if (!compiled) throw new RpcError('NOT_FOUND', `simulator schema '${cfg.schemaId}' is not available`);
    if (this.sim) this.sim.reconfigure(cfg, compiled);
    else this.sim = new StationSimulator(cfg, compiled);
    this.sim.start();
    this.simError = undefined;
    return this.simStatus();
  }

  async configureSim(cfg: SimConfig): Promise<{ version: number }> {
    const r = await this.saveSimulator(cfg);
    if (this.sim) {
      const compiled = await this.codecs.get(cfg.schemaId);
      if (compiled) this.sim.reconfigure(cfg, compiled);
    }
    return r;
  }

  /** Numbers for the status bar. */
  statusBar(): { running: number; total: number; framesPerSec: number; errorsPerSec: number } {
    let running = 0;
    for (const s of this.sources.values()) if (s.listener?.state().state === 'running') running++;
    return { running, total: this.sources.size, ...this.pipeline.rates };
  }
}

/** A free loopback UDP port (for the demo source and tests). */
export function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(0, host, () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}
