import type { ChecksumAlgorithm } from './schema';

/*
 * Table-driven checksums over bytes [start, end) of a buffer. Parameters follow the CRC
 * catalogue (reveng.sourceforge.io/crc-catalogue); each entry lists its check value, the result
 * for the ASCII bytes "123456789", which the tests assert.
 */

/** Builds the 256-entry table of a reflected (LSB-first) CRC. */
function reflectedTable(polyReflected: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ polyReflected : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** Builds the 256-entry table of a non-reflected (MSB-first) CRC-16. */
function msbFirstTable16(poly: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ poly) & 0xffff : (c << 1) & 0xffff;
    table[n] = c;
  }
  return table;
}

/** CRC-16/MODBUS table (poly 0x8005 reflected = 0xA001); exported for the compiled decoders. */
export const CRC16_MODBUS_TABLE: Uint32Array = reflectedTable(0xa001);
/** CRC-16 table for poly 0x1021, MSB first (CCITT-FALSE, XMODEM). */
export const CRC16_1021_TABLE: Uint16Array = msbFirstTable16(0x1021);
/** CRC-32 (ISO-HDLC) table, poly 0x04C11DB7 reflected = 0xEDB88320. */
export const CRC32_TABLE: Uint32Array = reflectedTable(0xedb88320);

/** CRC-16/MODBUS: init 0xFFFF, reflected, no final XOR. Check 0x4B37. */
export function crc16Modbus(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = CRC16_MODBUS_TABLE;
  let c = 0xffff;
  for (let i = start; i < end; i++) c = (c >>> 8) ^ t[(c ^ bytes[i]!) & 0xff]!;
  return c;
}

function crc16Msb1021(init: number, bytes: Uint8Array, start: number, end: number): number {
  const t = CRC16_1021_TABLE;
  let c = init;
  for (let i = start; i < end; i++) c = ((c << 8) & 0xffff) ^ t[((c >>> 8) ^ bytes[i]!) & 0xff]!;
  return c;
}

/** CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740): poly 0x1021, init 0xFFFF, not reflected. Check 0x29B1. */
export function crc16CcittFalse(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc16Msb1021(0xffff, bytes, start, end);
}

/** CRC-16/XMODEM: poly 0x1021, init 0x0000, not reflected. Check 0x31C3. */
export function crc16Xmodem(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc16Msb1021(0, bytes, start, end);
}

/** CRC-32 (ISO-HDLC, zlib, Ethernet): reflected, init and final XOR 0xFFFFFFFF. Check 0xCBF43926. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = CRC32_TABLE;
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (c >>> 8) ^ t[(c ^ bytes[i]!) & 0xff]!;
  return (c ^ 0xffffffff) >>> 0;
}

/** Arithmetic sum of the bytes modulo 256. Check 0xDD. */
export function sum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let s = 0;
  for (let i = start; i < end; i++) s += bytes[i]!;
  return s & 0xff;
}

/** XOR of the bytes. Check 0x31. */
export function xor8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** Longitudinal redundancy check as in Modbus ASCII: two's complement of the byte sum, modulo 256. Check 0x23. */
export function lrc8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return -sum8(bytes, start, end) & 0xff;
}

/** What the engine knows about each checksum algorithm. */
export type ChecksumInfoEntry = {
  /** Display name as in the CRC catalogue. */
  title: string;
  /** Stored size in bytes. */
  width: 1 | 2 | 4;
  /** Result for the ASCII bytes "123456789". */
  check: number;
  compute: (bytes: Uint8Array, start?: number, end?: number) => number;
};

/** The checksum catalogue, keyed by algorithm id. */
export const CHECKSUMS: Readonly<Record<ChecksumAlgorithm, ChecksumInfoEntry>> = {
  'crc16-modbus': { title: 'CRC-16/MODBUS', width: 2, check: 0x4b37, compute: crc16Modbus },
  'crc16-ccitt-false': { title: 'CRC-16/CCITT-FALSE', width: 2, check: 0x29b1, compute: crc16CcittFalse },
  'crc16-xmodem': { title: 'CRC-16/XMODEM', width: 2, check: 0x31c3, compute: crc16Xmodem },
  crc32: { title: 'CRC-32', width: 4, check: 0xcbf43926, compute: crc32 },
  sum8: { title: 'Sum-8 (modulo 256)', width: 1, check: 0xdd, compute: sum8 },
  xor8: { title: 'XOR-8', width: 1, check: 0x31, compute: xor8 },
  lrc8: { title: 'LRC (Modbus ASCII)', width: 1, check: 0x23, compute: lrc8 },
};

/** Every algorithm id, in catalogue order. */
export const CHECKSUM_ALGORITHMS = Object.keys(CHECKSUMS) as ChecksumAlgorithm[];

/** Computes `algorithm` over bytes [start, end). */
export function computeChecksum(algorithm: ChecksumAlgorithm, bytes: Uint8Array, start = 0, end = bytes.length): number {
  return CHECKSUMS[algorithm].compute(bytes, start, end);
}
