import { z } from 'zod';
import { defineEvents, defineMethods, method, patchOf } from '../define';
import { defineEventSubscriptions, eventSubscription } from '../eventFilter';

/**
 * Live monitoring: channels bound to decoded fields, the time-series store, live streams,
 * dashboards, alarms, devices (heartbeats) and recordings.
 */

const empty = z.object({}).strict();
/** Channel ids are identifiers so alarm expressions can name them (`motor_temp > 90`). */
export const channelIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and contain only letters, digits and _');
const idSchema = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);
/** Milliseconds since the Unix epoch. */
const epochMs = z.number().finite().min(0).max(8.64e15);
const finite = z.number().finite();

/** Where a channel's samples come from: one decoded field or an expression over the message's fields. */
export const channelBinding = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('field'),
      sourceId: z.string().min(1).max(100),
      /** Optional schema filter; empty = any schema from the source. */
      schemaId: z.string().max(100).default(''),
      /** Dotted path into DecodedMessage.fields, e.g. `flow_rate` or `status.pump_running`. */
      fieldPath: z.string().min(1).max(200),
    })
    .strict(),
  z
    .object({
      kind: z.literal('expression'),
      sourceId: z.string().min(1).max(100),
      schemaId: z.string().max(100).default(''),
      /** Restricted expression over the message's fields, e.g. `(discharge_pressure - suction_pressure) * 10.197`. */
      expression: z.string().min(1).max(2000),
    })
    .strict(),
]);
export type ChannelBinding = z.infer<typeof channelBinding>;

/** Display and warning limits in the channel's unit; all optional. */
export const channelLimits = z
  .object({
    /** Scale minimum for gauges and charts. */
    displayMin: finite.optional(),
    displayMax: finite.optional(),
    /** Values below/above are drawn in warning colour (alarms are separate rules). */
    warnLow: finite.optional(),
    warnHigh: finite.optional(),
  })
  .strict();

export const channelInput = z
  .object({
    id: channelIdSchema,
    name: z.string().min(1).max(120),
    unit: text(24).default(''),
    description: text(500).default(''),
    binding: channelBinding,
    limits: channelLimits.default({}),
    /** Decimal places shown (0..9). */
    precision: z.number().int().min(0).max(9).default(2),
    /** Keep at most one sample per this many ms (0 = every message). */
    decimationMs: z.number().int().min(0).max(3_600_000).default(0),
    enabled: z.boolean().default(true),
  })
  .strict();

export const channel = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  description: z.string(),
  binding: channelBinding,
  limits: channelLimits,
  precision: z.number(),
  decimationMs: z.number(),
  enabled: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Latest sample, if any. */
  latest: z.object({ t: z.number(), v: z.number() }).optional(),
  /** Last problem evaluating the binding (missing field, expression error), if any. */
  lastError: z.string().optional(),
});
export type Channel = z.infer<typeof channel>;

export const seriesResolution = z.enum(['raw', 'raw-buckets', '10s', '5m']);
export type SeriesResolution = z.infer<typeof seriesResolution>;

/** One channel's points for a chart: times (ms epoch), values, and optional min/max envelope per point. */
export const seriesData = z.object({
  channelId: z.string(),
  times: z.array(z.number()),
  values: z.array(z.number()),
  /** Envelope lows/highs aligned with `times` when the data was aggregated (rollups/buckets). */
  mins: z.array(z.number()).optional(),
  maxs: z.array(z.number()).optional(),
  /** Samples the points stand for. */
  sampleCount: z.number(),
});
export type SeriesData = z.infer<typeof seriesData>;

const rangeInput = z
  .object({
    channelIds: z.array(channelIdSchema).min(1).max(32),
    from: epochMs,
    to: epochMs,
    /** At most this many points per series (LTTB / buckets); ≤ 5,000. */
    maxPoints: z.number().int().min(10).max(5000).default(2000),
  })
  .strict()
  .refine((r) => r.to > r.from, { message: '`to` must be after `from`', path: ['to'] });

