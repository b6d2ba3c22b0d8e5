import { z } from 'zod';
import { DefaultRouteSchema, RouteIdSchema, RouteRuleSchema } from '../../routing/model';
import { defineEvents, defineMethods, method } from '../define';

/*
 * The gateway's contract: sources (device ingress), routing rules, targets (reliable delivery),
 * the pipeline's counters, the message log, dead letters, configuration history and the station
 * simulator. Configuration shapes live here so the UI and the core validate the same way.
 */

/** Host name or IPv4/IPv6 literal (no scheme, no port). */
const hostSchema = z.string().min(1, 'host is empty').max(253).regex(/^[A-Za-z0-9_.:%-]+$/, 'host may contain letters, digits, ".", "-", "_", ":" only');
/** A TCP/UDP port. 0 lets the OS pick (listeners only). */
const portSchema = z.number().int().min(0, 'port must be 0-65535').max(65535, 'port must be 0-65535');
const destPortSchema = z.number().int().min(1, 'port must be 1-65535').max(65535, 'port must be 1-65535');
/** Schema reference stored with a source: the frame schema's name. */
const schemaIdSchema = z.string().min(1, 'schema is required').max(128).regex(/^[A-Za-z0-9_.-]+$/, 'schema id may contain letters, digits, "-", "_", "." only');
/** A shared secret clients present as `Authorization: Bearer <token>` (HTTP) or `?token=` (WebSocket). */
const tokenSchema = z.string().min(8, 'token must be at least 8 characters').max(256);

const sourceCommon = {
  id: RouteIdSchema,
  name: z.string().max(200).default(''),
  enabled: z.boolean().default(true),
  /** Frame schema that decodes this source's frames (and frames its byte stream). */
  schemaId: schemaIdSchema,
  /** Pinned schema version; absent = the latest published version. */
  schemaVersion: z.number().int().positive().optional(),
};

/** UDP listener: one frame per datagram. */
export const udpSourceSchema = z.strictObject({
  ...sourceCommon,
  kind: z.literal('udp'),
  bindAddress: hostSchema.default('127.0.0.1'),
  port: portSchema,
  /** Join this multicast group (IPv4). */
  multicastGroup: hostSchema.optional(),
  /**
   * Local interface address that joins the group (a laptop often has Ethernet, Wi-Fi and VPN).
   * Default: the bind address, or the OS's choice when bound to 0.0.0.0.
   */
  multicastInterface: hostSchema.optional(),
  /** Larger datagrams are rejected with reason OVERSIZED. 1–65507 bytes. */
  maxDatagramBytes: z.number().int().min(1).max(65507).default(65507),
  /**
   * Kernel receive buffer (SO_RCVBUF), bytes. Large by default: the OS default (~208 KiB) holds only
   * ~256 small frames, and every frame lost in the measurements was a receive-buffer overflow.
   */
  recvBufferBytes: z.number().int().min(4096).max(256 * 1024 * 1024).default(8 * 1024 * 1024),
});

/** TCP server: devices connect in; frames are cut from each connection's stream by the schema's framing. */
export const tcpServerSourceSchema = z.strictObject({
  ...sourceCommon,
  kind: z.literal('tcp-server'),
  bindAddress: hostSchema.default('127.0.0.1'),
  port: portSchema,
  maxConnections: z.number().int().min(1).max(1024).default(32),
  /** Close connections idle this long, ms (0 = never). */
  idleTimeoutMs: z.number().int().min(0).max(86_400_000).default(0),
});

/** TCP client: connects out to a device and reconnects with exponential backoff. */
export const tcpClientSourceSchema = z.strictObject({
  ...sourceCommon,
  kind: z.literal('tcp-client'),
  host: hostSchema,
  port: destPortSchema,
  reconnectMinMs: z.number().int().min(10).max(60_000).default(500),
  reconnectMaxMs: z.number().int().min(100).max(600_000).default(30_000),
});

