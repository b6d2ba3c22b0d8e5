import { z } from 'zod';
import { CHECKSUM_ALGORITHMS } from './checksums';
import { parseHex } from './hex';
import { buildPlan, MAX_FRAME_BYTES, type FramePlan, type SchemaIssue } from './plan';
import type { FrameSchema } from './schema';

/*
 * Schema validation in two stages: zod checks the document's structure (types, required and
 * unknown keys, number ranges), then ./plan checks meaning (references, sizes, overlaps).
 * Every issue names the field path, so the designer can mark the offending field inline.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Object keys that would change an object's prototype or shadow its constructor if used as field names.
const RESERVED = ['__proto__', 'constructor', 'prototype'];

const identifier = z
  .string()
  .max(64)
  .regex(IDENTIFIER, 'must be an identifier: a letter or _, then letters, digits or _')
  .refine((s) => !RESERVED.includes(s), 'is a reserved name');
const description = z.string().max(4000).optional().describe('Free text for people.');
const byteOrder = z
  .enum(['BE', 'LE', 'CDAB', 'BADC'])
  .describe('BE = ABCD (big-endian), LE = DCBA, CDAB = 16-bit words swapped (Modbus), BADC = bytes swapped in each word. Default: the schema byteOrder.');
const wordType = z.enum(['u8', 'u16', 'u32']);
const size = (min: number) => z.number().int().min(min).max(MAX_FRAME_BYTES);
const finite = z.number().refine(Number.isFinite, 'must be finite');
const hex = z
  .string()
  .max(2 * MAX_FRAME_BYTES)
  .refine((s) => parseHex(s).ok, 'must be hex bytes')
  .describe('Hex bytes, e.g. "AA55" or "AA 55".');
const ref = z.string().min(1).max(200).describe('Name of an earlier integer or enum field in scope ("word.member" for a bit-field member).');
const labels = z.record(z.string(), z.string().min(1).max(200));

const scaling = {
  divisor: finite.optional().describe('value = raw / divisor (+ offset). Exclusive with multiplier.'),
  multiplier: finite.optional().describe('value = raw * multiplier (+ offset). Exclusive with divisor.'),
  offset: finite.optional().describe('Added after divisor/multiplier, in engineering units.'),
  unit: z.string().max(32).optional().describe('Engineering unit label, e.g. bar, m³/h, °C.'),
  min: finite.optional().describe('Lowest valid engineering value (range check, not a decode error).'),
  max: finite.optional().describe('Highest valid engineering value.'),
};

/** Variants of a field; `named` decides whether `name` is required (fields) or optional (array items). */
function fieldVariants(named: boolean) {
  const base = { name: named ? identifier : identifier.optional(), description };
  return [
    z.strictObject({
      ...base,
      ...scaling,
      type: z.enum(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64']),
      byteOrder: byteOrder.optional(),
      const: z.number().int().optional(),
    }),
    z.strictObject({ ...base, ...scaling, type: z.enum(['f32', 'f64']), byteOrder: byteOrder.optional() }),
    z.strictObject({ ...base, type: z.literal('bool') }),
    z.strictObject({
      ...base,
      type: z.literal('flags'),
      storage: wordType,
      byteOrder: byteOrder.optional(),
      flags: z.array(z.strictObject({ name: identifier, bit: z.number().int().min(0).max(31), description })).min(1).max(32),
    }),
    z.strictObject({
      ...base,
      type: z.literal('bitfield'),
      storage: wordType,
      byteOrder: byteOrder.optional(),
      members: z
        .array(
          z.strictObject({
            ...scaling,
            name: identifier,
            bitOffset: z.number().int().min(0).max(31),
            bitWidth: z.number().int().min(1).max(32),
            kind: z.enum(['uint', 'int', 'bool']).optional(),
            values: labels.optional(),
            description,
          }),
        )
        .min(1)
        .max(32),
    }),
    z.strictObject({ ...base, type: z.literal('enum'), storage: wordType, byteOrder: byteOrder.optional(), values: labels, strict: z.boolean().optional() }),
    z.strictObject({ ...base, ...scaling, type: z.literal('bcd'), length: z.number().int().min(1).max(7), byteOrder: z.enum(['BE', 'LE']).optional() }),
    z.discriminatedUnion('mode', [
      z.strictObject({ ...base, type: z.literal('string'), encoding: z.enum(['ascii', 'utf8']), mode: z.literal('fixed'), length: size(1), pad: z.enum(['nul', 'space']).optional() }),
      z.strictObject({
        ...base,
        type: z.literal('string'),
        encoding: z.enum(['ascii', 'utf8']),
        mode: z.literal('prefixed'),
        prefix: wordType,
        byteOrder: byteOrder.optional(),
        maxLength: size(0).optional(),
      }),
      z.strictObject({ ...base, type: z.literal('string'), encoding: z.enum(['ascii', 'utf8']), mode: z.literal('zero'), maxLength: size(1) }),
    ]),
    z.strictObject({ ...base, type: z.literal('bytes'), length: size(1).optional(), lengthFrom: ref.optional(), untilEnd: z.literal(true).optional(), const: hex.optional() }),
    z.strictObject({
      ...base,
      type: z.literal('array'),
      get items() {
        return itemSpecSchema;
      },
      count: z.number().int().min(0).max(MAX_FRAME_BYTES).optional(),
      countFrom: ref.optional(),
      untilEnd: z.literal(true).optional(),
      maxCount: z.number().int().min(1).max(MAX_FRAME_BYTES).optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('struct'),
      get fields() {
        return z.array(fieldSpecSchema);
      },
    }),
    z.strictObject({
      ...base,
      type: z.literal('switch'),
      on: ref,
      get cases() {
        return z
          .array(
            z.strictObject({
              when: z.union([z.number().int(), z.array(z.number().int()).min(1)]),
              label: z.string().max(200).optional(),
              fields: z.array(fieldSpecSchema),
            }),
          )
          .min(1);
      },
      get default() {
        return z.strictObject({ fields: z.array(fieldSpecSchema) }).optional();
      },
    }),
  ] as const;
}

const namedOnly = (named: boolean) =>
  named
    ? [
        z.strictObject({ name: identifier, description, type: z.literal('padding'), length: size(1) }),
        z.strictObject({
          name: identifier,
          description,
          type: z.literal('checksum'),
          algorithm: z.enum(CHECKSUM_ALGORITHMS as [string, ...string[]]),
          byteOrder: byteOrder.optional(),
          from: z.number().int().min(0).max(MAX_FRAME_BYTES).optional(),
        }),
      ]
    : [];

/** zod schema of one field. */
export const fieldSpecSchema: z.ZodType = z
  .discriminatedUnion('type', [...fieldVariants(true), ...namedOnly(true)] as never)
  .meta({ id: 'FieldSpec', description: 'One field of a frame, laid out after the previous one.' });
/** zod schema of an array element (a field whose name is optional; no padding or checksum). */
export const itemSpecSchema: z.ZodType = z
  .discriminatedUnion('type', [...fieldVariants(false)] as never)
  .meta({ id: 'ItemSpec', description: 'An array element: a field without padding or checksum; its name is optional.' });

const framingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('datagram'), sync: hex.optional() }),
  z.strictObject({ kind: z.literal('fixed'), length: size(1), sync: hex.optional() }),
  z.strictObject({
    kind: z.literal('length'),
    sync: hex.optional(),
    length: z.strictObject({ offset: size(0), type: wordType, byteOrder: byteOrder.optional() }),
    counts: z.strictObject({ from: size(0), trailer: size(0).optional() }),
    maxLength: size(1),
  }),
  z.strictObject({ kind: z.literal('delimiter'), delimiter: hex, sync: hex.optional(), maxLength: size(1) }),
]);

