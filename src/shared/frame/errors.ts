import { CHECKSUMS } from './checksums';
import type { DecodeErrorCode, DecodeFailure, EncodeError, EncodeErrorCode } from './result';
import type { ChecksumAlgorithm } from './schema';

/*
 * Constructors of every decode and encode failure. The interpreter and the compiled decoders
 * both call these (the compiler passes them into generated code), so messages are identical and
 * differential tests can compare whole results.
 */

function fail(code: DecodeErrorCode, message: string, path: string, offset: number): DecodeFailure {
  return { ok: false, error: { code, message, path, offset } };
}

function hex(value: number, digits: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(digits, '0');
}

function label(path: string): string {
  return path === '' ? 'frame' : `'${path}'`;
}

/** The frame (or its declared length) ends before `need` bytes. */
export function errFrameTooShort(have: number, need: number): DecodeFailure {
  return fail('TRUNCATED', `frame has ${have} bytes, needs ${need}`, '', have);
}

/** The frame is longer than its fixed or declared length (or maxLength). */
export function errFrameTooLong(have: number, limit: number): DecodeFailure {
  return fail('BAD_LENGTH', `frame has ${have} bytes, expected ${limit}`, '', limit);
}

/** A length field value that cannot describe a valid frame. */
export function errLengthField(offset: number, value: number, total: number, reason: string): DecodeFailure {
  return fail('BAD_LENGTH', `length field is ${value} (frame length ${total}): ${reason}`, '', offset);
}

export function errBadSync(offset: number, expected: number, actual: number): DecodeFailure {
  return fail('BAD_SYNC', `sync byte at ${offset} is ${hex(actual, 2)}, expected ${hex(expected, 2)}`, '', offset);
}

export function errDelimiter(offset: number): DecodeFailure {
  return fail('BAD_DELIMITER', 'frame does not end with the delimiter', '', offset);
}

export function errChecksum(path: string, offset: number, algorithm: ChecksumAlgorithm, stored: number, computed: number, from: number, to: number): DecodeFailure {
  const info = CHECKSUMS[algorithm];
  const digits = info.width * 2;
  return fail(
    'BAD_CHECKSUM',
    `${info.title} over bytes ${from}..${to - 1} is ${hex(computed, digits)}, frame stores ${hex(stored, digits)}`,
    path,
    offset,
  );
}

/** A field starting at `offset` does not fit before `end`. */
export function errTruncated(path: string, offset: number, end: number): DecodeFailure {
  return fail('TRUNCATED', `${label(path)} at byte ${offset} does not fit: data ends at byte ${end}`, path, offset);
}

export function errConst(path: string, offset: number, expected: number, actual: number): DecodeFailure {
  return fail('BAD_CONST', `${label(path)} is ${actual}, expected constant ${expected}`, path, offset);
}

export function errConstBytes(path: string, offset: number, expected: string, actual: string): DecodeFailure {
  return fail('BAD_CONST', `${label(path)} is ${actual}, expected constant ${expected}`, path, offset);
}

export function errEnum(path: string, offset: number, value: number): DecodeFailure {
  return fail('BAD_ENUM', `${label(path)} has value ${value}, which is not in the enum`, path, offset);
}

export function errString(path: string, offset: number, reason: string): DecodeFailure {
  return fail('BAD_STRING', `${label(path)}: ${reason}`, path, offset);
}

export function errBcd(path: string, offset: number, byte: number): DecodeFailure {
  return fail('BAD_BCD', `${label(path)}: byte ${hex(byte, 2)} at ${offset} is not BCD`, path, offset);
}

export function errCount(path: string, offset: number, count: number, max: number): DecodeFailure {
  return fail('BAD_COUNT', `${label(path)}: count ${count} is outside 0..${max}`, path, offset);
}

export function errSwitch(path: string, offset: number, value: number): DecodeFailure {
  return fail('SWITCH_NO_CASE', `${label(path)}: no case for value ${value}`, path, offset);
}

export function errTrailing(offset: number, end: number): DecodeFailure {
  return fail('TRAILING_BYTES', `${end - offset} bytes left after the last field`, '', offset);
}

/** Builds an encode failure. */
export function encodeError(code: EncodeErrorCode, path: string, message: string): { ok: false; error: EncodeError } {
  return { ok: false, error: { code, message: `${label(path)}: ${message}`, path } };
}

/** Joins a path prefix (`""` at the root, `readings[3]` in an array item) and a relative path. */
export function joinPath(prefix: string, rel: string): string {
  return prefix === '' ? rel : rel === '' ? prefix : `${prefix}.${rel}`;
}
