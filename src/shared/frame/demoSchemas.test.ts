import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc16Modbus } from './checksums';
import { compileSchema } from './compile';
import { hexToBytes } from './hex';
import { interpretDecode } from './interpret';
import { checkRanges } from './ranges';
import type { FrameSchema } from './schema';
import { crc16ModbusBitwise } from './testing/referenceFrame';
import { runTestVectors } from './testVectors';
import { validateSchema } from './validate';

// Demo schemas are read as files (not imported) so no tsconfig has to list resources/.
const pumpJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8'));
const rtuJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/rtu-multi.json', import.meta.url), 'utf8'));

function load(json: unknown): FrameSchema {
  const v = validateSchema(json);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.schema;
}

describe.each([
  ['pump-telemetry.json', pumpJson],
  ['rtu-multi.json', rtuJson],
])('demo schema %s', (_file, json) => {
  const schema = load(json);

  it('passes all its test vectors with the interpreter and the compiled decoder', () => {
    const compiled = compileSchema(schema);
    for (const outcomes of [runTestVectors(schema), runTestVectors(schema, compiled.decode)]) {
      expect(outcomes.length).toBeGreaterThanOrEqual(3);
      for (const o of outcomes) expect(o.problems, o.name).toEqual([]);
    }
  });

  it('has sample frames whose CRC an independent bitwise CRC confirms', () => {
    for (const vector of schema.testVectors ?? []) {
      if (vector.expect.error && vector.expect.error.code !== 'BAD_ENUM') continue;
      const b = hexToBytes(vector.hex);
      expect(crc16ModbusBitwise(b, 0, b.length - 2), vector.name).toBe(b[b.length - 2]! | (b[b.length - 1]! << 8));
      expect(crc16Modbus(b, 0, b.length - 2)).toBe(crc16ModbusBitwise(b, 0, b.length - 2));
    }
  });

  it('documents every field', () => {
    const walk = (fields: { description?: string; name: string; type: string; fields?: unknown[] }[]) => {
      for (const f of fields) if (f.type !== 'switch') expect(f.description, f.name).toBeTruthy();
    };
    walk(schema.fields as never);
  });
});

describe('range checks', () => {
  it('reports values outside min/max without failing the decode', () => {
    const schema = load(pumpJson);
    const frame = hexToBytes(schema.testVectors![0]!.hex);
    const ok = interpretDecode(schema, frame);
    expect(ok.ok && checkRanges(schema, ok.fields)).toEqual([]);
    const hot = { ...(ok.ok ? ok.fields : {}), motor_temp: 180.5, suction_pressure: -2 };
    expect(checkRanges(schema, hot)).toEqual([
      { path: 'suction_pressure', value: -2, min: -1, max: 10, unit: 'bar' },
      { path: 'motor_temp', value: 180.5, min: -20, max: 155, unit: '°C' },
    ]);
  });

  it('follows switches to the chosen branch (rtu-multi status battery voltage)', () => {
    const schema = load(rtuJson);
    const status = interpretDecode(schema, hexToBytes(schema.testVectors![1]!.hex));
    if (!status.ok) throw new Error('decode failed');
    expect(checkRanges(schema, status.fields)).toEqual([]);
    const low = { ...status.fields, body: { ...(status.fields.body as object), battery_voltage: 10.9 } };
    expect(checkRanges(schema, low)).toEqual([{ path: 'body.battery_voltage', value: 10.9, min: 11.5, max: 14.8, unit: 'V' }]);
  });
});
