import type { DecodedFields } from '#shared/frame/result';
import type { DecodedMessage } from '#shared/messages';
import type { PipelineStats } from '#shared/rpc/domains/gateway';
import type { Delivery, OutputEncoding } from '#shared/routing/index';
import type { EventBus } from '../events/bus';
import type { CodecCache, CompiledSchema } from '../gateway/schemaResolver';
import type { RoutingEngine } from '../routing/routingEngine';
import type { ReliableTarget } from '../targets/reliableTarget';
import type { DeliveryItem } from '../targets/types';
import { LatencyHistogram, RateMeter, ReasonCounts } from './histogram';
import type { MessageLog } from './messageLog';

/** Per-source counters kept by the pipeline (the listener reports its own socket state). */
export class SourceCounters {
  frames = 0;
  bytes = 0;
  decoded = 0;
  readonly errors = new ReasonCounts();
  lastFrameAt: number | undefined;
  readonly rate = new RateMeter();
  reset(): void {
    this.frames = 0;
    this.bytes = 0;
    this.decoded = 0;
    this.errors.reset();
  }
}

/** What the pipeline needs to know about the source a frame came from. */
export interface PipelineSource {
  readonly id: string;
  readonly schemaId: string;
  compiled: CompiledSchema | undefined;
  readonly counters: SourceCounters;
}

/** A reason-coded failure, published on the bus as `gateway.error`. */
export interface PipelineError {
  time: number;
  sourceId: string;
  stage: 'ingest' | 'decode' | 'validate' | 'route' | 'transform' | 'encode' | 'distribute';
  reason: string;
  message: string;
  offset?: number;
  path?: string;
  messageId?: string;
}

const JSON_TYPE = 'application/json' as const;
const BIN_TYPE = 'application/octet-stream' as const;
const encoder = new TextEncoder();

function bigintSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/**
 * decode -> validate -> route -> transform -> distribute, synchronously per frame on the core's
 * main thread. Nothing here awaits: targets take deliveries into their bounded queues and send
 * from their own loops. Every failure is counted by stage and reason, logged and published; a
 * bad frame never stops the pipeline.
 */
export class Pipeline {
  private readonly stats = {
    received: 0,
    decoded: 0,
    decodeErrors: 0,
    validationWarnings: 0,
    routed: 0,
    unrouted: 0,
    transformErrors: 0,
    encodeErrors: 0,
    deliveriesEnqueued: 0,
    unknownTargets: 0,
  };
  private readonly reasons = new ReasonCounts();
  private readonly hDecode = new LatencyHistogram();
  private readonly hRoute = new LatencyHistogram();
  private readonly hDistribute = new LatencyHistogram();
  private readonly hTotal = new LatencyHistogram();
  private readonly frameRate = new RateMeter();
  private readonly errorRate = new RateMeter();
  private readonly idPrefix = `${Date.now().toString(36)}-`;
  private seq = 0;
  /** Publish every decoded message on the bus (monitoring consumes `gateway.decoded`). */
  publishDecoded = true;

  constructor(
    private readonly deps: {
      bus: EventBus;
      log: MessageLog;
      routing: RoutingEngine;
      codecs: CodecCache;
      target: (id: string) => ReliableTarget | undefined;
      configVersion: () => number;
    },
  ) {}

