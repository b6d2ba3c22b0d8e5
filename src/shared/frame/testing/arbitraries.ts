import fc from 'fast-check';
import { CHECKSUM_ALGORITHMS, CHECKSUMS } from '../checksums';
import { bytesToHex } from '../hex';
import type { FramePlan, PlanNode, Seq } from '../plan';
import { readBcd } from '../primitives';
import type { DecodedFields, DecodedValue } from '../result';
import { toEngineering } from '../scaling';
import type { ByteOrder, DistributiveOmit, FieldSpec, FrameSchema, ItemSpec, WordType } from '../schema';
import { mulberry32 } from './referenceFrame';

/*
 * Test-only generators: random valid schemas covering every field type, byte order, framing
 * and checksum, and random values for a schema shaped exactly like a decode's output. They
 * draw from a seeded PRNG (fast-check supplies the seed), so a failure is replayed by its seed.
 */

type Rnd = () => number;

const ORDERS: ByteOrder[] = ['BE', 'LE', 'CDAB', 'BADC'];
const WORDS: WordType[] = ['u8', 'u16', 'u32'];
const INTS = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64'] as const;

function int(rnd: Rnd, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}
function pick<T>(rnd: Rnd, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}
function chance(rnd: Rnd, p: number): boolean {
  return rnd() < p;
}

type GenCtx = { rnd: Rnd; names: number; depth: number };

function name(ctx: GenCtx): string {
  return `f${ctx.names++}`;
}

function maybeOrder(rnd: Rnd): { byteOrder?: ByteOrder } {
  return chance(rnd, 0.6) ? { byteOrder: pick(rnd, ORDERS) } : {};
}

function scaling(rnd: Rnd): Record<string, number> {
  const s: Record<string, number> = {};
  const r = rnd();
  if (r < 0.25) s.divisor = pick(rnd, [1, 10, 100, 1000]);
  else if (r < 0.4) s.multiplier = pick(rnd, [0.5, 0.1, 2, 0.001]);
  if (chance(rnd, 0.2)) s.offset = pick(rnd, [-40, 273.15, 0.5]);
  if (chance(rnd, 0.2)) {
    s.min = -100;
    s.max = 100;
  }
  return s;
}

function labels(rnd: Rnd, maxValue: number): Record<string, string> {
  const out: Record<string, string> = {};
  const n = int(rnd, 1, 4);
  for (let i = 0; i < n; i++) out[String(int(rnd, 0, Math.min(maxValue, 300)))] = `L${i}`;
  return out;
}

