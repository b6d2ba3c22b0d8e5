import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, isValidUtf8 } from './encoding';
import { detectDialect, splitLine } from './dialect';
import { detectDecimal, isMissingToken, parseNumber } from './number';
import { detectTimeFormat, parseTimestamp } from './timestamp';
import { guessColumn, splitHeaderUnit, valueConverter } from './columns';
import { RowConverter } from './rows';

describe('parseNumber', () => {
  it('reads both decimal conventions and digit grouping', () => {
    expect(parseNumber('1234.5', '.')).toBe(1234.5);
    expect(parseNumber('1234,5', ',')).toBe(1234.5);
    expect(parseNumber('1,234.5', '.')).toBe(1234.5);
    expect(parseNumber('1.234,5', ',')).toBe(1234.5);
    expect(parseNumber('1 234,5', ',')).toBe(1234.5);
    expect(parseNumber("1'234.5", '.')).toBe(1234.5);
    expect(parseNumber(' -2.5e3 ', '.')).toBe(-2500);
    expect(parseNumber('.5', '.')).toBe(0.5);
  });
  it('rejects what is not a number in the convention', () => {
    for (const s of ['12.3.4', '1,2', 'abc', '0x10', 'Infinity', '', '1,23', '--5', '1e', '12,5']) expect(parseNumber(s, '.'), s).toBeNaN();
    for (const s of ['12,3,4', '1.5', '12.5']) expect(parseNumber(s, ','), s).toBeNaN();
  });
  it('property: a number written in either convention parses to the same value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (x) => {
        const dot = String(x);
        const comma = dot.replace('.', ',');
        const expected = x + 0; // String(-0) is '0'
        expect(parseNumber(dot, '.')).toBe(expected);
        expect(parseNumber(comma, ',')).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
  it('property: fixed-point text with grouping equals the plain value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 999 }), (int, frac) => {
        const grouped = int.toLocaleString('en-US');
        const f = String(frac).padStart(3, '0');
        const expected = Number(`${int}.${f}`);
        expect(parseNumber(`${grouped}.${f}`, '.')).toBe(expected);
        expect(parseNumber(`${grouped.replace(/,/g, '.')},${f}`, ',')).toBe(expected);
      }),
    );
  });
  it('property: any string never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), fc.constantFrom('.' as const, ',' as const), (s, d) => {
      const v = parseNumber(s, d);
      expect(typeof v).toBe('number');
    }));
  });
  it('knows missing-value tokens', () => {
    for (const s of ['', 'NA', 'n/a', 'NaN', ' null ', '-', '#N/A']) expect(isMissingToken(s), s).toBe(true);
    expect(isMissingToken('0')).toBe(false);
  });
  it('detects the decimal separator', () => {
    expect(detectDecimal(['12,5', '13,25', '1450']).decimal).toBe(',');
    expect(detectDecimal(['12.5', '13.25']).decimal).toBe('.');
    expect(detectDecimal(['1450', '1451']).ambiguous).toBe(true);
  });
});

