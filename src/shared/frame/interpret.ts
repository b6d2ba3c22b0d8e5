import { computeChecksum } from './checksums';
import * as E from './errors';
import { bytesToHex } from './hex';
import type { ArrayNode, FramePlan, MemberPlan, PlanNode, Seq } from './plan';
import { readBcd, readFloat, readInt, readInt64, readUint } from './primitives';
import type { DecodedFields, DecodedValue, DecodeFailure, DecodeOptions, DecodeResult } from './result';
import { toEngineering } from './scaling';
import type { FieldType, FrameSchema } from './schema';
import { decodeFixedText, decodeText } from './text';
import { planFor } from './validate';

/*
 * The reference interpreter: walks the plan field by field. It defines the decoding semantics
 * (the compiled decoders are tested equal to it) and runs where code generation is not allowed
 * (the renderer's CSP forbids eval). It also records the layout for hex views.
 */

/** Where one field sits in the frame, for hex views. */
export type FieldLayout = {
  /** Field path (`status.pump_running`, `readings[2].value`). */
  path: string;
  type: FieldType | 'flag' | 'member';
  /** Nesting depth, 0 for top-level fields. */
  depth: number;
  /** First byte of the field in the frame. */
  offset: number;
  /** Bytes it occupies (for flags and bit-field members: the whole storage word). */
  length: number;
  /** Flags and bit-field members: first bit in the storage word, 0 = least significant. */
  bitOffset?: number;
  bitWidth?: number;
  /** Decoded value, for leaves. */
  value?: DecodedValue;
};

class Abort {
  constructor(readonly failure: DecodeFailure) {}
}

type State = {
  b: Uint8Array;
  p: number;
  bodyEnd: number;
  slots: number[];
  raw: Record<string, number | bigint> | undefined;
  layout: FieldLayout[] | undefined;
  verifyChecksum: boolean;
  checksumVerified: boolean;
  checksumValue: number;
};

function abort(failure: DecodeFailure): never {
  throw new Abort(failure);
}

function leaf(st: State, path: string, type: FieldLayout['type'], depth: number, offset: number, length: number, value: DecodedValue | undefined): void {
  if (!st.layout) return;
  const entry: FieldLayout = { path, type, depth, offset, length };
  if (value !== undefined) entry.value = value;
  st.layout.push(entry);
}

function decodeMember(st: State, m: MemberPlan, word: number, path: string): DecodedValue {
  const x = m.bits === 32 ? word >>> 0 : (word >>> m.shift) & (2 ** m.bits - 1);
  // Sign extension over the member's width (shift up to bit 31, arithmetic shift back).
  const v = m.kind === 'int' ? (m.bits === 32 ? word | 0 : (x << (32 - m.bits)) >> (32 - m.bits)) : x;
  if (m.slot >= 0) st.slots[m.slot] = v;
  if (m.kind === 'bool') return x !== 0;
  if (m.labels) {
    if (st.raw) st.raw[path] = v;
    return m.labels.get(v) ?? v;
  }
  if (m.scale) {
    if (st.raw) st.raw[path] = v;
    return toEngineering(v, m.scale);
  }
  return v;
}

