import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHECKSUMS, CHECKSUM_ALGORITHMS, computeChecksum, crc16Modbus } from './checksums';
import { crc16ModbusBitwise } from './testing/referenceFrame';

const CHECK_INPUT = new Uint8Array([...'123456789'].map((c) => c.charCodeAt(0)));

describe('checksums', () => {
  it.each(CHECKSUM_ALGORITHMS)('%s gives its catalogue check value for "123456789"', (algorithm) => {
    expect(computeChecksum(algorithm, CHECK_INPUT)).toBe(CHECKSUMS[algorithm].check);
  });

  it('has the standard check values', () => {
    expect(CHECKSUMS['crc16-modbus'].check).toBe(0x4b37);
    expect(CHECKSUMS['crc16-ccitt-false'].check).toBe(0x29b1);
    expect(CHECKSUMS['crc16-xmodem'].check).toBe(0x31c3);
    expect(CHECKSUMS.crc32.check).toBe(0xcbf43926);
    expect(CHECKSUMS.sum8.check).toBe(0xdd);
    expect(CHECKSUMS.xor8.check).toBe(0x31);
    expect(CHECKSUMS.lrc8.check).toBe(0x23);
  });

  it('computes over a sub-range only', () => {
    const padded = new Uint8Array([0xff, ...CHECK_INPUT, 0xee]);
    for (const algorithm of CHECKSUM_ALGORITHMS) expect(computeChecksum(algorithm, padded, 1, 10)).toBe(CHECKSUMS[algorithm].check);
  });

  it('table-driven CRC-16/MODBUS equals the bitwise one on any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc16Modbus(bytes) === crc16ModbusBitwise(bytes)), { seed: 1, numRuns: 500 });
  });

  it('appending the little-endian CRC-16/MODBUS gives residue 0', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), (bytes) => {
        const crc = crc16Modbus(bytes);
        return crc16Modbus(new Uint8Array([...bytes, crc & 0xff, crc >>> 8])) === 0;
      }),
      { seed: 2, numRuns: 200 },
    );
  });
});
