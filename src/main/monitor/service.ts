import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { z } from 'zod';
import { compileExpression } from '#shared/expr/index';
import type { DecodedMessage } from '#shared/messages';
import { SeriesWindow } from '#shared/series/index';
import type {
  Alarm,
  AlarmForwarding,
  AlarmRule,
  Channel,
  Dashboard,
  Device,
  DeviceSettings,
  Recording,
  alarmRuleInput,
  channelInput,
  dashboardInput,
  monitorSettings,
} from '#shared/rpc/domains/monitor';
import type { CoreContext } from '../core/domain';
import type { IStore } from '../store/types';
import { readMeta } from '../project/projectMeta';
import { ALARM_FORWARD_TOPIC, AlarmForwarder, DEFAULT_ALARM_FORWARDING } from './alarmForwarding';
import { AlarmEngine } from './alarms';
import { compileBinding, flattenNumeric, sampleOf, type BoundChannel } from './channels';
import { HeartbeatListeners, type Heartbeat } from './heartbeat';
import { LiveStream } from './live';
import { TimeSeriesStore } from './tsStore';

type ChannelInput = z.output<typeof channelInput>;
type AlarmRuleInput = z.output<typeof alarmRuleInput>;
type DashboardInput = z.output<typeof dashboardInput>;
type MonitorSettings = z.output<typeof monitorSettings>;

/** Cadence of store writes and alarm scans (ms). */
export const FLUSH_INTERVAL_MS = 250;
/** Retention sweeps run this often (ms). */
const RETENTION_INTERVAL_MS = 60_000;
/** Device last-seen times are persisted at most this often (ms). */
const DEVICE_PERSIST_MS = 10_000;
/** Samples kept per channel in memory for rate-of-change alarms. */
const RATE_WINDOW_SAMPLES = 2048;
/** Heartbeats kept per device for the detail view. */
const HEARTBEAT_HISTORY = 120;
/** Rows a CSV export returns inline (files may hold more). */
const CSV_INLINE_ROWS = 200_000;
const CSV_FILE_ROWS = 5_000_000;

export const DEFAULT_SETTINGS: MonitorSettings = { rawRetentionHours: 6, rollup10sRetentionDays: 2, rollup5mRetentionDays: 90 };
export const DEFAULT_DEVICE_SETTINGS: DeviceSettings = { staleAfterMs: 15_000, offlineAfterMs: 60_000, udpPort: 47810, httpPort: 47811, wsPort: 47812 };

interface DeviceState {
  device: Omit<Device, 'status'>;
  heartbeats: Array<{ t: number; address: string; metrics: Record<string, number> }>;
  dirty: boolean;
  persistedAt: number;
}

