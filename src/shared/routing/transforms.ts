/**
 * Field-level transforms a route applies before delivery, and the output encoding it asks for.
 * Transforms are pure: they take a decoded message's fields and return a new record. Encoding
 * (JSON or re-encoding into another frame schema) is done by the core with the spec below.
 */
import { z } from 'zod';
import { compileExpression, MAX_EXPRESSION_LENGTH, type CompiledExpression } from '../expr/index';
import { getConverter, type Converter } from '../units/index';

/** Names a transform may never write: writing them to a plain object would alter its prototype. */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A field name as transforms see it: a top-level key of the message's fields (may contain dots). */
export const FieldNameSchema = z
  .string()
  .min(1, 'field name is empty')
  .max(128, 'field name is longer than 128 characters')
  .refine((n) => !RESERVED_FIELD_NAMES.has(n), { message: 'field name is reserved (__proto__, constructor, prototype)' });

/** A frame schema reference: `name` (any version) or `name@version` (exactly that version). */
export const SchemaRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,128}(@[0-9]{1,9})?$/, "schema must be 'name' or 'name@version' (letters, digits, '-', '_', '.')");

/** Renames field `from` to `to` (overwriting `to` if present). Fails when `from` is absent. */
export const RenameSpecSchema = z.strictObject({ kind: z.literal('rename'), from: FieldNameSchema, to: FieldNameSchema });
/** Keeps only the listed fields, in the listed order; absent ones are skipped. */
export const SelectSpecSchema = z.strictObject({ kind: z.literal('select'), fields: z.array(FieldNameSchema).min(1).max(256) });
/**
 * Converts numeric field `field` from unit `from` to unit `to` (units/ ids, same quantity),
 * writing to `as` when given (else in place). Fails when the field is absent or not a number.
 */
export const ConvertSpecSchema = z.strictObject({
  kind: z.literal('convert'),
  field: FieldNameSchema,
  from: z.string().min(1),
  to: z.string().min(1),
  as: FieldNameSchema.optional(),
});
/**
 * Sets `field` to the value of a restricted expression over the current fields (see
 * docs/expressions.md), e.g. head from pressures: `(discharge_pressure - suction_pressure) * 10.197`.
 */
export const DeriveSpecSchema = z.strictObject({
  kind: z.literal('derive'),
  field: FieldNameSchema,
  expression: z.string().min(1, 'expression is empty').max(MAX_EXPRESSION_LENGTH),
});

/** One field-level transform; a route applies its list in order. */
export const TransformSpecSchema = z.discriminatedUnion('kind', [RenameSpecSchema, SelectSpecSchema, ConvertSpecSchema, DeriveSpecSchema]);

/** How delivered messages are encoded: JSON of the fields, or re-encoded with another frame schema. */
export const OutputEncodingSchema = z.union([z.literal('json'), z.strictObject({ reencode: SchemaRefSchema })]);

/** A rename transform. */
export type RenameSpec = z.infer<typeof RenameSpecSchema>;
/** A select transform. */
export type SelectSpec = z.infer<typeof SelectSpecSchema>;
/** A unit conversion transform. */
export type ConvertSpec = z.infer<typeof ConvertSpecSchema>;
/** A derived-field transform. */
export type DeriveSpec = z.infer<typeof DeriveSpecSchema>;
/** Any transform. */
export type TransformSpec = z.infer<typeof TransformSpecSchema>;
/** Output encoding: 'json' or `{ reencode: 'schema@version' }`. */
export type OutputEncoding = z.infer<typeof OutputEncodingSchema>;

/** Message fields: top-level keys of a decoded frame (values may be nested records). */
export type Fields = Readonly<Record<string, unknown>>;

/** Why applying a transform to a message failed. */
export type TransformError = {
  /** Position of the transform in the list. */
  index: number;
  kind: TransformSpec['kind'];
  /** The field the transform reads or writes. */
  field: string;
  message: string;
};

