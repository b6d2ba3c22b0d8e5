/*
 * Public API of the frame-schema engine. Import from here (`#shared/frame/index`); the other
 * modules are internal and may change.
 *
 * - validateSchema: untrusted JSON -> FrameSchema, or issues naming the field path.
 * - compileSchema: FrameSchema -> specialised decode/encode (core only; uses new Function).
 * - interpretDecode / interpretEncode / decodeWithLayout: the reference interpreter, safe under
 *   a strict CSP (renderer previews, hex views).
 * - createFramer: splits a TCP/serial byte stream into frames.
 */

export type {
  BitfieldField,
  BitfieldMember,
  ByteOrder,
  ChecksumAlgorithm,
  FieldSpec,
  FieldType,
  FrameSchema,
  Framing,
  ItemSpec,
  TestVector,
} from './schema';
export { FRAME_SCHEMA_FORMAT_VERSION } from './schema';
export type {
  ChecksumInfo,
  DecodedFields,
  DecodedFrame,
  DecodedValue,
  DecodeError,
  DecodeErrorCode,
  DecodeFailure,
  DecodeOptions,
  DecodeResult,
  EncodeError,
  EncodeErrorCode,
  EncodeResult,
} from './result';
export { DECODE_ERROR_CODES } from './result';
export type { SchemaIssue } from './plan';
export { FrameSchemaError, validateSchema, type SchemaValidation } from './validate';
export { frameSchemaJsonSchema } from './jsonSchema';
export { compileSchema, type CompiledCodec } from './compile';
export { interpretDecode } from './interpret';
export { interpretEncode } from './interpretEncode';
export { decodeWithLayout, type FieldLayout, type LayoutDecode } from './layout';
export { checkRanges, type RangeViolation } from './ranges';
export { runTestVectors, type TestVectorOutcome } from './testVectors';
export { createFramer, type FramerOptions, type FramerStats, type StreamFramer } from './framer';
export {
  CHECKSUMS,
  CHECKSUM_ALGORITHMS,
  computeChecksum,
  crc16CcittFalse,
  crc16Modbus,
  crc16Xmodem,
  crc32,
  lrc8,
  sum8,
  xor8,
} from './checksums';
export { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes, parseHex, type ParseHexResult } from './hex';