/** HTTP listener: POST raw bytes (application/octet-stream) or JSON `{hex}`, `{frames:[hex]}` or `{fields}`. */
export const httpSourceSchema = z.strictObject({
  ...sourceCommon,
  kind: z.literal('http'),
  bindAddress: hostSchema.default('127.0.0.1'),
  port: portSchema,
  path: z.string().regex(/^\/[A-Za-z0-9_./-]*$/, 'path must start with "/"').max(200).default('/ingest'),
  token: tokenSchema.optional(),
  maxBodyBytes: z.number().int().min(64).max(16 * 1024 * 1024).default(1024 * 1024),
});

/** WebSocket server: binary messages are frames; text messages are JSON like the HTTP source. */
export const wsSourceSchema = z.strictObject({
  ...sourceCommon,
  kind: z.literal('ws'),
  bindAddress: hostSchema.default('127.0.0.1'),
  port: portSchema,
  path: z.string().regex(/^\/[A-Za-z0-9_./-]*$/, 'path must start with "/"').max(200).default('/frames'),
  token: tokenSchema.optional(),
  maxMessageBytes: z.number().int().min(64).max(16 * 1024 * 1024).default(1024 * 1024),
});

/** MQTT client subscribing to broker topics; each message payload is a frame (or JSON like HTTP). */
export const mqttSourceSchema = z.strictObject({
  ...sourceCommon,
  kind: z.literal('mqtt'),
  url: z.string().regex(/^(mqtt|mqtts|ws|wss):\/\/[^\s]+$/, 'url must look like mqtt://host:1883').max(500),
  topics: z.array(z.string().min(1).max(500)).min(1, 'subscribe to at least one topic').max(64),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
  username: z.string().max(200).optional(),
  password: z.string().max(500).optional(),
  clientId: z.string().max(200).optional(),
});

export const sourceConfigSchema = z.discriminatedUnion('kind', [udpSourceSchema, tcpServerSourceSchema, tcpClientSourceSchema, httpSourceSchema, wsSourceSchema, mqttSourceSchema]);
export type SourceConfig = z.output<typeof sourceConfigSchema>;
export type SourceConfigInput = z.input<typeof sourceConfigSchema>;
export type SourceKind = SourceConfig['kind'];

/** What to do when a target's queue is full. Every overflow is counted; none is silent. */
export const overflowPolicySchema = z.enum(['dead-letter', 'drop-oldest', 'drop-newest']);

const targetCommon = {
  id: RouteIdSchema,
  name: z.string().max(200).default(''),
  enabled: z.boolean().default(true),
  /** Messages held in memory while the target is slow or down. */
  queueCapacity: z.number().int().min(1).max(1_000_000).default(10_000),
  overflow: overflowPolicySchema.default('dead-letter'),
  retry: z
    .strictObject({
      /** First retry delay, ms; doubles per failure up to maxDelayMs, with full jitter. */
      initialDelayMs: z.number().int().min(1).max(60_000).default(200),
      maxDelayMs: z.number().int().min(10).max(600_000).default(30_000),
      /** Rejections of one message (not outages) before it becomes a dead letter. */
      maxAttempts: z.number().int().min(1).max(1000).default(5),
    })
    .default({ initialDelayMs: 200, maxDelayMs: 30_000, maxAttempts: 5 }),
  breaker: z
    .strictObject({
      /** Consecutive failures that open the circuit. */
      failureThreshold: z.number().int().min(1).max(1000).default(5),
      /** Time the circuit stays open before one trial delivery, ms. */
      cooldownMs: z.number().int().min(10).max(600_000).default(5_000),
    })
    .default({ failureThreshold: 5, cooldownMs: 5_000 }),
};

