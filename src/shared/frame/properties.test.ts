import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileSchema } from './compile';
import { interpretDecode } from './interpret';
import { interpretEncode } from './interpretEncode';
import { DECODE_ERROR_CODES, type DecodeResult } from './result';
import { randomSchema, randomValues, sameDecoded, schemaArb, withFixedFraming } from './testing/arbitraries';
import { planFor, validateSchema } from './validate';
import type { FrameSchema } from './schema';

// PR runs use fixed seeds; longer fuzzing: FRAME_PROPERTY_RUNS=20000 FRAME_PROPERTY_SEED=<n>.
const RUNS = Number(process.env.FRAME_PROPERTY_RUNS ?? 300);
const SEED = Number(process.env.FRAME_PROPERTY_SEED ?? 0);
// Long fuzz runs on a busy machine need more than the default 30 s per test.
const TIMEOUT_MS = Math.max(30_000, RUNS * 60);

/** Mutations of a valid frame: bit flips, truncation, extension, overwrites. */
const mutationArb = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 8 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  ),
  { maxLength: 3 },
);

type Mutation = typeof mutationArb extends fc.Arbitrary<(infer T)[]> ? T : never;

function mutate(frame: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = frame.slice();
  for (const m of mutations) {
    if (m.kind === 'flip' && b.length > 0) b[m.at % b.length] = b[m.at % b.length]! ^ (1 << m.bit);
    if (m.kind === 'set' && b.length > 0) b[m.at % b.length] = m.value;
    if (m.kind === 'cut') b = b.slice(0, m.at % (b.length + 1));
    if (m.kind === 'append') b = new Uint8Array([...b, ...m.bytes]);
  }
  return b;
}

function assertWellFormed(result: DecodeResult, bytes: Uint8Array): void {
  if (result.ok) {
    expect(result.byteLength).toBe(bytes.length);
    expect(JSON.stringify(result.fields, (_k, v) => (v === undefined ? 'UNDEFINED' : typeof v === 'bigint' ? String(v) : v))).not.toContain('UNDEFINED');
  } else {
    expect(DECODE_ERROR_CODES).toContain(result.error.code);
    expect(typeof result.error.path).toBe('string');
    expect(typeof result.error.message).toBe('string');
    expect(result.error.offset).toBeGreaterThanOrEqual(0);
    expect(result.error.offset).toBeLessThanOrEqual(bytes.length);
  }
}

function encodeValid(schema: FrameSchema, seed: number): Uint8Array | undefined {
  const encoded = interpretEncode(schema, randomValues(planFor(schema), seed));
  return encoded.ok ? encoded.bytes : undefined;
}

describe('random schemas', () => {
  it('are all valid (generator and validator agree)', () => {
    for (let seed = 0; seed < 500; seed++) {
      const v = validateSchema(randomSchema(seed));
      if (!v.ok) throw new Error(`seed ${seed}: ${JSON.stringify(v.issues)}`);
    }
  });
});

describe('properties', () => {
  it('compiled and interpreted decoders agree on random bytes', () => {
    fc.assert(
      fc.property(schemaArb, fc.uint8Array({ maxLength: 200 }), (schema, bytes) => {
        const compiled = compileSchema(schema);
        expect(compiled.decode(bytes)).toEqual(interpretDecode(schema, bytes));
      }),
      { seed: SEED + 11, numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('compiled and interpreted decoders agree on valid and mutated frames (also with raw values)', () => {
    fc.assert(
      fc.property(schemaArb, fc.nat(), mutationArb, fc.boolean(), (schema0, seed, mutations, fixed) => {
        const schema = (fixed && withFixedFraming(schema0, planFor(schema0))) || schema0;
        const frame = encodeValid(schema, seed);
        if (!frame) return;
        const bytes = mutate(frame, mutations);
        const compiled = compileSchema(schema);
        const a = compiled.decode(bytes);
        const b = interpretDecode(schema, bytes);
        expect(sameDecoded(a, b)).toBe(true);
        expect(compiled.decode(bytes, { includeRaw: true })).toEqual(interpretDecode(schema, bytes, { includeRaw: true }));
      }),
      { seed: SEED + 12, numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('decode(encode(v)) equals v for every type and byte order, compiled and interpreted', () => {
    let checked = 0;
    fc.assert(
      fc.property(schemaArb, fc.nat(), fc.boolean(), (schema0, seed, fixed) => {
        const schema = (fixed && withFixedFraming(schema0, planFor(schema0))) || schema0;
        const plan = planFor(schema);
        const values = randomValues(plan, seed);
        const compiled = compileSchema(schema);
        const viaInterpreter = interpretEncode(schema, values);
        const viaCompiled = compiled.encode(values);
        expect(viaCompiled).toEqual(viaInterpreter);
        // Random payload bytes may contain a frame delimiter, which no encoder can frame.
        if (!viaInterpreter.ok && viaInterpreter.error.message.includes('contains the delimiter')) return;
        if (!viaInterpreter.ok) throw new Error(`encode failed: ${JSON.stringify(viaInterpreter.error)}`);
        for (const decoded of [interpretDecode(schema, viaInterpreter.bytes), compiled.decode(viaInterpreter.bytes)]) {
          if (!decoded.ok) throw new Error(`decode failed: ${JSON.stringify(decoded.error)}`);
          // The encoder fills in the framing length and checksum; take them from the decode.
          const expected = { ...values };
          if (plan.lengthNode) expected[plan.lengthNode.name] = decoded.fields[plan.lengthNode.name]!;
          if (plan.checksum) expected[plan.checksum.node.name] = decoded.fields[plan.checksum.node.name]!;
          if (!sameDecoded(decoded.fields, expected)) {
            expect(decoded.fields).toEqual(expected);
            throw new Error('differs in the sign of a zero or in NaN');
          }
          expect(decoded.byteLength).toBe(viaInterpreter.bytes.length);
        }
        checked++;
      }),
      { seed: SEED + 13, numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS * 0.9);
  }, TIMEOUT_MS);

  it('random and mutated bytes never throw and fail with a typed error', () => {
    fc.assert(
      fc.property(schemaArb, fc.nat(), mutationArb, fc.uint8Array({ maxLength: 120 }), fc.boolean(), (schema, seed, mutations, noise, useNoise) => {
        const frame = useNoise ? noise : encodeValid(schema, seed);
        if (!frame) return;
        const bytes = useNoise ? noise : mutate(frame, mutations);
        const compiled = compileSchema(schema);
        for (const result of [compiled.decode(bytes), interpretDecode(schema, bytes), compiled.decode(bytes, { includeRaw: true })]) assertWellFormed(result, bytes);
      }),
      { seed: SEED + 14, numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});
