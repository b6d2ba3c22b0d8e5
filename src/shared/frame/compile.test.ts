import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSchema } from './compile';
import { hexToBytes } from './hex';
import { interpretDecode } from './interpret';
import type { FrameSchema } from './schema';
import { validateSchema } from './validate';

// Demo schemas are read as files (not imported) so no tsconfig has to list resources/.
const pumpJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8'));

describe('compileSchema', () => {
  it('exposes readable generated source with straight-line field reads', () => {
    const v = validateSchema(pumpJson);
    if (!v.ok) throw new Error('invalid');
    const { source } = compileSchema(v.schema);
    expect(source).toContain('function decode(b, options)');
    expect(source).toContain('function encode(v)');
    expect(source).toContain('"suction_pressure": (r');
    expect(source).not.toMatch(/\bdelete\b/);
  });

  it('embeds hostile user text only as escaped literals', () => {
    const hostile = '"); globalThis.pwned = true; ("\u2028*/`${1}`\\';
    const schema: FrameSchema = {
      formatVersion: 1,
      name: 'hostile',
      description: hostile,
      fields: [
        { name: 'kind', type: 'enum', storage: 'u8', values: { '1': hostile }, description: hostile },
        { name: 'unit', type: 'u16', unit: '"+x+"*/', description: hostile, divisor: 10 },
        { name: 'w', type: 'bitfield', storage: 'u8', members: [{ name: 'm', bitOffset: 0, bitWidth: 2, values: { '1': hostile } }] },
      ],
    };
    const codec = compileSchema(schema);
    const result = codec.decode(hexToBytes('01000A01'));
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    expect(result).toEqual({ ok: true, fields: { kind: hostile, unit: 1, w: { m: hostile } }, byteLength: 4 });
    expect(result).toEqual(interpretDecode(schema, hexToBytes('01000A01')));
    expect(codec.source).not.toContain('\u2028');
    expect(codec.encode({ kind: hostile, unit: 1, w: { m: hostile } })).toMatchObject({ ok: true });
  });

  it('decodes into one fixed-shape object per struct (same key order every time)', () => {
    const v = validateSchema(pumpJson);
    if (!v.ok) throw new Error('invalid');
    const codec = compileSchema(v.schema);
    const a = codec.decode(hexToBytes('AA550107123467748580FFDD01E200ED01820FAC128E02AC0227439C40004196000040100000449A5000000D0000000000000000000000000000000000003E1E'));
    expect(a.ok && Object.keys(a.fields)).toEqual(v.schema.fields.filter((f) => f.type !== 'padding').map((f) => f.name));
  });

  it('returns raw values of scaled and enum fields on request', () => {
    const v = validateSchema(pumpJson);
    if (!v.ok) throw new Error('invalid');
    const result = compileSchema(v.schema).decode(hexToBytes('AA550107123467748580FFDD01E200ED01820FAC128E02AC0227439C40004196000040100000449A5000000D0000000000000000000000000000000000003E1E'), { includeRaw: true });
    expect(result).toMatchObject({ ok: true, raw: { suction_pressure: -35, vfd_frequency: 4750, motor_temp: 684 } });
  });
});