export const udpTargetSchema = z.strictObject({ ...targetCommon, kind: z.literal('udp'), host: hostSchema, port: destPortSchema });
/** TCP client target: JSON output as newline-delimited JSON, re-encoded frames back to back. */
export const tcpTargetSchema = z.strictObject({
  ...targetCommon,
  kind: z.literal('tcp'),
  host: hostSchema,
  port: destPortSchema,
  /** Wait this long for a connection, ms. */
  connectTimeoutMs: z.number().int().min(10).max(120_000).default(5_000),
});
export const httpTargetSchema = z.strictObject({
  ...targetCommon,
  kind: z.literal('http'),
  url: z.string().regex(/^https?:\/\/[^\s]+$/, 'url must start with http:// or https://').max(2000),
  token: tokenSchema.optional(),
  timeoutMs: z.number().int().min(10).max(120_000).default(5_000),
});
export const wsTargetSchema = z.strictObject({
  ...targetCommon,
  kind: z.literal('ws'),
  url: z.string().regex(/^wss?:\/\/[^\s]+$/, 'url must start with ws:// or wss://').max(2000),
  token: tokenSchema.optional(),
});
export const mqttTargetSchema = z.strictObject({
  ...targetCommon,
  kind: z.literal('mqtt'),
  url: z.string().regex(/^(mqtt|mqtts|ws|wss):\/\/[^\s]+$/, 'url must look like mqtt://host:1883').max(500),
  /** Topic; `{sourceId}` and `{schemaId}` are replaced per message. */
  topic: z.string().min(1).max(500),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
  retain: z.boolean().default(false),
  username: z.string().max(200).optional(),
  password: z.string().max(500).optional(),
});
/** The project database: messages land in table gateway_store_messages. */
export const storeTargetSchema = z.strictObject({ ...targetCommon, kind: z.literal('store') });

export const targetConfigSchema = z.discriminatedUnion('kind', [udpTargetSchema, tcpTargetSchema, httpTargetSchema, wsTargetSchema, mqttTargetSchema, storeTargetSchema]);
export type TargetConfig = z.output<typeof targetConfigSchema>;
export type TargetConfigInput = z.input<typeof targetConfigSchema>;
export type TargetKind = TargetConfig['kind'];

/** Station simulator settings: realistic pump telemetry encoded with a frame schema. */
export const simConfigSchema = z.strictObject({
  /** Start with the project (when live services are allowed). */
  autoStart: z.boolean().default(false),
  protocol: z.enum(['udp', 'tcp']).default('udp'),
  host: hostSchema.default('127.0.0.1'),
  port: destPortSchema,
  schemaId: schemaIdSchema.default('pump-telemetry'),
  /** Frames per second, 0.1–200 000. */
  ratePerSec: z.number().min(0.1).max(200_000).default(10),
  stationId: z.number().int().min(0).max(255).default(7),
  /** Drive speed set point, % of rated speed (the model ramps towards it). */
  speedPct: z.number().min(0).max(110).default(95),
  faults: z
    .strictObject({
      /** Share of frames sent with a corrupted CRC, 0–1. */
      badCrc: z.number().min(0).max(1).default(0),
      /** Share of frames cut short, 0–1. */
      truncated: z.number().min(0).max(1).default(0),
      /** Every burstEverySec seconds send burstSize extra frames at once (0 = off). */
      burstEverySec: z.number().min(0).max(3600).default(0),
      burstSize: z.number().int().min(0).max(100_000).default(0),
      /** Every silenceEverySec seconds stop sending for silenceForSec (0 = off). */
      silenceEverySec: z.number().min(0).max(3600).default(0),
      silenceForSec: z.number().min(0).max(3600).default(0),
    })
    .default({ badCrc: 0, truncated: 0, burstEverySec: 0, burstSize: 0, silenceEverySec: 0, silenceForSec: 0 }),
});
export type SimConfig = z.output<typeof simConfigSchema>;
export type SimConfigInput = z.input<typeof simConfigSchema>;

/** The whole gateway configuration: one versioned document per project. */
export const gatewayConfigSchema = z.strictObject({
  sources: z.array(sourceConfigSchema).max(256),
  targets: z.array(targetConfigSchema).max(256),
  rules: z.array(RouteRuleSchema).max(1000),
  defaultRoute: DefaultRouteSchema.optional(),
  simulator: simConfigSchema.optional(),
});
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Live status

