import { parseHex } from './hex';
import { interpretDecode } from './interpret';
import type { DecodeResult } from './result';
import type { FrameSchema, TestVector } from './schema';

/*
 * Runs a schema's test vectors (sample frames with expected values), e.g. when schema
 * management saves a schema. Expected fields are a partial deep match; numbers match within
 * a relative 1e-9 so documents can state 0.1-style decimals.
 */

/** The outcome of one test vector. */
export type TestVectorOutcome = {
  name: string;
  pass: boolean;
  /** Mismatches, one line each (`status.pump_fault: expected true, got false`). */
  problems: string[];
  result: DecodeResult | undefined;
};

function numbersMatch(expected: number, actual: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
}

function show(v: unknown): string {
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v);
}

function match(expected: unknown, actual: unknown, path: string, problems: string[]): void {
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(expected) !== Array.isArray(actual)) {
      problems.push(`${path || '(fields)'}: expected ${Array.isArray(expected) ? 'an array' : 'an object'}, got ${show(actual)}`);
      return;
    }
    if (Array.isArray(expected) && expected.length !== (actual as unknown[]).length) {
      problems.push(`${path}: expected ${expected.length} items, got ${(actual as unknown[]).length}`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      const next = Array.isArray(expected) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      match(value, (actual as Record<string, unknown>)[key], next, problems);
    }
    return;
  }
  const same =
    typeof expected === 'number' && typeof actual === 'number'
      ? numbersMatch(expected, actual)
      : typeof expected === 'number' && typeof actual === 'bigint'
        ? BigInt(expected) === actual
        : expected === actual;
  if (!same) problems.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Checks one vector against a decode result. */
export function checkTestVector(vector: TestVector, result: DecodeResult): string[] {
  const problems: string[] = [];
  const want = vector.expect;
  if (want.error) {
    if (result.ok) problems.push(`expected error ${want.error.code}, but the frame decoded`);
    else {
      if (result.error.code !== want.error.code) problems.push(`expected error ${want.error.code}, got ${result.error.code}: ${result.error.message}`);
      if (want.error.path !== undefined && result.error.path !== want.error.path) problems.push(`expected error at '${want.error.path}', got '${result.error.path}'`);
    }
  } else if (!result.ok) {
    problems.push(`expected the frame to decode, got ${result.error.code} at '${result.error.path}' (byte ${result.error.offset}): ${result.error.message}`);
  }
  if (want.fields && result.ok) match(want.fields, result.fields, '', problems);
  return problems;
}

/** Runs every test vector of a schema with `decode` (default: the interpreter). Never throws for bad vectors. */
export function runTestVectors(schema: FrameSchema, decode: (bytes: Uint8Array) => DecodeResult = (b) => interpretDecode(schema, b)): TestVectorOutcome[] {
  return (schema.testVectors ?? []).map((vector) => {
    const parsed = parseHex(vector.hex);
    if (!parsed.ok) return { name: vector.name, pass: false, problems: [`hex: ${parsed.message}`], result: undefined };
    const result = decode(parsed.bytes);
    const problems = checkTestVector(vector, result);
    return { name: vector.name, pass: problems.length === 0, problems, result };
  });
}
