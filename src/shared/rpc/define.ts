import { z } from 'zod';

/** One contract method: validated input, validated output, a one-line summary for docs and tooling. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodDef<I, O> {
  return { input, output, summary };
}

/** Identity helpers so each domain file keeps literal method/event names. */
export function defineMethods<const T extends Record<string, MethodDef>>(methods: T): T {
  return methods;
}
export function defineEvents<const T extends Record<string, z.ZodType>>(events: T): T {
  return events;
}

/**
 * The input of a partial update ("change these fields"): every field optional and without its
 * default. zod 4 applies a field's default even inside `.partial()`, which would silently reset
 * every field the caller left out; here a field left out stays absent, so the stored value is kept.
 */
export function patchOf<S extends z.ZodObject>(schema: S): ReturnType<S['partial']> {
  const withoutDefaults: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (field instanceof z.ZodDefault) withoutDefaults[key] = z.optional(field.removeDefault() as z.ZodType);
  }
  return schema.partial().extend(withoutDefaults) as ReturnType<S['partial']>;
}