/** Decodes one node at st.p. Fixed-size nodes rely on their group's bounds check; others check their own. */
function decodeNode(st: State, node: PlanNode, e: number, prefix: string, depth: number): DecodedValue | undefined {
  const b = st.b;
  const o = st.p;
  const path = E.joinPath(prefix, node.relPath);
  switch (node.kind) {
    case 'int': {
      const raw = node.width === 8 ? readInt64(b, o, node.signed, node.order) : node.signed ? readInt(b, o, node.width, node.order) : readUint(b, o, node.width, node.order);
      if (node.constValue !== undefined && raw !== node.constValue) abort(E.errConst(path, o, node.constValue, raw as number));
      if (node.slot >= 0) st.slots[node.slot] = raw as number;
      st.p = o + node.width;
      let v: DecodedValue = raw;
      if (node.scale) {
        if (st.raw) st.raw[path] = raw;
        v = toEngineering(raw, node.scale);
      }
      leaf(st, path, node.width === 8 ? (node.signed ? 'i64' : 'u64') : ((node.signed ? 'i' : 'u') + node.width * 8) as FieldType, depth, o, node.width, v);
      return v;
    }
    case 'float': {
      const raw = readFloat(b, o, node.width, node.order);
      st.p = o + node.width;
      let v = raw;
      if (node.scale) {
        if (st.raw) st.raw[path] = raw;
        v = toEngineering(raw, node.scale);
      }
      leaf(st, path, node.width === 4 ? 'f32' : 'f64', depth, o, node.width, v);
      return v;
    }
    case 'bool': {
      const v = b[o] !== 0;
      st.p = o + 1;
      leaf(st, path, 'bool', depth, o, 1, v);
      return v;
    }
    case 'flags': {
      const word = readUint(b, o, node.width, node.order);
      st.p = o + node.width;
      const out: DecodedFields = {};
      leaf(st, path, 'flags', depth, o, node.width, undefined);
      for (const f of node.flags) {
        const v = (word & (2 ** f.bit)) !== 0;
        out[f.name] = v;
        if (st.layout) st.layout.push({ path: E.joinPath(path, f.name), type: 'flag', depth: depth + 1, offset: o, length: node.width, bitOffset: f.bit, bitWidth: 1, value: v });
      }
      return out;
    }
    case 'bitfield': {
      const word = readUint(b, o, node.width, node.order);
      st.p = o + node.width;
      const out: DecodedFields = {};
      leaf(st, path, 'bitfield', depth, o, node.width, undefined);
      for (const m of node.members) {
        const mPath = E.joinPath(path, m.name);
        const v = decodeMember(st, m, word, mPath);
        out[m.name] = v;
        if (st.layout) st.layout.push({ path: mPath, type: 'member', depth: depth + 1, offset: o, length: node.width, bitOffset: m.shift, bitWidth: m.bits, value: v });
      }
      return out;
    }
    case 'enum': {
      const raw = readUint(b, o, node.width, node.order);
      const label = node.labels.get(raw);
      if (label === undefined && node.strict) abort(E.errEnum(path, o, raw));
      if (node.slot >= 0) st.slots[node.slot] = raw;
      if (st.raw) st.raw[path] = raw;
      st.p = o + node.width;
      const v = label ?? raw;
      leaf(st, path, 'enum', depth, o, node.width, v);
      return v;
    }
    case 'bcd': {
      const raw = readBcd(b, o, node.length, node.reversed);
      if (raw < 0) abort(E.errBcd(path, o - raw - 1, b[o - raw - 1]!));
      st.p = o + node.length;
      let v = raw;
      if (node.scale) {
        if (st.raw) st.raw[path] = raw;
        v = toEngineering(raw, node.scale);
      }
      leaf(st, path, 'bcd', depth, o, node.length, v);
      return v;
    }
    case 'string':
      return decodeString(st, node, e, path, depth);
    case 'bytes':
      return decodeBytes(st, node, e, path, depth);
    case 'padding':
      st.p = o + node.length;
      leaf(st, path, 'padding', depth, o, node.length, undefined);
      return undefined;
    case 'checksum': {
      const stored = readUint(b, o, node.width, node.order);
      if (st.verifyChecksum && !st.checksumVerified) {
        const computed = computeChecksum(node.algorithm, b, node.from, o);
        if (computed !== stored) abort(E.errChecksum(path, o, node.algorithm, stored, computed, node.from, o));
        st.checksumVerified = true;
      }
      st.checksumValue = stored;
      st.p = o + node.width;
      leaf(st, path, 'checksum', depth, o, node.width, stored);
      return stored;
    }
    case 'struct': {
      const at = st.layout ? st.layout.length : 0;
      leaf(st, path, 'struct', depth, o, 0, undefined);
      const v = decodeSeq(st, node.seq, e, prefix, depth + 1);
      if (st.layout) st.layout[at]!.length = st.p - o;
      return v;
    }
    case 'array':
      return decodeArray(st, node, e, path, depth);
    case 'switch': {
      const value = st.slots[node.onSlot]!;
      const chosen = node.cases.find((c) => c.values.includes(value))?.seq ?? node.defaultSeq;
      if (!chosen) abort(E.errSwitch(path, o, value));
      const at = st.layout ? st.layout.length : 0;
      leaf(st, path, 'switch', depth, o, 0, undefined);
      const v = decodeSeq(st, chosen, e, prefix, depth + 1);
      if (st.layout) st.layout[at]!.length = st.p - o;
      return v;
    }
  }
}

