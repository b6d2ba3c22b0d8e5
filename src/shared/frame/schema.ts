/**
 * The FrameSchema document model (format version 1): what a binary frame looks like on the wire.
 *
 * A schema is plain JSON. Fields are laid out one after the other (a cursor walks the frame);
 * nested structs, arrays and switches nest that walk. The full prose reference with examples is
 * docs/formats/frame-schema.md; docs/formats/frame-schema.schema.json is the editor schema.
 * Runtime validation lives in ./validate (zod + semantic checks); these types are the contract.
 */

/** Current (and only) schema format version. Bumped only for incompatible changes. */
export const FRAME_SCHEMA_FORMAT_VERSION = 1 as const;

/**
 * Byte order of a multi-byte value, described by its 16-bit words:
 * - `BE`   (ABCD): words most significant first, bytes in a word most significant first.
 * - `LE`   (DCBA): words least significant first, bytes least significant first.
 * - `CDAB` (word swap, Modbus "little-endian word order"): words least significant first, bytes MS first.
 * - `BADC` (byte swap): words most significant first, bytes in a word least significant first.
 * For 16-bit values `CDAB` equals `BE` and `BADC` equals `LE`; single bytes ignore byte order.
 */
export type ByteOrder = 'BE' | 'LE' | 'CDAB' | 'BADC';

/** Fixed-width integers. 64-bit values decode to `number` when within ±(2^53−1), else to `bigint`. */
export type IntType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64';
/** IEEE 754 single and double precision. */
export type FloatType = 'f32' | 'f64';
/** Unsigned storage words for flags, bit fields and enums. */
export type WordType = 'u8' | 'u16' | 'u32';

/** Checksum algorithms the engine computes (see ./checksums for parameters and check values). */
export type ChecksumAlgorithm =
  | 'crc16-modbus'
  | 'crc16-ccitt-false'
  | 'crc16-xmodem'
  | 'crc32'
  | 'sum8'
  | 'xor8'
  | 'lrc8';

/**
 * A reference to an earlier field's raw integer value, by name. It resolves lexically: earlier
 * fields of the same struct first, then earlier fields of each enclosing struct. A bit-field
 * member is referenced as `"word.member"`.
 */
export type FieldRef = string;

/** Properties every field has. */
export type FieldBase = {
  /** Identifier (`[A-Za-z_][A-Za-z0-9_]*`, not `__proto__`/`constructor`/`prototype`); unique in its struct. */
  name: string;
  /** Free text for people: what the value means, where it comes from. */
  description?: string;
};

/**
 * Engineering conversion of a numeric raw value: `value = raw / divisor + offset` or
 * `value = raw * multiplier + offset` (divisor and multiplier are mutually exclusive). The
 * divisor exists because decimal divisors are exact where the multiplier is not
 * (−35 / 100 = −0.35 but −35 × 0.01 = −0.35000000000000003).
 */
export type Scaling = {
  /** Raw value is divided by this (non-zero, finite). */
  divisor?: number;
  /** Raw value is multiplied by this (non-zero, finite). */
  multiplier?: number;
  /** Added after divisor/multiplier, in engineering units. */
  offset?: number;
  /** Engineering unit label (`bar`, `m³/h`, `°C`); display only. */
  unit?: string;
  /** Lowest valid engineering value; outside [min, max] is a range violation, not a decode error. */
  min?: number;
  /** Highest valid engineering value. */
  max?: number;
};

/** Integer field. `const` (raw) makes any other value a BAD_CONST decode error. */
export type IntField = FieldBase &
  Scaling & {
    type: IntType;
    byteOrder?: ByteOrder;
    const?: number;
  };

/** Floating-point field. */
export type FloatField = FieldBase & Scaling & { type: FloatType; byteOrder?: ByteOrder };

/** One byte: 0 decodes to false, anything else to true (encodes as 0 / 1). */
export type BoolField = FieldBase & { type: 'bool' };

/** One named bit of a flags word. */
export type FlagBit = {
  name: string;
  /** Bit number, 0 = least significant bit of the word, whatever the byte order. */
  bit: number;
  description?: string;
};