const countsByReason = z.record(z.string(), z.number());

export const sourceStatusSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(['stopped', 'starting', 'running', 'reconnecting', 'error']),
  /** Why the source is not running (port in use, permission denied, bad settings, schema missing). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Where it listens or what it is connected to. */
  endpoint: z.string().optional(),
  connections: z.number(),
  frames: z.number(),
  bytes: z.number(),
  decoded: z.number(),
  errors: z.number(),
  errorsByReason: countsByReason,
  /** Datagrams the kernel dropped for this socket (Linux /proc/net/udp); absent where not exposed. */
  kernelDrops: z.number().optional(),
  /** Effective SO_RCVBUF reported by the OS. */
  recvBufferBytes: z.number().optional(),
  framesPerSec: z.number(),
  lastFrameAt: z.number().optional(),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

export const latencySchema = z.object({ count: z.number(), p50Us: z.number(), p99Us: z.number(), maxUs: z.number() });
export type LatencySummary = z.infer<typeof latencySchema>;

export const targetStatusSchema = z.object({
  id: z.string(),
  kind: z.string(),
  enabled: z.boolean(),
  health: z.enum(['ok', 'degraded', 'down', 'stopped']),
  breaker: z.enum(['closed', 'open', 'half-open']),
  queueDepth: z.number(),
  queueCapacity: z.number(),
  enqueued: z.number(),
  delivered: z.number(),
  /** Failed delivery attempts (outages and rejections). */
  failures: z.number(),
  retries: z.number(),
  overflow: z.number(),
  deadLettered: z.number(),
  /** Dead letters currently kept in the project. */
  deadLetters: z.number(),
  lastError: z.string().optional(),
  lastErrorAt: z.number().optional(),
  lastDeliveredAt: z.number().optional(),
  nextRetryAt: z.number().optional(),
  deliveredPerSec: z.number(),
  /** Time from enqueue to confirmed delivery. */
  latency: latencySchema,
});
export type TargetStatus = z.infer<typeof targetStatusSchema>;

export const pipelineStatsSchema = z.object({
  received: z.number(),
  decoded: z.number(),
  decodeErrors: z.number(),
  /** Decoded values outside the schema's min/max (the message is still routed, flagged). */
  validationWarnings: z.number(),
  routed: z.number(),
  unrouted: z.number(),
  transformErrors: z.number(),
  encodeErrors: z.number(),
  deliveriesEnqueued: z.number(),
  /** Deliveries to targets that do not exist or are disabled. */
  unknownTargets: z.number(),
  errorsByReason: countsByReason,
  framesPerSec: z.number(),
  errorsPerSec: z.number(),
  /** Per stage: ingest->decode, decode->route, route->enqueue and the whole in-core path. */
  latency: z.object({ decode: latencySchema, route: latencySchema, distribute: latencySchema, total: latencySchema }),
  configVersion: z.number(),
});
export type PipelineStats = z.infer<typeof pipelineStatsSchema>;

export const ruleStatsSchema = z.object({ ruleId: z.string(), evaluated: z.number(), hits: z.number(), conditionErrors: z.number(), lastHitAtMs: z.number().optional() });

export const simStatusSchema = z.object({
  running: z.boolean(),
  sent: z.number(),
  badCrc: z.number(),
  truncated: z.number(),
  burstFrames: z.number(),
  silent: z.boolean(),
  sendErrors: z.number(),
  lastError: z.string().optional(),
  config: simConfigSchema.optional(),
});
export type SimStatus = z.infer<typeof simStatusSchema>;

export const gatewayStatusSchema = z.object({
  time: z.number(),
  sources: z.array(sourceStatusSchema),
  targets: z.array(targetStatusSchema),
  pipeline: pipelineStatsSchema,
  rules: z.array(ruleStatsSchema),
  simulator: simStatusSchema,
});
export type GatewayStatus = z.infer<typeof gatewayStatusSchema>;

