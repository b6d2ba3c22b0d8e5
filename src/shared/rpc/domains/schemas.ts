import { z } from 'zod';
import type { TestVectorOutcome } from '../../frame/testVectors';
import { defineEvents, defineMethods, method } from '../define';

/*
 * Frame-schema management: drafts, published versions, diffs, rollback, import/export, test
 * vectors and a decode preview. Schema documents cross the contract as JSON objects (a draft may
 * be incomplete or invalid; publishing requires a valid schema whose test vectors all pass).
 */

/** Bound on one schema document's JSON text (1 MiB): the WebSocket is reachable from the network. */
export const MAX_SCHEMA_JSON_CHARS = 1 << 20;

/** Schema id: identifier-like, used by sources and the gateway to refer to a schema. */
export const schemaId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, -, _ and . only');

/** A schema document (FrameSchema JSON); validated semantically by the service, not here. */
export const schemaDocument = z
  .record(z.string(), z.unknown())
  .refine((doc) => {
    try {
      return JSON.stringify(doc).length <= MAX_SCHEMA_JSON_CHARS;
    } catch {
      return false;
    }
  }, `schema document is larger than ${MAX_SCHEMA_JSON_CHARS} characters of JSON`);
export type SchemaDocument = z.infer<typeof schemaDocument>;

/** A problem in a schema document, naming the field (`path`) and the JSON location (`pointer`). */
export const schemaIssue = z.object({ path: z.string(), pointer: z.string(), message: z.string() });
export type SchemaIssueDto = z.infer<typeof schemaIssue>;

/** A test vector as stored in the schema document. */
export const testVector = z.strictObject({
  name: z.string().min(1).max(200),
  hex: z.string().max(2 * 65536 + 65536),
  expect: z.strictObject({
    fields: z.record(z.string(), z.unknown()).optional(),
    error: z.strictObject({ code: z.string().min(1).max(40), path: z.string().max(500).optional() }).optional(),
  }),
});
export type TestVectorDto = z.infer<typeof testVector>;

/** Outcome of one test vector. */
export const vectorResult = z.object({
  name: z.string(),
  ok: z.boolean(),
  /** One line: why it failed, or what it checked. */
  message: z.string(),
  /** Every mismatch, one line each (`status.pump_fault: expected true, got false`). */
  problems: z.array(z.string()),
  /** The decode error the frame produced, if any. */
  error: z.object({ code: z.string(), message: z.string(), path: z.string(), offset: z.number() }).optional(),
});
export type VectorResult = z.infer<typeof vectorResult>;

/** Summary row of the schema list. */
export const schemaSummary = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().optional(),
  updatedAt: z.number(),
  /** Highest published version, absent when never published. */
  latestVersion: z.number().optional(),
  publishedAt: z.number().optional(),
  /** The draft differs from the latest published version (or was never published). */
  draftChanged: z.boolean(),
  valid: z.boolean(),
  fieldCount: z.number(),
  vectorCount: z.number(),
});
export type SchemaSummary = z.infer<typeof schemaSummary>;

/** Everything the designer needs about one schema. */
export const schemaDetail = schemaSummary.extend({
  createdAt: z.number(),
  draft: schemaDocument,
  issues: z.array(schemaIssue),
  vectors: z.array(vectorResult),
  /** Static frame size in bytes when it does not depend on the data. */
  staticSize: z.number().optional(),
});
export type SchemaDetail = z.infer<typeof schemaDetail>;

export const schemaVersionInfo = z.object({
  schemaId: z.string(),
  version: z.number(),
  publishedAt: z.number(),
  note: z.string(),
  fieldCount: z.number(),
});
export type SchemaVersionInfo = z.infer<typeof schemaVersionInfo>;

/** One readable, field-level difference between two schema revisions. */
export const schemaChange = z.object({
  kind: z.enum(['added', 'removed', 'changed', 'moved']),
  /** What it concerns: `schema`, `field`, `flag`, `member`, `case`, `vector`. */
  scope: z.string(),
  /** Field path (`status.pump_running`), schema property or vector name. */
  path: z.string(),
  /** Property that changed (`divisor`, `byteOrder`), for kind `changed`. */
  property: z.string().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  /** One sentence for people: "suction_pressure: divisor 100 → 10". */
  text: z.string(),
});
export type SchemaChange = z.infer<typeof schemaChange>;

/** A revision reference: a published version number or the current draft. */
const revision = z.union([z.number().int().min(1), z.literal('draft')]);

/** Decoded value tree as JSON: 64-bit values beyond 2^53 travel as decimal strings. */
const jsonFields = z.record(z.string(), z.unknown());

export const layoutEntry = z.object({
  path: z.string(),
  type: z.string(),
  depth: z.number(),
  offset: z.number(),
  length: z.number(),
  bitOffset: z.number().optional(),
  bitWidth: z.number().optional(),
  value: z.unknown().optional(),
});

export const decodePreview = z.object({
  ok: z.boolean(),
  fields: jsonFields.optional(),
  error: z.object({ code: z.string(), message: z.string(), path: z.string(), offset: z.number() }).optional(),
  layout: z.array(layoutEntry),
  /** Schema problems (the decode did not run when present). */
  issues: z.array(schemaIssue),
  byteLength: z.number(),
});
export type DecodePreview = z.infer<typeof decodePreview>;

