import { CHECKSUMS } from './checksums';
import { parseHex } from './hex';
import { hasScaling } from './scaling';
import type {
  BitfieldMember,
  ByteOrder,
  ChecksumAlgorithm,
  FieldSpec,
  FrameSchema,
  ItemSpec,
  Scaling,
  TextEncoding,
  WordType,
} from './schema';

/*
 * Semantic analysis of a structurally valid schema into a FramePlan: byte orders resolved,
 * static sizes and offsets computed, references bound to value slots, fixed-size runs grouped.
 * The interpreter walks the plan and the compiler emits code from it, so both share one reading
 * of the schema; the checks that need this analysis (references, sizes, overlaps) report issues.
 */

/** Largest frame the engine accepts, in bytes: bounds static sizes and maxLength values (1 MiB). */
export const MAX_FRAME_BYTES = 1 << 20;
/** Nesting bound for structs, arrays and switches (keeps recursion and generated code shallow). */
export const MAX_DEPTH = 16;
/** Bound on the number of fields in a schema (keeps validation and compilation fast). */
export const MAX_FIELDS = 4096;
/** Default bound on array counts. */
export const DEFAULT_MAX_COUNT = 65535;

/** A problem found in a schema, pointing at the field. */
export type SchemaIssue = {
  /** Field path (`body.readings[].value`); `""` for schema-level problems. */
  path: string;
  /** Location in the JSON document (`fields[3].items.fields[0].name`). */
  pointer: string;
  message: string;
};

type NodeCommon = {
  name: string;
  /** Path relative to the enclosing array item (or the root); `""` for an array item itself. */
  relPath: string;
  /** Field path for people, with `[]` for array items. */
  staticPath: string;
  /** Static byte size, or undefined when it depends on the data. */
  size: number | undefined;
  /** Smallest possible byte size. */
  minSize: number;
  /** Value slot a later field reads (count, length, switch selector); -1 when unreferenced. */
  slot: number;
  /** Valid engineering range (min/max of the spec), when given. */
  range: ValueRange | undefined;
};

/** Valid engineering range of a value; either bound may be absent. */
export type ValueRange = { min: number | undefined; max: number | undefined; unit: string | undefined };

function rangeOf(s: Scaling): ValueRange | undefined {
  return s.min !== undefined || s.max !== undefined ? { min: s.min, max: s.max, unit: s.unit } : undefined;
}

export type IntNode = NodeCommon & {
  kind: 'int';
  width: 1 | 2 | 4 | 8;
  signed: boolean;
  order: ByteOrder;
  scale: Scaling | undefined;
  constValue: number | undefined;
};
export type FloatNode = NodeCommon & { kind: 'float'; width: 4 | 8; order: ByteOrder; scale: Scaling | undefined };
export type BoolNode = NodeCommon & { kind: 'bool' };
export type FlagsNode = NodeCommon & { kind: 'flags'; width: 1 | 2 | 4; order: ByteOrder; flags: { name: string; bit: number }[] };
export type MemberPlan = {
  name: string;
  shift: number;
  bits: number;
  kind: 'uint' | 'int' | 'bool';
  labels: Map<number, string> | undefined;
  labelValues: Map<string, number> | undefined;
  scale: Scaling | undefined;
  slot: number;
  range: ValueRange | undefined;
};
export type BitfieldNode = NodeCommon & { kind: 'bitfield'; width: 1 | 2 | 4; order: ByteOrder; members: MemberPlan[] };
export type EnumNode = NodeCommon & {
  kind: 'enum';
  width: 1 | 2 | 4;
  order: ByteOrder;
  labels: Map<number, string>;
  labelValues: Map<string, number>;
  strict: boolean;
};
export type BcdNode = NodeCommon & { kind: 'bcd'; length: number; reversed: boolean; scale: Scaling | undefined };
export type StringNode = NodeCommon & {
  kind: 'string';
  encoding: TextEncoding;
  mode: 'fixed' | 'prefixed' | 'zero';
  /** Fixed byte length (mode fixed). */
  length: number;
  pad: 'nul' | 'space';
  prefixWidth: 1 | 2 | 4;
  prefixOrder: ByteOrder;
  /** Upper bound on text bytes (prefixed), or on bytes including the terminator (zero). */
  maxLength: number;
};
export type BytesNode = NodeCommon & {
  kind: 'bytes';
  mode: 'fixed' | 'ref' | 'untilEnd';
  length: number;
  lengthSlot: number;
  /** Static size of everything after this field up to the end of the frame body (untilEnd). */
  tail: number;
  constBytes: Uint8Array | undefined;
};
export type PaddingNode = NodeCommon & { kind: 'padding'; length: number };
export type ArrayNode = NodeCommon & {
  kind: 'array';
  item: PlanNode;
  mode: 'fixed' | 'ref' | 'untilEnd';
  count: number;
  countSlot: number;
  tail: number;
  maxCount: number;
};
export type StructNode = NodeCommon & { kind: 'struct'; seq: Seq };
export type SwitchNode = NodeCommon & {
  kind: 'switch';
  onSlot: number;
  cases: { values: number[]; seq: Seq }[];
  defaultSeq: Seq | undefined;
};
export type ChecksumNode = NodeCommon & {
  kind: 'checksum';
  algorithm: ChecksumAlgorithm;
  width: 1 | 2 | 4;
  order: ByteOrder;
  from: number;
};