describe('parseTimestamp', () => {
  it('reads the common formats', () => {
    const t = Date.UTC(2025, 0, 14, 8, 30, 5);
    expect(parseTimestamp('2025-01-14T08:30:05Z', 'iso')).toBe(t);
    expect(parseTimestamp('2025-01-14 08:30:05', 'iso')).toBe(t);
    expect(parseTimestamp('2025-01-14T09:30:05+01:00', 'iso')).toBe(t);
    expect(parseTimestamp('2025-01-14T08:30:05.250Z', 'iso')).toBe(t + 250);
    expect(parseTimestamp('14.01.2025 08:30:05', 'dmy')).toBe(t);
    expect(parseTimestamp('14/01/25 08:30:05', 'dmy')).toBe(t);
    expect(parseTimestamp('01/14/2025 8:30:05 AM', 'mdy')).toBe(t);
    expect(parseTimestamp('01/14/2025 8:30:05 PM', 'mdy')).toBe(t + 12 * 3600e3);
    expect(parseTimestamp('2025/01/14 08:30:05', 'ymd')).toBe(t);
    expect(parseTimestamp(String(t / 1000), 'epoch-s')).toBe(t);
    expect(parseTimestamp(String(t), 'epoch-ms')).toBe(t);
    expect(parseTimestamp('45671.3542245370', 'excel')).toBeCloseTo(t, -1);
  });
  it('rejects out-of-range fields instead of rolling over', () => {
    for (const s of ['2025-13-01 00:00:00', '2025-04-31', '2025-01-14 24:00:00', '2025-01-14 08:60:00', '2025-02-29']) expect(parseTimestamp(s, 'iso'), s).toBeNaN();
    expect(parseTimestamp('31.04.2025', 'dmy')).toBeNaN();
  });
  it('property: ISO text of any instant round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseTimestamp(iso, 'iso')).toBe(ms);
        expect(parseTimestamp(iso.replace('T', ' ').replace('Z', ''), 'iso')).toBe(ms);
        const d = new Date(ms);
        const p = (n: number) => String(n).padStart(2, '0');
        const dmy = `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
        expect(parseTimestamp(dmy, 'dmy')).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });
  it('property: random text never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('iso', 'dmy', 'mdy', 'ymd', 'epoch-s', 'epoch-ms', 'excel' as const), (s, f) => {
      expect(typeof parseTimestamp(s, f)).toBe('number');
    }));
  });
  it('detects formats, preferring day-first on ties', () => {
    expect(detectTimeFormat(['2025-01-14 08:00:00', '2025-01-14 08:00:01'])?.format).toBe('iso');
    expect(detectTimeFormat(['14.01.2025 08:00', '15.01.2025 08:00'])?.format).toBe('dmy');
    expect(detectTimeFormat(['01/14/2025 08:00', '01/15/2025 08:00'])?.format).toBe('mdy');
    expect(detectTimeFormat(['03/04/2025 08:00'])).toMatchObject({ format: 'dmy', ambiguous: true });
    expect(detectTimeFormat(['1736841600000'], true)?.format).toBe('epoch-ms');
    expect(detectTimeFormat(['1736841600'], true)?.format).toBe('epoch-s');
    expect(detectTimeFormat(['12.5'])).toBeUndefined();
  });
});

describe('encoding', () => {
  it('detects BOMs, UTF-16 without BOM, UTF-8 and Windows-1252', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).encoding).toBe('utf-8');
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0])).encoding).toBe('utf-16le');
    const le = new Uint8Array([...'Flow;Head\r\n12,5;30\r\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(detectEncoding(le).encoding).toBe('utf-16le');
    expect(detectEncoding(new TextEncoder().encode('Temperatur [°C];Förderhöhe')).encoding).toBe('utf-8');
    const cp = new Uint8Array([0x54, 0x20, 0x5b, 0xb0, 0x43, 0x5d, 0x80]); // "T [°C]€" in Windows-1252
    expect(detectEncoding(cp).encoding).toBe('windows-1252');
    expect(decodeText(cp, 'windows-1252')).toBe('T [°C]€');
    expect(decodeText(le, 'utf-16le')).toBe('Flow;Head\r\n12,5;30\r\n');
  });
  it('property: random bytes never throw and valid UTF-8 is recognised', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const guess = detectEncoding(bytes);
      expect(typeof decodeText(bytes, guess.encoding)).toBe('string');
    }));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
      expect(isValidUtf8(new TextEncoder().encode(s))).toBe(true);
    }));
  });
});

describe('dialect and columns', () => {
  it('detects a semicolon file with decimal commas and a preamble', () => {
    const lines = ['Logger: DL-200 SN 4711', '', 'Zeit;Durchfluss [m3/h];Druck [bar];Leistung [kW]', '14.01.2025 08:00:00;120,5;3,21;15,2', '14.01.2025 08:00:01;121,0;3,20;15,3', '14.01.2025 08:00:02;120,8;3,22;15,1'];
    const d = detectDialect(lines);
    expect(d).toMatchObject({ delimiter: ';', decimal: ',', headerRow: 3, firstDataRow: 4, columnCount: 4 });
  });
  it('detects a comma file without header', () => {
    const d = detectDialect(['2025-01-14 08:00:00,120.5,3.21', '2025-01-14 08:00:01,121.0,3.20', '2025-01-14 08:00:02,121.5,3.19']);
    expect(d).toMatchObject({ delimiter: ',', decimal: '.', headerRow: 0, columnCount: 3 });
  });
  it('splits quoted fields', () => {
    expect(splitLine('a,"b,c","d ""q"""', ',')).toEqual(['a', 'b,c', 'd "q"']);
  });
  it('reads units and quantities from headers', () => {
    expect(splitHeaderUnit('Flow [m3/h]')).toEqual({ name: 'Flow', unit: 'm3/h' });
    expect(splitHeaderUnit('P_out (psi)')).toEqual({ name: 'P_out', unit: 'psi' });
    expect(splitHeaderUnit('Q_m3h')).toEqual({ name: 'Q', unit: 'm3/h' });
    expect(guessColumn('Flow [L/s]', ['12.5'], '.')).toMatchObject({ quantity: 'flow', unit: 'L/s' });
    expect(guessColumn('Discharge pressure [kPa]', ['312'], '.')).toMatchObject({ quantity: 'pressure', unit: 'kPa' });
    expect(guessColumn('Timestamp', ['2025-01-14 08:00:00'], '.')).toMatchObject({ quantity: 'time', timeFormat: 'iso' });
    expect(guessColumn('Efficiency', ['0.71', '0.72'], '.')).toMatchObject({ quantity: 'efficiency', unit: 'fraction' });
    expect(guessColumn('Eff [%]', ['71'], '.')).toMatchObject({ quantity: 'efficiency', unit: '%' });
    expect(guessColumn('Speed', ['1480'], '.')).toMatchObject({ quantity: 'speed', unit: 'rpm' });
  });
  it('converts pressure to head for a density', () => {
    const c = valueConverter({ name: 'p', quantity: 'pressure', unit: 'bar', pressureAsHead: true }, 998.2);
    expect(c.ok && c.convert(1)).toBeCloseTo(1e5 / (998.2 * 9.80665), 10);
    const q = valueConverter({ name: 'q', quantity: 'flow', unit: 'L/s' }, 1000);
    expect(q.ok && q.convert(10)).toBeCloseTo(36, 12);
    expect(valueConverter({ name: 'q', quantity: 'flow', unit: 'bar' }, 1000).ok).toBe(false);
  });
});

describe('RowConverter', () => {
  const conv = () =>
    new RowConverter({
      mappings: [
        { sourceIndex: 0, include: true, key: 'time', name: 'Time', quantity: 'time', unit: '', timeFormat: 'iso' },
        { sourceIndex: 1, include: true, key: 'flow', name: 'Flow', quantity: 'flow', unit: 'L/s' },
        { sourceIndex: 2, include: true, key: 'head', name: 'P', quantity: 'pressure', unit: 'bar', pressureAsHead: true },
      ],
      headers: ['Time', 'Flow [L/s]', 'P [bar]'],
      decimal: '.',
      densityKgM3: 1000,
      zone: 'utc',
      expectedFields: 3,
    });
  it('converts valid rows and reports every reason of an invalid one', () => {
    const c = conv();
    expect(c.columns.map((x) => [x.key, x.quantity, x.unit])).toEqual([['time', 'time', 'ms'], ['flow', 'flow', 'm3/h'], ['head', 'head', 'm']]);
    const out = new Float64Array(3);
    expect(c.convert(['2025-01-14 08:00:00', '10', ''], out)).toBeUndefined();
    expect(out[1]).toBeCloseTo(36);
    expect(out[2]).toBeNaN();
    expect(c.convert(['2025-01-14 08:00:00', 'abc', '1.2.3'], out)).toEqual(["Flow: 'abc' is not a number (decimal '.')", "P: '1.2.3' is not a number (decimal '.')"]);
    expect(c.convert(['', '1', '1'], out)).toEqual(['Time: missing timestamp']);
    expect(c.convert(['x'], out)).toEqual(['expected 3 fields, found 1']);
  });
  it('property: arbitrary fields never throw', () => {
    const c = conv();
    const out = new Float64Array(3);
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.double(), fc.constant(null), fc.date()), { maxLength: 5 }), (fields) => {
      const r = c.convert(fields, out);
      expect(r === undefined || Array.isArray(r)).toBe(true);
    }));
  });
});