/** One entry of the message log (in-memory ring; sampled entries are also persisted). */
export const messageLogEntrySchema = z.object({
  id: z.string(),
  time: z.number(),
  sourceId: z.string(),
  peer: z.string(),
  schemaId: z.string(),
  ok: z.boolean(),
  /** Stage and reason of a failure, e.g. decode/BAD_CHECKSUM. */
  stage: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  /** Byte offset (decode errors) or field path the failure points at. */
  offset: z.number().optional(),
  path: z.string().optional(),
  hex: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
  /** Matched rule ids. */
  rules: z.array(z.string()).optional(),
  targets: z.array(z.string()).optional(),
});
export type MessageLogEntry = z.infer<typeof messageLogEntrySchema>;

export const deadLetterSchema = z.object({
  id: z.number(),
  targetId: z.string(),
  messageId: z.string(),
  sourceId: z.string(),
  time: z.number(),
  attempts: z.number(),
  reason: z.string(),
  contentType: z.string(),
  bytes: z.number(),
  /** The payload as text (JSON) or hex (binary), cut to 2 kB. */
  preview: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

export const configChangeSchema = z.object({
  section: z.enum(['sources', 'targets', 'rules', 'defaultRoute', 'simulator']),
  id: z.string().optional(),
  op: z.enum(['added', 'removed', 'changed']),
  /** Changed keys with before/after values (secrets masked). */
  fields: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).optional(),
});
export type ConfigChange = z.infer<typeof configChangeSchema>;

export const configVersionSchema = z.object({
  version: z.number(),
  time: z.number(),
  summary: z.string(),
  changes: z.array(configChangeSchema),
  /** The version this one restored, for rollbacks. */
  rollbackOf: z.number().optional(),
});
export type ConfigVersion = z.infer<typeof configVersionSchema>;

export const schemaFieldSchema = z.object({ path: z.string(), type: z.string(), unit: z.string().optional(), min: z.number().optional(), max: z.number().optional(), description: z.string().optional() });
export const schemaSummarySchema = z.object({
  schemaId: z.string(),
  version: z.number(),
  title: z.string(),
  origin: z.enum(['project', 'demo']),
  framing: z.string(),
  fields: z.array(schemaFieldSchema),
});
export type SchemaSummary = z.infer<typeof schemaSummarySchema>;

export const ruleErrorSchema = z.object({ index: z.number(), ruleId: z.string(), path: z.string(), message: z.string() });
export const dryRunEntrySchema = z.object({ ruleId: z.string(), name: z.string(), matched: z.boolean(), reason: z.string(), targets: z.array(z.string()) });

const idParam = z.strictObject({ id: RouteIdSchema });
const versionResult = z.object({ version: z.number() });

export const gatewayMethods = defineMethods({
  'gateway.config.get': method(z.strictObject({}), z.object({ version: z.number(), config: gatewayConfigSchema }), 'The current gateway configuration and its version.'),
  'gateway.config.history': method(z.strictObject({ limit: z.number().int().min(1).max(1000).default(100) }), z.array(configVersionSchema), 'Configuration versions, newest first, with what changed.'),
  'gateway.config.rollback': method(z.strictObject({ version: z.number().int().min(1) }), versionResult, 'Restore an earlier configuration version (recorded as a new version) and hot-reload.'),
  'gateway.sources.save': method(z.strictObject({ source: sourceConfigSchema }), versionResult, 'Add or replace a source; restarts it if it was running.'),
  'gateway.sources.delete': method(idParam, versionResult, 'Remove a source (stops it).'),
  'gateway.sources.control': method(z.strictObject({ id: RouteIdSchema, action: z.enum(['start', 'stop', 'restart']) }), sourceStatusSchema, 'Start, stop or restart one source; errors stay on that source.'),
  'gateway.sources.frames': method(
    z.strictObject({ id: RouteIdSchema, limit: z.number().int().min(1).max(200).default(20) }),
    z.array(messageLogEntrySchema),
    'The last frames of one source with hex and decode (or the reason it failed).',
  ),
  'gateway.targets.save': method(z.strictObject({ target: targetConfigSchema }), versionResult, 'Add or replace a target; queued messages are kept.'),
  'gateway.targets.delete': method(idParam, versionResult, 'Remove a target; its queued messages become dead letters.'),
  'gateway.rules.save': method(
    z.strictObject({ rules: z.array(RouteRuleSchema).max(1000), defaultRoute: DefaultRouteSchema.optional() }),
    versionResult,
    'Replace the rule list (order and priorities as given) and deploy it without dropping in-flight messages.',
  ),
  'gateway.rules.validate': method(
    z.strictObject({ rules: z.array(z.unknown()).max(1000), defaultRoute: z.unknown().optional() }),
    z.object({ ok: z.boolean(), errors: z.array(ruleErrorSchema) }),
    'Check rules without saving: every error names the rule and field.',
  ),
  'gateway.rules.dryRun': method(
    z.strictObject({
      sourceId: z.string().min(1).max(64),
      schemaId: schemaIdSchema.optional(),
      /** A frame to decode first (hex), or already-decoded fields. */
      hex: z.string().max(20_000).optional(),
      fields: z.record(z.string(), z.unknown()).optional(),
      /** Unsaved rules to test; default the deployed ones. */
      rules: z.array(z.unknown()).max(1000).optional(),
      defaultRoute: z.unknown().optional(),
    }),
    z.object({
      fields: z.record(z.string(), z.unknown()).optional(),
      decodeError: z.string().optional(),
      ruleErrors: z.array(ruleErrorSchema),
      entries: z.array(dryRunEntrySchema),
      /** The payload each target would receive. */
      deliveries: z.array(z.object({ ruleId: z.string(), targets: z.array(z.string()), output: z.string(), error: z.string().optional() })),
    }),
    'Which rules match a message, why the others do not, and what each target would receive.',
  ),
  'gateway.status': method(z.strictObject({}), gatewayStatusSchema, 'Live counters of every source, pipeline stage, rule, target and the simulator.'),
  'gateway.counters.reset': method(z.strictObject({}), z.object({ ok: z.boolean() }), 'Reset live counters (not queues or dead letters).'),
  'gateway.messages.query': method(
    z.strictObject({
      sourceId: z.string().max(64).optional(),
      onlyErrors: z.boolean().default(false),
      /** Read persisted samples from the project instead of the in-memory ring. */
      persisted: z.boolean().default(false),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    z.array(messageLogEntrySchema),
    'The message log, newest first.',
  ),
  'gateway.deadLetters.list': method(
    z.strictObject({ targetId: z.string().max(64).optional(), limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) }),
    z.object({ items: z.array(deadLetterSchema), total: z.number() }),
    'Dead letters kept in the project, oldest first.',
  ),
  'gateway.deadLetters.replay': method(
    z.strictObject({ targetId: z.string().max(64).optional(), ids: z.array(z.number().int()).max(10_000).optional() }),
    z.object({ replayed: z.number(), skipped: z.number() }),
    'Put dead letters back on their target queues (oldest first) and remove them from the store.',
  ),
  'gateway.deadLetters.purge': method(
    z.strictObject({ targetId: z.string().max(64).optional(), ids: z.array(z.number().int()).max(10_000).optional() }),
    z.object({ purged: z.number() }),
    'Delete dead letters.',
  ),
  'gateway.sim.configure': method(z.strictObject({ config: simConfigSchema }), versionResult, 'Save simulator settings (restarts it if running).'),
  'gateway.sim.control': method(z.strictObject({ action: z.enum(['start', 'stop']) }), simStatusSchema, 'Start or stop the station simulator.'),
  'gateway.schemas.list': method(z.strictObject({}), z.array(schemaSummarySchema), 'Frame schemas the gateway can bind, with their field paths (for pickers).'),
});

export const gatewayEvents = defineEvents({
  /** Live counters, about once a second. */
  'gateway.status': gatewayStatusSchema,
});