/** Result of applying transforms; the input record is never modified. */
export type TransformResult = { ok: true; fields: Record<string, unknown> } | { ok: false; error: TransformError };

/** A spec that failed to compile (unknown unit, invalid expression, ...). */
export type TransformSpecError = { index: number; field: string; message: string };

/** Transforms checked and compiled once; `apply` runs per message. */
export type CompiledTransforms = {
  specs: readonly TransformSpec[];
  apply(fields: Fields): TransformResult;
};

/** Mutable state threaded through a transform list for one message. */
type State = { fields: Record<string, unknown> };
/** One compiled transform: updates the state, or returns why it could not. */
type Step = (state: State) => TransformError | undefined;

function has(fields: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(fields, key) && fields[key] !== undefined;
}

function compileStep(spec: TransformSpec, index: number): Step | TransformSpecError {
  const err = (field: string, message: string): TransformError => ({ index, kind: spec.kind, field, message });
  switch (spec.kind) {
    case 'rename': {
      const { from, to } = spec;
      if (from === to) return { index, field: from, message: `rename: 'from' and 'to' are both '${from}'` };
      return (st) => {
        const f = st.fields;
        if (!has(f, from)) return err(from, `field '${from}' is not present`);
        const v = f[from];
        delete f[from];
        f[to] = v;
        return undefined;
      };
    }
    case 'select': {
      const keep = [...new Set(spec.fields)];
      return (st) => {
        const out: Record<string, unknown> = {};
        for (const k of keep) if (Object.hasOwn(st.fields, k)) out[k] = st.fields[k];
        st.fields = out;
        return undefined;
      };
    }
    case 'convert': {
      const c = getConverter(spec.from, spec.to);
      if (!c.ok) return { index, field: spec.field, message: `convert: ${c.message}` };
      const conv: Converter = c.convert;
      const { field } = spec;
      const dest = spec.as ?? field;
      return (st) => {
        const f = st.fields;
        if (!has(f, field)) return err(field, `field '${field}' is not present`);
        const v = f[field];
        if (typeof v === 'number') f[dest] = conv(v);
        else if (typeof v === 'bigint') f[dest] = conv(Number(v));
        else return err(field, `field '${field}' is not a number (${typeof v})`);
        return undefined;
      };
    }
    case 'derive': {
      const compiled = compileExpression(spec.expression);
      if (!compiled.ok) return { index, field: spec.field, message: `derive: ${compiled.error.message}` };
      const expr: CompiledExpression = compiled;
      const { field } = spec;
      return (st) => {
        const r = expr.evaluate(st.fields);
        if (!r.ok) return err(field, `derive '${field}': ${r.error.message}`);
        st.fields[field] = r.value;
        return undefined;
      };
    }
  }
}

/**
 * Checks and compiles a transform list. Specs are validated with TransformSpecSchema first;
 * then units and expressions are resolved. All errors are reported, not only the first.
 */
export function compileTransforms(specs: readonly unknown[]): { ok: true; transforms: CompiledTransforms } | { ok: false; errors: TransformSpecError[] } {
  const errors: TransformSpecError[] = [];
  const steps: Step[] = [];
  const parsed: TransformSpec[] = [];
  specs.forEach((raw, index) => {
    const p = TransformSpecSchema.safeParse(raw);
    if (!p.success) {
      const issue = p.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'kind';
      errors.push({ index, field: where, message: `${where}: ${issue?.message ?? 'invalid transform'}` });
      return;
    }
    const step = compileStep(p.data, index);
    if (typeof step === 'function') {
      steps.push(step);
      parsed.push(p.data);
    } else {
      errors.push(step);
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  const apply = (fields: Fields): TransformResult => {
    // One shallow copy up front; steps then mutate the copy (spread keeps an own '__proto__' key inert).
    const state: State = { fields: { ...fields } };
    for (const step of steps) {
      const error = step(state);
      if (error) return { ok: false, error };
    }
    return { ok: true, fields: state.fields };
  };
  return { ok: true, transforms: { specs: Object.freeze(parsed), apply } };
}
