import * as checksums from './checksums';
import { lit } from './codegen';
import { decoderBody } from './compileDecode';
import { encoderBody } from './compileEncode';
import * as D from './compileRuntime';
import * as encodeCore from './encodeCore';
import * as E from './errors';
import { bytesToHex } from './hex';
import * as P from './primitives';
import type { DecodedFields, DecodeOptions, DecodeResult, EncodeResult } from './result';
import type { FrameSchema } from './schema';
import { decodeFixedText, decodeText } from './text';
import { planFor } from './validate';

/*
 * Schema -> specialised decode/encode functions via `new Function`. For the core only: the
 * renderer's CSP forbids eval and uses the interpreter, which tests hold equal to this.
 * Generated code embeds user text only as JSON-escaped literals (see ./codegen `lit`).
 */

/** A schema compiled to specialised functions. */
export type CompiledCodec = {
  /** Decodes one frame. Never throws for any bytes. */
  decode: (bytes: Uint8Array, options?: DecodeOptions) => DecodeResult;
  /** Encodes values shaped like a decode's `fields`. Never throws for any values. */
  encode: (fields: DecodedFields | Record<string, unknown>) => EncodeResult;
  /** The generated JavaScript, for debugging and the designer's "show code". */
  source: string;
};

function equalBytes(b: Uint8Array, offset: number, expected: Uint8Array): boolean {
  for (let i = 0; i < expected.length; i++) if (b[offset + i] !== expected[i]) return false;
  return true;
}

// Helpers generated decoders reach through `X`, encoders through `Y`: plain functions, no shared state.
const decodeHelpers = {
  decodeFixedText,
  decodeText,
  bytesToHex,
  equalBytes,
  CRC16_MODBUS_TABLE: checksums.CRC16_MODBUS_TABLE,
  CRC16_1021_TABLE: checksums.CRC16_1021_TABLE,
  CRC32_TABLE: checksums.CRC32_TABLE,
  crc16Modbus: checksums.crc16Modbus,
  crc16CcittFalse: checksums.crc16CcittFalse,
  crc16Xmodem: checksums.crc16Xmodem,
  crc32: checksums.crc32,
  sum8: checksums.sum8,
  xor8: checksums.xor8,
  lrc8: checksums.lrc8,
};

const encodeHelpers = {
  ByteWriter: encodeCore.ByteWriter,
  expectObject: encodeCore.expectObject,
  expectArray: encodeCore.expectArray,
  encodeLeaf: encodeCore.encodeLeaf,
  impliedCount: encodeCore.impliedCount,
  finishFrame: encodeCore.finishFrame,
  encodeError: E.encodeError,
};

/**
 * Compiles a schema (validating it first; throws FrameSchemaError when invalid). Compile once
 * per schema version and reuse the functions: compilation costs far more than a decode.
 */
export function compileSchema(schema: FrameSchema): CompiledCodec {
  const plan = planFor(schema);
  const consts: unknown[] = [];
  const indent = (body: string) => body.replace(/^/gm, '  ');
  const source = [
    '"use strict";',
    `// Compiled frame schema ${lit(plan.schema.name)} (format version ${plan.schema.formatVersion}).`,
    'const T_MODBUS = X.CRC16_MODBUS_TABLE, T_1021 = X.CRC16_1021_TABLE, T_CRC32 = X.CRC32_TABLE;',
    'function decodeWithRaw(b) {',
    indent(decoderBody(plan, consts, true)),
    '}',
    'function decode(b, options) {',
    '  if (options !== undefined && options.includeRaw === true) return decodeWithRaw(b);',
    indent(decoderBody(plan, consts, false)),
    '}',
    'function encode(v) {',
    indent(encoderBody(plan, consts)),
    '}',
    'return { decode, encode };',
  ].join('\n');
  const factory = new Function('E', 'P', 'D', 'X', 'Y', 'K', source) as (...args: unknown[]) => Pick<CompiledCodec, 'decode' | 'encode'>;
  const { decode, encode } = factory(E, P, D, decodeHelpers, encodeHelpers, consts);
  return { decode, encode, source };
}
