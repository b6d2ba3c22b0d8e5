import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileSchema, type CompiledCodec } from '#shared/frame/compile';
import { parseHex } from '#shared/frame/hex';
import { decodeWithLayout } from '#shared/frame/layout';
import type { DecodeResult } from '#shared/frame/result';
import type { FrameSchema } from '#shared/frame/schema';
import { runTestVectors } from '#shared/frame/testVectors';
import { validateSchema } from '#shared/frame/validate';
import {
  vectorResultOf,
  type DecodePreview,
  type SchemaChange,
  type SchemaDetail,
  type SchemaDocument,
  type SchemaIssueDto,
  type SchemaSummary,
  type SchemaVersionInfo,
  type TestVectorDto,
  type VectorResult,
} from '#shared/rpc/domains/schemas';
import { RpcError } from '#shared/rpc/errors';
import type { AppendEvent } from '../events/eventStore';
import type { IStore } from '../store/types';
import { toJsonFields, toJsonValue } from './jsonValues';
import { diffSchemas, summarizeChanges } from './schemaDiff';
import { SchemaRepository, type SchemaRow } from './schemaRepository';

/*
 * Schema management: drafts (editable, may be invalid), published versions (immutable, valid,
 * every test vector passing), diffs, rollback, import/export and decode previews. Every change is
 * audited and announced on the bus as `schemas.changed`.
 */

/** A published schema as the gateway uses it. */
export type PublishedSchema = {
  schemaId: string;
  version: number;
  publishedAt: number;
  note: string;
  schema: FrameSchema;
};

export interface SchemaServiceDeps {
  store: () => IStore;
  audit: (event: AppendEvent) => Promise<void>;
  publish: (topic: 'schemas.changed', payload: { id: string; action: 'created' | 'updated' | 'published' | 'deleted'; version?: number }) => void;
  now?: () => number;
  log?: { error(message: string, error?: unknown): void; info?(message: string): void };
}

type Analysis = {
  valid: boolean;
  schema: FrameSchema | undefined;
  issues: SchemaIssueDto[];
  vectors: VectorResult[];
  staticSize: number | undefined;
};

// Compiled codecs by schema JSON: compiling costs far more than decoding, and drafts are re-run often.
const CODEC_CACHE_LIMIT = 32;

let active: SchemaService | undefined;

/**
 * The published schema `schemaId` (the latest version, or `version`), validated; undefined when
 * there is no such schema or version. Uses the schema service of the running core (the most
 * recently created one when several cores share a process, as in tests).
 */