function leaf(ctx: GenCtx): DistributiveOmit<FieldSpec, 'name'> {
  const rnd = ctx.rnd;
  switch (int(rnd, 0, 10)) {
    case 0:
    case 1: {
      const type = pick(rnd, INTS);
      const wide = type === 'u64' || type === 'i64';
      return { type, ...maybeOrder(rnd), ...(wide ? {} : scaling(rnd)) } as DistributiveOmit<FieldSpec, 'name'>;
    }
    case 2:
      return { type: pick(rnd, ['f32', 'f64'] as const), ...maybeOrder(rnd) };
    case 3:
      return { type: 'bool' };
    case 4: {
      const storage = pick(rnd, WORDS);
      const bits = storage === 'u8' ? 8 : storage === 'u16' ? 16 : 32;
      const used = new Set<number>();
      const flags = Array.from({ length: int(rnd, 1, 5) }, (_, i) => {
        let bit = int(rnd, 0, bits - 1);
        while (used.has(bit)) bit = (bit + 1) % bits;
        used.add(bit);
        return { name: `g${i}`, bit };
      });
      return { type: 'flags', storage, ...maybeOrder(rnd), flags };
    }
    case 5: {
      const storage = pick(rnd, WORDS);
      const bits = storage === 'u8' ? 8 : storage === 'u16' ? 16 : 32;
      const members: Record<string, unknown>[] = [];
      let at = 0;
      while (at < bits && members.length < 5) {
        at += int(rnd, 0, 2);
        if (at >= bits) break;
        const width = chance(rnd, 0.15) && at === 0 ? bits : int(rnd, 1, Math.min(12, bits - at));
        const kind = width === 1 && chance(rnd, 0.5) ? 'bool' : pick(rnd, ['uint', 'int'] as const);
        const m: Record<string, unknown> = { name: `m${members.length}`, bitOffset: at, bitWidth: width, kind };
        if (kind === 'uint' && chance(rnd, 0.3)) m.values = labels(rnd, 2 ** width - 1);
        else if (kind !== 'bool' && chance(rnd, 0.3)) m.divisor = pick(rnd, [10, 100]);
        members.push(m);
        at += width;
      }
      if (members.length === 0) members.push({ name: 'm0', bitOffset: 0, bitWidth: 1, kind: 'bool' });
      return { type: 'bitfield', storage, ...maybeOrder(rnd), members } as DistributiveOmit<FieldSpec, 'name'>;
    }
    case 6: {
      const storage = pick(rnd, WORDS);
      return { type: 'enum', storage, ...maybeOrder(rnd), values: labels(rnd, 255), strict: chance(rnd, 0.3) };
    }
    case 7:
      return { type: 'bcd', length: int(rnd, 1, 7), ...(chance(rnd, 0.3) ? { byteOrder: pick(rnd, ['BE', 'LE'] as const) } : {}), ...(chance(rnd, 0.3) ? { divisor: 100 } : {}) };
    case 8: {
      const encoding = pick(rnd, ['ascii', 'utf8'] as const);
      const mode = pick(rnd, ['fixed', 'prefixed', 'zero'] as const);
      if (mode === 'fixed') return { type: 'string', encoding, mode, length: int(rnd, 1, 12), ...(chance(rnd, 0.4) ? { pad: pick(rnd, ['nul', 'space'] as const) } : {}) };
      if (mode === 'prefixed') return { type: 'string', encoding, mode, prefix: pick(rnd, WORDS), ...maybeOrder(rnd), ...(chance(rnd, 0.5) ? { maxLength: int(rnd, 0, 20) } : {}) };
      return { type: 'string', encoding, mode, maxLength: int(rnd, 1, 20) };
    }
    case 9: {
      const length = int(rnd, 1, 6);
      if (chance(rnd, 0.3)) {
        const c = new Uint8Array(length).map(() => int(rnd, 0, 255));
        return { type: 'bytes', length, const: bytesToHex(c) };
      }
      return { type: 'bytes', length };
    }
    default:
      return { type: 'padding', length: int(rnd, 1, 4) };
  }
}

function item(ctx: GenCtx): ItemSpec {
  if (ctx.depth < 3 && chance(ctx.rnd, 0.4)) {
    ctx.depth++;
    const fields = seq(ctx, 3);
    ctx.depth--;
    // Items must occupy at least one byte.
    return { type: 'struct', fields: [{ name: name(ctx), type: 'u8' }, ...fields] };
  }
  let spec = leaf(ctx);
  while (spec.type === 'padding') spec = leaf(ctx);
  return spec as ItemSpec;
}

/** A random list of fields (with unique names) for one struct level. */
function seq(ctx: GenCtx, maxFields: number): FieldSpec[] {
  const rnd = ctx.rnd;
  const out: FieldSpec[] = [];
  const n = int(rnd, 1, maxFields);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const nested = ctx.depth < 3;
    if (nested && r < 0.08) {
      ctx.depth++;
      out.push({ name: name(ctx), type: 'struct', fields: seq(ctx, 4) });
      ctx.depth--;
    } else if (nested && r < 0.16) {
      ctx.depth++;
      out.push({ name: name(ctx), type: 'array', count: int(rnd, 0, 3), items: item(ctx) });
      ctx.depth--;
    } else if (nested && r < 0.24) {
      const count = name(ctx);
      out.push({ name: count, type: pick(rnd, ['u8', 'u16'] as const), ...maybeOrder(rnd) });
      ctx.depth++;
      out.push({ name: name(ctx), type: 'array', countFrom: count, maxCount: 10, items: item(ctx) });
      ctx.depth--;
    } else if (r < 0.29) {
      const count = name(ctx);
      out.push({ name: count, type: 'u8' });
      out.push({ name: name(ctx), type: 'bytes', lengthFrom: count });
    } else if (nested && r < 0.37) {
      const selector = name(ctx);
      const asEnum = chance(rnd, 0.5);
      out.push(asEnum ? { name: selector, type: 'enum', storage: 'u8', values: { '1': 'one', '2': 'two', '7': 'seven' } } : { name: selector, type: pick(rnd, ['u8', 'u16'] as const), ...maybeOrder(rnd) });
      ctx.depth++;
      const cases = Array.from({ length: int(rnd, 1, 3) }, (_, k) => ({ when: k === 0 ? 1 : k === 1 ? [2, 3] : 7, fields: chance(rnd, 0.15) ? [] : seq(ctx, 3) }));
      out.push({ name: name(ctx), type: 'switch', on: selector, cases, ...(chance(rnd, 0.5) ? { default: { fields: seq(ctx, 2) } } : {}) });
      ctx.depth--;
    } else {
      out.push({ name: name(ctx), ...leaf(ctx) } as FieldSpec);
    }
  }
  return out;
}

