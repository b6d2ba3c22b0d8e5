import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileSchema, type CompiledCodec } from '#shared/frame/compile';
import type { FieldSpec, FrameSchema } from '#shared/frame/schema';
import { validateSchema } from '#shared/frame/validate';
import type { SchemaSummary } from '#shared/rpc/domains/gateway';

/** A frame schema at one version, as stored by schema management. */
export interface ResolvedSchemaDoc {
  schemaId: string;
  version: number;
  schema: FrameSchema;
  origin: 'project' | 'demo';
}

/**
 * Where the gateway gets frame schemas. Schema management (tables frame_schemas /
 * frame_schema_versions, owned by that area) implements this and exposes it as the `resolver`
 * property of its domain object; until then the gateway falls back to the shipped demo schemas.
 */
export interface SchemaResolver {
  /** The schema `schemaId` at `version`, or its latest published version when omitted. */
  get(schemaId: string, version?: number): Promise<ResolvedSchemaDoc | undefined>;
  /** Every schema the gateway may bind (latest versions). */
  list(): Promise<ResolvedSchemaDoc[]>;
}

/** Reads the shipped demo schemas (resources/demo/schemas/*.json), each as version 1. */
export class DemoSchemaResolver implements SchemaResolver {
  private cache: ResolvedSchemaDoc[] | undefined;
  constructor(private readonly dir: string) {}

  private load(): ResolvedSchemaDoc[] {
    if (this.cache) return this.cache;
    const out: ResolvedSchemaDoc[] = [];
    if (existsSync(this.dir)) {
      for (const file of readdirSync(this.dir).filter((f) => f.endsWith('.json')).sort()) {
        try {
          const raw = JSON.parse(readFileSync(path.join(this.dir, file), 'utf8')) as Record<string, unknown>;
          delete raw.$schema;
          const v = validateSchema(raw);
          if (v.ok) out.push({ schemaId: v.schema.name, version: 1, schema: v.schema, origin: 'demo' });
        } catch {
          // A broken demo file is skipped; the schema simply is not offered.
        }
      }
    }
    this.cache = out;
    return out;
  }

  async get(schemaId: string, version?: number): Promise<ResolvedSchemaDoc | undefined> {
    const doc = this.load().find((d) => d.schemaId === schemaId);
    if (!doc || (version !== undefined && version !== doc.version)) return undefined;
    return doc;
  }

  async list(): Promise<ResolvedSchemaDoc[]> {
    return this.load();
  }
}

/** The part of schema management's service the gateway uses (published versions only). */
export interface PublishedSchemaSource {
  getPublished(schemaId: string, version?: number): Promise<{ schemaId: string; version: number; schema: FrameSchema } | undefined>;
  list(): Promise<Array<{ id: string; latestVersion?: number }>>;
}

/** Published schema versions from the project (tables frame_schemas / frame_schema_versions, owned by schema management). */
export class ProjectSchemaResolver implements SchemaResolver {
  constructor(private readonly service: PublishedSchemaSource) {}
  async get(schemaId: string, version?: number): Promise<ResolvedSchemaDoc | undefined> {
    const p = await this.service.getPublished(schemaId, version).catch(() => undefined);
    return p ? { schemaId: p.schemaId, version: p.version, schema: p.schema, origin: 'project' } : undefined;
  }
  async list(): Promise<ResolvedSchemaDoc[]> {
    const out: ResolvedSchemaDoc[] = [];
    for (const s of await this.service.list()) {
      if (s.latestVersion === undefined) continue;
      const doc = await this.get(s.id);
      if (doc) out.push(doc);
    }
    return out;
  }
}

