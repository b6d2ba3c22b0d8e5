import { describe, expect, it } from 'vitest';
import { compileSchema } from './compile';
import { hexToBytes } from './hex';
import { interpretDecode } from './interpret';
import { interpretEncode } from './interpretEncode';
import type { DecodedFields, DecodeResult, EncodeResult } from './result';
import type { FieldSpec, FrameSchema, Framing } from './schema';

type Codec = { decode: (b: Uint8Array) => DecodeResult; encode: (v: Record<string, unknown>) => EncodeResult };

function schemaOf(fields: FieldSpec[], extra: Partial<FrameSchema> = {}): FrameSchema {
  return { formatVersion: 1, name: 't', fields, ...extra };
}

/** Both implementations of a schema; every test below runs against each. */
const IMPLEMENTATIONS: [string, (s: FrameSchema) => Codec][] = [
  ['interpreter', (s) => ({ decode: (b) => interpretDecode(s, b), encode: (v) => interpretEncode(s, v) })],
  ['compiled', (s) => compileSchema(s)],
];

function fieldsOf(result: DecodeResult): DecodedFields {
  if (!result.ok) throw new Error(`${result.error.code} at ${result.error.path}: ${result.error.message}`);
  return result.fields;
}

function errorOf(result: DecodeResult) {
  if (result.ok) throw new Error(`expected an error, decoded ${JSON.stringify(result.fields)}`);
  return result.error;
}

function bytesOf(result: EncodeResult): string {
  if (!result.ok) throw new Error(`${result.error.code} at ${result.error.path}: ${result.error.message}`);
  return Buffer.from(result.bytes).toString('hex').toUpperCase();
}