export type PlanNode =
  | IntNode
  | FloatNode
  | BoolNode
  | FlagsNode
  | BitfieldNode
  | EnumNode
  | BcdNode
  | StringNode
  | BytesNode
  | PaddingNode
  | ArrayNode
  | StructNode
  | SwitchNode
  | ChecksumNode;

/**
 * How a sequence is walked: runs of fixed-size fields form one group whose bounds are checked
 * once (TRUNCATED names the first member that does not fit); data-dependent fields stand alone.
 */
export type Step = { kind: 'group'; nodes: PlanNode[]; offsets: number[]; size: number } | { kind: 'single'; node: PlanNode };

export type Seq = { nodes: PlanNode[]; steps: Step[]; size: number | undefined; minSize: number };

export type FramingPlan = {
  kind: 'datagram' | 'fixed' | 'length' | 'delimiter';
  sync: Uint8Array | undefined;
  /** fixed: the frame length. */
  fixedLength: number;
  /** length: where the length value sits and what it counts. */
  lengthOffset: number;
  lengthWidth: 1 | 2 | 4;
  lengthOrder: ByteOrder;
  countsFrom: number;
  trailer: number;
  /** length, delimiter: largest accepted frame. */
  maxLength: number;
  delimiter: Uint8Array | undefined;
};

/** Where the checksum sits, which decides whether it can be verified before fields are decoded. */
export type ChecksumPlacement =
  | { kind: 'static'; offset: number }
  | { kind: 'fromEnd' }
  | { kind: 'dynamic' };

export type FramePlan = {
  schema: FrameSchema;
  root: Seq;
  slotCount: number;
  framing: FramingPlan;
  checksum: { node: ChecksumNode; placement: ChecksumPlacement } | undefined;
  /** The top-level field holding the framing length value, which the encoder fills in itself. */
  lengthNode: PlanNode | undefined;
};

const WORD_WIDTH: Record<WordType, 1 | 2 | 4> = { u8: 1, u16: 2, u32: 4 };
const INT_INFO: Record<string, { width: 1 | 2 | 4 | 8; signed: boolean }> = {
  u8: { width: 1, signed: false },
  i8: { width: 1, signed: true },
  u16: { width: 2, signed: false },
  i16: { width: 2, signed: true },
  u32: { width: 4, signed: false },
  i32: { width: 4, signed: true },
  u64: { width: 8, signed: false },
  i64: { width: 8, signed: true },
};

