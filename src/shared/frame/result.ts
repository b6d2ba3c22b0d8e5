import type { ChecksumAlgorithm } from './schema';

/**
 * Why a frame could not be decoded. A closed union: the pipeline counts rejects per code.
 * - TRUNCATED: the frame ends before a field (or the declared length) is complete.
 * - BAD_SYNC: the sync bytes at offset 0 differ.
 * - BAD_LENGTH: the frame is longer than its fixed length, or its length field is out of bounds or
 *   shorter than the bytes received.
 * - BAD_DELIMITER: a delimiter-framed frame does not end with the delimiter.
 * - BAD_CHECKSUM: stored and computed checksum differ.
 * - BAD_CONST: a field with `const` holds another value.
 * - BAD_ENUM: a `strict` enum holds an unlisted value.
 * - BAD_STRING: text is not valid ascii/utf8, or a zero-terminated string has no terminator within maxLength.
 * - BAD_BCD: a BCD nibble is above 9.
 * - BAD_COUNT: an array count exceeds its maxCount.
 * - SWITCH_NO_CASE: no switch branch matches and there is no default.
 * - TRAILING_BYTES: bytes remain after the last field.
 */
export type DecodeErrorCode =
  | 'TRUNCATED'
  | 'BAD_SYNC'
  | 'BAD_LENGTH'
  | 'BAD_DELIMITER'
  | 'BAD_CHECKSUM'
  | 'BAD_CONST'
  | 'BAD_ENUM'
  | 'BAD_STRING'
  | 'BAD_BCD'
  | 'BAD_COUNT'
  | 'SWITCH_NO_CASE'
  | 'TRAILING_BYTES';

/** Every DecodeErrorCode, for exhaustive counters and UI legends. */
export const DECODE_ERROR_CODES: readonly DecodeErrorCode[] = [
  'TRUNCATED',
  'BAD_SYNC',
  'BAD_LENGTH',
  'BAD_DELIMITER',
  'BAD_CHECKSUM',
  'BAD_CONST',
  'BAD_ENUM',
  'BAD_STRING',
  'BAD_BCD',
  'BAD_COUNT',
  'SWITCH_NO_CASE',
  'TRAILING_BYTES',
];

/** A decode failure that points at bytes. */
export type DecodeError = {
  code: DecodeErrorCode;
  /** One line for people, with expected and actual values in hex where that helps. */
  message: string;
  /** Field path (`status.pump_running`, `readings[3].value`); `""` for the frame as a whole. */
  path: string;
  /** Byte offset in the frame where the problem is (0 ≤ offset ≤ frame length). */
  offset: number;
};

/** Decoded field values: numbers, bigints (64-bit beyond 2^53), strings, booleans, hex strings, nested objects and arrays. */
export type DecodedValue = number | bigint | string | boolean | DecodedFields | DecodedValue[];
/** The decoded object of one struct level. */
export type DecodedFields = { [name: string]: DecodedValue };

/** The stored checksum of a successfully decoded frame (it matched the computed one). */
export type ChecksumInfo = { algorithm: ChecksumAlgorithm; value: number };

/**
 * A successfully decoded frame. The pipeline wraps it with id, source and schema version.
 * `raw` (only when requested) maps field paths of scaled and enum fields to their raw integers.
 */
export type DecodedFrame = {
  ok: true;
  fields: DecodedFields;
  raw?: Record<string, number | bigint>;
  checksum?: ChecksumInfo;
  /** Bytes the frame occupied (its full length including sync, checksum and delimiter). */
  byteLength: number;
};

/** A failed decode. */
export type DecodeFailure = { ok: false; error: DecodeError };

/** Result of every decoder (compiled and interpreted): never thrown, always returned. */
export type DecodeResult = DecodedFrame | DecodeFailure;

/** Options both decoders accept. */
export type DecodeOptions = {
  /** Also return raw integers of scaled and enum fields in `raw` (slower; for diagnostics). */
  includeRaw?: boolean;
};

/**
 * Why values could not be encoded.
 * - MISSING_VALUE: a field has no value (and no const to fall back on).
 * - BAD_VALUE: wrong JS type, not finite, not an integer after scaling, or outside the storage range.
 * - BAD_ENUM: a label that is not in the enum (or an unknown raw value of a strict enum).
 * - BAD_STRING: text not encodable (non-ascii for ascii, lone surrogate, contains the pad byte, too long).
 * - COUNT_MISMATCH: array or bytes length differs from its fixed count or the referenced count field.
 * - SWITCH_NO_CASE: no branch matches the selector value.
 * - BAD_LENGTH: the encoded frame does not fit the framing (fixed length, maxLength, length field width).
 */
export type EncodeErrorCode =
  | 'MISSING_VALUE'
  | 'BAD_VALUE'
  | 'BAD_ENUM'
  | 'BAD_STRING'
  | 'COUNT_MISMATCH'
  | 'SWITCH_NO_CASE'
  | 'BAD_LENGTH';

/** An encode failure: which field and why. */
export type EncodeError = { code: EncodeErrorCode; message: string; path: string };

/** Result of every encoder: the frame bytes, or why not. */
export type EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: EncodeError };