  /** Ingests one frame. Returns the failure reason, or undefined when it was decoded. */
  ingest(src: PipelineSource, bytes: Uint8Array, peer: string, receivedAt: number): string | undefined {
    const t0 = performance.now();
    const c = src.counters;
    c.frames++;
    c.bytes += bytes.length;
    c.lastFrameAt = receivedAt;
    this.stats.received++;
    const compiled = src.compiled;
    if (!compiled) {
      this.fail(src, bytes, peer, receivedAt, { stage: 'decode', reason: 'SCHEMA_NOT_FOUND', message: `schema '${src.schemaId}' is not available` });
      return 'SCHEMA_NOT_FOUND';
    }
    const r = compiled.codec.decode(bytes);
    if (!r.ok) {
      this.stats.decodeErrors++;
      this.fail(src, bytes, peer, receivedAt, { stage: 'decode', reason: r.error.code, message: r.error.message, offset: r.error.offset, path: r.error.path });
      return r.error.code;
    }
    const t1 = performance.now();
    this.hDecode.record((t1 - t0) * 1000);
    c.decoded++;
    this.stats.decoded++;
    const fields = r.fields as Record<string, unknown>;
    const id = this.idPrefix + (++this.seq).toString(36);

    // validate: declared ranges. Out-of-range values are flagged and counted, the message still flows
    // (a commissioning engineer wants to see the odd value, not lose it).
    const ranges = compiled.ranges;
    for (let i = 0; i < ranges.length; i++) {
      const rg = ranges[i]!;
      const v = fields[rg[0]];
      if (typeof v === 'number' && (v < rg[1] || v > rg[2])) {
        this.stats.validationWarnings++;
        this.reasons.add('OUT_OF_RANGE');
        c.errors.add('OUT_OF_RANGE');
        this.publishError({ time: receivedAt, sourceId: src.id, stage: 'validate', reason: 'OUT_OF_RANGE', message: `${rg[0]} = ${v} outside [${rg[1]}, ${rg[2]}]`, path: rg[0], messageId: id });
      }
    }

    const schemaId = compiled.doc.schemaId;
    const schemaVersion = compiled.doc.version;
    const msg: DecodedMessage = { id, sourceId: src.id, schemaId, schemaVersion, receivedAt, fields };

    const routed = this.deps.routing.current.route(msg);
    const t2 = performance.now();
    this.hRoute.record((t2 - t1) * 1000);
    for (const ce of routed.conditionErrors) {
      this.reasons.add('CONDITION_ERROR');
      this.publishError({ time: receivedAt, sourceId: src.id, stage: 'route', reason: 'CONDITION_ERROR', message: `rule '${ce.ruleId}': ${ce.message}`, messageId: id });
    }
    const deliveries = routed.deliveries;
    if (deliveries.length === 0) this.stats.unrouted++;
    else this.stats.routed++;
    for (let i = 0; i < deliveries.length; i++) this.distribute(deliveries[i]!, msg, bytes, compiled);
    const t3 = performance.now();
    this.hDistribute.record((t3 - t2) * 1000);
    this.hTotal.record((t3 - t0) * 1000);
    // Published after distribution: subscribers (live monitoring) run synchronously and are not a pipeline stage.
    if (this.publishDecoded) this.deps.bus.publish('gateway.decoded', msg);
    this.deps.log.record({ id, time: receivedAt, sourceId: src.id, peer, schemaId, ok: true, bytes, fields, rules: routed.matched, targets: routed.targets });
    return undefined;
  }

  private distribute(d: Delivery, msg: DecodedMessage, bytes: Uint8Array, compiled: CompiledSchema): void {
    if (d.targets.length === 0) return;
    let fields: Record<string, unknown> = msg.fields;
    if (d.transforms.length > 0) {
      const t = d.apply(fields);
      if (!t.ok) {
        this.stats.transformErrors++;
        this.reasons.add('TRANSFORM_FAILED');
        this.publishError({ time: msg.receivedAt, sourceId: msg.sourceId, stage: 'transform', reason: 'TRANSFORM_FAILED', message: `rule '${d.ruleId}' transform ${t.error.index} (${t.error.kind}) on '${t.error.field}': ${t.error.message}`, path: t.error.field, messageId: msg.id });
        return;
      }
      fields = t.fields;
    }
    const payload = this.encode(d.output, d.transforms.length === 0, msg, fields, bytes, compiled);
    if (typeof payload === 'string') {
      this.stats.encodeErrors++;
      this.reasons.add('ENCODE_FAILED');
      this.publishError({ time: msg.receivedAt, sourceId: msg.sourceId, stage: 'encode', reason: 'ENCODE_FAILED', message: `rule '${d.ruleId}': ${payload}`, messageId: msg.id });
      return;
    }
    const now = performance.now();
    for (let i = 0; i < d.targets.length; i++) {
      const target = this.deps.target(d.targets[i]!);
      if (!target) {
        this.stats.unknownTargets++;
        this.reasons.add('UNKNOWN_TARGET');
        this.publishError({ time: msg.receivedAt, sourceId: msg.sourceId, stage: 'distribute', reason: 'UNKNOWN_TARGET', message: `rule '${d.ruleId}' names target '${d.targets[i]}', which does not exist`, messageId: msg.id });
        continue;
      }
      const item: DeliveryItem = { messageId: msg.id, sourceId: msg.sourceId, schemaId: msg.schemaId, payload: payload.bytes, contentType: payload.type, enqueuedAt: now, createdAt: msg.receivedAt, attempts: 0 };
      target.enqueue(item);
      this.stats.deliveriesEnqueued++;
    }
  }

