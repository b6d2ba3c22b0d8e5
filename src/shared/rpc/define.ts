import type { z } from 'zod';

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