describe.each(IMPLEMENTATIONS)('field types (%s)', (_name, make) => {
  it('reads 32-bit values in all four byte orders', () => {
    const c = make(
      schemaOf([
        { name: 'be', type: 'u32', byteOrder: 'BE' },
        { name: 'le', type: 'u32', byteOrder: 'LE' },
        { name: 'cdab', type: 'u32', byteOrder: 'CDAB' },
        { name: 'badc', type: 'u32', byteOrder: 'BADC' },
      ]),
    );
    const hex = '11223344' + '44332211' + '33441122' + '22114433';
    expect(fieldsOf(c.decode(hexToBytes(hex)))).toEqual({ be: 0x11223344, le: 0x11223344, cdab: 0x11223344, badc: 0x11223344 });
    expect(bytesOf(c.encode({ be: 0x11223344, le: 0x11223344, cdab: 0x11223344, badc: 0x11223344 }))).toBe(hex);
  });

  it('reads word-swapped floats and signed 32-bit values (Modbus register order)', () => {
    const c = make(
      schemaOf([
        { name: 'f', type: 'f32', byteOrder: 'CDAB' },
        { name: 'g', type: 'f32', byteOrder: 'BADC' },
        { name: 'i', type: 'i32', byteOrder: 'CDAB' },
        { name: 'd', type: 'f64', byteOrder: 'CDAB' },
      ]),
    );
    // 312.5 = 0x439C4000; -2 = 0xFFFFFFFE; 1.5 (f64) = 0x3FF8000000000000
    const hex = '4000439C' + '9C430040' + 'FFFEFFFF' + '0000000000003FF8';
    expect(fieldsOf(c.decode(hexToBytes(hex)))).toEqual({ f: 312.5, g: 312.5, i: -2, d: 1.5 });
  });

  it('treats CDAB as BE and BADC as LE for 16-bit values', () => {
    const c = make(schemaOf([{ name: 'a', type: 'u16', byteOrder: 'CDAB' }, { name: 'b', type: 'u16', byteOrder: 'BADC' }]));
    expect(fieldsOf(c.decode(hexToBytes('12341234')))).toEqual({ a: 0x1234, b: 0x3412 });
  });

  it('uses the schema default byte order', () => {
    const c = make(schemaOf([{ name: 'a', type: 'u16' }, { name: 'b', type: 'u16', byteOrder: 'BE' }], { byteOrder: 'LE' }));
    expect(fieldsOf(c.decode(hexToBytes('34121234')))).toEqual({ a: 0x1234, b: 0x1234 });
  });

  it('decodes 64-bit integers to numbers when safe and bigints otherwise', () => {
    const c = make(schemaOf([{ name: 'a', type: 'u64' }, { name: 'b', type: 'i64' }, { name: 'c', type: 'u64', byteOrder: 'LE' }, { name: 'd', type: 'i64', byteOrder: 'CDAB' }]));
    const r = fieldsOf(c.decode(hexToBytes('001FFFFFFFFFFFFF' + 'FFFFFFFFFFFFFFFF' + 'FFFFFFFFFFFFFFFF' + '0000000000008000')));
    expect(r).toEqual({ a: 2 ** 53 - 1, b: -1, c: 18446744073709551615n, d: -9223372036854775808n });
    expect(bytesOf(c.encode(r))).toBe('001FFFFFFFFFFFFF' + 'FFFFFFFFFFFFFFFF' + 'FFFFFFFFFFFFFFFF' + '0000000000008000');
  });

  it('scales with an exact divisor or a multiplier, then adds the offset', () => {
    const c = make(
      schemaOf([
        { name: 'p', type: 'i16', divisor: 100 },
        { name: 'm', type: 'u16', multiplier: 0.5, offset: -40 },
        { name: 'k', type: 'i16', divisor: 10, offset: 273.15 },
      ]),
    );
    const r = fieldsOf(c.decode(hexToBytes('FFDD' + '0064' + '00FA')));
    expect(r.p).toBe(-0.35);
    expect(r.m).toBe(10);
    expect(r.k).toBeCloseTo(298.15, 10);
    expect(bytesOf(c.encode(r))).toBe('FFDD006400FA');
  });

  it('decodes flags to booleans by bit number from the LSB, whatever the byte order', () => {
    const flags = [{ name: 'b0', bit: 0 }, { name: 'b9', bit: 9 }, { name: 'b15', bit: 15 }];
    const c = make(schemaOf([{ name: 'be', type: 'flags', storage: 'u16', flags }, { name: 'le', type: 'flags', storage: 'u16', byteOrder: 'LE', flags }, { name: 'w', type: 'flags', storage: 'u32', flags: [{ name: 'top', bit: 31 }] }]));
    const r = fieldsOf(c.decode(hexToBytes('8201' + '0182' + '80000000')));
    expect(r).toEqual({ be: { b0: true, b9: true, b15: true }, le: { b0: true, b9: true, b15: true }, w: { top: true } });
    expect(bytesOf(c.encode({ be: { b0: true, b9: true, b15: true }, le: { b0: true, b9: true, b15: true }, w: { top: true } }))).toBe('8201018280000000');
  });

  it('decodes bit fields at any offset and width, signed, labelled and scaled', () => {
    const c = make(
      schemaOf([
        {
          name: 'w',
          type: 'bitfield',
          storage: 'u16',
          members: [
            { name: 'mode', bitOffset: 0, bitWidth: 3, values: { '2': 'auto' } },
            { name: 'neg', bitOffset: 3, bitWidth: 5, kind: 'int' },
            { name: 'on', bitOffset: 8, bitWidth: 1, kind: 'bool' },
            { name: 'tenths', bitOffset: 9, bitWidth: 7, divisor: 10 },
          ],
        },
        { name: 'all', type: 'bitfield', storage: 'u32', members: [{ name: 'v', bitOffset: 0, bitWidth: 32, kind: 'int' }] },
      ]),
    );
    // mode=2, neg=-3 (0b11101), on=1, tenths=25 -> 0b0110011_1_11101_010 = 0x33EA
    const r = fieldsOf(c.decode(hexToBytes('33EA' + 'FFFFFFFE')));
    expect(r).toEqual({ w: { mode: 'auto', neg: -3, on: true, tenths: 2.5 }, all: { v: -2 } });
    expect(bytesOf(c.encode(r))).toBe('33EAFFFFFFFE');
  });

  it('decodes enums to labels; unknown values stay numbers unless strict', () => {
    const c = make(schemaOf([{ name: 'a', type: 'enum', storage: 'u8', values: { '1': 'run' } }, { name: 'b', type: 'enum', storage: 'u16', values: { '1': 'run' } }]));
    expect(fieldsOf(c.decode(hexToBytes('010009')))).toEqual({ a: 'run', b: 9 });
    const strict = make(schemaOf([{ name: 'a', type: 'enum', storage: 'u8', strict: true, values: { '1': 'run' } }]));
    expect(errorOf(strict.decode(hexToBytes('05')))).toMatchObject({ code: 'BAD_ENUM', path: 'a', offset: 0 });
    expect(strict.encode({ a: 'walk' })).toMatchObject({ ok: false, error: { code: 'BAD_ENUM', path: 'a' } });
  });

  it('decodes packed BCD in both byte orders and rejects invalid nibbles', () => {
    const c = make(schemaOf([{ name: 'a', type: 'bcd', length: 3 }, { name: 'b', type: 'bcd', length: 2, byteOrder: 'LE', divisor: 10 }]));
    expect(fieldsOf(c.decode(hexToBytes('123456' + '3412')))).toEqual({ a: 123456, b: 123.4 });
    expect(errorOf(c.decode(hexToBytes('12345A' + '3412')))).toMatchObject({ code: 'BAD_BCD', path: 'a', offset: 2 });
  });

  it('decodes fixed, length-prefixed and zero-terminated strings', () => {
    const c = make(
      schemaOf([
        { name: 'nul', type: 'string', encoding: 'ascii', mode: 'fixed', length: 6 },
        { name: 'sp', type: 'string', encoding: 'ascii', mode: 'fixed', length: 4, pad: 'space' },
        { name: 'pre', type: 'string', encoding: 'utf8', mode: 'prefixed', prefix: 'u16', byteOrder: 'LE' },
        { name: 'z', type: 'string', encoding: 'utf8', mode: 'zero', maxLength: 10 },
      ]),
    );
    const hex = '414243000000' + '4F4B2020' + '0300' + 'C2B043' + '6D33C2B300';
    expect(fieldsOf(c.decode(hexToBytes(hex)))).toEqual({ nul: 'ABC', sp: 'OK', pre: '°C', z: 'm3³' });
    expect(bytesOf(c.encode({ nul: 'ABC', sp: 'OK', pre: '°C', z: 'm3³' }))).toBe(hex);
  });

  it('rejects invalid text with BAD_STRING and a missing terminator with BAD_STRING or TRUNCATED', () => {
    const ascii = make(schemaOf([{ name: 's', type: 'string', encoding: 'ascii', mode: 'fixed', length: 2 }]));
    expect(errorOf(ascii.decode(hexToBytes('41C3')))).toMatchObject({ code: 'BAD_STRING', path: 's' });
    const utf8 = make(schemaOf([{ name: 's', type: 'string', encoding: 'utf8', mode: 'prefixed', prefix: 'u8' }]));
    expect(errorOf(utf8.decode(hexToBytes('02C328')))).toMatchObject({ code: 'BAD_STRING' });
    expect(errorOf(utf8.decode(hexToBytes('05C3')))).toMatchObject({ code: 'TRUNCATED', path: 's', offset: 0 });
    const z = make(schemaOf([{ name: 's', type: 'string', encoding: 'ascii', mode: 'zero', maxLength: 3 }, { name: 'x', type: 'u8' }]));
    expect(errorOf(z.decode(hexToBytes('41424344')))).toMatchObject({ code: 'BAD_STRING', path: 's' });
    expect(errorOf(z.decode(hexToBytes('41')))).toMatchObject({ code: 'TRUNCATED', path: 's' });
    expect(ascii.encode({ s: 'é' })).toMatchObject({ ok: false, error: { code: 'BAD_STRING' } });
    expect(ascii.encode({ s: 'ABC' })).toMatchObject({ ok: false, error: { code: 'BAD_STRING' } });
  });

  it('decodes bytes of fixed, referenced and remaining length; checks constants', () => {
    const c = make(
      schemaOf([
        { name: 'magic', type: 'bytes', length: 2, const: 'CAFE' },
        { name: 'n', type: 'u8' },
        { name: 'data', type: 'bytes', lengthFrom: 'n' },
        { name: 'rest', type: 'bytes', untilEnd: true },
        { name: 'end', type: 'u8' },
      ]),
    );
    expect(fieldsOf(c.decode(hexToBytes('CAFE02AABB010203FF')))).toEqual({ magic: 'CAFE', n: 2, data: 'AABB', rest: '010203', end: 255 });
    expect(errorOf(c.decode(hexToBytes('CAFF02AABB01FF')))).toMatchObject({ code: 'BAD_CONST', path: 'magic', offset: 1 });
    expect(errorOf(c.decode(hexToBytes('CAFE09AABB')))).toMatchObject({ code: 'TRUNCATED', path: 'data', offset: 3 });
    // The count is derived from the data when left out.
    expect(bytesOf(c.encode({ data: 'AABB', rest: '0102', end: 1 }))).toBe('CAFE02AABB010201');
  });

  it('decodes arrays by fixed count, count field and until the end, with item paths in errors', () => {
    const c = make(
      schemaOf([
        { name: 'fixed', type: 'array', count: 2, items: { type: 'u8' } },
        { name: 'n', type: 'u8' },
        { name: 'readings', type: 'array', countFrom: 'n', items: { type: 'struct', fields: [{ name: 'ch', type: 'u8' }, { name: 'v', type: 'i16', divisor: 10 }] } },
        { name: 'tail', type: 'array', untilEnd: true, items: { type: 'u16' } },
        { name: 'crc', type: 'checksum', algorithm: 'sum8' },
      ]),
    );
    const ok = c.encode({ fixed: [1, 2], readings: [{ ch: 1, v: -1.5 }, { ch: 2, v: 20 }], tail: [7, 8] });
    const hex = bytesOf(ok);
    expect(hex.slice(0, 4 + 2 + 12 + 8)).toBe('0102' + '02' + '01FFF1' + '0200C8' + '0007' + '0008');
    expect(fieldsOf(c.decode(hexToBytes(hex)))).toMatchObject({ fixed: [1, 2], n: 2, readings: [{ ch: 1, v: -1.5 }, { ch: 2, v: 20 }], tail: [7, 8] });
    // Three readings announced, two present: the third item does not fit.
    const short = make(schemaOf([{ name: 'n', type: 'u8' }, { name: 'readings', type: 'array', countFrom: 'n', items: { type: 'struct', fields: [{ name: 'ch', type: 'u8' }, { name: 'v', type: 'i16' }] } }]));
    expect(errorOf(short.decode(hexToBytes('03' + '010001' + '020002' + '03')))).toMatchObject({ code: 'TRUNCATED', path: 'readings[2]', offset: 7 });
    const capped = make(schemaOf([{ name: 'n', type: 'u8' }, { name: 'a', type: 'array', countFrom: 'n', maxCount: 4, items: { type: 'u8' } }]));
    expect(errorOf(capped.decode(hexToBytes('0901020304050607080900')))).toMatchObject({ code: 'BAD_COUNT', path: 'a', offset: 1 });
  });

  it('switches on an earlier field (multi-message) and reports a missing case', () => {
    const c = make(
      schemaOf([
        { name: 'kind', type: 'enum', storage: 'u8', values: { '1': 'temp', '2': 'text' } },
        {
          name: 'body',
          type: 'switch',
          on: 'kind',
          cases: [
            { when: 1, fields: [{ name: 'celsius', type: 'i16', divisor: 10 }] },
            { when: [2, 3], fields: [{ name: 'msg', type: 'string', encoding: 'ascii', mode: 'prefixed', prefix: 'u8' }] },
          ],
        },
      ]),
    );
    expect(fieldsOf(c.decode(hexToBytes('0100EB')))).toEqual({ kind: 'temp', body: { celsius: 23.5 } });
    expect(fieldsOf(c.decode(hexToBytes('03024F4B')))).toEqual({ kind: 3, body: { msg: 'OK' } });
    expect(errorOf(c.decode(hexToBytes('0700')))).toMatchObject({ code: 'SWITCH_NO_CASE', path: 'body', offset: 1 });
    expect(bytesOf(c.encode({ kind: 'text', body: { msg: 'OK' } }))).toBe('02024F4B');
    expect(c.encode({ kind: 9, body: {} })).toMatchObject({ ok: false, error: { code: 'SWITCH_NO_CASE', path: 'body' } });
  });

  it('checks integer constants, trailing bytes and truncation inside structs', () => {
    const c = make(schemaOf([{ name: 'v', type: 'u8', const: 1 }, { name: 'hdr', type: 'struct', fields: [{ name: 'a', type: 'u16' }, { name: 'b', type: 'u32' }] }]));
    expect(errorOf(c.decode(hexToBytes('02000000000000')))).toMatchObject({ code: 'BAD_CONST', path: 'v', offset: 0 });
    expect(errorOf(c.decode(hexToBytes('0100000000000000')))).toMatchObject({ code: 'TRAILING_BYTES', offset: 7 });
    expect(errorOf(c.decode(hexToBytes('010000000000')))).toMatchObject({ code: 'TRUNCATED', path: 'hdr', offset: 1 });
    expect(errorOf(c.decode(hexToBytes('01')))).toMatchObject({ code: 'TRUNCATED', path: 'hdr', offset: 1 });
  });

  it('names the first member of a fixed-size run that does not fit', () => {
    const c = make(schemaOf([{ name: 'a', type: 'u16' }, { name: 'b', type: 'u32' }, { name: 'c', type: 'u8' }]));
    expect(errorOf(c.decode(hexToBytes('000011')))).toMatchObject({ code: 'TRUNCATED', path: 'b', offset: 2 });
    expect(errorOf(c.decode(hexToBytes('')))).toMatchObject({ code: 'TRUNCATED', path: 'a', offset: 0 });
  });

  it('encodes booleans, padding and reports bad values with their path', () => {
    const c = make(schemaOf([{ name: 'on', type: 'bool' }, { name: 'gap', type: 'padding', length: 2 }, { name: 'x', type: 'i8' }]));
    expect(bytesOf(c.encode({ on: true, x: -1 }))).toBe('010000FF');
    expect(fieldsOf(c.decode(hexToBytes('020000FF')))).toEqual({ on: true, x: -1 });
    expect(c.encode({ on: true, x: 200 })).toMatchObject({ ok: false, error: { code: 'BAD_VALUE', path: 'x' } });
    expect(c.encode({ on: true })).toMatchObject({ ok: false, error: { code: 'MISSING_VALUE', path: 'x' } });
    expect(c.encode({ on: 1, x: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_VALUE', path: 'on' } });
    expect(c.encode(null as never)).toMatchObject({ ok: false, error: { code: 'BAD_VALUE', path: '' } });
  });
});

describe.each(IMPLEMENTATIONS)('framing (%s)', (_name, make) => {
  const body: FieldSpec[] = [
    { name: 'sync', type: 'bytes', length: 1, const: 'A5' },
    { name: 'len', type: 'u8' },
    { name: 'payload', type: 'bytes', untilEnd: true },
    { name: 'crc', type: 'checksum', algorithm: 'crc16-modbus', byteOrder: 'LE' },
  ];
  const lengthFraming: Framing = { kind: 'length', sync: 'A5', length: { offset: 1, type: 'u8' }, counts: { from: 2, trailer: 2 }, maxLength: 40 };

  it('checks the length field exactly as declared', () => {
    const c = make(schemaOf(body, { framing: lengthFraming }));
    const frame = hexToBytes(bytesOf(c.encode({ payload: '010203' })));
    expect(frame[1]).toBe(3);
    expect(fieldsOf(c.decode(frame))).toMatchObject({ len: 3, payload: '010203' });
    expect(errorOf(c.decode(frame.subarray(0, frame.length - 1)))).toMatchObject({ code: 'TRUNCATED', offset: frame.length - 1 });
    expect(errorOf(c.decode(new Uint8Array([...frame, 0])))).toMatchObject({ code: 'BAD_LENGTH', offset: frame.length });
    const bomb = frame.slice();
    bomb[1] = 0xff;
    expect(errorOf(c.decode(bomb))).toMatchObject({ code: 'BAD_LENGTH', offset: 1 });
    expect(errorOf(c.decode(hexToBytes('A5')))).toMatchObject({ code: 'TRUNCATED', offset: 1 });
    expect(errorOf(c.decode(hexToBytes('B5030102030000')))).toMatchObject({ code: 'BAD_SYNC', offset: 0 });
  });

  it('verifies a trailing checksum before the fields, so corruption reads as BAD_CHECKSUM', () => {
    const c = make(schemaOf(body, { framing: lengthFraming }));
    const frame = hexToBytes(bytesOf(c.encode({ payload: '010203' })));
    frame[3] = frame[3]! ^ 0xff;
    expect(errorOf(c.decode(frame))).toMatchObject({ code: 'BAD_CHECKSUM', path: 'crc', offset: frame.length - 2 });
  });

  it('handles delimiter framing: fields end before the delimiter', () => {
    const c = make(schemaOf([{ name: 'text', type: 'bytes', untilEnd: true }], { framing: { kind: 'delimiter', delimiter: '0D0A', maxLength: 8 } }));
    expect(fieldsOf(c.decode(hexToBytes('41420D0A')))).toEqual({ text: '4142' });
    expect(errorOf(c.decode(hexToBytes('41420D')))).toMatchObject({ code: 'BAD_DELIMITER' });
    expect(errorOf(c.decode(hexToBytes('414243444546470D0A')))).toMatchObject({ code: 'BAD_LENGTH' });
    expect(bytesOf(c.encode({ text: '4142' }))).toBe('41420D0A');
    expect(c.encode({ text: '410D0A42' })).toMatchObject({ ok: false, error: { code: 'BAD_VALUE' } });
  });

  it('computes every checksum algorithm with its byte order on encode and verifies it on decode', () => {
    for (const [algorithm, byteOrder] of [['crc16-ccitt-false', 'BE'], ['crc16-xmodem', 'LE'], ['crc32', 'CDAB'], ['sum8', 'BE'], ['xor8', 'BE'], ['lrc8', 'BE']] as const) {
      const c = make(schemaOf([{ name: 'head', type: 'u8' }, { name: 'text', type: 'string', encoding: 'ascii', mode: 'fixed', length: 9 }, { name: 'cs', type: 'checksum', algorithm, byteOrder, from: 1 }]));
      const encoded = hexToBytes(bytesOf(c.encode({ head: 0xee, text: '123456789' })));
      const decoded = c.decode(encoded);
      const check = { 'crc16-ccitt-false': 0x29b1, 'crc16-xmodem': 0x31c3, crc32: 0xcbf43926, sum8: 0xdd, xor8: 0x31, lrc8: 0x23 }[algorithm];
      expect(fieldsOf(decoded).cs).toBe(check);
      expect(decoded).toMatchObject({ checksum: { algorithm, value: check } });
      encoded[3] = encoded[3]! ^ 1;
      expect(errorOf(c.decode(encoded))).toMatchObject({ code: 'BAD_CHECKSUM', path: 'cs' });
    }
  });

  it('writes the fixed length exactly and refuses values that do not fill it', () => {
    const c = make(schemaOf([{ name: 'a', type: 'u16' }, { name: 's', type: 'string', encoding: 'ascii', mode: 'prefixed', prefix: 'u8' }], { framing: { kind: 'fixed', length: 5 } }));
    expect(bytesOf(c.encode({ a: 1, s: 'AB' }))).toBe('0001024142');
    expect(c.encode({ a: 1, s: 'A' })).toMatchObject({ ok: false, error: { code: 'BAD_LENGTH' } });
  });
});