function decodeString(st: State, node: Extract<PlanNode, { kind: 'string' }>, e: number, path: string, depth: number): string {
  const b = st.b;
  const o = st.p;
  let start = o;
  let end: number;
  let next: number;
  if (node.mode === 'fixed') {
    const text = decodeFixedText(node.encoding, b, o, node.length, node.pad);
    if (text === undefined) abort(E.errString(path, o, `not valid ${node.encoding}`));
    st.p = o + node.length;
    leaf(st, path, 'string', depth, o, node.length, text);
    return text;
  } else if (node.mode === 'prefixed') {
    if (o + node.prefixWidth > e) abort(E.errTruncated(path, o, e));
    const len = readUint(b, o, node.prefixWidth, node.prefixOrder);
    if (len > node.maxLength) abort(E.errString(path, o, `length ${len} exceeds maxLength ${node.maxLength}`));
    start = o + node.prefixWidth;
    end = start + len;
    if (end > e) abort(E.errTruncated(path, o, e));
    next = end;
  } else {
    const scanEnd = Math.min(o + node.maxLength, e);
    end = o;
    while (end < scanEnd && b[end] !== 0) end++;
    if (end === scanEnd) {
      abort(o + node.maxLength > e ? E.errTruncated(path, o, e) : E.errString(path, o, `no terminator within ${node.maxLength} bytes`));
    }
    next = end + 1;
  }
  const text = decodeText(node.encoding, b, start, end);
  if (text === undefined) abort(E.errString(path, o, `not valid ${node.encoding}`));
  st.p = next;
  leaf(st, path, 'string', depth, o, next - o, text);
  return text;
}

function decodeBytes(st: State, node: Extract<PlanNode, { kind: 'bytes' }>, e: number, path: string, depth: number): string {
  const b = st.b;
  const o = st.p;
  let n = node.length;
  if (node.mode === 'ref') {
    n = st.slots[node.lengthSlot]!;
    if (n < 0) abort(E.errCount(path, o, n, e - o));
    if (o + n > e) abort(E.errTruncated(path, o, e));
  } else if (node.mode === 'untilEnd') {
    const limit = st.bodyEnd - node.tail;
    if (limit < o) abort(E.errTruncated(path, o, limit));
    n = limit - o;
  } else if (node.constBytes) {
    const c = node.constBytes;
    for (let i = 0; i < n; i++) {
      if (b[o + i] !== c[i]) abort(E.errConstBytes(path, o + i, bytesToHex(c), bytesToHex(b, '', o, o + n)));
    }
  }
  st.p = o + n;
  const v = bytesToHex(b, '', o, o + n);
  leaf(st, path, 'bytes', depth, o, n, v);
  return v;
}

function decodeItem(st: State, item: PlanNode, e: number, path: string, depth: number): DecodedValue {
  if (item.size !== undefined && st.p + item.size > e) abort(E.errTruncated(path, st.p, e));
  // Items have relPath "" so the item's own path is the prefix.
  return decodeNode(st, item, e, path, depth)!;
}

function decodeArray(st: State, node: ArrayNode, e: number, path: string, depth: number): DecodedValue[] {
  const o = st.p;
  const out: DecodedValue[] = [];
  const at = st.layout ? st.layout.length : 0;
  leaf(st, path, 'array', depth, o, 0, undefined);
  if (node.mode === 'untilEnd') {
    const limit = st.bodyEnd - node.tail;
    if (limit < o) abort(E.errTruncated(path, o, limit));
    while (st.p < limit) {
      if (out.length >= node.maxCount) abort(E.errCount(path, o, out.length + 1, node.maxCount));
      out.push(decodeItem(st, node.item, limit, `${path}[${out.length}]`, depth + 1));
    }
  } else {
    const count = node.mode === 'fixed' ? node.count : st.slots[node.countSlot]!;
    if (count < 0 || count > node.maxCount) abort(E.errCount(path, o, count, node.maxCount));
    for (let i = 0; i < count; i++) out.push(decodeItem(st, node.item, e, `${path}[${i}]`, depth + 1));
  }
  if (st.layout) st.layout[at]!.length = st.p - o;
  return out;
}

function decodeSeq(st: State, seq: Seq, e: number, prefix: string, depth: number): DecodedFields {
  const out: DecodedFields = {};
  for (const step of seq.steps) {
    if (step.kind === 'group') {
      if (st.p + step.size > e) {
        // Name the first member that does not fit.
        let i = 0;
        while (st.p + step.offsets[i]! + step.nodes[i]!.size! <= e) i++;
        abort(E.errTruncated(E.joinPath(prefix, step.nodes[i]!.relPath), st.p + step.offsets[i]!, e));
      }
      for (const node of step.nodes) {
        const v = decodeNode(st, node, e, prefix, depth);
        if (v !== undefined) out[node.name] = v;
      }
    } else {
      const v = decodeNode(st, step.node, e, prefix, depth);
      if (v !== undefined) out[step.node.name] = v;
    }
  }
  return out;
}