const id = schemaId;
const note = z.string().max(2000);
/** Hex text of a frame as pasted (spaces and 0x tolerated); 64 KiB frames at most. */
const frameHex = z.string().max(4 * 65536);

export const schemasMethods = defineMethods({
  'schemas.list': method(z.object({}).strict(), z.array(schemaSummary), 'Every frame schema of the project with its draft and publish state.'),
  'schemas.get': method(z.object({ id }).strict(), schemaDetail, 'One schema: draft, validation issues and test-vector results.'),
  'schemas.create': method(
    z.object({ name: z.string().trim().min(1).max(100), title: z.string().max(200).optional(), draft: schemaDocument.optional() }).strict(),
    schemaDetail,
    'Create a schema draft (blank, or from a document). The id is the name, made unique.',
  ),
  'schemas.update': method(z.object({ id, draft: schemaDocument }).strict(), schemaDetail, 'Save the draft (audited); runs validation and every test vector.'),
  'schemas.delete': method(z.object({ id }).strict(), z.object({ id: z.string() }), 'Delete a schema with its versions (audited).'),
  'schemas.publish': method(
    z.object({ id, note }).strict(),
    schemaVersionInfo,
    'Publish the draft as the next version. Refused (FAILED, details.vectors) when invalid or a test vector fails.',
  ),
  'schemas.versions': method(z.object({ id }).strict(), z.array(schemaVersionInfo), 'Published versions, newest first.'),
  'schemas.getVersion': method(z.object({ id, version: z.number().int().min(1) }).strict(), schemaVersionInfo.extend({ schema: schemaDocument }), 'One published version with its document.'),
  'schemas.diff': method(
    z.object({ id, from: revision, to: revision }).strict(),
    z.object({ changes: z.array(schemaChange), summary: z.string() }),
    'Readable, field-level differences between two revisions (versions or the draft).',
  ),
  'schemas.rollback': method(
    z.object({ id, version: z.number().int().min(1), note: note.optional() }).strict(),
    schemaVersionInfo,
    'Make an earlier version current again: it becomes the draft and is published as a new version.',
  ),
  'schemas.import': method(
    z.object({ json: z.string().min(2).max(MAX_SCHEMA_JSON_CHARS), id: schemaId.optional(), replace: z.boolean().optional() }).strict(),
    schemaDetail,
    'Import a schema document (JSON text) as a draft; with replace, overwrite an existing draft of that id.',
  ),
  'schemas.export': method(
    z.object({ id, version: z.number().int().min(1).optional() }).strict(),
    z.object({ fileName: z.string(), json: z.string() }),
    'The draft (or a published version) as pretty JSON text.',
  ),
  'schemas.addVector': method(z.object({ id, vector: testVector }).strict(), schemaDetail, 'Add a test vector to the draft (names are unique).'),
  'schemas.updateVector': method(z.object({ id, name: z.string().min(1).max(200), vector: testVector }).strict(), schemaDetail, 'Replace the test vector of that name.'),
  'schemas.deleteVector': method(z.object({ id, name: z.string().min(1).max(200) }).strict(), schemaDetail, 'Remove the test vector of that name.'),
  'schemas.runVectors': method(
    z.union([z.object({ id }).strict(), z.object({ schema: schemaDocument }).strict()]),
    z.object({ issues: z.array(schemaIssue), vectors: z.array(vectorResult) }),
    'Run the test vectors of a stored draft or of an inline document.',
  ),
  'schemas.decode': method(
    z.union([
      z.object({ schemaId: id, version: z.number().int().min(1).optional(), hex: frameHex }).strict(),
      z.object({ schema: schemaDocument, hex: frameHex }).strict(),
    ]),
    decodePreview,
    'Decode one frame (hex) with a stored schema (draft, or a version) or an inline document: fields, layout and error.',
  ),
  'schemas.source': method(
    z.object({ schema: schemaDocument }).strict(),
    z.union([z.object({ ok: z.literal(true), source: z.string() }), z.object({ ok: z.literal(false), message: z.string() })]),
    'The specialised decoder/encoder source the core generates for a schema document (for debugging; the renderer cannot compile under its CSP).',
  ),
});

export const schemasEvents = defineEvents({
  /** A schema changed (draft saved, published, deleted); UIs refresh, the gateway reloads on publish. */
  'schemas.changed': z.object({ id: z.string(), action: z.enum(['created', 'updated', 'published', 'deleted']), version: z.number().optional() }),
});

/** The contract form of a shared test-vector outcome (used by the core and the designer alike). */
export function vectorResultOf(outcome: TestVectorOutcome, expected: TestVectorDto | undefined): VectorResult {
  const r = outcome.result;
  const error = r && !r.ok ? r.error : undefined;
  let message: string;
  if (!outcome.pass) message = outcome.problems.length > 1 ? `${outcome.problems[0]!} (+${outcome.problems.length - 1} more)` : (outcome.problems[0] ?? 'failed');
  else if (error) message = `fails as expected: ${error.code} at byte ${error.offset}`;
  else {
    const n = countLeaves(expected?.expect.fields ?? {});
    message = `${n} expected value${n === 1 ? '' : 's'} match`;
  }
  return { name: outcome.name, ok: outcome.pass, message, problems: outcome.problems, ...(error ? { error } : {}) };
}

function countLeaves(value: unknown): number {
  if (value !== null && typeof value === 'object') return Object.values(value as Record<string, unknown>).reduce<number>((n, v) => n + countLeaves(v), 0);
  return 1;
}
