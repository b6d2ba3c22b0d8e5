import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes, parseHex } from './hex';

describe('hex', () => {
  it.each([
    ['AA55', [0xaa, 0x55]],
    ['aa 55 01', [0xaa, 0x55, 0x01]],
    ['0xAA, 0x55', [0xaa, 0x55]],
    ['{0xA, 0x5}', [0x0a, 0x05]],
    ['AA:55', [0xaa, 0x55]],
    ['AA-55\n01', [0xaa, 0x55, 0x01]],
    ['0xAA55', [0xaa, 0x55]],
    ['', []],
    ['  ', []],
  ])('parses %j', (text, bytes) => {
    expect([...hexToBytes(text)]).toEqual(bytes);
  });

  it.each(['ABC', 'GG', '0x', 'ABCDEF0F1', '0x1 0x2 0x345'])('rejects %j', (text) => {
    expect(parseHex(text).ok).toBe(false);
    expect(() => hexToBytes(text)).toThrow(RangeError);
  });

  it('formats upper case with an optional separator and range', () => {
    const bytes = new Uint8Array([0xaa, 0x05, 0xff]);
    expect(bytesToHex(bytes)).toBe('AA05FF');
    expect(bytesToHex(bytes, ' ')).toBe('AA 05 FF');
    expect(bytesToHex(bytes, '', 1, 3)).toBe('05FF');
  });

  it('round-trips hex and base64 for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(hexToBytes(bytesToHex(bytes, ' '))).toEqual(bytes);
        expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('matches known base64 and accepts the URL-safe alphabet without padding', () => {
    const text = new Uint8Array([...'foobar'].map((c) => c.charCodeAt(0)));
    expect(bytesToBase64(text.subarray(0, 4))).toBe('Zm9vYg==');
    expect(bytesToBase64(text)).toBe('Zm9vYmFy');
    expect([...base64ToBytes('Zm9vYg')]).toEqual([...text.subarray(0, 4)]);
    expect([...base64ToBytes('-_8=')]).toEqual([0xfb, 0xff]);
    expect(() => base64ToBytes('Zm9v!')).toThrow(RangeError);
  });
});