/** Checks sync and frame extent; returns the end of the field area (before any delimiter). */
export function checkFrameExtent(plan: FramePlan, b: Uint8Array): number | DecodeFailure {
  const n = b.length;
  const f = plan.framing;
  if (f.sync) {
    const s = f.sync;
    if (n < s.length) return E.errFrameTooShort(n, s.length);
    for (let i = 0; i < s.length; i++) if (b[i] !== s[i]) return E.errBadSync(i, s[i]!, b[i]!);
  }
  switch (f.kind) {
    case 'datagram':
      return n;
    case 'fixed':
      if (n < f.fixedLength) return E.errFrameTooShort(n, f.fixedLength);
      if (n > f.fixedLength) return E.errFrameTooLong(n, f.fixedLength);
      return n;
    case 'length': {
      const header = f.lengthOffset + f.lengthWidth;
      if (n < header) return E.errFrameTooShort(n, header);
      const value = readUint(b, f.lengthOffset, f.lengthWidth, f.lengthOrder);
      const total = f.countsFrom + value + f.trailer;
      if (total < header) return E.errLengthField(f.lengthOffset, value, total, `shorter than the header (${header} bytes)`);
      if (total > f.maxLength) return E.errLengthField(f.lengthOffset, value, total, `above maxLength ${f.maxLength}`);
      if (total > n) return E.errFrameTooShort(n, total);
      if (total < n) return E.errFrameTooLong(n, total);
      return n;
    }
    case 'delimiter': {
      const d = f.delimiter!;
      if (n > f.maxLength) return E.errFrameTooLong(n, f.maxLength);
      const at = n - d.length;
      if (at < 0) return E.errDelimiter(0);
      for (let i = 0; i < d.length; i++) if (b[at + i] !== d[i]) return E.errDelimiter(at);
      return at;
    }
  }
}

/** Walks a whole frame. With verifyChecksum false, a bad checksum is ignored (used to lay out corrupted frames). */
export function walkFrame(plan: FramePlan, b: Uint8Array, options: DecodeOptions, layout: FieldLayout[] | undefined, verifyChecksum = true): DecodeResult {
  const bodyEnd = checkFrameExtent(plan, b);
  if (typeof bodyEnd !== 'number') return bodyEnd;
  const st: State = {
    b,
    p: 0,
    bodyEnd,
    slots: new Array<number>(plan.slotCount).fill(0),
    raw: options.includeRaw ? {} : undefined,
    layout,
    verifyChecksum,
    checksumVerified: false,
    checksumValue: 0,
  };
  const cs = plan.checksum;
  if (cs && verifyChecksum && cs.placement.kind !== 'dynamic') {
    const node = cs.node;
    const at = cs.placement.kind === 'static' ? cs.placement.offset : bodyEnd - node.width;
    // Verified before the fields when its position is known, so corruption reports BAD_CHECKSUM.
    if (at >= node.from && at + node.width <= bodyEnd) {
      const stored = readUint(b, at, node.width, node.order);
      const computed = computeChecksum(node.algorithm, b, node.from, at);
      if (computed !== stored) return E.errChecksum(node.relPath, at, node.algorithm, stored, computed, node.from, at);
      st.checksumVerified = true;
    }
  }
  let fields: DecodedFields;
  try {
    fields = decodeSeq(st, plan.root, bodyEnd, '', 0);
  } catch (err) {
    if (err instanceof Abort) return err.failure;
    throw err;
  }
  if (st.p !== bodyEnd) return E.errTrailing(st.p, bodyEnd);
  const result: DecodeResult = { ok: true, fields, byteLength: b.length };
  if (st.raw) result.raw = st.raw;
  if (cs) result.checksum = { algorithm: cs.node.algorithm, value: st.checksumValue };
  return result;
}

/** Decodes one frame by walking the schema. Never throws for any bytes; throws FrameSchemaError for an invalid schema. */
export function interpretDecode(schema: FrameSchema, bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  return walkFrame(planFor(schema), bytes, options, undefined);
}
