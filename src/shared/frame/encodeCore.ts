import { computeChecksum } from './checksums';
import { encodeError } from './errors';
import { parseHex } from './hex';
import { intRange, type FramePlan, type MemberPlan, type PlanNode, type Seq } from './plan';
import { writeBcd, writeFloat, writeInt, writeInt64 } from './primitives';
import type { EncodeResult } from './result';
import { fromEngineering } from './scaling';
import { encodeText } from './text';

/*
 * The pieces of encoding shared by the interpreted and the compiled encoder: a growable byte
 * writer, one function per leaf field (value checks, scaling, writing), and the framing
 * finish (sync, length field, delimiter, checksum). The two encoders differ only in how they
 * walk structs, arrays and switches.
 */

export type EncodeFailure = { ok: false; error: import('./result').EncodeError };

/** Growable output buffer. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;
  checksumAt = -1;

  constructor(initial: number) {
    this.bytes = new Uint8Array(Math.max(16, initial));
  }

  /**
   * Reserves n bytes at the end and returns their offset. It may replace `bytes`, so read
   * `w.bytes` only after calling it (never `f(w.bytes, w.reserve(n))`).
   */
  reserve(n: number): number {
    const at = this.length;
    if (at + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(at + n, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
    }
    this.length = at + n;
    return at;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Checks a container value is a plain object. */
export function expectObject(value: unknown, path: string): EncodeFailure | undefined {
  if (value === undefined) return encodeError('MISSING_VALUE', path, 'no value');
  return isObject(value) ? undefined : encodeError('BAD_VALUE', path, 'expected an object');
}

/** Checks an array value and its count; returns the failure or undefined. */
export function expectArray(node: Extract<PlanNode, { kind: 'array' }>, value: unknown, path: string, slots: number[]): EncodeFailure | undefined {
  if (value === undefined) return encodeError('MISSING_VALUE', path, 'no value');
  if (!Array.isArray(value)) return encodeError('BAD_VALUE', path, 'expected an array');
  if (value.length > node.maxCount) return encodeError('COUNT_MISMATCH', path, `${value.length} items, maxCount is ${node.maxCount}`);
  if (node.mode === 'fixed' && value.length !== node.count) return encodeError('COUNT_MISMATCH', path, `${value.length} items, expected ${node.count}`);
  if (node.mode === 'ref' && value.length !== slots[node.countSlot]) {
    return encodeError('COUNT_MISMATCH', path, `${value.length} items, but the count field says ${slots[node.countSlot]}`);
  }
  return undefined;
}

/** The element count a value implies (arrays, hex strings, byte arrays), for deriving count fields. */
export function impliedCount(value: unknown): number | undefined {
  if (Array.isArray(value) || value instanceof Uint8Array) return value.length;
  if (typeof value === 'string') {
    const parsed = parseHex(value);
    return parsed.ok ? parsed.bytes.length : undefined;
  }
  return undefined;
}

/**
 * Name of the sibling array/bytes field whose length a count field can be derived from, when
 * the caller leaves the count out.
 */
export function countConsumer(seq: Seq, node: PlanNode): string | undefined {
  if (node.slot < 0) return undefined;
  for (const other of seq.nodes) {
    if ((other.kind === 'array' && other.mode === 'ref' && other.countSlot === node.slot) || (other.kind === 'bytes' && other.mode === 'ref' && other.lengthSlot === node.slot)) {
      return other.name;
    }
  }
  return undefined;
}

function rawInteger(value: unknown, scale: import('./schema').Scaling | undefined, path: string): number | bigint | EncodeFailure {
  if (typeof value === 'bigint') {
    if (scale) return encodeError('BAD_VALUE', path, 'scaled fields take numbers, not bigint');
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return encodeError('BAD_VALUE', path, `expected a finite number, got ${describe(value)}`);
  return scale ? Math.round(fromEngineering(value, scale)) : value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

const isFailure = (v: unknown): v is EncodeFailure => typeof v === 'object' && v !== null && (v as EncodeFailure).ok === false;

function writeWord(w: ByteWriter, width: 1 | 2 | 4, order: import('./schema').ByteOrder, value: number): void {
  const at = w.reserve(width);
  writeInt(w.bytes, at, width, order, value);
}

function encodeMember(m: MemberPlan, value: unknown, path: string, slots: number[]): number | EncodeFailure {
  if (value === undefined) return encodeError('MISSING_VALUE', path, 'no value');
  let v: number;
  if (m.kind === 'bool') {
    if (typeof value !== 'boolean') return encodeError('BAD_VALUE', path, `expected a boolean, got ${describe(value)}`);
    v = value ? 1 : 0;
  } else if (m.labelValues && typeof value === 'string') {
    const known = m.labelValues.get(value);
    if (known === undefined) return encodeError('BAD_ENUM', path, `unknown label ${describe(value)}`);
    v = known;
  } else {
    const raw = rawInteger(value, m.scale, path);
    if (isFailure(raw)) return raw;
    v = Number(raw);
    const [lo, hi] = m.kind === 'int' ? [-(2 ** (m.bits - 1)), 2 ** (m.bits - 1) - 1] : [0, 2 ** m.bits - 1];
    if (!Number.isInteger(v) || v < lo || v > hi) return encodeError('BAD_VALUE', path, `${v} does not fit ${m.bits} ${m.kind === 'int' ? 'signed ' : ''}bits`);
  }
  if (m.slot >= 0) slots[m.slot] = v;
  // Two's complement over the member width, then moved into place.
  const field = m.bits === 32 ? v >>> 0 : (v & (2 ** m.bits - 1)) * 2 ** m.shift;
  return field;
}

/**
 * Encodes a leaf field (anything but struct, array, switch) at the end of the writer.
 * Returns a failure, or undefined on success.
 */
export function encodeLeaf(w: ByteWriter, node: PlanNode, value: unknown, path: string, slots: number[]): EncodeFailure | undefined {
  switch (node.kind) {
    case 'int': {
      if (value === undefined && node.constValue !== undefined) value = node.constValue;
      if (value === undefined) return encodeError('MISSING_VALUE', path, 'no value');
      const raw = rawInteger(value, node.scale, path);
      if (isFailure(raw)) return raw;
      if (node.width === 8) {
        if (typeof raw === 'number' && !Number.isInteger(raw)) return encodeError('BAD_VALUE', path, `${raw} is not an integer`);
        const big = BigInt(raw);
        const bits = 64n;
        const lo = node.signed ? -(1n << (bits - 1n)) : 0n;
        const hi = node.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
        if (big < lo || big > hi) return encodeError('BAD_VALUE', path, `${big} is outside ${node.signed ? 'i' : 'u'}64`);
        const at = w.reserve(8);
        writeInt64(w.bytes, at, node.order, big);
        return undefined;
      }
      const n = Number(raw);
      const [lo, hi] = intRange(node.width, node.signed);
      if (!Number.isInteger(n) || n < lo || n > hi) return encodeError('BAD_VALUE', path, `${n} is outside ${node.signed ? 'i' : 'u'}${node.width * 8} (${lo}..${hi})`);
      if (node.constValue !== undefined && n !== node.constValue) return encodeError('BAD_VALUE', path, `${n} differs from constant ${node.constValue}`);
      if (node.slot >= 0) slots[node.slot] = n;
      writeWord(w, node.width, node.order, n);
      return undefined;
    }
    case 'float': {
      if (value === undefined) return encodeError('MISSING_VALUE', path, 'no value');
      if (typeof value !== 'number') return encodeError('BAD_VALUE', path, `expected a number, got ${describe(value)}`);
      const at = w.reserve(node.width);
      writeFloat(w.bytes, at, node.width, node.order, node.scale ? fromEngineering(value, node.scale) : value);
      return undefined;
    }
    case 'bool':
      if (typeof value !== 'boolean') return encodeError(value === undefined ? 'MISSING_VALUE' : 'BAD_VALUE', path, `expected a boolean, got ${describe(value)}`);
      {
        const at = w.reserve(1);
        w.bytes[at] = value ? 1 : 0;
      }
      return undefined;
    case 'flags': {
      const bad = expectObject(value, path);
      if (bad) return bad;
      const obj = value as Record<string, unknown>;
      let word = 0;
      for (const f of node.flags) {
        const v = obj[f.name];
        if (v !== undefined && typeof v !== 'boolean') return encodeError('BAD_VALUE', `${path}.${f.name}`, `expected a boolean, got ${describe(v)}`);
        if (v) word += 2 ** f.bit;
      }
      writeWord(w, node.width, node.order, word);
      return undefined;
    }
    case 'bitfield': {
      const bad = expectObject(value, path);
      if (bad) return bad;
      const obj = value as Record<string, unknown>;
      let word = 0;
      for (const m of node.members) {
        const part = encodeMember(m, obj[m.name], `${path}.${m.name}`, slots);
        if (isFailure(part)) return part;
        word += part;
      }
      writeWord(w, node.width, node.order, word);
      return undefined;
    }
    case 'enum': {
      if (value === undefined) return encodeError('MISSING_VALUE', path, 'no value');
      let raw: number;
      if (typeof value === 'string') {
        const known = node.labelValues.get(value);
        if (known === undefined) return encodeError('BAD_ENUM', path, `unknown label ${describe(value)}`);
        raw = known;
      } else if (typeof value === 'number') {
        const [lo, hi] = intRange(node.width, false);
        if (!Number.isInteger(value) || value < lo || value > hi) return encodeError('BAD_VALUE', path, `${value} is outside ${lo}..${hi}`);
        if (node.strict && !node.labels.has(value)) return encodeError('BAD_ENUM', path, `${value} is not in the enum`);
        raw = value;
      } else return encodeError('BAD_VALUE', path, `expected a label or number, got ${describe(value)}`);
      if (node.slot >= 0) slots[node.slot] = raw;
      writeWord(w, node.width, node.order, raw);
      return undefined;
    }
    case 'bcd': {
      if (value === undefined) return encodeError('MISSING_VALUE', path, 'no value');
      const raw = rawInteger(value, node.scale, path);
      if (isFailure(raw)) return raw;
      const n = Number(raw);
      const max = 10 ** (2 * node.length) - 1;
      if (!Number.isInteger(n) || n < 0 || n > max) return encodeError('BAD_VALUE', path, `${n} is outside BCD range 0..${max}`);
      const at = w.reserve(node.length);
      writeBcd(w.bytes, at, node.length, node.reversed, n);
      return undefined;
    }
    case 'string':
      return encodeString(w, node, value, path);
    case 'bytes':
      return encodeBytes(w, node, value, path, slots);
    case 'padding':
      w.reserve(node.length); // zero-filled: buffers start zeroed and never shrink
      return undefined;
    case 'checksum':
      w.checksumAt = w.reserve(node.width);
      return undefined;
    default:
      return encodeError('BAD_VALUE', path, `${node.kind} is not a leaf`);
  }
}

function encodeString(w: ByteWriter, node: Extract<PlanNode, { kind: 'string' }>, value: unknown, path: string): EncodeFailure | undefined {
  if (value === undefined) return encodeError('MISSING_VALUE', path, 'no value');
  if (typeof value !== 'string') return encodeError('BAD_VALUE', path, `expected a string, got ${describe(value)}`);
  const text = encodeText(node.encoding, value);
  if (!text) return encodeError('BAD_STRING', path, `not representable in ${node.encoding}`);
  if (node.mode === 'fixed') {
    if (text.length > node.length) return encodeError('BAD_STRING', path, `${text.length} bytes, field holds ${node.length}`);
    if (node.pad === 'nul' && text.includes(0)) return encodeError('BAD_STRING', path, 'contains NUL, which ends the text');
    if (node.pad === 'space' && text[text.length - 1] === 0x20) return encodeError('BAD_STRING', path, 'ends with a space, which would be stripped');
    const at = w.reserve(node.length);
    w.bytes.set(text, at);
    if (node.pad === 'space') w.bytes.fill(0x20, at + text.length, at + node.length);
    return undefined;
  }
  if (node.mode === 'prefixed') {
    if (text.length > node.maxLength) return encodeError('BAD_STRING', path, `${text.length} bytes, maxLength is ${node.maxLength}`);
    writeWord(w, node.prefixWidth, node.prefixOrder, text.length);
    const at = w.reserve(text.length);
    w.bytes.set(text, at);
    return undefined;
  }
  if (text.includes(0)) return encodeError('BAD_STRING', path, 'contains NUL, which is the terminator');
  if (text.length + 1 > node.maxLength) return encodeError('BAD_STRING', path, `${text.length} bytes plus terminator exceed maxLength ${node.maxLength}`);
  const at = w.reserve(text.length + 1);
  w.bytes.set(text, at);
  return undefined;
}

function encodeBytes(w: ByteWriter, node: Extract<PlanNode, { kind: 'bytes' }>, value: unknown, path: string, slots: number[]): EncodeFailure | undefined {
  let bytes: Uint8Array;
  if (value === undefined && node.constBytes) bytes = node.constBytes;
  else if (value instanceof Uint8Array) bytes = value;
  else if (typeof value === 'string') {
    const parsed = parseHex(value);
    if (!parsed.ok) return encodeError('BAD_VALUE', path, parsed.message);
    bytes = parsed.bytes;
  } else return encodeError(value === undefined ? 'MISSING_VALUE' : 'BAD_VALUE', path, `expected hex text or bytes, got ${describe(value)}`);
  if (node.mode === 'fixed' && bytes.length !== node.length) return encodeError('COUNT_MISMATCH', path, `${bytes.length} bytes, expected ${node.length}`);
  if (node.mode === 'ref' && bytes.length !== slots[node.lengthSlot]) return encodeError('COUNT_MISMATCH', path, `${bytes.length} bytes, but the length field says ${slots[node.lengthSlot]}`);
  if (node.constBytes && bytes.some((b, i) => b !== node.constBytes![i])) return encodeError('BAD_VALUE', path, 'differs from the constant');
  const at = w.reserve(bytes.length);
  w.bytes.set(bytes, at);
  return undefined;
}

/** Applies framing (sync, length field, delimiter) and the checksum; returns the finished frame. */
export function finishFrame(plan: FramePlan, w: ByteWriter): EncodeResult {
  const f = plan.framing;
  if (f.sync) {
    if (w.length < f.sync.length) return encodeError('BAD_LENGTH', '', `frame of ${w.length} bytes is shorter than the sync`);
    w.bytes.set(f.sync, 0);
  }
  if (f.kind === 'fixed' && w.length !== f.fixedLength) return encodeError('BAD_LENGTH', '', `frame has ${w.length} bytes, fixed length is ${f.fixedLength}`);
  if (f.kind === 'length') {
    const value = w.length - f.countsFrom - f.trailer;
    const max = intRange(f.lengthWidth, false)[1];
    if (w.length > f.maxLength) return encodeError('BAD_LENGTH', '', `frame has ${w.length} bytes, maxLength is ${f.maxLength}`);
    if (value < 0 || value > max || f.lengthOffset + f.lengthWidth > w.length) return encodeError('BAD_LENGTH', '', `length value ${value} does not fit the length field`);
    writeInt(w.bytes, f.lengthOffset, f.lengthWidth, f.lengthOrder, value);
  }
  const cs = plan.checksum;
  if (cs && w.checksumAt >= 0) {
    const node = cs.node;
    writeInt(w.bytes, w.checksumAt, node.width, node.order, computeChecksum(node.algorithm, w.bytes, node.from, w.checksumAt));
  }
  if (f.kind === 'delimiter') {
    const d = f.delimiter!;
    // A body containing the delimiter would be split there by any stream reader.
    for (let i = 0; i + d.length <= w.length; i++) {
      let match = true;
      for (let k = 0; k < d.length && match; k++) match = w.bytes[i + k] === d[k];
      if (match) return encodeError('BAD_VALUE', '', `encoded frame contains the delimiter at byte ${i}`);
    }
    const at = w.reserve(d.length);
    w.bytes.set(d, at);
    if (w.length > f.maxLength) return encodeError('BAD_LENGTH', '', `frame has ${w.length} bytes, maxLength is ${f.maxLength}`);
  }
  return { ok: true, bytes: w.bytes.slice(0, w.length) };
}