function fail(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

/**
 * Live monitoring for the open project: binds decoded messages to channels, writes samples to
 * the time-series store every 250 ms, streams live batches, scans alarms, tracks devices and
 * turns recordings into datasets.
 */
export class MonitorService {
  readonly ts: TimeSeriesStore;
  readonly live: LiveStream;
  readonly alarms: AlarmEngine;
  readonly heartbeats: HeartbeatListeners;
  readonly forwarder: AlarmForwarder;
  private meta = { project: '', station: '' };
  private offProjectChanged: (() => void) | undefined;
  private channels = new Map<string, BoundChannel>();
  private bySource = new Map<string, BoundChannel[]>();
  private rateWindows = new Map<string, SeriesWindow>();
  private rules = new Map<string, AlarmRule>();
  private devices = new Map<string, DeviceState>();
  private observed = new Map<string, { sourceId: string; schemaId: string; path: string; lastValue: number | null; lastSeen: number }>();
  private observedAt = new Map<string, number>();
  private settings: MonitorSettings = { ...DEFAULT_SETTINGS };
  deviceSettings: DeviceSettings = { ...DEFAULT_DEVICE_SETTINGS };
  maintenance: { enabled: boolean; reason: string; since?: number; until?: number } = { enabled: false, reason: '' };
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private unsubscribe: (() => void) | undefined;
  private startedAt = Date.now();
  private opened = false;
  private offlineSet = new Set<string>();
  readonly counters = { messagesIn: 0, samplesIn: 0, samplesDecimated: 0, bindingErrors: 0 };

  constructor(
    private readonly ctx: Pick<CoreContext, 'bus' | 'log'> & { store: IStore },
    private readonly now: () => number = Date.now,
  ) {
    this.ts = new TimeSeriesStore(ctx.store, this.retention(), now);
    this.live = new LiveStream((batch) => ctx.bus.publish('monitor.live', batch));
    this.alarms = new AlarmEngine(
      {
        latest: (id) => this.channels.get(id)?.latest,
        valueAgo: (id, ago) => this.valueAgo(id, ago),
        since: () => this.startedAt,
        offlineDevices: () => [...this.offlineSet],
        maintenance: () => this.maintenanceActive(),
      },
      (changed) => this.persistAlarms(changed),
    );
    this.heartbeats = new HeartbeatListeners((hb, address) => this.onHeartbeat(hb, address));
    this.forwarder = new AlarmForwarder(
      (request) => ctx.bus.publish(ALARM_FORWARD_TOPIC, request),
      { rule: (id) => this.rules.get(id), unit: (id) => this.channels.get(id)?.config.unit, meta: () => this.meta },
      now,
    );
  }

  private retention() {
    return { rawMs: this.settings.rawRetentionHours * 3_600_000, rollup10sMs: this.settings.rollup10sRetentionDays * 86_400_000, rollup5mMs: this.settings.rollup5mRetentionDays * 86_400_000 };
  }

  private get store(): IStore {
    return this.ctx.store;
  }

  // ---------- lifecycle ----------

  /** Loads the project's configuration and starts the pipeline (bus subscription, timers, listeners). */
  async open(options: { listeners: boolean } = { listeners: true }): Promise<void> {
    await this.close();
    this.startedAt = this.now();
    this.settings = { ...DEFAULT_SETTINGS, ...(await this.kvGet<MonitorSettings>('settings')) };
    this.deviceSettings = { ...DEFAULT_DEVICE_SETTINGS, ...(await this.kvGet<DeviceSettings>('devices.settings')) };
    this.maintenance = (await this.kvGet<typeof this.maintenance>('maintenance')) ?? { enabled: false, reason: '' };
    this.ts.retention = this.retention();
    await this.ts.load();
    await this.loadChannels();
    await this.loadRules();
    const open = await this.store.query<AlarmRow>("SELECT * FROM monitor_alarms WHERE state = 'active' OR acknowledged = 0");
    this.alarms.loadOpen(open.map(alarmFromRow));
    this.forwarder.settings = { ...DEFAULT_ALARM_FORWARDING, ...(await this.kvGet<AlarmForwarding>('alarmForwarding')) };
    this.forwarder.remember([...this.alarms.open.values()]);
    await this.refreshMeta();
    this.devices.clear();
    for (const row of await this.store.query<DeviceRow>('SELECT * FROM monitor_devices')) {
      const info = JSON.parse(row.info_json) as Partial<Device>;
      this.devices.set(row.id, {
        device: { id: row.id, name: row.name, origin: row.origin as Device['origin'], kind: row.kind, firstSeen: row.first_seen, lastSeen: row.last_seen, address: row.address, count: 0, metrics: info.metrics ?? {}, ...(info.firmware ? { firmware: info.firmware } : {}), ...(info.uptimeS !== undefined ? { uptimeS: info.uptimeS } : {}) },
        heartbeats: [],
        dirty: false,
        persistedAt: row.last_seen,
      });
    }
    this.offlineSet = new Set([...this.devices.values()].filter((d) => this.deviceStatus(d.device.lastSeen) === 'offline').map((d) => d.device.id));
    this.unsubscribe = this.ctx.bus.subscribe('gateway.decoded', (payload) => this.ingest(payload as DecodedMessage));
    // Alarm events name the project and station: follow renames.
    this.offProjectChanged = this.ctx.bus.subscribe('project.changed', () => void this.refreshMeta());
    this.live.start();
    this.timers.push(setInterval(() => void this.tick(), FLUSH_INTERVAL_MS));
    this.timers.push(setInterval(() => void this.ts.applyRetention().catch((e: unknown) => this.ctx.log.error('retention failed', e)), RETENTION_INTERVAL_MS));
    for (const t of this.timers) t.unref?.();
    if (options.listeners) await this.heartbeats.start(this.deviceSettings.udpPort, this.deviceSettings.httpPort, this.deviceSettings.wsPort);
    this.opened = true;
  }

  /** Stops the pipeline, finishes recordings and flushes everything to the store. */
  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.offProjectChanged?.();
    this.offProjectChanged = undefined;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.live.stop();
    await this.heartbeats.stop();
    for (const r of await this.listRecordings()) if (r.state === 'recording') await this.stopRecording(r.id).catch(() => undefined);
    await this.ts.flush();
    await this.persistDevices(true);
  }

  /** One cadence step: write buffered samples, scan alarms, update device status. Never throws. */
  async tick(): Promise<void> {
    try {
      const now = this.now();
      if (this.maintenance.enabled && this.maintenance.until !== undefined && this.maintenance.until <= now) await this.setMaintenance(false, 'maintenance window ended');
      this.updateDeviceStatus(now);
      this.alarms.scan(now);
      await this.ts.flush();
      await this.persistDevices(false);
    } catch (error) {
      this.ctx.log.error('monitor tick failed', error);
    }
  }

  // ---------- ingest ----------

  /** Turns one decoded message into channel samples. Never throws (bad messages are counted). */
  ingest(msg: DecodedMessage): void {
    if (!msg || typeof msg !== 'object' || typeof msg.sourceId !== 'string' || !msg.fields || typeof msg.fields !== 'object') {
      this.counters.bindingErrors++;
      return;
    }
    this.counters.messagesIn++;
    const t = Number.isFinite(msg.receivedAt) ? msg.receivedAt : this.now();
    this.seeSource(msg, t);
    const list = this.bySource.get(msg.sourceId);
    if (!list) return;
    for (const ch of list) {
      const b = ch.config.binding;
      if (b.schemaId && b.schemaId !== msg.schemaId) continue;
      if (ch.config.decimationMs > 0 && t - ch.lastKeptT < ch.config.decimationMs) {
        this.counters.samplesDecimated++;
        continue;
      }
      const s = sampleOf(ch, msg);
      if ('error' in s) {
        ch.lastError = s.error;
        this.counters.bindingErrors++;
        continue;
      }
      ch.lastError = undefined;
      ch.lastKeptT = t;
      this.counters.samplesIn++;
      if (!ch.latest || t >= ch.latest.t) ch.latest = { t, v: s.v };
      this.ts.append(ch.series, t, s.v);
      this.live.push(ch.config.id, t, s.v);
      this.rateWindow(ch.config.id).append([t], [s.v]);
      for (const rec of this.activeRecordings) if (rec.channelIds[0] === ch.config.id) rec.rowCount++;
    }
  }

  private rateWindow(id: string): SeriesWindow {
    let w = this.rateWindows.get(id);
    if (!w) this.rateWindows.set(id, (w = new SeriesWindow(RATE_WINDOW_SAMPLES, id)));
    return w;
  }

  private valueAgo(id: string, agoMs: number): { t: number; v: number } | undefined {
    const w = this.rateWindows.get(id);
    if (!w || w.length < 2) return undefined;
    const target = w.timeAt(w.length - 1) - agoMs;
    // Newest sample at or before the target; the oldest one if the window is shorter.
    let lo = 0;
    let hi = w.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (w.timeAt(mid) <= target) lo = mid;
      else hi = mid - 1;
    }
    return { t: w.timeAt(lo), v: w.valueAt(lo) };
  }

  /** A source delivering decoded messages is a device; its fields feed the binding picker. */
  private seeSource(msg: DecodedMessage, t: number): void {
    let st = this.devices.get(msg.sourceId);
    if (!st) {
      st = { device: { id: msg.sourceId, name: msg.sourceId, origin: 'source', kind: 'source', firstSeen: t, lastSeen: t, address: `source:${msg.sourceId}`, count: 0, metrics: {} }, heartbeats: [], dirty: true, persistedAt: 0 };
      this.devices.set(msg.sourceId, st);
      this.changed('devices');
    }
    st.device.lastSeen = Math.max(st.device.lastSeen, t);
    st.device.count++;
    st.dirty = true;
    const key = `${msg.sourceId}\u0000${msg.schemaId}`;
    if ((this.observedAt.get(key) ?? 0) + 1000 <= t) {
      this.observedAt.set(key, t);
      for (const [path, v] of flattenNumeric(msg.fields)) {
        this.observed.set(`${key}\u0000${path}`, { sourceId: msg.sourceId, schemaId: msg.schemaId, path, lastValue: Number.isFinite(v) ? v : null, lastSeen: t });
      }
    }
  }

  observedFields() {
    return [...this.observed.values()].sort((a, b) => a.sourceId.localeCompare(b.sourceId) || a.path.localeCompare(b.path));
  }

  pipelineStats() {
    return {
      messagesIn: this.counters.messagesIn,
      samplesIn: this.counters.samplesIn,
      samplesDecimated: this.counters.samplesDecimated,
      samplesWritten: this.ts.stats.samplesWritten,
      writeBatches: this.ts.stats.writeBatches,
      lastWriteMs: this.ts.stats.lastWriteMs,
      bindingErrors: this.counters.bindingErrors,
      liveTicks: this.live.stats.ticks,
      liveSamplesDropped: this.live.stats.dropped + this.ts.stats.droppedPending,
      pendingSamples: this.ts.pending,
      writeErrors: this.ts.stats.writeErrors,
    };
  }

  private changed(what: 'channels' | 'dashboards' | 'alarmRules' | 'devices' | 'recordings' | 'maintenance' | 'settings' | 'alarmForwarding'): void {
    this.ctx.bus.publish('monitor.changed', { what });
  }

  // ---------- channels ----------

  private async loadChannels(): Promise<void> {
    this.channels.clear();
    this.rateWindows.clear();
    const rows = await this.store.query<{ config_json: string; created_at: number; updated_at: number }>('SELECT config_json, created_at, updated_at FROM monitor_channels ORDER BY created_at, id');
    for (const row of rows) {
      const config = { ...(JSON.parse(row.config_json) as Channel), createdAt: row.created_at, updatedAt: row.updated_at };
      try {
        await this.bind(config);
      } catch (error) {
        this.ctx.log.error(`channel ${config.id} could not be bound`, error);
      }
    }
    this.reindex();
  }

  private async bind(config: Channel): Promise<BoundChannel> {
    const compiled = compileBinding(config);
    const series = await this.ts.seriesNum(config.id);
    const prev = this.channels.get(config.id);
    const latest = prev?.latest ?? (await this.ts.latest(series));
    const bound: BoundChannel = { config, series, ...compiled, lastKeptT: -Infinity, ...(latest ? { latest } : {}) };
    this.channels.set(config.id, bound);
    return bound;
  }

  private reindex(): void {
    this.bySource.clear();
    for (const ch of this.channels.values()) {
      if (!ch.config.enabled) continue;
      const list = this.bySource.get(ch.config.binding.sourceId) ?? [];
      list.push(ch);
      this.bySource.set(ch.config.binding.sourceId, list);
    }
  }

  listChannels(): Channel[] {
    return [...this.channels.values()].map((c) => ({ ...c.config, ...(c.latest ? { latest: c.latest } : {}), ...(c.lastError ? { lastError: c.lastError } : {}) }));
  }

  getChannel(id: string): Channel {
    const ch = this.channels.get(id);
    if (!ch) fail('NOT_FOUND', `Channel '${id}' does not exist`);
    return ch.config;
  }

  async createChannel(input: ChannelInput): Promise<Channel> {
    if (this.channels.has(input.id)) fail('CONFLICT', `A channel with id '${input.id}' already exists`);
    const now = this.now();
    const config: Channel = { ...input, createdAt: now, updatedAt: now };
    compileBinding(config);
    await this.store.write([{ sql: 'INSERT INTO monitor_channels(id, config_json, created_at, updated_at) VALUES (?, ?, ?, ?)', params: [config.id, JSON.stringify(stripTimes(config)), now, now] }]);
    await this.bind(config);
    this.reindex();
    this.changed('channels');
    return config;
  }

  async updateChannel(patch: Partial<ChannelInput> & { id: string }): Promise<{ before: Channel; after: Channel }> {
    const before = this.getChannel(patch.id);
    const after: Channel = { ...before, ...patch, updatedAt: this.now() };
    compileBinding(after);
    await this.store.write([{ sql: 'UPDATE monitor_channels SET config_json = ?, updated_at = ? WHERE id = ?', params: [JSON.stringify(stripTimes(after)), after.updatedAt, after.id] }]);
    await this.bind(after);
    this.reindex();
    this.changed('channels');
    return { before, after };
  }

  async deleteChannel(id: string, deleteData: boolean): Promise<boolean> {
    if (!this.channels.has(id)) return false;
    await this.store.write([{ sql: 'DELETE FROM monitor_channels WHERE id = ?', params: [id] }]);
    this.channels.delete(id);
    this.rateWindows.delete(id);
    this.reindex();
    if (deleteData) await this.ts.deleteSeries(id);
    this.changed('channels');
    return true;
  }

  latest(ids?: string[]): Array<{ channelId: string; t: number; v: number }> {
    const out: Array<{ channelId: string; t: number; v: number }> = [];
    for (const ch of this.channels.values()) if ((!ids || ids.includes(ch.config.id)) && ch.latest) out.push({ channelId: ch.config.id, ...ch.latest });
    return out;
  }

  private requireSeries(id: string): void {
    if (!this.channels.has(id) && this.ts.knownSeries(id) === undefined) fail('NOT_FOUND', `Channel '${id}' does not exist`);
  }

  async range(channelIds: string[], from: number, to: number, maxPoints: number) {
    for (const id of channelIds) this.requireSeries(id);
    await this.ts.flush();
    const series = [];
    let resolution: 'raw' | 'raw-buckets' | '10s' | '5m' = 'raw';
    for (const id of channelIds) {
      const { resolution: r, ...data } = await this.ts.range(id, from, to, maxPoints);
      resolution = r;
      series.push(data);
    }
    return { resolution, from, to, series };
  }

  async stats(channelId: string, from: number, to: number) {
    this.requireSeries(channelId);
    await this.ts.flush();
    return this.ts.statistics(channelId, from, to);
  }

  /** Time-aligned CSV of raw samples: one row per distinct time, empty cells where a channel has no sample at that time. */
  async exportCsv(channelIds: string[], from: number, to: number, path?: string) {
    for (const id of channelIds) this.requireSeries(id);
    await this.ts.flush();
    const limit = path ? CSV_FILE_ROWS : CSV_INLINE_ROWS;
    const cols = await Promise.all(channelIds.map(async (id) => {
      const num = this.ts.knownSeries(id);
      return num === undefined ? { times: [], values: [] } : this.ts.raw(num, from, to, limit + 1);
    }));
    const header = ['time_iso', 'time_ms', ...channelIds.map((id) => {
      const unit = this.channels.get(id)?.config.unit;
      return unit ? `${id} [${unit}]` : id;
    })];
    const lines = [header.map(csvCell).join(',')];
    const idx = cols.map(() => 0);
    let rows = 0;
    let truncated = false;
    for (;;) {
      let tMin = Infinity;
      for (let c = 0; c < cols.length; c++) {
        const t = cols[c]!.times[idx[c]!];
        if (t !== undefined && t < tMin) tMin = t;
      }
      if (tMin === Infinity) break;
      if (rows >= limit) {
        truncated = true;
        break;
      }
      const cells: string[] = [new Date(tMin).toISOString(), String(tMin)];
      for (let c = 0; c < cols.length; c++) {
        const col = cols[c]!;
        if (col.times[idx[c]!] === tMin) {
          const v = col.values[idx[c]!]!;
          cells.push(Number.isFinite(v) ? String(v) : '');
          idx[c]!++;
        } else cells.push('');
      }
      lines.push(cells.join(','));
      rows++;
    }
    const csv = `${lines.join('\r\n')}\r\n`;
    if (path) {
      try {
        writeFileSync(path, csv, 'utf8');
      } catch (error) {
        fail('FAILED', `Could not write CSV to ${path}: ${(error as Error).message}`);
      }
      return { rows, truncated, path };
    }
    return { rows, truncated, csv };
  }

  getSettings(): MonitorSettings {
    return { ...this.settings };
  }

  async setSettings(patch: Partial<MonitorSettings>): Promise<MonitorSettings> {
    this.settings = { ...this.settings, ...patch };
    this.ts.retention = this.retention();
    await this.kvSet('settings', this.settings);
    this.changed('settings');
    return this.getSettings();
  }

  // ---------- dashboards ----------

  async listDashboards(): Promise<Dashboard[]> {
    const rows = await this.store.query<{ id: string; name: string; panels_json: string; created_at: number; updated_at: number }>('SELECT * FROM monitor_dashboards ORDER BY position, created_at');
    return rows.map((r) => ({ id: r.id, name: r.name, panels: JSON.parse(r.panels_json) as Dashboard['panels'], createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  async saveDashboard(input: DashboardInput): Promise<{ dashboard: Dashboard; created: boolean }> {
    const ids = new Set<string>();
    for (const [i, p] of input.panels.entries()) {
      if (ids.has(p.id)) fail('VALIDATION', `panels[${i}].id '${p.id}' is used twice`);
      ids.add(p.id);
      for (const c of [...p.channelIds, ...(p.xChannelId ? [p.xChannelId] : [])]) if (!this.channels.has(c)) fail('VALIDATION', `panels[${i}] ('${p.title || p.kind}') refers to unknown channel '${c}'`);
      if (p.kind === 'xyPlot' && !p.xChannelId) fail('VALIDATION', `panels[${i}] is an XY plot without an x channel`);
    }
    const now = this.now();
    const existing = input.id ? (await this.listDashboards()).find((d) => d.id === input.id) : undefined;
    const dashboard: Dashboard = { id: input.id ?? randomUUID(), name: input.name, panels: input.panels, createdAt: existing?.createdAt ?? now, updatedAt: now };
    await this.store.write([
      {
        sql: 'INSERT INTO monitor_dashboards(id, name, panels_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, panels_json = excluded.panels_json, updated_at = excluded.updated_at',
        params: [dashboard.id, dashboard.name, JSON.stringify(dashboard.panels), dashboard.createdAt, now],
      },
    ]);
    this.changed('dashboards');
    return { dashboard, created: !existing };
  }

  async deleteDashboard(id: string): Promise<boolean> {
    const [r] = await this.store.write([{ sql: 'DELETE FROM monitor_dashboards WHERE id = ?', params: [id] }]);
    this.changed('dashboards');
    return (r?.changes ?? 0) > 0;
  }

  // ---------- alarm rules and alarms ----------

  private async loadRules(): Promise<void> {
    this.rules.clear();
    for (const row of await this.store.query<{ config_json: string; shelved_until: number | null; created_at: number; updated_at: number }>('SELECT * FROM monitor_alarm_rules ORDER BY created_at, id')) {
      const rule = { ...(JSON.parse(row.config_json) as AlarmRule), createdAt: row.created_at, updatedAt: row.updated_at, ...(row.shelved_until !== null ? { shelvedUntil: row.shelved_until } : {}) };
      this.rules.set(rule.id, rule);
    }
    this.alarms.setRules([...this.rules.values()]);
  }

  listRules(): AlarmRule[] {
    return [...this.rules.values()];
  }

  private validateRule(rule: AlarmRule): void {
    const needsChannel = ['high', 'low', 'highHigh', 'lowLow', 'rateOfChange', 'stale'].includes(rule.kind);
    if (needsChannel && !rule.channelId) fail('VALIDATION', `Alarm rule '${rule.name}': kind '${rule.kind}' needs channelId`);
    if (rule.channelId && !this.channels.has(rule.channelId)) fail('VALIDATION', `Alarm rule '${rule.name}': channel '${rule.channelId}' does not exist`);
    if (['high', 'low', 'highHigh', 'lowLow', 'rateOfChange'].includes(rule.kind) && rule.threshold === undefined) fail('VALIDATION', `Alarm rule '${rule.name}': kind '${rule.kind}' needs threshold`);
    if (rule.kind === 'expression') {
      const variables = [...this.channels.keys()];
      const c = compileExpression(rule.expression, { variables });
      if (!c.ok) fail('VALIDATION', `Alarm rule '${rule.name}': expression ${c.error.message}`);
    }
    if (rule.kind === 'deviceOffline' && !rule.deviceId) fail('VALIDATION', `Alarm rule '${rule.name}': deviceOffline needs deviceId (or '*')`);
    for (const s of rule.suppressedBy) if (!this.rules.has(s) && s !== rule.id) fail('VALIDATION', `Alarm rule '${rule.name}': suppressedBy names unknown rule '${s}'`);
  }

  async createRule(input: AlarmRuleInput): Promise<AlarmRule> {
    const id = input.id ?? `rule_${randomUUID().slice(0, 8)}`;
    if (this.rules.has(id)) fail('CONFLICT', `An alarm rule with id '${id}' already exists`);
    const now = this.now();
    const rule: AlarmRule = { ...input, id, createdAt: now, updatedAt: now };
    this.validateRule(rule);
    await this.store.write([{ sql: 'INSERT INTO monitor_alarm_rules(id, config_json, created_at, updated_at) VALUES (?, ?, ?, ?)', params: [id, JSON.stringify(ruleConfig(rule)), now, now] }]);
    this.rules.set(id, rule);
    this.alarms.setRules([...this.rules.values()]);
    this.changed('alarmRules');
    return rule;
  }

  async updateRule(patch: Partial<AlarmRuleInput> & { id: string }): Promise<{ before: AlarmRule; after: AlarmRule }> {
    const before = this.rules.get(patch.id);
    if (!before) fail('NOT_FOUND', `Alarm rule '${patch.id}' does not exist`);
    const after: AlarmRule = { ...before, ...patch, updatedAt: this.now() };
    this.validateRule(after);
    await this.store.write([{ sql: 'UPDATE monitor_alarm_rules SET config_json = ?, updated_at = ? WHERE id = ?', params: [JSON.stringify(ruleConfig(after)), after.updatedAt, after.id] }]);
    this.rules.set(after.id, after);
    this.alarms.setRules([...this.rules.values()]);
    this.changed('alarmRules');
    return { before, after };
  }

  async deleteRule(id: string): Promise<boolean> {
    if (!this.rules.has(id)) return false;
    await this.store.write([{ sql: 'DELETE FROM monitor_alarm_rules WHERE id = ?', params: [id] }]);
    this.rules.delete(id);
    this.alarms.forgetRule(id);
    this.alarms.setRules([...this.rules.values()]);
    this.changed('alarmRules');
    this.publishAlarms();
    return true;
  }

  async shelveRule(id: string, minutes: number): Promise<AlarmRule> {
    const rule = this.rules.get(id);
    if (!rule) fail('NOT_FOUND', `Alarm rule '${id}' does not exist`);
    const until = minutes > 0 ? this.now() + minutes * 60_000 : undefined;
    const next: AlarmRule = { ...rule };
    if (until === undefined) delete next.shelvedUntil;
    else next.shelvedUntil = until;
    await this.store.write([{ sql: 'UPDATE monitor_alarm_rules SET shelved_until = ? WHERE id = ?', params: [until ?? null, id] }]);
    this.rules.set(id, next);
    this.alarms.setRules([...this.rules.values()]);
    this.changed('alarmRules');
    return next;
  }

  activeAlarms(): Alarm[] {
    const rank = { critical: 0, major: 1, minor: 2, info: 3 };
    return [...this.alarms.open.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || b.raisedAt - a.raisedAt);
  }

  async alarmHistory(q: { from?: number; to?: number; ruleId?: string; limit: number }): Promise<Alarm[]> {
    const where: string[] = [];
    const params: Array<number | string> = [];
    const add = (clause: string, value: number | string) => {
      where.push(clause);
      params.push(value);
    };
    if (q.from !== undefined) add('raised_at >= ?', q.from);
    if (q.to !== undefined) add('raised_at <= ?', q.to);
    if (q.ruleId !== undefined) add('rule_id = ?', q.ruleId);
    await this.alarmWrites;
    const rows = await this.store.query<AlarmRow>(`SELECT * FROM monitor_alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY raised_at DESC LIMIT ?`, [...params, q.limit]);
    return rows.map(alarmFromRow);
  }

  async acknowledge(ids: string[], comment: string, by: string): Promise<Alarm[]> {
    const changed = this.alarms.acknowledge(ids, comment, by, this.now());
    await this.alarmWrites;
    return changed;
  }

  private alarmWrites: Promise<void> = Promise.resolve();

  private persistAlarms(changed: Alarm[]): void {
    const rows = changed.map((a) => [a.id, a.ruleId, a.name, a.kind, a.severity, a.state, a.acknowledged ? 1 : 0, a.escalated ? 1 : 0, a.raisedAt, a.clearedAt ?? null, a.ackedAt ?? null, a.ackComment ?? null, a.ackedBy ?? null, a.value ?? null, a.message]);
    this.alarmWrites = this.alarmWrites
      .then(() =>
        this.store.write([
          {
            sql: `INSERT INTO monitor_alarms(id, rule_id, name, kind, severity, state, acknowledged, escalated, raised_at, cleared_at, acked_at, ack_comment, acked_by, value, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT(id) DO UPDATE SET severity = excluded.severity, state = excluded.state, acknowledged = excluded.acknowledged, escalated = excluded.escalated, cleared_at = excluded.cleared_at, acked_at = excluded.acked_at, ack_comment = excluded.ack_comment, acked_by = excluded.acked_by`,
            rows,
          },
        ]),
      )
      .then(
        () => undefined,
        (error: unknown) => this.ctx.log.error('alarm write failed', error),
      );
    for (const a of changed) this.ctx.bus.publish('monitor.alarm', a);
    try {
      this.forwarder.onChanged(changed);
    } catch (error) {
      this.ctx.log.error('alarm forwarding failed', error);
    }
    this.publishAlarms();
  }

  private async refreshMeta(): Promise<void> {
    try {
      const m = await readMeta(this.store);
      this.meta = { project: m.name, station: m.stationName };
    } catch {
      // A project without metadata (tests, partial stores): events carry empty names.
    }
  }

  // ---------- alarm forwarding ----------

  /** Forwarding settings and counters; `knownTargets` = the gateway's target ids (unknown ones are listed). */
  alarmForwarding(knownTargets: string[] | undefined) {
    const s = this.forwarder.settings;
    const known = knownTargets ? new Set(knownTargets) : undefined;
    const st = this.forwarder.stats;
    return {
      settings: { ...s, targetIds: [...s.targetIds], transitions: [...s.transitions] },
      stats: { forwarded: st.forwarded, filtered: st.filtered, ...(st.lastForwardedAt !== undefined ? { lastForwardedAt: st.lastForwardedAt } : {}), unknownTargets: known ? s.targetIds.filter((id) => !known.has(id)) : [] },
    };
  }

  async setAlarmForwarding(patch: Partial<AlarmForwarding>, knownTargets: string[] | undefined): Promise<{ before: AlarmForwarding; after: AlarmForwarding }> {
    const before = this.forwarder.settings;
    const after: AlarmForwarding = { ...before, ...patch };
    after.targetIds = [...new Set(after.targetIds)];
    after.transitions = [...new Set(after.transitions)];
    if (patch.targetIds) assertTargetsExist(after.targetIds, knownTargets);
    if (after.enabled && after.targetIds.length === 0) fail('VALIDATION', 'targetIds: choose at least one target to forward alarm events to');
    if (after.enabled && after.transitions.length === 0) fail('VALIDATION', 'transitions: choose at least one of raised, cleared, acknowledged, escalated');
    await this.kvSet('alarmForwarding', after);
    this.forwarder.settings = after;
    this.changed('alarmForwarding');
    return { before, after };
  }

  /** Sends a test alarm event to the given targets (default: the configured ones); they must exist in the gateway. */
  sendTestAlarmEvent(targetIds: string[] | undefined, knownTargets: string[] | undefined): { eventId: string; targetIds: string[] } {
    const ids = [...new Set(targetIds ?? this.forwarder.settings.targetIds)];
    if (ids.length === 0) fail('VALIDATION', 'targetIds: choose at least one target to send the test event to');
    assertTargetsExist(ids, knownTargets);
    const request = this.forwarder.testEvent(ids);
    this.ctx.bus.publish(ALARM_FORWARD_TOPIC, request);
    return { eventId: request.messageId, targetIds: ids };
  }

  private publishAlarms(): void {
    this.ctx.bus.publish('monitor.alarms', { active: this.activeAlarms() });
  }

  alarmCounts(): { active: number; unacknowledged: number } {
    let active = 0;
    let unacknowledged = 0;
    for (const a of this.alarms.open.values()) {
      if (a.state === 'active') active++;
      if (!a.acknowledged) unacknowledged++;
    }
    return { active, unacknowledged };
  }

  private maintenanceActive(): boolean {
    return this.maintenance.enabled && (this.maintenance.until === undefined || this.maintenance.until > this.now());
  }

  async setMaintenance(enabled: boolean, reason: string, minutes?: number) {
    const now = this.now();
    this.maintenance = enabled ? { enabled, reason, since: now, ...(minutes ? { until: now + minutes * 60_000 } : {}) } : { enabled: false, reason };
    await this.kvSet('maintenance', this.maintenance);
    this.changed('maintenance');
    return this.maintenance;
  }

  // ---------- devices ----------

  private onHeartbeat(hb: Heartbeat, address: string): void {
    const t = this.now();
    let st = this.devices.get(hb.deviceId);
    if (!st) {
      st = { device: { id: hb.deviceId, name: hb.name ?? hb.deviceId, origin: 'heartbeat', kind: hb.kind ?? 'device', firstSeen: t, lastSeen: t, address, count: 0, metrics: {} }, heartbeats: [], dirty: true, persistedAt: 0 };
      this.devices.set(hb.deviceId, st);
      this.changed('devices');
    }
    const d = st.device;
    const wasOffline = this.offlineSet.has(d.id);
    d.lastSeen = t;
    d.address = address;
    d.count++;
    d.origin = 'heartbeat';
    if (hb.name) d.name = hb.name;
    if (hb.kind) d.kind = hb.kind;
    if (hb.firmware) d.firmware = hb.firmware;
    if (hb.uptimeS !== undefined) d.uptimeS = hb.uptimeS;
    if (hb.metrics) d.metrics = hb.metrics;
    st.heartbeats.push({ t, address, metrics: hb.metrics ?? {} });
    if (st.heartbeats.length > HEARTBEAT_HISTORY) st.heartbeats.shift();
    st.dirty = true;
    if (wasOffline) {
      this.offlineSet.delete(d.id);
      this.changed('devices');
    }
  }

  deviceStatus(lastSeen: number, now = this.now()): Device['status'] {
    const age = now - lastSeen;
    return age <= this.deviceSettings.staleAfterMs ? 'online' : age <= this.deviceSettings.offlineAfterMs ? 'stale' : 'offline';
  }

  private lastStatus = new Map<string, Device['status']>();

  private updateDeviceStatus(now: number): void {
    let changed = false;
    for (const st of this.devices.values()) {
      const status = this.deviceStatus(st.device.lastSeen, now);
      if (this.lastStatus.get(st.device.id) !== status) {
        this.lastStatus.set(st.device.id, status);
        changed = true;
      }
      if (status === 'offline') this.offlineSet.add(st.device.id);
      else this.offlineSet.delete(st.device.id);
    }
    if (changed) this.changed('devices');
  }

  listDevices(): Device[] {
    const now = this.now();
    return [...this.devices.values()].map((s) => ({ ...s.device, status: this.deviceStatus(s.device.lastSeen, now) })).sort((a, b) => a.id.localeCompare(b.id));
  }

  getDevice(id: string) {
    const st = this.devices.get(id);
    if (!st) fail('NOT_FOUND', `Device '${id}' is not known`);
    return { device: { ...st.device, status: this.deviceStatus(st.device.lastSeen) }, heartbeats: [...st.heartbeats].reverse() };
  }

  async deleteDevice(id: string): Promise<boolean> {
    if (!this.devices.delete(id)) return false;
    this.offlineSet.delete(id);
    await this.store.write([{ sql: 'DELETE FROM monitor_devices WHERE id = ?', params: [id] }]);
    this.changed('devices');
    return true;
  }

  listenerState() {
    return { udp: { ...this.heartbeats.udpState }, http: { ...this.heartbeats.httpState }, ws: { ...this.heartbeats.wsState } };
  }

  async setDeviceSettings(patch: Partial<DeviceSettings>): Promise<DeviceSettings> {
    const next = { ...this.deviceSettings, ...patch };
    if (next.offlineAfterMs <= next.staleAfterMs) fail('VALIDATION', `offlineAfterMs (${next.offlineAfterMs}) must be greater than staleAfterMs (${next.staleAfterMs})`);
    const portsChanged = next.udpPort !== this.deviceSettings.udpPort || next.httpPort !== this.deviceSettings.httpPort || next.wsPort !== this.deviceSettings.wsPort;
    this.deviceSettings = next;
    await this.kvSet('devices.settings', next);
    if (portsChanged && this.opened) await this.heartbeats.start(next.udpPort, next.httpPort, next.wsPort);
    this.changed('devices');
    return next;
  }

  private async persistDevices(force: boolean): Promise<void> {
    const now = this.now();
    const rows = [];
    for (const st of this.devices.values()) {
      if (!st.dirty || (!force && st.persistedAt !== 0 && now - st.persistedAt < DEVICE_PERSIST_MS)) continue;
      const d = st.device;
      rows.push([d.id, d.name, d.origin, d.kind, d.firstSeen, d.lastSeen, d.address, JSON.stringify({ metrics: d.metrics, firmware: d.firmware, uptimeS: d.uptimeS })]);
      st.dirty = false;
      st.persistedAt = now;
    }
    if (rows.length === 0) return;
    await this.store.write([
      {
        sql: 'INSERT INTO monitor_devices(id, name, origin, kind, first_seen, last_seen, address, info_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, origin = excluded.origin, kind = excluded.kind, last_seen = excluded.last_seen, address = excluded.address, info_json = excluded.info_json',
        rows,
      },
    ]);
  }

  // ---------- recordings ----------

  private activeRecordings: Recording[] = [];

  async listRecordings(): Promise<Recording[]> {
    const rows = await this.store.query<RecordingRow>('SELECT * FROM monitor_recordings ORDER BY started_at DESC');
    return rows.map((r) => {
      const active = this.activeRecordings.find((a) => a.id === r.id);
      return {
        id: r.id,
        name: r.name,
        channelIds: JSON.parse(r.channel_ids_json) as string[],
        state: r.state as Recording['state'],
        startedAt: r.started_at,
        ...(r.stopped_at !== null ? { stoppedAt: r.stopped_at } : {}),
        ...(r.dataset_id !== null ? { datasetId: r.dataset_id } : {}),
        rowCount: active?.rowCount ?? r.row_count,
        ...(r.error !== null ? { error: r.error } : {}),
      };
    });
  }

  async startRecording(name: string, channelIds: string[]): Promise<Recording> {
    for (const id of channelIds) if (!this.channels.has(id)) fail('VALIDATION', `Recording '${name}': channel '${id}' does not exist`);
    const rec: Recording = { id: randomUUID(), name, channelIds: [...new Set(channelIds)], state: 'recording', startedAt: this.now(), rowCount: 0 };
    await this.store.write([{ sql: 'INSERT INTO monitor_recordings(id, name, channel_ids_json, state, started_at) VALUES (?, ?, ?, ?, ?)', params: [rec.id, rec.name, JSON.stringify(rec.channelIds), rec.state, rec.startedAt] }]);
    this.activeRecordings.push(rec);
    this.changed('recordings');
    return rec;
  }

  /** Stops a recording and writes its samples as a dataset (time + one column per channel, previous-value aligned). */
  async stopRecording(id: string): Promise<Recording> {
    const rec = (await this.listRecordings()).find((r) => r.id === id);
    if (!rec) fail('NOT_FOUND', `Recording '${id}' does not exist`);
    if (rec.state !== 'recording') fail('CONFLICT', `Recording '${rec.name}' is already ${rec.state}`);
    this.activeRecordings = this.activeRecordings.filter((r) => r.id !== id);
    const stoppedAt = this.now();
    await this.ts.flush();
    try {
      const cols = await Promise.all(rec.channelIds.map(async (c) => {
        const num = this.ts.knownSeries(c);
        return num === undefined ? { times: [], values: [] } : this.ts.raw(num, rec.startedAt, stoppedAt);
      }));
      const rows = alignColumns(cols);
      const datasetId = randomUUID();
      const columns = [
        { key: 'time', name: 'Time', unit: 'ms', type: 'time' },
        ...rec.channelIds.map((c) => ({ key: c, name: this.channels.get(c)?.config.name ?? c, unit: this.channels.get(c)?.config.unit ?? '', type: 'number' })),
      ];
      const provenance = { kind: 'recording', recordingId: rec.id, channels: rec.channelIds.map((c) => ({ id: c, binding: this.channels.get(c)?.config.binding })), from: rec.startedAt, to: stoppedAt, alignment: 'previous-value', createdBy: 'monitor' };
      await this.store.write([
        { sql: 'INSERT INTO datasets(id, name, created_at, source, row_count, columns_json, provenance_json) VALUES (?, ?, ?, ?, ?, ?, ?)', params: [datasetId, rec.name, stoppedAt, 'recording', rows.length, JSON.stringify(columns), JSON.stringify(provenance)] },
        { sql: 'INSERT INTO dataset_rows(dataset_id, row_index, values_json) VALUES (?, ?, ?)', rows: rows.map((r, i) => [datasetId, i, JSON.stringify(r)]) },
        { sql: "UPDATE monitor_recordings SET state = 'stopped', stopped_at = ?, dataset_id = ?, row_count = ? WHERE id = ?", params: [stoppedAt, datasetId, rows.length, id] },
      ]);
      this.changed('recordings');
      this.ctx.bus.publish('data.datasetsChanged', { datasetId });
      return { ...rec, state: 'stopped', stoppedAt, datasetId, rowCount: rows.length };
    } catch (error) {
      const message = (error as Error).message;
      await this.store.write([{ sql: "UPDATE monitor_recordings SET state = 'failed', stopped_at = ?, error = ? WHERE id = ?", params: [stoppedAt, message, id] }]);
      this.changed('recordings');
      fail('FAILED', `Recording '${rec.name}' could not be saved as a dataset: ${message}`);
    }
  }

  // ---------- key/value ----------

  private async kvGet<T>(key: string): Promise<T | undefined> {
    const row = (await this.store.query<{ value_json: string }>('SELECT value_json FROM monitor_kv WHERE key = ?', [key]))[0];
    return row ? (JSON.parse(row.value_json) as T) : undefined;
  }

  private async kvSet(key: string, value: unknown): Promise<void> {
    await this.store.write([{ sql: 'INSERT INTO monitor_kv(key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json', params: [key, JSON.stringify(value)] }]);
  }
}

interface AlarmRow {
  id: string;
  rule_id: string;
  name: string;
  kind: string;
  severity: string;
  state: string;
  acknowledged: number;
  escalated: number;
  raised_at: number;
  cleared_at: number | null;
  acked_at: number | null;
  ack_comment: string | null;
  acked_by: string | null;
  value: number | null;
  message: string;
}
interface DeviceRow {
  id: string;
  name: string;
  origin: string;
  kind: string;
  first_seen: number;
  last_seen: number;
  address: string;
  info_json: string;
}
interface RecordingRow {
  id: string;
  name: string;
  channel_ids_json: string;
  state: string;
  started_at: number;
  stopped_at: number | null;
  dataset_id: string | null;
  row_count: number;
  error: string | null;
}

function alarmFromRow(r: AlarmRow): Alarm {
  return {
    id: r.id,
    ruleId: r.rule_id,
    name: r.name,
    kind: r.kind as Alarm['kind'],
    severity: r.severity as Alarm['severity'],
    state: r.state as Alarm['state'],
    acknowledged: r.acknowledged === 1,
    escalated: r.escalated === 1,
    raisedAt: r.raised_at,
    ...(r.cleared_at !== null ? { clearedAt: r.cleared_at } : {}),
    ...(r.acked_at !== null ? { ackedAt: r.acked_at } : {}),
    ...(r.ack_comment !== null ? { ackComment: r.ack_comment } : {}),
    ...(r.acked_by !== null ? { ackedBy: r.acked_by } : {}),
    ...(r.value !== null ? { value: r.value } : {}),
    message: r.message,
  };
}

function stripTimes(c: Channel): Omit<Channel, 'createdAt' | 'updatedAt' | 'latest' | 'lastError'> {
  const { createdAt: _c, updatedAt: _u, latest: _l, lastError: _e, ...rest } = c;
  return rest;
}

function ruleConfig(r: AlarmRule): Omit<AlarmRule, 'createdAt' | 'updatedAt' | 'shelvedUntil'> {
  const { createdAt: _c, updatedAt: _u, shelvedUntil: _s, ...rest } = r;
  return rest;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Merges per-channel columns into rows [time, v1, v2, ...] at every distinct time, carrying each channel's previous value forward. */
export function alignColumns(cols: Array<{ times: number[]; values: number[] }>): Array<Array<number | null>> {
  const idx = cols.map(() => 0);
  const last: Array<number | null> = cols.map(() => null);
  const rows: Array<Array<number | null>> = [];
  for (;;) {
    let tMin = Infinity;
    for (let c = 0; c < cols.length; c++) {
      const t = cols[c]!.times[idx[c]!];
      if (t !== undefined && t < tMin) tMin = t;
    }
    if (tMin === Infinity) break;
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      while (col.times[idx[c]!] === tMin) {
        const v = col.values[idx[c]!]!;
        last[c] = Number.isFinite(v) ? v : null;
        idx[c]!++;
      }
    }
    rows.push([tMin, ...last]);
  }
  return rows;
}

/** Target ids must name gateway targets (unchecked when the gateway is not in this build). */
function assertTargetsExist(ids: string[], knownTargets: string[] | undefined): void {
  if (!knownTargets) return;
  const known = new Set(knownTargets);
  ids.forEach((id, i) => {
    if (!known.has(id)) fail('VALIDATION', `targetIds.${i}: target '${id}' does not exist in the gateway`);
  });
}
