import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSchema } from './compile';
import { hexToBytes } from './hex';
import { interpretDecode } from './interpret';
import { interpretEncode } from './interpretEncode';
import type { FrameSchema } from './schema';
import { createHandwrittenDecoder, REFERENCE_FRAME_HEX, referenceVariations } from './testing/referenceFrame';
import { validateSchema } from './validate';

// Demo schemas are read as files (not imported) so no tsconfig has to list resources/.
const schemaJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8'));

const validation = validateSchema(schemaJson);
if (!validation.ok) throw new Error(JSON.stringify(validation.issues));
const schema: FrameSchema = validation.schema;
const compiled = compileSchema(schema);
const frame = hexToBytes(REFERENCE_FRAME_HEX);

const EXPECTED = {
  sync: 'AA55',
  msg_type: 1,
  station_id: 7,
  seq: 4660,
  unix_time: 1735689600,
  suction_pressure: -0.35,
  discharge_pressure: 4.82,
  wet_well_level: 2.37,
  motor_current: 38.6,
  motor_voltage: 401.2,
  vfd_frequency: 47.5,
  motor_temp: 68.4,
  bearing_temp: 55.1,
  flow_rate: 312.5,
  active_power: 18.75,
  vibration_rms: 2.25,
  energy_today: 1234.5,
  status: {
    pump_running: true,
    pump_fault: false,
    remote_mode: true,
    high_level: true,
    low_level: false,
    over_temp: false,
    dry_run: false,
    door_open: false,
  },
  crc: 0x1e3e,
};

describe.each([
  ['interpreter', (b: Uint8Array) => interpretDecode(schema, b)],
  ['compiled', (b: Uint8Array) => compiled.decode(b)],
])('reference frame, %s', (_name, decode) => {
  it('decodes to exactly the documented values', () => {
    const result = decode(frame);
    expect(result).toEqual({ ok: true, fields: EXPECTED, checksum: { algorithm: 'crc16-modbus', value: 0x1e3e }, byteLength: 64 });
  });

  it('reads the CRC low byte first (0x1E3E from bytes 3E 1E)', () => {
    const result = decode(frame);
    expect(result.ok && result.fields.crc).toBe(0x1e3e);
  });

  it('rejects a flipped CRC byte with BAD_CHECKSUM at offset 62', () => {
    const bad = frame.slice();
    bad[63] = bad[63]! ^ 1;
    const result = decode(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code: 'BAD_CHECKSUM', path: 'crc', offset: 62 });
      expect(result.error.message).toContain('0x1E3E');
    }
  });

  it('rejects a corrupted payload byte with BAD_CHECKSUM', () => {
    const bad = frame.slice();
    bad[20] = bad[20]! ^ 0x40;
    expect(decode(bad)).toMatchObject({ ok: false, error: { code: 'BAD_CHECKSUM' } });
  });

  it('rejects a bad sync, a short and a long frame with specific codes', () => {
    const badSync = frame.slice();
    badSync[1] = 0x56;
    expect(decode(badSync)).toMatchObject({ ok: false, error: { code: 'BAD_SYNC', offset: 1, path: '' } });
    expect(decode(frame.subarray(0, 40))).toMatchObject({ ok: false, error: { code: 'TRUNCATED', offset: 40 } });
    expect(decode(new Uint8Array([...frame, 0]))).toMatchObject({ ok: false, error: { code: 'BAD_LENGTH', offset: 64 } });
    expect(decode(new Uint8Array(0))).toMatchObject({ ok: false, error: { code: 'TRUNCATED', offset: 0 } });
  });

  it('decodes a frame that is a view into a larger buffer (non-zero byteOffset, as Node Buffers are)', () => {
    const big = new Uint8Array(200);
    big.set(frame, 37);
    expect(decode(big.subarray(37, 37 + 64))).toMatchObject({ ok: true, fields: { suction_pressure: -0.35, crc: 0x1e3e } });
  });

  it('agrees with the hand-written decoder on 1024 variations', () => {
    const hand = createHandwrittenDecoder();
    for (const f of referenceVariations(1024)) {
      const result = decode(f);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.fields).toEqual(hand(f));
    }
  });
});

describe('reference frame encode', () => {
  it('encodes the documented values back to the exact example bytes', () => {
    const { crc: _crc, sync: _sync, ...values } = EXPECTED;
    for (const encode of [(v: Record<string, unknown>) => interpretEncode(schema, v), (v: Record<string, unknown>) => compiled.encode(v)]) {
      const result = encode(values);
      expect(result.ok).toBe(true);
      if (result.ok) expect([...result.bytes]).toEqual([...frame]);
    }
  });
});