/** A status word whose named bits decode to an object of booleans. Unnamed bits are ignored. */
export type FlagsField = FieldBase & {
  type: 'flags';
  storage: WordType;
  byteOrder?: ByteOrder;
  flags: FlagBit[];
};

/** One member of a bit field, `bitWidth` bits starting at `bitOffset` (0 = LSB of the word). */
export type BitfieldMember = Scaling & {
  name: string;
  bitOffset: number;
  bitWidth: number;
  /** `uint` (default), `int` (two's complement over bitWidth) or `bool` (bitWidth must be 1). */
  kind?: 'uint' | 'int' | 'bool';
  /** Optional labels for `uint` members (decimal value -> label); unknown values stay numbers. */
  values?: Record<string, string>;
  description?: string;
};

/** Bit fields of any offset and width packed in one storage word; decodes to an object. */
export type BitfieldField = FieldBase & {
  type: 'bitfield';
  storage: WordType;
  byteOrder?: ByteOrder;
  members: BitfieldMember[];
};

/**
 * Enumeration: an unsigned word decoded to a label. Keys of `values` are decimal raw values.
 * Unknown values decode to the raw number, or fail with BAD_ENUM when `strict` is true.
 */
export type EnumField = FieldBase & {
  type: 'enum';
  storage: WordType;
  byteOrder?: ByteOrder;
  values: Record<string, string>;
  strict?: boolean;
};

/**
 * Packed BCD, two decimal digits per byte, most significant digit first (`byteOrder: 'LE'`
 * reverses the byte order). At most 7 bytes (14 digits) so every value is an exact number.
 * A nibble above 9 is a BAD_BCD decode error.
 */
export type BcdField = FieldBase & Scaling & { type: 'bcd'; length: number; byteOrder?: 'BE' | 'LE' };

/** Text encodings. `ascii` rejects bytes above 0x7F; `utf8` rejects malformed sequences. */
export type TextEncoding = 'ascii' | 'utf8';

/**
 * Strings:
 * - `fixed`: exactly `length` bytes; with `pad: 'nul'` (default) the text ends at the first 0x00,
 *   with `pad: 'space'` trailing spaces are removed. The encoder pads with the pad byte.
 * - `prefixed`: an unsigned length prefix (byte count) followed by that many bytes.
 * - `zero`: bytes up to a 0x00 terminator; `maxLength` bounds the bytes including the terminator.
 */
export type StringField = FieldBase & { type: 'string'; encoding: TextEncoding } & (
    | { mode: 'fixed'; length: number; pad?: 'nul' | 'space' }
    | { mode: 'prefixed'; prefix: WordType; byteOrder?: ByteOrder; maxLength?: number }
    | { mode: 'zero'; maxLength: number }
  );

/**
 * Raw bytes, decoded to an upper-case hex string (`"AA55"`). Exactly one of `length`,
 * `lengthFrom` or `untilEnd`. `const` (hex) makes other contents a BAD_CONST error.
 */
export type BytesField = FieldBase & {
  type: 'bytes';
  length?: number;
  lengthFrom?: FieldRef;
  /** Take every remaining byte of the frame up to the fixed-size fields that follow. */
  untilEnd?: boolean;
  const?: string;
};

/** Reserved / padding bytes: skipped on decode (not in the output), written as zeros. */
export type PaddingField = FieldBase & { type: 'padding'; length: number };

/** An array element: any field except padding and checksum; its name is ignored. */
export type ItemSpec = DistributiveOmit<Exclude<ValueFieldSpec, ChecksumField>, 'name'> & { name?: string };

/**
 * Array with exactly one of `count` (fixed), `countFrom` (an earlier field) or `untilEnd`
 * (repeat up to the fixed-size fields that follow). `maxCount` (default 65535) bounds the
 * count; more is a BAD_COUNT error.
 */
export type ArrayField = FieldBase & {
  type: 'array';
  items: ItemSpec;
  count?: number;
  countFrom?: FieldRef;
  untilEnd?: boolean;
  maxCount?: number;
};

/** Nested group of fields, decoded to a nested object. */
export type StructField = FieldBase & { type: 'struct'; fields: FieldSpec[] };