export const seriesStats = z.object({
  channelId: z.string(),
  from: z.number(),
  to: z.number(),
  count: z.number(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  p5: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  /** 'raw' = exact; 'rollup' = raw samples have expired, figures from rollups (percentiles null). */
  basis: z.enum(['raw', 'rollup']),
});

// ---------- dashboards ----------
export const panelKind = z.enum(['timeChart', 'valueTile', 'gauge', 'table', 'xyPlot']);
export const panel = z
  .object({
    id: z.string().min(1).max(64),
    kind: panelKind,
    title: z.string().max(120).default(''),
    channelIds: z.array(channelIdSchema).max(16).default([]),
    /** XY plot: x channel (y channels are channelIds). */
    xChannelId: channelIdSchema.optional(),
    /** Grid width in columns (1..4) and height in rows (1..3). */
    width: z.number().int().min(1).max(4).default(2),
    height: z.number().int().min(1).max(3).default(1),
    /** Time chart window in seconds when following live data. */
    windowS: z.number().int().min(10).max(86_400).default(300),
  })
  .strict();
export type Panel = z.infer<typeof panel>;
export const dashboardInput = z
  .object({
    id: z.string().min(1).max(64).optional(),
    name: z.string().min(1).max(120),
    panels: z.array(panel).max(48),
  })
  .strict();
export const dashboard = z.object({ id: z.string(), name: z.string(), panels: z.array(panel), createdAt: z.number(), updatedAt: z.number() });
export type Dashboard = z.infer<typeof dashboard>;

// ---------- alarms ----------
export const alarmSeverity = z.enum(['critical', 'major', 'minor', 'info']);
export type AlarmSeverity = z.infer<typeof alarmSeverity>;
export const alarmKind = z.enum(['high', 'low', 'highHigh', 'lowLow', 'rateOfChange', 'stale', 'expression', 'deviceOffline']);
export type AlarmKind = z.infer<typeof alarmKind>;

export const alarmRuleInput = z
  .object({
    id: channelIdSchema.optional(),
    name: z.string().min(1).max(120),
    kind: alarmKind,
    severity: alarmSeverity.default('major'),
    enabled: z.boolean().default(true),
    /** Channel watched by high/low/highHigh/lowLow/rateOfChange/stale. */
    channelId: channelIdSchema.optional(),
    /** Limit for high/low kinds; |rate| limit per second for rateOfChange. */
    threshold: finite.optional(),
    /** Hysteresis: a high alarm clears below threshold - deadband (≥ 0, channel unit). */
    deadband: z.number().finite().min(0).default(0),
    /** rateOfChange: window over which the rate is measured (ms). */
    rateWindowMs: z.number().int().min(100).max(3_600_000).default(5000),
    /** stale: no sample for this long raises the alarm (ms). */
    staleAfterMs: z.number().int().min(100).max(86_400_000).default(10_000),
    /** expression: boolean expression over channel ids, e.g. `motor_temp > 80 and flow_rate < 10`. */
    expression: z.string().max(2000).default(''),
    /** deviceOffline: device id, or `*` for any device. */
    deviceId: z.string().max(100).default(''),
    /** The condition must hold this long before the alarm is raised (ms). */
    onDelayMs: z.number().int().min(0).max(3_600_000).default(0),
    /** The condition must be gone this long before the alarm clears (ms). */
    offDelayMs: z.number().int().min(0).max(3_600_000).default(0),
    /** Not raised while any of these rules' alarms is active (first-out / cause suppression). */
    suppressedBy: z.array(channelIdSchema).max(16).default([]),
    /** Not raised while the station is in maintenance mode. */
    suppressInMaintenance: z.boolean().default(true),
    /** Unacknowledged this long: severity steps up one level and `escalated` is set (0 = never). */
    escalateAfterMs: z.number().int().min(0).max(86_400_000).default(0),
    message: z.string().max(500).default(''),
  })
  .strict();
export const alarmRule = alarmRuleInput.extend({ id: z.string(), createdAt: z.number(), updatedAt: z.number(), shelvedUntil: z.number().optional() });
export type AlarmRule = z.infer<typeof alarmRule>;

export const alarm = z.object({
  id: z.string(),
  ruleId: z.string(),
  name: z.string(),
  kind: alarmKind,
  severity: alarmSeverity,
  /** active = condition present; cleared = returned to normal (stays listed until acknowledged). */
  state: z.enum(['active', 'cleared']),
  acknowledged: z.boolean(),
  escalated: z.boolean(),
  raisedAt: z.number(),
  clearedAt: z.number().optional(),
  ackedAt: z.number().optional(),
  ackComment: z.string().optional(),
  ackedBy: z.string().optional(),
  /** Value that raised the alarm (channel unit), if numeric. */
  value: z.number().optional(),
  message: z.string(),
});
export type Alarm = z.infer<typeof alarm>;

export const maintenanceState = z.object({ enabled: z.boolean(), reason: z.string(), since: z.number().optional(), until: z.number().optional() });

// ---------- devices ----------
export const deviceStatus = z.enum(['online', 'stale', 'offline']);
export const device = z.object({
  id: z.string(),
  name: z.string(),
  /** heartbeat = announced itself; source = inferred from a gateway source delivering decoded messages. */
  origin: z.enum(['heartbeat', 'source']),
  kind: z.string(),
  status: deviceStatus,
  firstSeen: z.number(),
  lastSeen: z.number(),
  address: z.string(),
  /** Heartbeats (or messages) received since the core started. */
  count: z.number(),
  firmware: z.string().optional(),
  uptimeS: z.number().optional(),
  metrics: z.record(z.string(), z.number()),
});
export type Device = z.infer<typeof device>;
export const deviceSettings = z
  .object({
    /** No heartbeat for this long: stale (ms). */
    staleAfterMs: z.number().int().min(500).max(86_400_000),
    /** No heartbeat for this long: offline (ms, > staleAfterMs). */
    offlineAfterMs: z.number().int().min(1000).max(604_800_000),
    /** Loopback UDP port for JSON heartbeats (0 = pick a free port, -1 = off). */
    udpPort: z.number().int().min(-1).max(65535),
    /** Loopback HTTP port for `POST /heartbeat` (0 = pick a free port, -1 = off). */
    httpPort: z.number().int().min(-1).max(65535),
    /** Loopback WebSocket port, path `/heartbeat`, one JSON heartbeat per text message (0 = pick a free port, -1 = off). */
    wsPort: z.number().int().min(-1).max(65535),
  })
  .strict();
export type DeviceSettings = z.infer<typeof deviceSettings>;
export const heartbeatListenerState = z.object({
  udp: z.object({ port: z.number().optional(), error: z.string().optional(), received: z.number(), rejected: z.number() }),
  http: z.object({ port: z.number().optional(), error: z.string().optional(), received: z.number(), rejected: z.number() }),
  /** WebSocket listener; `connections` = sockets open now (devices may keep one open and send many heartbeats). */
  ws: z.object({ port: z.number().optional(), error: z.string().optional(), received: z.number(), rejected: z.number(), connections: z.number() }),
});

// ---------- alarm forwarding ----------
/** A change of an alarm that can be forwarded: raised, cleared (returned to normal), acknowledged, escalated (severity stepped up). */
export const alarmTransition = z.enum(['raised', 'cleared', 'acknowledged', 'escalated']);
export type AlarmTransition = z.infer<typeof alarmTransition>;
/** Which alarm events go to which gateway targets (per project; docs/formats/alarm-event.md). */
export const alarmForwarding = z
  .object({
    enabled: z.boolean(),
    /** Gateway target ids; each event is queued into every one (retry, breaker, dead letters as for telemetry). */
    targetIds: z.array(z.string().min(1).max(64)).max(16),
    /** Events of alarms below this severity are not sent (critical > major > minor > info). */
    minSeverity: alarmSeverity,
    /** Which changes are sent. */
    transitions: z.array(alarmTransition).max(4),
  })
  .strict();
export type AlarmForwarding = z.infer<typeof alarmForwarding>;
export const alarmForwardingState = z.object({
  settings: alarmForwarding,
  stats: z.object({
    /** Events handed to the gateway since the project opened (one per event, whatever the number of targets). */
    forwarded: z.number(),
    /** Alarm changes not sent because of severity or transition filters. */
    filtered: z.number(),
    lastForwardedAt: z.number().optional(),
    /** Configured targets the gateway does not have (events for them are not sent). */
    unknownTargets: z.array(z.string()),
  }),
});

// ---------- recordings ----------
export const recording = z.object({
  id: z.string(),
  name: z.string(),
  channelIds: z.array(z.string()),
  state: z.enum(['recording', 'stopped', 'failed']),
  startedAt: z.number(),
  stoppedAt: z.number().optional(),
  datasetId: z.string().optional(),
  rowCount: z.number(),
  error: z.string().optional(),
});
export type Recording = z.infer<typeof recording>;

export const monitorSettings = z
  .object({
    /** Raw samples older than this are deleted (rollups stay). */
    rawRetentionHours: z.number().min(0.1).max(24 * 365),
    /** 10 s rollups kept this long. */
    rollup10sRetentionDays: z.number().min(0.1).max(3650),
    /** 5 min rollups kept this long. */
    rollup5mRetentionDays: z.number().min(1).max(36500),
    /** Sample storage (raw + rollups) the project should stay under, MiB; absent = 192 MiB (¾ of the 256 MiB in-memory project budget). The Storage view warns as the projection nears it. */
    storageBudgetMiB: z.number().int().min(16).max(1_048_576).optional(),
  })
  .strict();

/** Sample storage use (`monitor.storage.stats`). Bytes of tables are estimates: rows × measured bytes a row, capped by the database's used pages. */
export const storageStats = z.object({
  /** Core time the figures were taken (ms epoch). */
  at: z.number(),
  /** The whole project database: page_count × page_size (exact), free pages included. */
  database: z.object({ bytes: z.number(), pageSize: z.number(), pageCount: z.number(), freeBytes: z.number() }),
  raw: z.object({ rows: z.number(), bytes: z.number(), bytesPerRow: z.number(), oldest: z.number().nullable(), newest: z.number().nullable() }),
  rollup: z.object({ rows: z.number(), rows10s: z.number(), rows5m: z.number(), bytes: z.number(), bytesPerRow: z.number(), oldest: z.number().nullable(), newest: z.number().nullable() }),
  /** Per series with stored data: oldest/newest raw sample, oldest rollup bucket; rate = raw samples per second over the last hour (or since its first sample). */
  channels: z.array(z.object({ channelId: z.string(), rawRows: z.number(), rollupRows: z.number(), oldest: z.number().nullable(), newest: z.number().nullable(), rollupOldest: z.number().nullable(), samplesPerSecond: z.number(), bytes: z.number() })),
  /** Current ingest over all series and what it adds per day before retention removes anything. */
  ingest: z.object({ samplesPerSecond: z.number(), windowMs: z.number(), growthBytesPerDay: z.number() }),
  /** Size the sample tables settle at with the current ingest rate and retention (bytes). */
  projectedBytes: z.number(),
  budget: z.object({
    bytes: z.number(),
    /** true when the settings carry no budget and the default (192 MiB) applies. */
    isDefault: z.boolean(),
    usedFraction: z.number(),
    projectedFraction: z.number(),
    /** ok < 80 % ≤ near < 100 % ≤ over, of the larger of used and projected. */
    level: z.enum(['ok', 'near', 'over']),
    /** Days until the current size reaches the budget at the current growth (null = never/not growing past it). */
    daysToBudget: z.number().nullable(),
  }),
});
export type StorageStats = z.infer<typeof storageStats>;

export const pipelineStats = z.object({
  messagesIn: z.number(),
  samplesIn: z.number(),
  samplesDecimated: z.number(),
  samplesWritten: z.number(),
  writeBatches: z.number(),
  lastWriteMs: z.number(),
  bindingErrors: z.number(),
  liveTicks: z.number(),
  liveSamplesDropped: z.number(),
  pendingSamples: z.number(),
  writeErrors: z.number(),
});

/** A field seen in decoded messages, for binding channels. */
export const observedField = z.object({ sourceId: z.string(), schemaId: z.string(), path: z.string(), lastValue: z.number().nullable(), lastSeen: z.number() });

export const monitorMethods = defineMethods({
  'monitor.channels.list': method(empty, z.array(channel), 'Channels with their latest sample.'),
  'monitor.channels.create': method(channelInput, channel, 'Create a channel bound to a decoded field or an expression (audited).'),
  'monitor.channels.update': method(patchOf(channelInput).extend({ id: channelIdSchema }).strict(), channel, 'Edit a channel (audited).'),
  'monitor.channels.delete': method(z.object({ id: channelIdSchema, deleteData: z.boolean().default(false) }).strict(), z.object({ deleted: z.boolean() }), 'Delete a channel, optionally with its samples (audited).'),
  'monitor.channels.fields': method(empty, z.array(observedField), 'Numeric fields seen in decoded messages since start, for binding channels.'),
  'monitor.series.latest': method(z.object({ channelIds: z.array(channelIdSchema).max(256).optional() }).strict(), z.array(z.object({ channelId: z.string(), t: z.number(), v: z.number() })), 'Latest sample per channel.'),
  'monitor.series.range': method(rangeInput, z.object({ resolution: seriesResolution, from: z.number(), to: z.number(), series: z.array(seriesData) }), 'Samples over a range, raw or rollups chosen by point count, downsampled to ≤ maxPoints.'),
  'monitor.series.stats': method(
    z.object({ channelId: channelIdSchema, from: epochMs, to: epochMs }).strict().refine((r) => r.to > r.from, { message: '`to` must be after `from`', path: ['to'] }),
    seriesStats,
    'Min, max, mean, standard deviation and percentiles over a range.',
  ),
  'monitor.series.exportCsv': method(
    z
      .object({ channelIds: z.array(channelIdSchema).min(1).max(32), from: epochMs, to: epochMs, path: z.string().min(1).max(4096).optional() })
      .strict()
      .refine((r) => r.to > r.from, { message: '`to` must be after `from`', path: ['to'] }),
    z.object({ rows: z.number(), truncated: z.boolean(), csv: z.string().optional(), path: z.string().optional() }),
    'Raw samples of a range as CSV (time-aligned columns); written to `path` when given, else returned (≤ 200,000 rows).',
  ),
  'monitor.pipeline.stats': method(empty, pipelineStats, 'Counters of the monitoring pipeline.'),
  'monitor.settings.get': method(empty, monitorSettings, 'Retention settings.'),
  'monitor.settings.set': method(patchOf(monitorSettings).strict(), monitorSettings, 'Change retention settings (audited).'),
  'monitor.storage.stats': method(empty, storageStats, 'Sample storage use: rows, bytes, oldest/newest per channel, ingest rate, growth per day and the projection against the storage budget.'),

  'monitor.dashboards.list': method(empty, z.array(dashboard), 'Dashboards of this project.'),
  'monitor.dashboards.save': method(dashboardInput, dashboard, 'Create or replace a dashboard (audited).'),
  'monitor.dashboards.delete': method(z.object({ id: idSchema }).strict(), z.object({ deleted: z.boolean() }), 'Delete a dashboard (audited).'),

  'monitor.alarmRules.list': method(empty, z.array(alarmRule), 'Alarm rules.'),
  'monitor.alarmRules.create': method(alarmRuleInput, alarmRule, 'Create an alarm rule (audited).'),
  'monitor.alarmRules.update': method(patchOf(alarmRuleInput).extend({ id: channelIdSchema }).strict(), alarmRule, 'Edit an alarm rule (audited).'),
  'monitor.alarmRules.delete': method(z.object({ id: channelIdSchema }).strict(), z.object({ deleted: z.boolean() }), 'Delete an alarm rule (audited).'),
  'monitor.alarms.active': method(empty, z.array(alarm), 'Alarms that are active or not yet acknowledged.'),
  'monitor.alarms.history': method(
    z.object({ from: epochMs.optional(), to: epochMs.optional(), ruleId: z.string().max(64).optional(), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    z.array(alarm),
    'Alarm history, newest first.',
  ),
  'monitor.alarms.ack': method(z.object({ ids: z.array(idSchema).min(1).max(500), comment: z.string().max(500).default('') }).strict(), z.object({ acknowledged: z.number() }), 'Acknowledge alarms with a comment (audited).'),
  'monitor.alarms.shelve': method(
    z.object({ ruleId: channelIdSchema, minutes: z.number().min(0).max(7 * 24 * 60), comment: z.string().max(500).default('') }).strict(),
    alarmRule,
    'Shelve (suppress) a rule for some minutes; 0 unshelves (audited).',
  ),
  'monitor.maintenance.get': method(empty, maintenanceState, 'Maintenance mode.'),
  'monitor.maintenance.set': method(z.object({ enabled: z.boolean(), reason: z.string().max(500).default(''), minutes: z.number().min(0).max(7 * 24 * 60).optional() }).strict(), maintenanceState, 'Enter or leave maintenance mode (suppresses rules that allow it; audited).'),

  'monitor.devices.list': method(empty, z.array(device), 'Devices with online/stale/offline status.'),
  'monitor.devices.get': method(
    z.object({ id: idSchema }).strict(),
    z.object({ device, heartbeats: z.array(z.object({ t: z.number(), address: z.string(), metrics: z.record(z.string(), z.number()) })) }),
    'One device with its recent heartbeats.',
  ),
  'monitor.devices.delete': method(z.object({ id: idSchema }).strict(), z.object({ deleted: z.boolean() }), 'Forget a device (audited).'),
  'monitor.devices.settings': method(empty, z.object({ settings: deviceSettings, listeners: heartbeatListenerState }), 'Timeouts and heartbeat listener ports and state.'),
  'monitor.devices.setSettings': method(patchOf(deviceSettings).strict(), z.object({ settings: deviceSettings, listeners: heartbeatListenerState }), 'Change timeouts or heartbeat ports (audited; listeners restart).'),
  'monitor.alarmForwarding.get': method(empty, alarmForwardingState, 'Alarm event forwarding: targets, minimum severity, transitions, counters.'),
  'monitor.alarmForwarding.set': method(patchOf(alarmForwarding).strict(), alarmForwardingState, 'Change alarm event forwarding (audited; target ids must exist in the gateway).'),
  'monitor.alarmForwarding.test': method(
    z.object({ targetIds: z.array(z.string().min(1).max(64)).min(1).max(16).optional() }).strict(),
    z.object({ eventId: z.string(), targetIds: z.array(z.string()) }),
    'Queue a test alarm event (marked test: true) to the given targets, default the configured ones, to check the link (audited).',
  ),

  'monitor.recordings.list': method(empty, z.array(recording), 'Recordings, newest first.'),
  'monitor.recordings.start': method(z.object({ name: z.string().min(1).max(120), channelIds: z.array(channelIdSchema).min(1).max(64) }).strict(), recording, 'Start recording channels (audited).'),
  'monitor.recordings.stop': method(z.object({ id: idSchema }).strict(), recording, 'Stop a recording; its samples become a dataset (audited).'),
});

/** One live tick: samples that arrived since the previous tick, columnar per channel. */
export const liveBatch = z.object({
  /** Core time of the tick (ms epoch). */
  t: z.number(),
  seq: z.number(),
  channels: z.array(
    z.object({
      id: z.string(),
      times: z.array(z.number()),
      values: z.array(z.number()),
      /** Samples of this channel left out of this tick (per-tick budget, oldest dropped); absent = 0. */
      dropped: z.number().optional(),
    }),
  ),
  /** Samples left out of this tick because a channel exceeded its per-tick budget (oldest dropped); of the channels in this batch. */
  dropped: z.number(),
});
export type LiveBatch = z.infer<typeof liveBatch>;

/**
 * Params of a `monitor.live` subscription: the channel ids the window shows. Absent = every
 * channel; empty = nothing. `seq` then counts the core's ticks, so a subscriber sees gaps in it
 * whenever a tick carried nothing of its set.
 */
export const liveSubscriptionParams = z
  .object({
    channelIds: z.array(channelIdSchema).max(1024).optional(),
  })
  .strict();

/** The per-subscription filter of `monitor.live`: only the subscribed channels, nothing when none of them changed. */
export function liveBatchFilter(channelIds: readonly string[] | undefined): (batch: LiveBatch) => LiveBatch | undefined {
  if (channelIds === undefined) return (batch) => batch;
  if (channelIds.length === 0) return () => undefined;
  const wanted = new Set(channelIds);
  return (batch) => {
    const channels = batch.channels.filter((c) => wanted.has(c.id));
    if (channels.length === 0) return undefined;
    if (channels.length === batch.channels.length) return batch;
    let dropped = 0;
    for (const c of channels) dropped += c.dropped ?? 0;
    return { t: batch.t, seq: batch.seq, channels, dropped };
  };
}

export const monitorEventSubscriptions = defineEventSubscriptions({
  'monitor.live': eventSubscription(liveSubscriptionParams, (p) => liveBatchFilter(p.channelIds)),
});

export const monitorEvents = defineEvents({
  /** At most 10 per second; only samples since the previous tick (latest-only, bounded per channel). */
  'monitor.live': liveBatch,
  /** Active alarm list whenever it changes. */
  'monitor.alarms': z.object({ active: z.array(alarm) }),
  /** Something configurable changed: refresh the matching queries. */
  'monitor.changed': z.object({ what: z.enum(['channels', 'dashboards', 'alarmRules', 'devices', 'recordings', 'maintenance', 'settings', 'alarmForwarding']) }),
});