const testVectorSchema = z.strictObject({
  name: z.string().min(1).max(200),
  hex,
  expect: z.strictObject({
    fields: z.record(z.string(), z.unknown()).optional(),
    error: z.strictObject({ code: z.string(), path: z.string().optional() }).optional(),
  }),
});

/** zod schema of a whole FrameSchema document (also the source of the editor JSON Schema). */
export const frameSchemaSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(1),
  name: z.string().min(1).max(100).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, -, _ and . only'),
  title: z.string().max(200).optional(),
  description,
  byteOrder: byteOrder.optional(),
  framing: framingSchema.optional(),
  fields: z.array(fieldSpecSchema).min(1),
  testVectors: z.array(testVectorSchema).optional(),
});

/** Result of validateSchema. */
export type SchemaValidation = { ok: true; schema: FrameSchema; plan: FramePlan } | { ok: false; issues: SchemaIssue[] };

function pointerOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

/** Field names along a document path, e.g. `["fields", 2, "items", "fields", 0]` -> `readings[].channel`. */
function fieldPathOf(input: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = input;
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const parentKey = path[i - 1];
    const isFieldSlot = typeof key === 'number' && (parentKey === 'fields' || parentKey === 'flags' || parentKey === 'members');
    const isItem = key === 'items';
    if (isItem) out += '[]';
    if (isFieldSlot && node !== null && typeof node === 'object') {
      const name = (node as { name?: unknown }).name;
      out += (out === '' ? '' : '.') + (typeof name === 'string' ? name : `#${key}`);
    }
  }
  return out;
}

/**
 * Validates an untrusted schema document (parsed JSON). On success returns the typed schema
 * (unknown keys are rejected, never silently dropped) and its analysis plan.
 */
export function validateSchema(input: unknown): SchemaValidation {
  const parsed = frameSchemaSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: fieldPathOf(input, i.path), pointer: pointerOf(i.path), message: i.message }));
    return { ok: false, issues };
  }
  const schema = parsed.data as FrameSchema;
  const planned = buildPlan(schema);
  if (!planned.ok) return planned;
  return { ok: true, schema, plan: planned.plan };
}

/** Thrown by compileSchema and the interpreter when handed a schema that does not validate. */
export class FrameSchemaError extends Error {
  readonly issues: SchemaIssue[];
  constructor(issues: SchemaIssue[]) {
    const first = issues[0];
    super(`invalid frame schema: ${first ? `${first.path || first.pointer}: ${first.message}` : 'unknown problem'}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`);
    this.name = 'FrameSchemaError';
    this.issues = issues;
  }
}

// Plans are cached per schema object: schemas are treated as immutable once validated.
const planCache = new WeakMap<object, FramePlan>();

/** The plan of a schema, validating it on first use; throws FrameSchemaError when invalid. */
export function planFor(schema: FrameSchema): FramePlan {
  const cached = planCache.get(schema);
  if (cached) return cached;
  const result = validateSchema(schema);
  if (!result.ok) throw new FrameSchemaError(result.issues);
  planCache.set(schema, result.plan);
  return result.plan;
}