/** One branch of a switch. */
export type SwitchCase = {
  /** Raw value(s) of the `on` field that select this branch. */
  when: number | number[];
  /** Display name of the branch (e.g. the message type); not part of the decoded output. */
  label?: string;
  fields: FieldSpec[];
};

/**
 * Multi-message protocols: the raw value of an earlier field selects which field list follows.
 * Decodes to an object holding the chosen branch's fields. No match and no `default` is a
 * SWITCH_NO_CASE error.
 */
export type SwitchField = FieldBase & {
  type: 'switch';
  on: FieldRef;
  cases: SwitchCase[];
  default?: { fields: FieldSpec[] };
};

/**
 * Checksum stored in the frame, computed over bytes [`from`, this field's offset). At most one
 * per schema, at the top level. Decodes to the stored value; a mismatch is BAD_CHECKSUM. The
 * encoder computes and writes it.
 */
export type ChecksumField = FieldBase & {
  type: 'checksum';
  algorithm: ChecksumAlgorithm;
  byteOrder?: ByteOrder;
  /** First covered byte, absolute offset in the frame (default 0). */
  from?: number;
};

/** Fields that produce a value in the decoded output (everything except padding). */
export type ValueFieldSpec =
  | IntField
  | FloatField
  | BoolField
  | FlagsField
  | BitfieldField
  | EnumField
  | BcdField
  | StringField
  | BytesField
  | ArrayField
  | StructField
  | SwitchField
  | ChecksumField;

/** Any field of a schema. */
export type FieldSpec = ValueFieldSpec | PaddingField;

/** The `type` discriminator of every field. */
export type FieldType = FieldSpec['type'];

/** Hex string of constant bytes, e.g. `"AA55"` (spaces and `0x` are tolerated). */
export type HexString = string;

/**
 * How frames are delimited on a stream, and what the decoder checks about a frame's extent.
 * `sync` bytes (hex), when given, must appear at offset 0 of every frame (BAD_SYNC otherwise).
 */
export type Framing =
  /** One frame per datagram (UDP): the whole buffer is the frame. */
  | { kind: 'datagram'; sync?: HexString }
  /** Every frame has exactly `length` bytes. */
  | { kind: 'fixed'; length: number; sync?: HexString }
  /**
   * A length field gives the frame's extent:
   * `frame length = counts.from + value + counts.trailer`, i.e. the value counts the bytes from
   * offset `counts.from` to the end of the frame, minus the last `counts.trailer` bytes
   * (e.g. a CRC the length does not include). `maxLength` bounds the frame (length-bomb guard).
   */
  | {
      kind: 'length';
      sync?: HexString;
      length: { offset: number; type: WordType; byteOrder?: ByteOrder };
      counts: { from: number; trailer?: number };
      maxLength: number;
    }
  /**
   * Frames end with `delimiter` (hex). The delimiter belongs to the frame's bytes but not to its
   * fields: fields describe the bytes before it. `maxLength` includes the delimiter.
   */
  | { kind: 'delimiter'; delimiter: HexString; sync?: HexString; maxLength: number };

/**
 * A sample frame with its expected decoding, run by schema management on save.
 * `expect.fields` is a partial deep match (numbers within 1e-9 relative); `expect.error`
 * expects a failure with that code (and path, when given).
 */
export type TestVector = {
  name: string;
  hex: HexString;
  expect: { fields?: Record<string, unknown>; error?: { code: string; path?: string } };
};

/** A frame schema document, format version 1. */
export type FrameSchema = {
  formatVersion: typeof FRAME_SCHEMA_FORMAT_VERSION;
  /** Identifier-like name (`pump-telemetry`); letters, digits, `-`, `_`, `.`. */
  name: string;
  title?: string;
  description?: string;
  /** Default byte order for fields that do not set one (default `BE`). */
  byteOrder?: ByteOrder;
  /** Default `{ kind: 'datagram' }`. */
  framing?: Framing;
  fields: FieldSpec[];
  testVectors?: TestVector[];
};

/** Omit that distributes over unions (plain Omit collapses a union to its common keys). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