  /** JSON of the message, the original frame (re-encode to the same schema, untransformed) or a re-encode. */
  private encode(
    output: OutputEncoding,
    untransformed: boolean,
    msg: DecodedMessage,
    fields: Record<string, unknown>,
    bytes: Uint8Array,
    compiled: CompiledSchema,
  ): { bytes: Uint8Array; type: typeof JSON_TYPE | typeof BIN_TYPE } | string {
    if (output === 'json') {
      const doc = { id: msg.id, sourceId: msg.sourceId, schemaId: msg.schemaId, schemaVersion: msg.schemaVersion, receivedAt: msg.receivedAt, fields };
      let text: string;
      try {
        text = JSON.stringify(doc);
      } catch {
        text = JSON.stringify(doc, bigintSafe);
      }
      return { bytes: encoder.encode(text), type: JSON_TYPE };
    }
    const ref = output.reencode;
    const at = ref.lastIndexOf('@');
    const name = at > 0 ? ref.slice(0, at) : ref;
    const version = at > 0 ? Number(ref.slice(at + 1)) : undefined;
    if (untransformed && name === compiled.doc.schemaId && (version === undefined || version === compiled.doc.version)) {
      // Same schema, same values: the received frame is already the re-encoding (copy: sockets may reuse buffers).
      return { bytes: Uint8Array.prototype.slice.call(bytes), type: BIN_TYPE };
    }
    const codec = this.deps.codecs.peek(name, version);
    if (!codec) return `output schema '${ref}' is not available`;
    const e = codec.codec.encode(fields as DecodedFields);
    if (!e.ok) return `re-encode with '${ref}' failed at '${e.error.path}': ${e.error.message}`;
    return { bytes: e.bytes, type: BIN_TYPE };
  }

  /** A failure before decoding (listener-level): oversized, unauthorised, framing resync. */
  reject(src: PipelineSource, reason: string, message: string, peer: string, bytes: Uint8Array | undefined): void {
    this.stats.received += bytes ? 1 : 0;
    this.fail(src, bytes, peer, Date.now(), { stage: 'ingest', reason, message });
  }

  private fail(src: PipelineSource, bytes: Uint8Array | undefined, peer: string, time: number, e: Omit<PipelineError, 'time' | 'sourceId'>): void {
    src.counters.errors.add(e.reason);
    this.reasons.add(e.reason);
    const id = this.idPrefix + (++this.seq).toString(36);
    this.deps.log.record({ id, time, sourceId: src.id, peer, schemaId: src.schemaId, ok: false, bytes: bytes ? Uint8Array.prototype.slice.call(bytes) : undefined, ...e });
    this.publishError({ time, sourceId: src.id, ...e, messageId: id });
  }

  private publishError(e: PipelineError): void {
    this.deps.bus.publish('gateway.error', e);
  }

  snapshot(now = Date.now()): PipelineStats {
    const errors = this.reasons.total;
    return {
      ...this.stats,
      errorsByReason: this.reasons.toRecord(),
      framesPerSec: this.frameRate.update(this.stats.received, now),
      errorsPerSec: this.errorRate.update(errors, now),
      latency: { decode: this.hDecode.summary(), route: this.hRoute.summary(), distribute: this.hDistribute.summary(), total: this.hTotal.summary() },
      configVersion: this.deps.configVersion(),
    };
  }

  get rates(): { framesPerSec: number; errorsPerSec: number } {
    return { framesPerSec: this.frameRate.value, errorsPerSec: this.errorRate.value };
  }

  resetCounters(): void {
    for (const k of Object.keys(this.stats) as Array<keyof typeof this.stats>) this.stats[k] = 0;
    this.reasons.reset();
    this.hDecode.reset();
    this.hRoute.reset();
    this.hDistribute.reset();
    this.hTotal.reset();
  }
}