/** A random valid schema; `seed` makes it reproducible. */
export function randomSchema(seed: number): FrameSchema {
  const rnd = mulberry32(seed);
  const ctx: GenCtx = { rnd, names: 0, depth: 0 };
  const fields = seq(ctx, 8);
  const tail = rnd();
  if (tail < 0.1) fields.push({ name: name(ctx), type: 'bytes', untilEnd: true });
  else if (tail < 0.2) fields.push({ name: name(ctx), type: 'array', untilEnd: true, maxCount: 40, items: { type: pick(rnd, ['u8', 'i16', 'f32'] as const) } });
  else if (tail < 0.3) {
    // A message-type switch whose unknown types keep their payload (as in rtu-multi.json).
    const selector = name(ctx);
    fields.push({ name: selector, type: 'u8' });
    fields.push({
      name: name(ctx),
      type: 'switch',
      on: selector,
      cases: [{ when: 1, fields: seq(ctx, 3) }],
      default: { fields: [{ name: name(ctx), type: 'u8' }, { name: name(ctx), type: 'bytes', untilEnd: true }] },
    });
  }
  const checksum = chance(rnd, 0.4);
  const schema: FrameSchema = { formatVersion: 1, name: `random-${seed}`, ...(chance(rnd, 0.5) ? { byteOrder: pick(rnd, ORDERS) } : {}), fields };
  const framing = rnd();
  const sync = chance(rnd, 0.5);
  if (framing < 0.3) {
    const lengthOrder = pick(rnd, ORDERS);
    const header: FieldSpec[] = [];
    if (sync) header.push({ name: 'sync', type: 'bytes', length: 2, const: 'A55A' });
    header.push({ name: 'len', type: 'u16', byteOrder: lengthOrder });
    schema.fields = [...header, ...fields];
    const lengthOffset = sync ? 2 : 0;
    schema.framing = {
      kind: 'length',
      ...(sync ? { sync: 'A55A' } : {}),
      length: { offset: lengthOffset, type: 'u16', byteOrder: lengthOrder },
      counts: { from: pick(rnd, [0, lengthOffset + 2]), trailer: 0 },
      maxLength: 60000,
    };
  } else if (framing < 0.4) {
    if (sync) schema.fields = [{ name: 'sync', type: 'bytes', length: 2, const: 'A55A' }, ...fields];
    schema.framing = { kind: 'delimiter', delimiter: pick(rnd, ['0D0A', '7E', 'FFFE']), maxLength: 60000, ...(sync ? { sync: 'A55A' } : {}) };
  } else if (sync) {
    schema.fields = [{ name: 'sync', type: 'bytes', length: 2, const: 'A55A' }, ...fields];
    schema.framing = { kind: 'datagram', sync: 'A55A' };
  }
  if (checksum) {
    const algorithm = pick(rnd, CHECKSUM_ALGORITHMS);
    schema.fields.push({ name: 'cs', type: 'checksum', algorithm, ...(CHECKSUMS[algorithm].width > 1 ? maybeOrder(rnd) : {}), from: sync && chance(rnd, 0.5) ? 2 : 0 });
  }
  return schema;
}

/** fast-check arbitrary of random valid schemas (not shrinkable: failures report their seed). */
export const schemaArb: fc.Arbitrary<FrameSchema> = fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff }).map(randomSchema));