/** Tries each resolver in turn (project store first, then the demo folder). */
export class ChainedSchemaResolver implements SchemaResolver {
  constructor(private readonly chain: () => SchemaResolver[]) {}
  async get(schemaId: string, version?: number): Promise<ResolvedSchemaDoc | undefined> {
    for (const r of this.chain()) {
      const doc = await r.get(schemaId, version);
      if (doc) return doc;
    }
    return undefined;
  }
  async list(): Promise<ResolvedSchemaDoc[]> {
    const seen = new Set<string>();
    const out: ResolvedSchemaDoc[] = [];
    for (const r of this.chain()) {
      for (const d of await r.list()) {
        if (seen.has(d.schemaId)) continue;
        seen.add(d.schemaId);
        out.push(d);
      }
    }
    return out;
  }
}

/** A compiled schema with what validation needs (numeric ranges of top-level fields). */
export interface CompiledSchema {
  doc: ResolvedSchemaDoc;
  codec: CompiledCodec;
  /** [field, min, max] for top-level numeric fields that declare a range. */
  ranges: Array<[string, number, number]>;
}

/** Compiles each schema version once and keeps it (compilation costs far more than a decode). */
export class CodecCache {
  private readonly map = new Map<string, CompiledSchema>();
  constructor(private readonly resolver: SchemaResolver) {}

  async get(schemaId: string, version?: number): Promise<CompiledSchema | undefined> {
    const doc = await this.resolver.get(schemaId, version);
    if (!doc) return undefined;
    const key = `${doc.schemaId}@${doc.version}`;
    let hit = this.map.get(key);
    if (!hit) {
      hit = { doc, codec: compileSchema(doc.schema), ranges: rangesOf(doc.schema.fields) };
      this.map.set(key, hit);
    }
    return hit;
  }

  /** Synchronous lookup of an already-compiled schema (for re-encoding on the hot path). */
  peek(schemaId: string, version?: number): CompiledSchema | undefined {
    if (version !== undefined) return this.map.get(`${schemaId}@${version}`);
    let best: CompiledSchema | undefined;
    for (const c of this.map.values()) if (c.doc.schemaId === schemaId && (!best || c.doc.version > best.doc.version)) best = c;
    return best;
  }

  clear(): void {
    this.map.clear();
  }
}

function rangesOf(fields: FieldSpec[]): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  for (const f of fields) {
    const r = f as { name?: string; min?: number; max?: number };
    if (typeof r.name === 'string' && (typeof r.min === 'number' || typeof r.max === 'number')) out.push([r.name, r.min ?? -Infinity, r.max ?? Infinity]);
  }
  return out;
}

/** Field paths for pickers: nested structs and flags become dotted paths. */
export function summarizeSchema(doc: ResolvedSchemaDoc): SchemaSummary {
  const fields: SchemaSummary['fields'] = [];
  const walk = (list: FieldSpec[], prefix: string) => {
    for (const f of list) {
      const spec = f as FieldSpec & { name?: string; unit?: string; min?: number; max?: number; description?: string; flags?: { name: string }[]; fields?: FieldSpec[] };
      if (spec.type === 'padding' || !spec.name) continue;
      const p = prefix + spec.name;
      if (spec.type === 'flags' && spec.flags) {
        for (const fl of spec.flags) fields.push({ path: `${p}.${fl.name}`, type: 'bool' });
        continue;
      }
      if (spec.type === 'struct' && spec.fields) {
        walk(spec.fields, `${p}.`);
        continue;
      }
      fields.push({
        path: p,
        type: spec.type,
        ...(spec.unit ? { unit: spec.unit } : {}),
        ...(typeof spec.min === 'number' ? { min: spec.min } : {}),
        ...(typeof spec.max === 'number' ? { max: spec.max } : {}),
        ...(spec.description ? { description: spec.description } : {}),
      });
    }
  };
  walk(doc.schema.fields, '');
  const framing = doc.schema.framing ?? { kind: 'datagram' };
  const framingText = framing.kind === 'fixed' ? `fixed ${framing.length} B` : framing.kind === 'length' ? `length field (max ${framing.maxLength} B)` : framing.kind === 'delimiter' ? `delimiter ${framing.delimiter}` : 'datagram';
  return { schemaId: doc.schemaId, version: doc.version, title: doc.schema.title ?? doc.schemaId, origin: doc.origin, framing: framingText, fields };
}
