import type { ByteOrder } from './schema';

/*
 * Byte-order-aware reads and writes of one value at an offset. The interpreter uses them for
 * everything; compiled decoders inline the common cases and call these for the rare ones
 * (64-bit, word-swapped doubles, BCD). Callers guarantee the bytes are in range.
 */

/** Wire position of the k-th most significant byte of a `width`-byte value (see ByteOrder). */
export function wireIndex(order: ByteOrder, width: number, k: number): number {
  if (width === 1) return 0;
  const words = width >> 1;
  const word = k >> 1;
  const inWord = k & 1;
  switch (order) {
    case 'BE':
      return k;
    case 'LE':
      return width - 1 - k;
    case 'CDAB':
      return 2 * (words - 1 - word) + inWord;
    case 'BADC':
      return 2 * word + (1 - inWord);
  }
}

const PERMUTATIONS = new Map<string, number[]>();
function permutation(order: ByteOrder, width: number): number[] {
  const key = order + width;
  let perm = PERMUTATIONS.get(key);
  if (!perm) {
    perm = [];
    for (let k = 0; k < width; k++) perm.push(wireIndex(order, width, k));
    PERMUTATIONS.set(key, perm);
  }
  return perm;
}

// Values are gathered into big-endian order here, then read with DataView's big-endian getters.
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

function gather(bytes: Uint8Array, offset: number, width: number, order: ByteOrder): void {
  const perm = permutation(order, width);
  for (let k = 0; k < width; k++) scratch[k] = bytes[offset + perm[k]!]!;
}

function scatter(bytes: Uint8Array, offset: number, width: number, order: ByteOrder): void {
  const perm = permutation(order, width);
  for (let k = 0; k < width; k++) bytes[offset + perm[k]!] = scratch[k]!;
}

/** Unsigned integer of 1, 2 or 4 bytes. */
export function readUint(bytes: Uint8Array, offset: number, width: 1 | 2 | 4, order: ByteOrder): number {
  // Common cases without the scratch copy (the interpreter reads every field through here).
  if (width === 1) return bytes[offset]!;
  if (width === 2) {
    const hi = order === 'BE' || order === 'CDAB' ? bytes[offset]! : bytes[offset + 1]!;
    const lo = order === 'BE' || order === 'CDAB' ? bytes[offset + 1]! : bytes[offset]!;
    return (hi << 8) | lo;
  }
  if (order === 'BE') return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
  if (order === 'LE') return ((bytes[offset + 3]! << 24) | (bytes[offset + 2]! << 16) | (bytes[offset + 1]! << 8) | bytes[offset]!) >>> 0;
  gather(bytes, offset, 4, order); // word-swapped 32-bit
  return scratchView.getUint32(0);
}

/** Two's-complement integer of 1, 2 or 4 bytes. */
export function readInt(bytes: Uint8Array, offset: number, width: 1 | 2 | 4, order: ByteOrder): number {
  const u = readUint(bytes, offset, width, order);
  // Sign extension: shift the top bit of the width up to bit 31 and back.
  return width === 4 ? u | 0 : (u << (32 - width * 8)) >> (32 - width * 8);
}

/** IEEE 754 float of 4 or 8 bytes. */
export function readFloat(bytes: Uint8Array, offset: number, width: 4 | 8, order: ByteOrder): number {
  gather(bytes, offset, width, order);
  return width === 4 ? scratchView.getFloat32(0) : scratchView.getFloat64(0);
}

/**
 * 64-bit integer from its high and low 32-bit halves: a number when within ±(2^53−1), else a
 * bigint. (`hi * 2^32 + lo` is exact whenever the true value is safe, and never rounds into the
 * safe range when it is not.)
 */
export function combine64(hi: number, lo: number): number | bigint {
  const n = hi * 4294967296 + lo;
  return Number.isSafeInteger(n) ? n : (BigInt(hi) << 32n) | BigInt(lo);
}

/** 64-bit integer, signed or not. */
export function readInt64(bytes: Uint8Array, offset: number, signed: boolean, order: ByteOrder): number | bigint {
  gather(bytes, offset, 8, order);
  const hi = signed ? scratchView.getInt32(0) : scratchView.getUint32(0);
  return combine64(hi, scratchView.getUint32(4));
}

/** Writes an integer of 1, 2 or 4 bytes; the caller has range-checked it (either signedness). */
export function writeInt(bytes: Uint8Array, offset: number, width: 1 | 2 | 4, order: ByteOrder, value: number): void {
  if (width === 1) scratch[0] = value & 0xff;
  else if (width === 2) scratchView.setUint16(0, value & 0xffff);
  else scratchView.setUint32(0, value >>> 0);
  scatter(bytes, offset, width, order);
}

/** Writes an IEEE 754 float of 4 or 8 bytes. */
export function writeFloat(bytes: Uint8Array, offset: number, width: 4 | 8, order: ByteOrder, value: number): void {
  if (width === 4) scratchView.setFloat32(0, value);
  else scratchView.setFloat64(0, value);
  scatter(bytes, offset, width, order);
}

/** Writes a 64-bit integer given as bigint (already range-checked, either signedness). */
export function writeInt64(bytes: Uint8Array, offset: number, order: ByteOrder, value: bigint): void {
  scratchView.setBigUint64(0, BigInt.asUintN(64, value));
  scatter(bytes, offset, 8, order);
}

/**
 * Packed BCD of `length` bytes, most significant digit first (or reversed byte order). Returns
 * the value, or `-(1 + k)` where k is the offset (from `offset`) of the first byte with a nibble above 9.
 */
export function readBcd(bytes: Uint8Array, offset: number, length: number, reversed: boolean): number {
  let value = 0;
  for (let k = 0; k < length; k++) {
    const at = reversed ? length - 1 - k : k;
    const byte = bytes[offset + at]!;
    const hi = byte >>> 4;
    const lo = byte & 15;
    if (hi > 9 || lo > 9) return -(1 + at);
    value = value * 100 + hi * 10 + lo;
  }
  return value;
}

/** Writes a non-negative integer below 10^(2·length) as packed BCD. */
export function writeBcd(bytes: Uint8Array, offset: number, length: number, reversed: boolean, value: number): void {
  let v = value;
  for (let k = length - 1; k >= 0; k--) {
    const two = v % 100;
    v = (v - two) / 100;
    bytes[offset + (reversed ? length - 1 - k : k)] = ((two / 10) | 0) * 16 + (two % 10);
  }
}