export async function getPublished(schemaId: string, version?: number): Promise<PublishedSchema | undefined> {
  if (!active) throw new Error('the schemas domain is not running');
  return active.getPublished(schemaId, version);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function countFields(fields: unknown): number {
  if (!Array.isArray(fields)) return 0;
  let n = 0;
  for (const f of fields) {
    if (!isObject(f)) continue;
    n++;
    if (Array.isArray(f.fields)) n += countFields(f.fields);
    if (Array.isArray(f.cases)) for (const c of f.cases) if (isObject(c)) n += countFields(c.fields);
    if (isObject(f.default)) n += countFields(f.default.fields);
    if (isObject(f.items) && Array.isArray(f.items.fields)) n += countFields(f.items.fields);
  }
  return n;
}

function parseDoc(json: string): SchemaDocument {
  const v = JSON.parse(json) as unknown;
  return isObject(v) ? v : {};
}

/** Same document regardless of key order or formatting. */
function canonical(doc: unknown): string {
  if (Array.isArray(doc)) return `[${doc.map(canonical).join(',')}]`;
  if (isObject(doc)) return `{${Object.keys(doc).sort().filter((k) => k !== '$schema' && doc[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(doc[k])}`).join(',')}}`;
  return JSON.stringify(doc) ?? 'null';
}

function slug(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
  return s === '' ? 'schema' : s.slice(0, 90);
}

export class SchemaService {
  private readonly repo: SchemaRepository;
  private readonly codecs = new Map<string, CompiledCodec>();
  private readonly now: () => number;

  constructor(private readonly deps: SchemaServiceDeps) {
    this.repo = new SchemaRepository(deps.store);
    this.now = deps.now ?? Date.now;
    active = this;
  }

  /** Compiled codec for a valid schema (cached by its JSON). */
  codecFor(schema: FrameSchema): CompiledCodec {
    const key = JSON.stringify(schema);
    let codec = this.codecs.get(key);
    if (codec) {
      this.codecs.delete(key);
      this.codecs.set(key, codec);
      return codec;
    }
    codec = compileSchema(schema);
    this.codecs.set(key, codec);
    if (this.codecs.size > CODEC_CACHE_LIMIT) this.codecs.delete(this.codecs.keys().next().value!);
    return codec;
  }

  /** Validates a document and runs its test vectors with the compiled decoder (the one the gateway uses). */
  analyze(doc: SchemaDocument): Analysis {
    const checked = validateSchema(doc);
    if (!checked.ok) return { valid: false, schema: undefined, issues: checked.issues, vectors: [], staticSize: undefined };
    const schema = checked.schema;
    let decode: (b: Uint8Array) => DecodeResult;
    try {
      decode = this.codecFor(schema).decode;
    } catch (error) {
      return { valid: false, schema: undefined, issues: [{ path: '', pointer: '', message: `compiler: ${error instanceof Error ? error.message : String(error)}` }], vectors: [], staticSize: undefined };
    }
    const vectors = runTestVectors(schema, decode).map((o, i) => vectorResultOf(o, schema.testVectors?.[i]));
    return { valid: true, schema, issues: [], vectors, staticSize: checked.plan.root.size };
  }

  // ---- queries ----

  async list(): Promise<SchemaSummary[]> {
    const [rows, latest] = await Promise.all([this.repo.list(), this.repo.latestVersions()]);
    return rows.map((row) => {
      const doc = parseDoc(row.draftJson);
      const l = latest.get(row.id);
      return {
        id: row.id,
        name: row.name,
        ...(row.title ? { title: row.title } : {}),
        updatedAt: row.updatedAt,
        ...(l ? { latestVersion: l.version, publishedAt: l.publishedAt } : {}),
        draftChanged: !l || canonical(doc) !== canonical(parseDoc(l.schemaJson)),
        valid: validateSchema(doc).ok,
        fieldCount: countFields(doc.fields),
        vectorCount: Array.isArray(doc.testVectors) ? doc.testVectors.length : 0,
      };
    });
  }

  private async row(id: string): Promise<SchemaRow> {
    const row = await this.repo.get(id);
    if (!row) throw new RpcError('NOT_FOUND', `No schema '${id}'`, { id });
    return row;
  }

  async get(id: string): Promise<SchemaDetail> {
    return this.detail(await this.row(id));
  }

  private async detail(row: SchemaRow): Promise<SchemaDetail> {
    const doc = parseDoc(row.draftJson);
    const latest = await this.repo.version(row.id);
    const a = this.analyze(doc);
    return {
      id: row.id,
      name: row.name,
      ...(row.title ? { title: row.title } : {}),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      ...(latest ? { latestVersion: latest.version, publishedAt: latest.publishedAt } : {}),
      draftChanged: !latest || canonical(doc) !== canonical(parseDoc(latest.schemaJson)),
      valid: a.valid,
      fieldCount: countFields(doc.fields),
      vectorCount: Array.isArray(doc.testVectors) ? doc.testVectors.length : 0,
      draft: doc,
      issues: a.issues,
      vectors: a.vectors,
      ...(a.staticSize !== undefined ? { staticSize: a.staticSize } : {}),
    };
  }

  async versions(id: string): Promise<SchemaVersionInfo[]> {
    await this.row(id);
    return (await this.repo.versions(id)).map((v) => ({ schemaId: v.schemaId, version: v.version, publishedAt: v.publishedAt, note: v.note, fieldCount: countFields(parseDoc(v.schemaJson).fields) }));
  }

  async getVersion(id: string, version: number): Promise<SchemaVersionInfo & { schema: SchemaDocument }> {
    const v = await this.repo.version(id, version);
    if (!v) throw new RpcError('NOT_FOUND', `Schema '${id}' has no version ${version}`, { id, version });
    const schema = parseDoc(v.schemaJson);
    return { schemaId: id, version: v.version, publishedAt: v.publishedAt, note: v.note, fieldCount: countFields(schema.fields), schema };
  }

  async getPublished(schemaId: string, version?: number): Promise<PublishedSchema | undefined> {
    const v = await this.repo.version(schemaId, version);
    if (!v) return undefined;
    const checked = validateSchema(parseDoc(v.schemaJson));
    if (!checked.ok) throw new RpcError('FAILED', `Published schema '${schemaId}' v${v.version} no longer validates: ${checked.issues[0]?.path ?? ''} ${checked.issues[0]?.message ?? ''}`);
    return { schemaId, version: v.version, publishedAt: v.publishedAt, note: v.note, schema: checked.schema };
  }

  private async revision(id: string, rev: number | 'draft'): Promise<SchemaDocument> {
    if (rev === 'draft') return parseDoc((await this.row(id)).draftJson);
    return (await this.getVersion(id, rev)).schema;
  }

  async diff(id: string, from: number | 'draft', to: number | 'draft'): Promise<{ changes: SchemaChange[]; summary: string }> {
    const changes = diffSchemas(await this.revision(id, from), await this.revision(id, to));
    return { changes, summary: summarizeChanges(changes) };
  }

  // ---- changes ----

  private changed(id: string, action: 'created' | 'updated' | 'published' | 'deleted', version?: number): void {
    this.deps.publish('schemas.changed', { id, action, ...(version !== undefined ? { version } : {}) });
  }

  private async uniqueId(base: string): Promise<string> {
    const existing = new Set((await this.repo.list()).map((r) => r.id));
    if (!existing.has(base)) return base;
    for (let i = 2; ; i++) {
      const candidate = `${base.slice(0, 90)}-${i}`;
      if (!existing.has(candidate)) return candidate;
    }
  }

  async create(input: { name: string; title?: string | undefined; draft?: SchemaDocument | undefined }, auditType = 'config.schemas.created'): Promise<SchemaDetail> {
    const id = await this.uniqueId(slug(input.name));
    const title = input.title ?? (typeof input.draft?.title === 'string' ? input.draft.title : undefined);
    const doc: SchemaDocument = input.draft
      ? { ...input.draft, name: id }
      : { formatVersion: 1, name: id, ...(title ? { title } : {}), byteOrder: 'BE', framing: { kind: 'datagram' }, fields: [], testVectors: [] };
    const now = this.now();
    await this.repo.insert({ id, name: id, title, draftJson: JSON.stringify(doc), createdAt: now, updatedAt: now });
    await this.deps.audit({ type: auditType, source: 'schemas', data: { id, title: title ?? null, fields: countFields(doc.fields) } });
    this.changed(id, 'created');
    return this.get(id);
  }

  async update(id: string, draft: SchemaDocument, auditType = 'config.schemas.updated', extra: Record<string, unknown> = {}): Promise<SchemaDetail> {
    const row = await this.row(id);
    const before = parseDoc(row.draftJson);
    const changes = diffSchemas(before, draft);
    const name = typeof draft.name === 'string' && draft.name !== '' ? draft.name.slice(0, 100) : id;
    const title = typeof draft.title === 'string' ? draft.title.slice(0, 200) : undefined;
    await this.repo.updateDraft(id, name, title, JSON.stringify(draft), this.now());
    if (changes.length > 0 || Object.keys(extra).length > 0) {
      await this.deps.audit({
        type: auditType,
        source: 'schemas',
        data: { id, ...extra, summary: summarizeChanges(changes), changes: changes.slice(0, 50).map((c) => c.text), ...(changes.length > 50 ? { more: changes.length - 50 } : {}) },
      });
    }
    this.changed(id, 'updated');
    return this.get(id);
  }

  async delete(id: string): Promise<{ id: string }> {
    const row = await this.row(id);
    const versions = await this.repo.versions(id);
    await this.repo.delete(id);
    await this.deps.audit({ type: 'config.schemas.deleted', source: 'schemas', data: { id, name: row.name, versions: versions.length } });
    this.changed(id, 'deleted');
    return { id };
  }

  /** Publishes the draft as the next version; refuses an invalid draft or any failing test vector, saying why. */
  async publish(id: string, note: string, auditType = 'config.schemas.published', extra: Record<string, unknown> = {}): Promise<SchemaVersionInfo> {
    const row = await this.row(id);
    const doc = parseDoc(row.draftJson);
    const a = this.analyze(doc);
    if (!a.valid) {
      const first = a.issues[0];
      throw new RpcError('FAILED', `Cannot publish '${id}': the schema is invalid — ${first ? `${first.path || first.pointer || 'schema'}: ${first.message}` : 'unknown problem'}${a.issues.length > 1 ? ` (+${a.issues.length - 1} more)` : ''}`, {
        issues: a.issues,
      });
    }
    const failing = a.vectors.filter((v) => !v.ok);
    if (failing.length > 0) {
      const f = failing[0]!;
      throw new RpcError('FAILED', `Cannot publish '${id}': test vector "${f.name}" fails — ${f.message}${failing.length > 1 ? ` (+${failing.length - 1} more failing)` : ''}`, { vectors: a.vectors });
    }
    const latest = await this.repo.version(id);
    const version = (latest?.version ?? 0) + 1;
    const publishedAt = this.now();
    const changes = latest ? diffSchemas(parseDoc(latest.schemaJson), doc) : [];
    await this.repo.publish({ schemaId: id, version, schemaJson: JSON.stringify(doc), publishedAt, note }, undefined);
    await this.deps.audit({
      type: auditType,
      source: 'schemas',
      data: { id, version, note, ...extra, vectors: a.vectors.length, summary: latest ? summarizeChanges(changes) : 'first version', changes: changes.slice(0, 50).map((c) => c.text) },
    });
    this.changed(id, 'published', version);
    return { schemaId: id, version, publishedAt, note, fieldCount: countFields(doc.fields) };
  }

  /** Makes version `version` current again: it becomes the draft and is published as a new version. */
  async rollback(id: string, version: number, note?: string): Promise<SchemaVersionInfo> {
    const v = await this.getVersion(id, version);
    await this.update(id, v.schema, 'config.schemas.rolledBack', { toVersion: version });
    return this.publish(id, note ?? `Rolled back to version ${version}`, 'config.schemas.published', { rollbackOf: version });
  }

  async importJson(json: string, id?: string, replace = false): Promise<SchemaDetail> {
    let doc: unknown;
    try {
      doc = JSON.parse(json);
    } catch (error) {
      throw new RpcError('VALIDATION', `Import: not valid JSON — ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!isObject(doc)) throw new RpcError('VALIDATION', 'Import: the document must be a JSON object (a frame schema)');
    if (doc.formatVersion !== 1) throw new RpcError('VALIDATION', `Import: formatVersion must be 1 (a frame schema document), got ${JSON.stringify(doc.formatVersion) ?? 'nothing'}`);
    if (!Array.isArray(doc.fields)) throw new RpcError('VALIDATION', 'Import: the document has no "fields" list');
    const target = id ?? (typeof doc.name === 'string' ? slug(doc.name) : 'imported');
    const existing = await this.repo.get(target);
    if (existing) {
      if (!replace) throw new RpcError('CONFLICT', `A schema '${target}' exists already; import with replace to overwrite its draft, or choose another id`, { id: target });
      return this.update(target, { ...doc, name: target }, 'config.schemas.imported', { replaced: true });
    }
    return this.create({ name: target, draft: doc }, 'config.schemas.imported');
  }

  async exportJson(id: string, version?: number): Promise<{ fileName: string; json: string }> {
    const doc = version === undefined ? parseDoc((await this.row(id)).draftJson) : (await this.getVersion(id, version)).schema;
    return { fileName: `${id}${version !== undefined ? `.v${version}` : ''}.json`, json: `${JSON.stringify(doc, null, 2)}\n` };
  }

  // ---- test vectors ----

  private vectorsOf(doc: SchemaDocument): TestVectorDto[] {
    return Array.isArray(doc.testVectors) ? (doc.testVectors as TestVectorDto[]) : [];
  }

  private checkVector(vector: TestVectorDto): void {
    const parsed = parseHex(vector.hex);
    if (!parsed.ok) throw new RpcError('VALIDATION', `Test vector "${vector.name}": hex: ${parsed.message}`);
    if (!vector.expect.fields && !vector.expect.error) throw new RpcError('VALIDATION', `Test vector "${vector.name}": expect needs fields or an error`);
  }

  async addVector(id: string, vector: TestVectorDto): Promise<SchemaDetail> {
    this.checkVector(vector);
    const doc = parseDoc((await this.row(id)).draftJson);
    const vectors = this.vectorsOf(doc);
    if (vectors.some((v) => v.name === vector.name)) throw new RpcError('CONFLICT', `Test vector "${vector.name}" exists already`);
    return this.update(id, { ...doc, testVectors: [...vectors, vector] }, 'config.schemas.vectorAdded', { vector: vector.name });
  }

  async updateVector(id: string, name: string, vector: TestVectorDto): Promise<SchemaDetail> {
    this.checkVector(vector);
    const doc = parseDoc((await this.row(id)).draftJson);
    const vectors = this.vectorsOf(doc);
    const at = vectors.findIndex((v) => v.name === name);
    if (at < 0) throw new RpcError('NOT_FOUND', `No test vector "${name}" in '${id}'`);
    if (vector.name !== name && vectors.some((v) => v.name === vector.name)) throw new RpcError('CONFLICT', `Test vector "${vector.name}" exists already`);
    const next = vectors.slice();
    next[at] = vector;
    return this.update(id, { ...doc, testVectors: next }, 'config.schemas.vectorUpdated', { vector: name });
  }

  async deleteVector(id: string, name: string): Promise<SchemaDetail> {
    const doc = parseDoc((await this.row(id)).draftJson);
    const vectors = this.vectorsOf(doc);
    if (!vectors.some((v) => v.name === name)) throw new RpcError('NOT_FOUND', `No test vector "${name}" in '${id}'`);
    return this.update(id, { ...doc, testVectors: vectors.filter((v) => v.name !== name) }, 'config.schemas.vectorDeleted', { vector: name });
  }

  async runVectors(input: { id: string } | { schema: SchemaDocument }): Promise<{ issues: SchemaIssueDto[]; vectors: VectorResult[] }> {
    const doc = 'id' in input ? parseDoc((await this.row(input.id)).draftJson) : input.schema;
    const a = this.analyze(doc);
    return { issues: a.issues, vectors: a.vectors };
  }

  // ---- decode preview ----

  async decode(input: { schemaId: string; version?: number | undefined; hex: string } | { schema: SchemaDocument; hex: string }): Promise<DecodePreview> {
    const parsed = parseHex(input.hex);
    if (!parsed.ok) throw new RpcError('VALIDATION', `hex: ${parsed.message}`);
    const bytes = parsed.bytes;
    let doc: SchemaDocument;
    if ('schema' in input) doc = input.schema;
    else if (input.version !== undefined) doc = (await this.getVersion(input.schemaId, input.version)).schema;
    else doc = parseDoc((await this.row(input.schemaId)).draftJson);
    const checked = validateSchema(doc);
    if (!checked.ok) return { ok: false, issues: checked.issues, layout: [], byteLength: bytes.length };
    const { result, layout } = decodeWithLayout(checked.schema, bytes);
    const jsonLayout = layout.map((l) => ({ ...l, ...(l.value !== undefined ? { value: toJsonValue(l.value) } : {}) }));
    if (result.ok) return { ok: true, fields: toJsonFields(result.fields), layout: jsonLayout, issues: [], byteLength: bytes.length };
    return { ok: false, error: result.error, layout: jsonLayout, issues: [], byteLength: bytes.length };
  }

  // ---- demo ----

  /** Imports resources/demo/schemas/*.json as published version 1 (with their test vectors). */
  async seedDemo(resourcesDir: string): Promise<void> {
    const dir = path.join(resourcesDir, 'demo', 'schemas');
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    } catch {
      return;
    }
    for (const file of files) {
      try {
        const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as SchemaDocument;
        delete doc.$schema;
        const created = await this.create({ name: typeof doc.name === 'string' ? doc.name : path.basename(file, '.json'), draft: doc }, 'config.schemas.imported');
        await this.publish(created.id, 'Demo schema (shipped with Station Workbench)');
      } catch (error) {
        this.deps.log?.error(`demo schema ${file} could not be imported and published`, error);
      }
    }
  }
}
