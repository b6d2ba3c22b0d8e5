import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSchema } from './compile';
import { interpretDecode } from './interpret';
import type { SchemaIssue } from './plan';
import { FrameSchemaError, validateSchema } from './validate';

// Demo schemas are read as files (not imported) so no tsconfig has to list resources/.
const pumpJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8'));
const rtuJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/rtu-multi.json', import.meta.url), 'utf8'));

function issuesOf(doc: unknown): SchemaIssue[] {
  const v = validateSchema(doc);
  if (v.ok) throw new Error('expected the schema to be rejected');
  return v.issues;
}

const doc = (fields: unknown[], extra: Record<string, unknown> = {}) => ({ formatVersion: 1, name: 'x', fields, ...extra });

describe('validateSchema', () => {
  it('accepts both demo schemas', () => {
    expect(validateSchema(pumpJson).ok).toBe(true);
    expect(validateSchema(rtuJson).ok).toBe(true);
  });

  it.each([
    ['unknown type', doc([{ name: 'a', type: 'u24' }]), 'a', 'fields[0].type'],
    ['misspelt key', doc([{ name: 'a', type: 'u16', devisor: 10 }]), 'a', 'fields[0]'],
    ['negative size', doc([{ name: 'a', type: 'padding', length: -1 }]), 'a', 'fields[0].length'],
    ['NaN size', doc([{ name: 'a', type: 'bytes', length: Number.NaN }]), 'a', 'fields[0].length'],
    ['bad identifier', doc([{ name: 'a b', type: 'u8' }]), 'a b', 'fields[0].name'],
    ['prototype key', doc([{ name: '__proto__', type: 'u8' }]), '__proto__', 'fields[0].name'],
    ['nested bad type', doc([{ name: 's', type: 'struct', fields: [{ name: 'inner', type: 'float' }] }]), 's.inner', 'fields[0].fields[0].type'],
    ['bad item', doc([{ name: 'arr', type: 'array', count: 2, items: { type: 'struct', fields: [{ name: 'v', type: 'i16', byteOrder: 'XY' }] } }]), 'arr[].v', 'fields[0].items.fields[0].byteOrder'],
    ['wrong format version', { formatVersion: 2, name: 'x', fields: [{ name: 'a', type: 'u8' }] }, '', 'formatVersion'],
  ])('rejects %s with the field path', (_what, schema, path, pointer) => {
    const issues = issuesOf(schema);
    expect(issues).toContainEqual(expect.objectContaining({ path, pointer }));
  });

  it.each([
    ['duplicate names', doc([{ name: 'a', type: 'u8' }, { name: 'a', type: 'u16' }]), 'a', /duplicate/],
    ['count from a later field', doc([{ name: 'arr', type: 'array', countFrom: 'n', items: { type: 'u8' } }, { name: 'n', type: 'u8' }]), 'arr', /does not name an earlier field/],
    ['count from a float', doc([{ name: 'n', type: 'f32' }, { name: 'arr', type: 'array', countFrom: 'n', items: { type: 'u8' } }]), 'arr', /integer or enum/],
    ['switch on a field inside another struct', doc([{ name: 's', type: 'struct', fields: [{ name: 't', type: 'u8' }] }, { name: 'b', type: 'switch', on: 't', cases: [{ when: 1, fields: [] }] }]), 'b', /earlier field in scope/],
    ['overlapping bit-field members', doc([{ name: 'w', type: 'bitfield', storage: 'u8', members: [{ name: 'a', bitOffset: 0, bitWidth: 4 }, { name: 'b', bitOffset: 3, bitWidth: 2 }] }]), 'w.b', /overlaps/],
    ['member past the word', doc([{ name: 'w', type: 'bitfield', storage: 'u8', members: [{ name: 'a', bitOffset: 6, bitWidth: 4 }] }]), 'w.a', /do not fit/],
    ['flag bit past the word', doc([{ name: 'f', type: 'flags', storage: 'u8', flags: [{ name: 'x', bit: 9 }] }]), 'f.x', /does not fit/],
    ['divisor and multiplier', doc([{ name: 'a', type: 'u16', divisor: 10, multiplier: 2 }]), 'a', /mutually exclusive/],
    ['zero divisor', doc([{ name: 'a', type: 'u16', divisor: 0 }]), 'a', /must not be 0/],
    ['min above max', doc([{ name: 'a', type: 'u16', min: 5, max: 1 }]), 'a', /above max/],
    ['const out of range', doc([{ name: 'a', type: 'u8', const: 300 }]), 'a', /outside u8/],
    ['bytes const of the wrong size', doc([{ name: 'a', type: 'bytes', length: 3, const: 'AA55' }]), 'a', /const has 2 bytes/],
    ['two length sources', doc([{ name: 'n', type: 'u8' }, { name: 'a', type: 'bytes', length: 2, lengthFrom: 'n' }]), 'a', /exactly one/],
    ['enum key not a number', doc([{ name: 'e', type: 'enum', storage: 'u8', values: { one: 'x' } }]), 'e', /decimal integer/],
    ['enum label twice', doc([{ name: 'e', type: 'enum', storage: 'u8', values: { '1': 'x', '2': 'x' } }]), 'e', /used twice/],
    ['fields after untilEnd of variable size', doc([{ name: 'a', type: 'bytes', untilEnd: true }, { name: 's', type: 'string', encoding: 'ascii', mode: 'zero', maxLength: 4 }]), 'a', /fixed size/],
    ['untilEnd inside an array item', doc([{ name: 'arr', type: 'array', count: 2, items: { type: 'struct', fields: [{ name: 'x', type: 'u8' }, { name: 'rest', type: 'bytes', untilEnd: true }] } }]), 'arr[].rest', /not allowed inside array items/],
    ['zero-size items', doc([{ name: 'arr', type: 'array', count: 2, items: { type: 'struct', fields: [] } }]), 'arr[]', /at least one byte/],
    ['checksum inside a struct', doc([{ name: 's', type: 'struct', fields: [{ name: 'c', type: 'checksum', algorithm: 'crc32' }] }]), 's.c', /top-level/],
    ['two checksums', doc([{ name: 'c1', type: 'checksum', algorithm: 'sum8' }, { name: 'c2', type: 'checksum', algorithm: 'sum8' }]), 'c2', /only one checksum/],
    ['checksum range past itself', doc([{ name: 'a', type: 'u8' }, { name: 'c', type: 'checksum', algorithm: 'sum8', from: 4 }]), 'c', /lies past/],
    ['duplicate case values', doc([{ name: 't', type: 'u8' }, { name: 'b', type: 'switch', on: 't', cases: [{ when: 1, fields: [] }, { when: [2, 1], fields: [] }] }]), 'b', /listed twice/],
  ])('rejects %s', (_what, schema, path, message) => {
    const issues = issuesOf(schema);
    expect(issues.some((i) => i.path === path && message.test(i.message)), JSON.stringify(issues)).toBe(true);
  });

  it('rejects a field past the fixed frame size and framing problems', () => {
    const fields = [{ name: 'a', type: 'u32' }];
    expect(issuesOf(doc(fields, { framing: { kind: 'fixed', length: 3 } }))[0]!.message).toMatch(/differs from the fields' total size 4/);
    expect(issuesOf(doc(fields, { framing: { kind: 'delimiter', delimiter: '', maxLength: 9 } }))[0]!.pointer).toBe('framing.delimiter');
    expect(issuesOf(doc(fields, { framing: { kind: 'length', length: { offset: 8, type: 'u16' }, counts: { from: 0 }, maxLength: 4 } }))[0]!.pointer).toBe('framing.maxLength');
  });

  it('bounds nesting, field counts and repeat counts', () => {
    let deep: unknown = { name: 'leaf', type: 'u8' };
    for (let i = 0; i < 20; i++) deep = { name: `s${i}`, type: 'struct', fields: [deep] };
    expect(issuesOf(doc([deep])).some((i) => /nesting deeper/.test(i.message))).toBe(true);
    let arrays: unknown = { type: 'u8' };
    for (let i = 0; i < 20; i++) arrays = { type: 'array', count: 1, items: arrays };
    expect(issuesOf(doc([{ name: 'a', ...(arrays as object) }])).some((i) => /nesting deeper/.test(i.message))).toBe(true);
    const many = Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}`, type: 'u8' }));
    const started = performance.now();
    expect(issuesOf(doc(many)).some((i) => /more than 4096 fields/.test(i.message))).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(issuesOf(doc([{ name: 'a', type: 'array', count: 5_000_000, items: { type: 'u8' } }])).length).toBeGreaterThan(0);
    expect(issuesOf(doc([{ name: 'a', type: 'array', count: 100_000, items: { type: 'u8' } }])).some((i) => /maxCount/.test(i.message))).toBe(true);
  });

  it('validates a realistic schema quickly', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) validateSchema(JSON.parse(JSON.stringify(rtuJson)));
    expect((performance.now() - started) / 20).toBeLessThan(100);
  });

  it('makes compile and the interpreter throw FrameSchemaError for an invalid schema', () => {
    const bad = doc([{ name: 'a', type: 'u8' }, { name: 'a', type: 'u8' }]) as never;
    expect(() => compileSchema(bad)).toThrow(FrameSchemaError);
    expect(() => interpretDecode(bad, new Uint8Array(2))).toThrow(/duplicate field name 'a'/);
  });
});