/** Fixed-length variants: random schemas whose fields have a static size, framed by that size. */
export function withFixedFraming(schema: FrameSchema, plan: FramePlan): FrameSchema | undefined {
  const size = plan.root.size;
  if (size === undefined || size === 0 || schema.framing?.kind === 'length' || schema.framing?.kind === 'delimiter') return undefined;
  return { ...schema, framing: { kind: 'fixed', length: size, ...(schema.framing?.sync ? { sync: schema.framing.sync } : {}) } };
}

// ---------------------------------------------------------------------------------------------
// Values

/** Selector slots: the case values, and whether other values are fine too (the switch has a default). */
type Selectors = Map<number, { values: number[]; open: boolean }>;
type ValCtx = { rnd: Rnd; slots: number[]; selectorValues: Selectors; plan: FramePlan };

function randomInt(rnd: Rnd, lo: number, hi: number): number {
  const r = rnd();
  if (r < 0.1) return lo;
  if (r < 0.2) return hi;
  if (r < 0.3) return Math.max(lo, Math.min(hi, 0));
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

function randomFloat(rnd: Rnd, width: 4 | 8): number {
  const r = rnd();
  const special = [0, -0, Infinity, -Infinity, NaN, 1, -1.5, 5e-324, 1.401298464324817e-45];
  const v = r < 0.2 ? pick(rnd, special) : (rnd() - 0.5) * 10 ** int(rnd, -40, 40);
  return width === 4 ? Math.fround(v) : v;
}

const TEXT_POOL = ['a', 'Z', '0', ' ', '~', 'é', 'ß', '°', '³', '水', '€', '😀', '\u0001', '\u007f'];

function randomText(rnd: Rnd, encoding: 'ascii' | 'utf8', maxBytes: number, noSpaceEnd: boolean): string {
  let s = '';
  let bytes = 0;
  const n = int(rnd, 0, maxBytes);
  for (let i = 0; i < n; i++) {
    const ch = pick(rnd, TEXT_POOL);
    const size = new TextEncoder().encode(ch).length;
    if (encoding === 'ascii' && size > 1) continue;
    if (bytes + size > maxBytes) break;
    s += ch;
    bytes += size;
  }
  while (noSpaceEnd && s.endsWith(' ')) s = s.slice(0, -1);
  return s;
}

function member(ctx: ValCtx, m: import('../plan').MemberPlan): DecodedValue {
  const rnd = ctx.rnd;
  if (m.kind === 'bool') return chance(rnd, 0.5);
  const raw = m.kind === 'int' ? randomInt(rnd, -(2 ** (m.bits - 1)), 2 ** (m.bits - 1) - 1) : randomInt(rnd, 0, 2 ** m.bits - 1);
  if (m.slot >= 0) ctx.slots[m.slot] = raw;
  if (m.labels) return m.labels.get(raw) ?? raw;
  return m.scale ? toEngineering(raw, m.scale) : raw;
}

function value(ctx: ValCtx, node: PlanNode): DecodedValue | undefined {
  const rnd = ctx.rnd;
  switch (node.kind) {
    case 'int': {
      if (node.constValue !== undefined) return node.constValue;
      const selector = ctx.selectorValues.get(node.slot);
      if (selector) {
        const raw = !selector.open || chance(rnd, 0.85) ? pick(rnd, selector.values) : int(rnd, 0, 9);
        ctx.slots[node.slot] = raw;
        return raw;
      }
      if (node.width === 8) {
        let big = 0n;
        for (let i = 0; i < 8; i++) big = (big << 8n) | BigInt(int(rnd, 0, 255));
        if (chance(rnd, 0.5)) big &= 0xfffffn; // small values come out as numbers
        const v = node.signed ? BigInt.asIntN(64, big) : big;
        return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : v;
      }
      const bits = node.width * 8;
      const raw = node.signed ? randomInt(rnd, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1) : randomInt(rnd, 0, 2 ** bits - 1);
      if (node.slot >= 0) ctx.slots[node.slot] = raw;
      return node.scale ? toEngineering(raw, node.scale) : raw;
    }
    case 'float':
      return randomFloat(rnd, node.width);
    case 'bool':
      return chance(rnd, 0.5);
    case 'flags':
      return Object.fromEntries(node.flags.map((f) => [f.name, chance(rnd, 0.5)]));
    case 'bitfield':
      return Object.fromEntries(node.members.map((m) => [m.name, member(ctx, m)]));
    case 'enum': {
      const known = [...node.labels.keys()];
      const selector = ctx.selectorValues.get(node.slot);
      const raw =
        selector && (!selector.open || chance(rnd, 0.85))
          ? pick(rnd, selector.values)
          : node.strict || chance(rnd, 0.7)
            ? pick(rnd, known)
            : randomInt(rnd, 0, 2 ** (node.width * 8) - 1);
      if (node.slot >= 0) ctx.slots[node.slot] = raw;
      return node.labels.get(raw) ?? raw;
    }
    case 'bcd': {
      const digits = new Uint8Array(node.length).map(() => int(rnd, 0, 9) * 16 + int(rnd, 0, 9));
      const raw = readBcd(digits, 0, node.length, false);
      return node.scale ? toEngineering(raw, node.scale) : raw;
    }
    case 'string': {
      if (node.mode === 'fixed') return randomText(rnd, node.encoding, node.length, node.pad === 'space').replace(/\0/g, '');
      if (node.mode === 'prefixed') return randomText(rnd, node.encoding, Math.min(node.maxLength, 24), false);
      return randomText(rnd, node.encoding, node.maxLength - 1, false).replace(/\0/g, '');
    }
    case 'bytes': {
      if (node.constBytes) return bytesToHex(node.constBytes);
      const n = node.mode === 'fixed' ? node.length : int(rnd, 0, 6);
      return bytesToHex(new Uint8Array(n).map(() => int(rnd, 0, 255)));
    }
    case 'padding':
    case 'checksum':
      return undefined;
    case 'struct':
      return values(ctx, node.seq);
    case 'array': {
      const n = node.mode === 'fixed' ? node.count : int(rnd, 0, 4);
      return Array.from({ length: n }, () => value(ctx, node.item)!);
    }
    case 'switch': {
      const selector = ctx.slots[node.onSlot]!;
      const chosen = node.cases.find((c) => c.values.includes(selector))?.seq ?? node.defaultSeq;
      return chosen ? values(ctx, chosen) : {};
    }
  }
}

function values(ctx: ValCtx, seq: Seq): DecodedFields {
  const out: DecodedFields = {};
  for (const node of seq.nodes) {
    if (node === ctx.plan.lengthNode) continue;
    const v = value(ctx, node);
    if (v !== undefined) out[node.name] = v;
    // Count fields follow from their array or bytes (generated later); fill them in afterwards.
    if ((node.kind === 'array' || node.kind === 'bytes') && node.mode === 'ref') {
      const slot = node.kind === 'array' ? node.countSlot : node.lengthSlot;
      const counter = seq.nodes.find((x) => x.slot === slot)!;
      const n = Array.isArray(v) ? v.length : (v as string).length / 2;
      out[counter.name] = n;
      ctx.slots[slot] = n;
    }
  }
  return out;
}

function collect(seq: Seq, visit: (n: PlanNode) => void): void {
  for (const node of seq.nodes) {
    visit(node);
    if (node.kind === 'struct') collect(node.seq, visit);
    if (node.kind === 'array') collect({ nodes: [node.item], steps: [], size: undefined, minSize: 0 }, visit);
    if (node.kind === 'switch') {
      for (const c of node.cases) collect(c.seq, visit);
      if (node.defaultSeq) collect(node.defaultSeq, visit);
    }
  }
}

/**
 * Random field values for a plan, shaped like a decode's `fields` (engineering values, labels,
 * hex strings). Checksum and framing-length fields are left out: the encoder fills them in.
 */
export function randomValues(plan: FramePlan, seed: number): DecodedFields {
  const selectorValues: Selectors = new Map();
  collect(plan.root, (n) => {
    if (n.kind === 'switch') selectorValues.set(n.onSlot, { values: n.cases.flatMap((c) => c.values), open: n.defaultSeq !== undefined });
  });
  const ctx: ValCtx = { rnd: mulberry32(seed), slots: new Array<number>(plan.slotCount).fill(0), selectorValues, plan };
  return values(ctx, plan.root);
}

/** Deep equality with Object.is on leaves (NaN equals NaN, +0 differs from -0). */
export function sameDecoded(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => sameDecoded((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}