/** Inclusive raw range of an integer of `width` bytes (up to 4). */
export function intRange(width: 1 | 2 | 4, signed: boolean): [number, number] {
  const bits = width * 8;
  return signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

type Scope = { names: Map<string, PlanNode>; parent: Scope | undefined };

type Ctx = {
  issues: SchemaIssue[];
  defaultOrder: ByteOrder;
  slotCount: number;
  fieldCount: number;
  checksums: { node: ChecksumNode; pointer: string; depth: number }[];
};

type Where = { relPath: string; staticPath: string; pointer: string; depth: number; inItem: boolean };

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function issue(ctx: Ctx, w: Pick<Where, 'staticPath' | 'pointer'>, message: string): void {
  ctx.issues.push({ path: w.staticPath, pointer: w.pointer, message });
}

function scaleOf(s: Scaling): Scaling | undefined {
  return hasScaling(s) ? s : undefined;
}

/** Looks a reference up lexically and gives it a slot. Returns the slot, or -1 after reporting an issue. */
function bindRef(ctx: Ctx, scope: Scope, ref: string, w: Where, what: string): number {
  const [head, member, ...rest] = ref.split('.');
  let target: PlanNode | undefined;
  for (let s: Scope | undefined = scope; s && !target; s = s.parent) target = s.names.get(head ?? '');
  if (!target || rest.length > 0) {
    issue(ctx, w, `${what} '${ref}' does not name an earlier field in scope`);
    return -1;
  }
  if (member !== undefined) {
    if (target.kind !== 'bitfield') {
      issue(ctx, w, `${what} '${ref}': '${head}' is not a bitfield`);
      return -1;
    }
    const m = target.members.find((x) => x.name === member);
    if (!m || m.kind === 'bool') {
      issue(ctx, w, `${what} '${ref}' must name an integer member of '${head}'`);
      return -1;
    }
    if (m.slot < 0) m.slot = ctx.slotCount++;
    return m.slot;
  }
  const integer = (target.kind === 'int' && target.width <= 4) || target.kind === 'enum';
  if (!integer) {
    issue(ctx, w, `${what} '${ref}' must name an integer or enum field of at most 32 bits (it is ${target.kind})`);
    return -1;
  }
  if (target.slot < 0) target.slot = ctx.slotCount++;
  return target.slot;
}

function checkScaling(ctx: Ctx, s: Scaling, w: Where): void {
  if (s.divisor !== undefined && s.multiplier !== undefined) issue(ctx, w, 'divisor and multiplier are mutually exclusive');
  if (s.divisor === 0 || s.multiplier === 0) issue(ctx, w, 'divisor/multiplier must not be 0');
  if (s.min !== undefined && s.max !== undefined && s.min > s.max) issue(ctx, w, `min (${s.min}) is above max (${s.max})`);
}

function labelMaps(
  ctx: Ctx,
  values: Record<string, string>,
  range: [number, number],
  w: Where,
): { labels: Map<number, string>; labelValues: Map<string, number> } {
  const labels = new Map<number, string>();
  const labelValues = new Map<string, number>();
  for (const [key, label] of Object.entries(values)) {
    const value = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : NaN;
    if (!Number.isSafeInteger(value) || value < range[0] || value > range[1]) {
      issue(ctx, w, `enum key '${key}' must be a decimal integer in ${range[0]}..${range[1]}`);
      continue;
    }
    if (labelValues.has(label)) issue(ctx, w, `enum label '${label}' is used twice`);
    labels.set(value, label);
    labelValues.set(label, value);
  }
  return { labels, labelValues };
}

function common(name: string, w: Where, size: number | undefined, minSize = size ?? 0, range?: ValueRange): NodeCommon {
  return { name, relPath: w.relPath, staticPath: w.staticPath, size, minSize, slot: -1, range };
}

function analyzeMembers(ctx: Ctx, members: BitfieldMember[], width: number, w: Where): MemberPlan[] {
  const used = new Set<string>();
  let occupied = 0;
  const out: MemberPlan[] = [];
  members.forEach((m, i) => {
    const mw: Where = { ...w, staticPath: join(w.staticPath, m.name), pointer: `${w.pointer}.members[${i}]` };
    if (used.has(m.name)) issue(ctx, mw, `duplicate member name '${m.name}'`);
    used.add(m.name);
    const kind = m.kind ?? 'uint';
    if (m.bitOffset + m.bitWidth > width * 8) issue(ctx, mw, `bits ${m.bitOffset}..${m.bitOffset + m.bitWidth - 1} do not fit a ${width * 8}-bit word`);
    const mask = m.bitWidth >= 32 ? 0xffffffff : (2 ** m.bitWidth - 1) * 2 ** m.bitOffset;
    // Overlapping members would make encoding ambiguous.
    if (m.bitOffset + m.bitWidth <= 32 && (occupied & mask) !== 0) issue(ctx, mw, 'member overlaps an earlier member');
    occupied |= mask;
    if (kind === 'bool' && m.bitWidth !== 1) issue(ctx, mw, "kind 'bool' needs bitWidth 1");
    if (kind !== 'uint' && m.values) issue(ctx, mw, "value labels need kind 'uint'");
    if (kind === 'bool' && hasScaling(m)) issue(ctx, mw, 'a bool member cannot be scaled');
    if (m.values && hasScaling(m)) issue(ctx, mw, 'a labelled member cannot be scaled');
    checkScaling(ctx, m, mw);
    const maps = m.values ? labelMaps(ctx, m.values, [0, 2 ** m.bitWidth - 1], mw) : undefined;
    out.push({
      name: m.name,
      shift: m.bitOffset,
      bits: m.bitWidth,
      kind,
      labels: maps?.labels,
      labelValues: maps?.labelValues,
      scale: scaleOf(m),
      slot: -1,
      range: rangeOf(m),
    });
  });
  return out;
}

function analyzeField(ctx: Ctx, f: FieldSpec | ItemSpec, name: string, w: Where, scope: Scope): PlanNode {
  ctx.fieldCount++;
  const order = ('byteOrder' in f && f.byteOrder) || ctx.defaultOrder;
  switch (f.type) {
    case 'u8':
    case 'i8':
    case 'u16':
    case 'i16':
    case 'u32':
    case 'i32':
    case 'u64':
    case 'i64': {
      const { width, signed } = INT_INFO[f.type]!;
      checkScaling(ctx, f, w);
      if (f.const !== undefined) {
        if (width === 8) issue(ctx, w, 'const is not supported on 64-bit fields');
        else {
          const [lo, hi] = intRange(width, signed);
          if (!Number.isInteger(f.const) || f.const < lo || f.const > hi) issue(ctx, w, `const ${f.const} is outside ${f.type} (${lo}..${hi})`);
        }
      }
      return { ...common(name, w, width, width, rangeOf(f)), kind: 'int', width, signed, order, scale: scaleOf(f), constValue: f.const };
    }
    case 'f32':
    case 'f64':
      checkScaling(ctx, f, w);
      return { ...common(name, w, f.type === 'f32' ? 4 : 8, f.type === 'f32' ? 4 : 8, rangeOf(f)), kind: 'float', width: f.type === 'f32' ? 4 : 8, order, scale: scaleOf(f) };
    case 'bool':
      return { ...common(name, w, 1), kind: 'bool' };
    case 'flags': {
      const width = WORD_WIDTH[f.storage];
      const names = new Set<string>();
      const bits = new Set<number>();
      f.flags.forEach((flag, i) => {
        const fw: Where = { ...w, staticPath: join(w.staticPath, flag.name), pointer: `${w.pointer}.flags[${i}]` };
        if (names.has(flag.name)) issue(ctx, fw, `duplicate flag name '${flag.name}'`);
        if (bits.has(flag.bit)) issue(ctx, fw, `bit ${flag.bit} is named twice`);
        if (flag.bit >= width * 8) issue(ctx, fw, `bit ${flag.bit} does not fit a ${width * 8}-bit word`);
        names.add(flag.name);
        bits.add(flag.bit);
      });
      return { ...common(name, w, width), kind: 'flags', width, order, flags: f.flags.map((x) => ({ name: x.name, bit: x.bit })) };
    }
    case 'bitfield': {
      const width = WORD_WIDTH[f.storage];
      return { ...common(name, w, width), kind: 'bitfield', width, order, members: analyzeMembers(ctx, f.members, width, w) };
    }
    case 'enum': {
      const width = WORD_WIDTH[f.storage];
      const maps = labelMaps(ctx, f.values, intRange(width, false), w);
      return { ...common(name, w, width), kind: 'enum', width, order, ...maps, strict: f.strict ?? false };
    }
    case 'bcd':
      checkScaling(ctx, f, w);
      return { ...common(name, w, f.length, f.length, rangeOf(f)), kind: 'bcd', length: f.length, reversed: f.byteOrder === 'LE', scale: scaleOf(f) };
    case 'string': {
      const base = { kind: 'string' as const, encoding: f.encoding, length: 0, pad: 'nul' as const, prefixWidth: 1 as const, prefixOrder: order, maxLength: 0 };
      if (f.mode === 'fixed') return { ...common(name, w, f.length), ...base, mode: 'fixed', length: f.length, pad: f.pad ?? 'nul' };
      if (f.mode === 'zero') return { ...common(name, w, undefined, 1), ...base, mode: 'zero', maxLength: f.maxLength };
      const prefixWidth = WORD_WIDTH[f.prefix];
      const prefixMax = intRange(prefixWidth, false)[1];
      if (f.maxLength !== undefined && f.maxLength > prefixMax) issue(ctx, w, `maxLength ${f.maxLength} exceeds what a ${f.prefix} prefix can hold`);
      return {
        ...common(name, w, undefined, prefixWidth),
        ...base,
        mode: 'prefixed',
        prefixWidth,
        maxLength: Math.min(f.maxLength ?? prefixMax, MAX_FRAME_BYTES),
      };
    }
    case 'bytes': {
      const modes = [f.length !== undefined, f.lengthFrom !== undefined, f.untilEnd === true].filter(Boolean).length;
      if (modes !== 1) issue(ctx, w, 'bytes needs exactly one of length, lengthFrom, untilEnd');
      let constBytes: Uint8Array | undefined;
      if (f.const !== undefined) {
        const parsed = parseHex(f.const);
        if (!parsed.ok) issue(ctx, w, `const: ${parsed.message}`);
        else if (f.length === undefined || parsed.bytes.length !== f.length) issue(ctx, w, `const has ${parsed.bytes.length} bytes; it needs a fixed length of the same size`);
        else constBytes = parsed.bytes;
      }
      const base = { kind: 'bytes' as const, length: 0, lengthSlot: -1, tail: 0, constBytes };
      if (f.length !== undefined) return { ...common(name, w, f.length), ...base, mode: 'fixed', length: f.length };
      if (f.lengthFrom !== undefined) {
        return { ...common(name, w, undefined, 0), ...base, mode: 'ref', lengthSlot: bindRef(ctx, scope, f.lengthFrom, w, 'lengthFrom') };
      }
      if (w.inItem) issue(ctx, w, 'untilEnd is not allowed inside array items');
      return { ...common(name, w, undefined, 0), ...base, mode: 'untilEnd' };
    }
    case 'padding':
      return { ...common(name, w, f.length), kind: 'padding', length: f.length };
    case 'checksum': {
      const node: ChecksumNode = {
        ...common(name, w, CHECKSUMS[f.algorithm].width),
        kind: 'checksum',
        algorithm: f.algorithm,
        width: CHECKSUMS[f.algorithm].width,
        order,
        from: f.from ?? 0,
      };
      ctx.checksums.push({ node, pointer: w.pointer, depth: w.depth });
      return node;
    }
    case 'struct': {
      const seq = analyzeSeq(ctx, f.fields, { ...w, pointer: `${w.pointer}.fields`, depth: w.depth + 1 }, scope);
      return { ...common(name, w, seq.size, seq.minSize), kind: 'struct', seq };
    }
    case 'array':
      return analyzeArray(ctx, f, name, w, scope);
    case 'switch': {
      const onSlot = bindRef(ctx, scope, f.on, w, 'switch on');
      const seen = new Set<number>();
      const cases = f.cases.map((c, i) => {
        const values = Array.isArray(c.when) ? c.when : [c.when];
        for (const v of values) {
          if (seen.has(v)) issue(ctx, { ...w, pointer: `${w.pointer}.cases[${i}].when` }, `case value ${v} is listed twice`);
          seen.add(v);
        }
        return { values, seq: analyzeSeq(ctx, c.fields, { ...w, pointer: `${w.pointer}.cases[${i}].fields`, depth: w.depth + 1 }, scope) };
      });
      const defaultSeq = f.default ? analyzeSeq(ctx, f.default.fields, { ...w, pointer: `${w.pointer}.default.fields`, depth: w.depth + 1 }, scope) : undefined;
      const all = [...cases.map((c) => c.seq), ...(defaultSeq ? [defaultSeq] : [])];
      const minSize = all.length ? Math.min(...all.map((s) => s.minSize)) : 0;
      return { ...common(name, w, undefined, minSize), kind: 'switch', onSlot, cases, defaultSeq };
    }
  }
}

function analyzeArray(ctx: Ctx, f: Omit<Extract<FieldSpec, { type: 'array' }>, 'name'>, name: string, w: Where, scope: Scope): ArrayNode {
  const modes = [f.count !== undefined, f.countFrom !== undefined, f.untilEnd === true].filter(Boolean).length;
  if (modes !== 1) issue(ctx, w, 'array needs exactly one of count, countFrom, untilEnd');
  const itemWhere: Where = {
    relPath: '',
    staticPath: `${w.staticPath}[]`,
    pointer: `${w.pointer}.items`,
    depth: w.depth + 1,
    inItem: true,
  };
  const itemSpec = f.items;
  if (itemWhere.depth > MAX_DEPTH) {
    issue(ctx, itemWhere, `nesting deeper than ${MAX_DEPTH} levels`);
    return { ...common(name, w, 0), kind: 'array', item: { ...common('', itemWhere, 1), kind: 'bool' }, mode: 'fixed', count: 0, countSlot: -1, tail: 0, maxCount: 0 };
  }
  if ((itemSpec.type as string) === 'padding' || (itemSpec.type as string) === 'checksum') issue(ctx, itemWhere, `array items cannot be ${itemSpec.type}`);
  const item = analyzeField(ctx, itemSpec, '', itemWhere, scope);
  if (item.minSize < 1) issue(ctx, itemWhere, 'array items must occupy at least one byte');
  const maxCount = f.maxCount ?? DEFAULT_MAX_COUNT;
  const base = { kind: 'array' as const, item, count: 0, countSlot: -1, tail: 0, maxCount };
  if (f.count !== undefined) {
    if (f.count > maxCount) issue(ctx, w, `count ${f.count} exceeds maxCount ${maxCount}`);
    const size = item.size === undefined ? undefined : item.size * f.count;
    return { ...common(name, w, size, item.minSize * f.count), ...base, mode: 'fixed', count: f.count };
  }
  if (f.countFrom !== undefined) {
    return { ...common(name, w, undefined, 0), ...base, mode: 'ref', countSlot: bindRef(ctx, scope, f.countFrom, w, 'countFrom') };
  }
  if (w.inItem) issue(ctx, w, 'untilEnd is not allowed inside array items');
  return { ...common(name, w, undefined, 0), ...base, mode: 'untilEnd' };
}

const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function analyzeSeq(ctx: Ctx, fields: (FieldSpec | ItemSpec)[], w: Where, parentScope: Scope): Seq {
  const scope: Scope = { names: new Map(), parent: parentScope };
  const nodes: PlanNode[] = [];
  if (w.depth > MAX_DEPTH) {
    issue(ctx, w, `nesting deeper than ${MAX_DEPTH} levels`);
    return { nodes, steps: [], size: 0, minSize: 0 };
  }
  fields.forEach((f, i) => {
    const name = f.name ?? '';
    const fw: Where = { relPath: join(w.relPath, name), staticPath: join(w.staticPath, name), pointer: `${w.pointer}[${i}]`, depth: w.depth, inItem: w.inItem };
    if (RESERVED_NAMES.has(name)) issue(ctx, fw, `'${name}' is a reserved name`);
    if (scope.names.has(name)) issue(ctx, fw, `duplicate field name '${name}'`);
    const node = analyzeField(ctx, f, name, fw, scope);
    scope.names.set(name, node);
    nodes.push(node);
  });
  return seqOf(nodes);
}

function seqOf(nodes: PlanNode[]): Seq {
  const steps: Step[] = [];
  let group: Extract<Step, { kind: 'group' }> | undefined;
  let size: number | undefined = 0;
  let minSize = 0;
  for (const node of nodes) {
    minSize += node.minSize;
    if (node.size === undefined) {
      size = undefined;
      group = undefined;
      steps.push({ kind: 'single', node });
      continue;
    }
    if (size !== undefined) size += node.size;
    if (!group) {
      group = { kind: 'group', nodes: [], offsets: [], size: 0 };
      steps.push(group);
    }
    group.nodes.push(node);
    group.offsets.push(group.size);
    group.size += node.size;
  }
  return { nodes, steps, size, minSize };
}

/** Gives every untilEnd field the static size of what follows it; reports when that is not static. */
function assignTails(ctx: Ctx, seq: Seq, outerTail: number | undefined): void {
  let suffix: number | undefined = outerTail;
  for (let i = seq.nodes.length - 1; i >= 0; i--) {
    const node = seq.nodes[i]!;
    if ((node.kind === 'bytes' || node.kind === 'array') && node.mode === 'untilEnd') {
      if (suffix === undefined) ctx.issues.push({ path: node.staticPath, pointer: '', message: 'fields after an untilEnd field must all have a fixed size' });
      else node.tail = suffix;
    }
    if (node.kind === 'struct') assignTails(ctx, node.seq, suffix);
    if (node.kind === 'switch') {
      for (const c of node.cases) assignTails(ctx, c.seq, suffix);
      if (node.defaultSeq) assignTails(ctx, node.defaultSeq, suffix);
    }
    suffix = suffix === undefined || node.size === undefined ? undefined : suffix + node.size;
  }
}

function syncOf(ctx: Ctx, hex: string | undefined): Uint8Array | undefined {
  if (hex === undefined) return undefined;
  const parsed = parseHex(hex);
  if (!parsed.ok || parsed.bytes.length === 0) {
    ctx.issues.push({ path: '', pointer: 'framing.sync', message: parsed.ok ? 'sync must not be empty' : `sync: ${parsed.message}` });
    return undefined;
  }
  return parsed.bytes;
}

function analyzeFraming(ctx: Ctx, schema: FrameSchema, root: Seq): FramingPlan {
  const f = schema.framing ?? { kind: 'datagram' as const };
  const plan: FramingPlan = {
    kind: f.kind,
    sync: syncOf(ctx, f.sync),
    fixedLength: 0,
    lengthOffset: 0,
    lengthWidth: 1,
    lengthOrder: 'BE',
    countsFrom: 0,
    trailer: 0,
    maxLength: MAX_FRAME_BYTES,
    delimiter: undefined,
  };
  const at = (pointer: string, message: string) => ctx.issues.push({ path: '', pointer, message });
  const syncLength = plan.sync?.length ?? 0;
  if (f.kind === 'fixed') {
    plan.fixedLength = f.length;
    if (f.length < syncLength) at('framing.length', 'fixed length is shorter than the sync bytes');
    if (root.size !== undefined && root.size !== f.length) at('framing.length', `fixed length ${f.length} differs from the fields' total size ${root.size}`);
    if (root.size === undefined && root.minSize > f.length) at('framing.length', `fields need at least ${root.minSize} bytes, more than the fixed length ${f.length}`);
  } else if (f.kind === 'length') {
    plan.lengthOffset = f.length.offset;
    plan.lengthWidth = WORD_WIDTH[f.length.type];
    plan.lengthOrder = f.length.byteOrder ?? ctx.defaultOrder;
    plan.countsFrom = f.counts.from;
    plan.trailer = f.counts.trailer ?? 0;
    plan.maxLength = f.maxLength;
    if (f.maxLength < f.length.offset + plan.lengthWidth) at('framing.maxLength', 'maxLength is shorter than the header up to the length field');
  } else if (f.kind === 'delimiter') {
    const parsed = parseHex(f.delimiter);
    if (!parsed.ok || parsed.bytes.length === 0) at('framing.delimiter', parsed.ok ? 'delimiter must not be empty' : `delimiter: ${parsed.message}`);
    else plan.delimiter = parsed.bytes;
    plan.maxLength = f.maxLength;
    if (f.maxLength < syncLength + (plan.delimiter?.length ?? 0)) at('framing.maxLength', 'maxLength is shorter than sync plus delimiter');
  }
  return plan;
}

function analyzeChecksum(ctx: Ctx, root: Seq): FramePlan['checksum'] {
  if (ctx.checksums.length === 0) return undefined;
  for (const extra of ctx.checksums.slice(1)) ctx.issues.push({ path: extra.node.staticPath, pointer: extra.pointer, message: 'only one checksum field per schema' });
  const first = ctx.checksums[0]!;
  const index = root.nodes.indexOf(first.node);
  if (index < 0) {
    ctx.issues.push({ path: first.node.staticPath, pointer: first.pointer, message: 'the checksum must be a top-level field' });
    return undefined;
  }
  const before = root.nodes.slice(0, index);
  const minOffset = before.reduce((sum, n) => sum + n.minSize, 0);
  if (first.node.from > minOffset) {
    ctx.issues.push({ path: first.node.staticPath, pointer: first.pointer, message: `'from' (${first.node.from}) lies past the checksum's own position (${minOffset})` });
  }
  const staticOffset = before.every((n) => n.size !== undefined) ? before.reduce((sum, n) => sum + n.size!, 0) : undefined;
  const placement: ChecksumPlacement =
    staticOffset !== undefined ? { kind: 'static', offset: staticOffset } : index === root.nodes.length - 1 ? { kind: 'fromEnd' } : { kind: 'dynamic' };
  return { node: first.node, placement };
}

function nodeAtStaticOffset(root: Seq, offset: number): PlanNode | undefined {
  let at = 0;
  for (const node of root.nodes) {
    if (at === offset && (node.kind === 'int' || node.kind === 'enum')) return node;
    if (node.size === undefined || at > offset) return undefined;
    at += node.size;
  }
  return undefined;
}

/** Analyzes a structurally valid schema. Returns the plan, or the semantic issues found. */
export function buildPlan(schema: FrameSchema): { ok: true; plan: FramePlan } | { ok: false; issues: SchemaIssue[] } {
  const ctx: Ctx = { issues: [], defaultOrder: schema.byteOrder ?? 'BE', slotCount: 0, fieldCount: 0, checksums: [] };
  const rootScope: Scope = { names: new Map(), parent: undefined };
  const root = analyzeSeq(ctx, schema.fields, { relPath: '', staticPath: '', pointer: 'fields', depth: 0, inItem: false }, rootScope);
  if (ctx.fieldCount > MAX_FIELDS) ctx.issues.push({ path: '', pointer: 'fields', message: `more than ${MAX_FIELDS} fields` });
  assignTails(ctx, root, 0);
  if (root.size !== undefined && root.size > MAX_FRAME_BYTES) ctx.issues.push({ path: '', pointer: 'fields', message: `fields total ${root.size} bytes, above ${MAX_FRAME_BYTES}` });
  if (root.minSize > MAX_FRAME_BYTES) ctx.issues.push({ path: '', pointer: 'fields', message: `fields need at least ${root.minSize} bytes, above ${MAX_FRAME_BYTES}` });
  const framing = analyzeFraming(ctx, schema, root);
  const checksum = analyzeChecksum(ctx, root);
  const lengthNode = framing.kind === 'length' ? nodeAtStaticOffset(root, framing.lengthOffset) : undefined;
  if (ctx.issues.length > 0) return { ok: false, issues: ctx.issues };
  return { ok: true, plan: { schema, root, slotCount: ctx.slotCount, framing, checksum, lengthNode } };
}
