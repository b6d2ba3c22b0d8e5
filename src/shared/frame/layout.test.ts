import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hexToBytes } from './hex';
import { interpretEncode } from './interpretEncode';
import { decodeWithLayout } from './layout';
import type { FrameSchema } from './schema';
import { randomValues, schemaArb } from './testing/arbitraries';
import { REFERENCE_FRAME_HEX } from './testing/referenceFrame';
import { planFor, validateSchema } from './validate';

// Demo schemas are read as files (not imported) so no tsconfig has to list resources/.
const pumpJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8'));
const rtuJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/rtu-multi.json', import.meta.url), 'utf8'));

function load(json: unknown): FrameSchema {
  const v = validateSchema(json);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.schema;
}
const pump = load(pumpJson);
const rtu = load(rtuJson);

describe('decodeWithLayout', () => {
  it('places every reference-frame field at its documented offset', () => {
    const { result, layout } = decodeWithLayout(pump, hexToBytes(REFERENCE_FRAME_HEX));
    expect(result.ok).toBe(true);
    const at = (path: string) => layout.find((l) => l.path === path);
    expect(at('sync')).toMatchObject({ offset: 0, length: 2, type: 'bytes', value: 'AA55' });
    expect(at('unix_time')).toMatchObject({ offset: 6, length: 4, type: 'u32' });
    expect(at('suction_pressure')).toMatchObject({ offset: 10, length: 2, value: -0.35 });
    expect(at('flow_rate')).toMatchObject({ offset: 26, length: 4, type: 'f32', value: 312.5 });
    expect(at('status')).toMatchObject({ offset: 42, length: 2, type: 'flags', depth: 0 });
    expect(at('status.remote_mode')).toMatchObject({ offset: 42, length: 2, bitOffset: 2, bitWidth: 1, value: true, depth: 1 });
    expect(at('reserved')).toMatchObject({ offset: 44, length: 18, type: 'padding' });
    expect(at('crc')).toMatchObject({ offset: 62, length: 2, type: 'checksum', value: 0x1e3e });
  });

  it('top-level entries cover the frame exactly, without overlaps', () => {
    const { layout } = decodeWithLayout(pump, hexToBytes(REFERENCE_FRAME_HEX));
    let next = 0;
    for (const entry of layout.filter((l) => l.depth === 0)) {
      expect(entry.offset).toBe(next);
      next = entry.offset + entry.length;
    }
    expect(next).toBe(64);
  });

  it('lays out nested structs, arrays and switches (rtu-multi telemetry)', () => {
    const { result, layout } = decodeWithLayout(rtu, hexToBytes(rtu.testVectors![0]!.hex));
    expect(result.ok).toBe(true);
    expect(layout.find((l) => l.path === 'body')).toMatchObject({ type: 'switch', offset: 7, length: 26 });
    expect(layout.find((l) => l.path === 'body.channels')).toMatchObject({ type: 'array', offset: 12, length: 21 });
    expect(layout.find((l) => l.path === 'body.channels[2]')).toMatchObject({ type: 'struct', offset: 26, length: 7, depth: 2 });
    expect(layout.find((l) => l.path === 'body.channels[2].value')).toMatchObject({ offset: 28, length: 4, value: 312.5 });
    expect(layout.find((l) => l.path === 'body.channels[2].quality.source')).toMatchObject({ offset: 32, bitOffset: 2, bitWidth: 2, value: 'calculated' });
  });

  it('still lays out a frame whose checksum is wrong, and keeps the fields before an error', () => {
    const bad = hexToBytes(REFERENCE_FRAME_HEX);
    bad[63] = bad[63]! ^ 0xff;
    const corrupted = decodeWithLayout(pump, bad);
    expect(corrupted.result).toMatchObject({ ok: false, error: { code: 'BAD_CHECKSUM' } });
    expect(corrupted.layout.filter((l) => l.depth === 0)).toHaveLength(20);
    const truncated = decodeWithLayout(rtu, hexToBytes(rtu.testVectors![1]!.hex).subarray(0, 20));
    expect(truncated.result.ok).toBe(false);
  });

  it('for random schemas, top-level entries of a valid frame are contiguous from byte 0', () => {
    fc.assert(
      fc.property(schemaArb, fc.nat(), (schema, seed) => {
        const encoded = interpretEncode(schema, randomValues(planFor(schema), seed));
        if (!encoded.ok) return;
        const { result, layout } = decodeWithLayout(schema, encoded.bytes);
        expect(result.ok).toBe(true);
        let next = 0;
        for (const entry of layout.filter((l) => l.depth === 0)) {
          expect(entry.offset).toBe(next);
          next += entry.length;
        }
        const delimiter = schema.framing?.kind === 'delimiter' ? hexToBytes(schema.framing.delimiter).length : 0;
        expect(next).toBe(encoded.bytes.length - delimiter);
        for (const entry of layout) expect(entry.offset + entry.length).toBeLessThanOrEqual(encoded.bytes.length);
      }),
      { seed: 31, numRuns: 200 },
    );
  });
});
