import { CHECKSUMS } from './checksums';
import { lit, SourceBuilder } from './codegen';
import type { GroupLayout } from './compileRuntime';
import { bytesToHex } from './hex';
import type { ArrayNode, FramePlan, MemberPlan, PlanNode, Seq, Step } from './plan';
import { numberLiteral, scalingSource } from './scaling';
import type { ByteOrder } from './schema';

/*
 * Emits the source of a specialised decoder from a plan. The generated function mirrors the
 * interpreter step by step (same checks, same order, same error constructors) but with
 * offsets, masks and scales as literals, values in locals, and one object literal per struct,
 * so V8 sees straight-line code and fixed object shapes.
 *
 * Names visible to generated code (parameters of the enclosing `new Function`):
 *   E errors module · P primitives · D compile runtime · X text/hex/checksum helpers · K constants.
 */

/** Position in the frame: `p + k` when `dyn`, else the constant `k`. */
type Cursor = { dyn: boolean; k: number };

/** Where code is being emitted: the error-path prefix (JS expression; undefined = root) and region end. */
type Scope = { prefix: string | undefined; end: string; endConst: number | undefined };

type Gen = {
  src: SourceBuilder;
  consts: unknown[];
  plan: FramePlan;
  raw: boolean;
  /** The checksum was verified before the fields on every path (fixed frames). */
  checksumAlwaysEarly: boolean;
  /** A runtime flag `csv` records whether it was verified early. */
  checksumMaybeEarly: boolean;
};

function konst(g: Gen, value: unknown): string {
  g.consts.push(value);
  return `K[${g.consts.length - 1}]`;
}

function pos(c: Cursor, extra = 0): string {
  const k = c.k + extra;
  if (!c.dyn) return String(k);
  return k === 0 ? 'p' : `p + ${k}`;
}

/** Makes `p` hold the current position. */
function materialize(g: Gen, c: Cursor): void {
  if (!c.dyn) g.src.line(`p = ${c.k};`);
  else if (c.k !== 0) g.src.line(`p += ${c.k};`);
  c.dyn = true;
  c.k = 0;
}

function pathExpr(scope: Scope, relPath: string): string {
  if (scope.prefix === undefined) return lit(relPath);
  return relPath === '' ? scope.prefix : `${scope.prefix} + ${lit('.' + relPath)}`;
}

/** Expression reading an integer of up to 4 bytes at offset expression `o`. */
export function readIntExpr(width: 1 | 2 | 4, signed: boolean, order: ByteOrder, o: string): string {
  if (width === 1) return signed ? `(b[${o}] << 24 >> 24)` : `b[${o}]`;
  const le = order === 'LE' || order === 'BADC';
  if (width === 2) return `dv.get${signed ? 'Int' : 'Uint'}16(${o}${le ? ', true' : ''})`;
  if (order === 'BE' || order === 'LE') return `dv.get${signed ? 'Int' : 'Uint'}32(${o}${le ? ', true' : ''})`;
  // Word-swapped 32-bit: assemble from the two 16-bit words (high word signed when the value is).
  const hiAt = order === 'CDAB' ? `${o} + 2` : o;
  const loAt = order === 'CDAB' ? o : `${o} + 2`;
  const flag = order === 'BADC' ? ', true' : '';
  return `(dv.get${signed ? 'Int' : 'Uint'}16(${hiAt}${flag}) * 65536 + dv.getUint16(${loAt}${flag}))`;
}

function readFloatExpr(width: 4 | 8, order: ByteOrder, o: string): string {
  if (order === 'BE' || order === 'LE') return `dv.getFloat${width * 8}(${o}${order === 'LE' ? ', true' : ''})`;
  return `P.readFloat(b, ${o}, ${width}, ${lit(order)})`;
}

function recordRaw(g: Gen, scope: Scope, relPath: string, v: string): void {
  if (g.raw) g.src.line(`R[${pathExpr(scope, relPath)}] = ${v};`);
}

function memberExpr(g: Gen, m: MemberPlan, word: string, scope: Scope, path: string): string {
  const bits = m.bits;
  const unsigned = bits === 32 ? `(${word} >>> 0)` : `((${word} >>> ${m.shift}) & ${2 ** bits - 1})`;
  const value = m.kind === 'int' ? (bits === 32 ? `(${word} | 0)` : `(${unsigned} << ${32 - bits} >> ${32 - bits})`) : unsigned;
  const x = g.src.fresh('m');
  g.src.line(`const ${x} = ${value};`);
  if (m.slot >= 0) g.src.line(`s${m.slot} = ${x};`);
  if (m.kind === 'bool') return `${x} !== 0`;
  if (m.labels) {
    recordRaw(g, scope, path, x);
    const l = g.src.fresh('l');
    g.src.line(`const ${l} = ${konst(g, m.labels)}.get(${x});`);
    return `(${l} === undefined ? ${x} : ${l})`;
  }
  if (m.scale) {
    recordRaw(g, scope, path, x);
    return scalingSource(x, m.scale);
  }
  return x;
}

/** Emits a fixed-size node at the cursor (bounds already checked) and returns its value expression. */
function genStatic(g: Gen, node: PlanNode, c: Cursor, scope: Scope): string | undefined {
  const src = g.src;
  const o = pos(c);
  const size = node.size!;
  const path = () => pathExpr(scope, node.relPath);
  let out: string | undefined;
  switch (node.kind) {
    case 'int': {
      const r = src.fresh('r');
      src.line(`const ${r} = ${node.width === 8 ? `P.readInt64(b, ${o}, ${node.signed}, ${lit(node.order)})` : readIntExpr(node.width, node.signed, node.order, o)};`);
      if (node.constValue !== undefined) src.line(`if (${r} !== ${numberLiteral(node.constValue)}) return E.errConst(${path()}, ${o}, ${numberLiteral(node.constValue)}, ${r});`);
      if (node.slot >= 0) src.line(`s${node.slot} = ${r};`);
      if (node.scale) recordRaw(g, scope, node.relPath, r);
      out = node.scale ? scalingSource(r, node.scale) : r;
      break;
    }
    case 'float': {
      const r = src.fresh('r');
      src.line(`const ${r} = ${readFloatExpr(node.width, node.order, o)};`);
      if (node.scale) recordRaw(g, scope, node.relPath, r);
      out = node.scale ? scalingSource(r, node.scale) : r;
      break;
    }
    case 'bool': {
      // Values are bound to locals where they are read: `p` moves on before the literal is built.
      const v = src.fresh('v');
      src.line(`const ${v} = b[${o}] !== 0;`);
      out = v;
      break;
    }
    case 'flags': {
      const w = src.fresh('w');
      src.line(`const ${w} = ${readIntExpr(node.width, false, node.order, o)};`);
      out = `{ ${node.flags.map((f) => `${lit(f.name)}: (${w} & ${2 ** f.bit}) !== 0`).join(', ')} }`;
      break;
    }
    case 'bitfield': {
      const w = src.fresh('w');
      src.line(`const ${w} = ${readIntExpr(node.width, false, node.order, o)};`);
      const parts = node.members.map((m) => `${lit(m.name)}: ${memberExpr(g, m, w, scope, node.relPath === '' ? m.name : `${node.relPath}.${m.name}`)}`);
      out = `{ ${parts.join(', ')} }`;
      break;
    }
    case 'enum': {
      const r = src.fresh('r');
      const l = src.fresh('l');
      src.line(`const ${r} = ${readIntExpr(node.width, false, node.order, o)};`);
      src.line(`const ${l} = ${konst(g, node.labels)}.get(${r});`);
      if (node.strict) src.line(`if (${l} === undefined) return E.errEnum(${path()}, ${o}, ${r});`);
      if (node.slot >= 0) src.line(`s${node.slot} = ${r};`);
      recordRaw(g, scope, node.relPath, r);
      out = node.strict ? l : `(${l} === undefined ? ${r} : ${l})`;
      break;
    }
    case 'bcd': {
      const r = src.fresh('r');
      src.line(`const ${r} = P.readBcd(b, ${o}, ${node.length}, ${node.reversed});`);
      src.line(`if (${r} < 0) return E.errBcd(${path()}, ${o} - ${r} - 1, b[${o} - ${r} - 1]);`);
      if (node.scale) recordRaw(g, scope, node.relPath, r);
      out = node.scale ? scalingSource(r, node.scale) : r;
      break;
    }
    case 'string': {
      const t = src.fresh('t');
      src.line(`const ${t} = X.decodeFixedText(${lit(node.encoding)}, b, ${o}, ${node.length}, ${lit(node.pad)});`);
      src.line(`if (${t} === undefined) return E.errString(${path()}, ${o}, ${lit(`not valid ${node.encoding}`)});`);
      out = t;
      break;
    }
    case 'bytes': {
      if (node.constBytes) {
        const cb = node.constBytes;
        if (!c.dyn && coveredBySync(g, c.k, cb)) {
          // Same bytes at the same place as the framing sync, which was already checked.
          out = lit(bytesToHex(cb));
          break;
        }
        const compare = Array.from(cb, (byte, i) => `b[${pos(c, i)}] !== ${byte}`).join(' || ');
        // Short constants compare inline; the value is then the constant itself.
        src.line(`if (${cb.length <= 8 ? compare : `!X.equalBytes(b, ${o}, ${konst(g, cb)})`}) return D.constBytesFail(b, ${o}, ${konst(g, cb)}, ${path()});`);
        out = lit(bytesToHex(cb));
      } else {
        const x = src.fresh('x');
        src.line(`const ${x} = X.bytesToHex(b, '', ${o}, ${pos(c, size)});`);
        out = x;
      }
      break;
    }
    case 'padding':
      break;
    case 'checksum': {
      const r = src.fresh('r');
      src.line(`const ${r} = ${readIntExpr(node.width, false, node.order, o)};`);
      if (!g.checksumAlwaysEarly) {
        const verify = () => {
          src.line(checksumSource(node.algorithm, node.from, o));
          src.line(`if (cp !== ${r}) return E.errChecksum(${path()}, ${o}, ${lit(node.algorithm)}, ${r}, cp, ${node.from}, ${o});`);
        };
        if (g.checksumMaybeEarly) {
          src.open('if (!csv) {');
          verify();
          src.close();
        } else {
          src.open('{');
          verify();
          src.close();
        }
      }
      src.line(`cs = ${r};`);
      out = r;
      break;
    }
    case 'struct':
      out = genSeq(g, node.seq, c, scope, true);
      return out; // genSeq advanced the cursor
    case 'array':
      out = genArray(g, node, c, scope, true);
      return out;
    default:
      throw new Error(`internal: ${node.kind} is not fixed-size`);
  }
  c.k += size;
  return out;
}

/**
 * Statements computing `algorithm` over [from, to) into `cp`. Table CRCs are inlined (a call per
 * frame costs measurably on 64-byte frames); the 8-bit sums call the shared functions.
 */
function checksumSource(algorithm: keyof typeof CHECKSUMS, from: number, to: string): string {
  switch (algorithm) {
    case 'crc16-modbus':
      return `let cp = 65535; for (let i = ${from}; i < ${to}; i++) cp = (cp >>> 8) ^ T_MODBUS[(cp ^ b[i]) & 255];`;
    case 'crc16-ccitt-false':
    case 'crc16-xmodem':
      return `let cp = ${algorithm === 'crc16-xmodem' ? 0 : 65535}; for (let i = ${from}; i < ${to}; i++) cp = ((cp << 8) & 65535) ^ T_1021[((cp >>> 8) ^ b[i]) & 255];`;
    case 'crc32':
      return `let cp = -1; for (let i = ${from}; i < ${to}; i++) cp = (cp >>> 8) ^ T_CRC32[(cp ^ b[i]) & 255]; cp = (cp ^ -1) >>> 0;`;
    default:
      return `const cp = X.${checksumFn(algorithm)}(b, ${from}, ${to});`;
  }
}

function coveredBySync(g: Gen, offset: number, bytes: Uint8Array): boolean {
  const sync = g.plan.framing.sync;
  if (!sync || offset + bytes.length > sync.length) return false;
  return bytes.every((byte, i) => sync[offset + i] === byte);
}

function checksumFn(algorithm: keyof typeof CHECKSUMS): string {
  return {
    'crc16-modbus': 'crc16Modbus',
    'crc16-ccitt-false': 'crc16CcittFalse',
    'crc16-xmodem': 'crc16Xmodem',
    crc32: 'crc32',
    sum8: 'sum8',
    xor8: 'xor8',
    lrc8: 'lrc8',
  }[algorithm];
}

/** Emits one array element at `p` (materialized) and returns its value expression. */
function genItem(g: Gen, item: PlanNode, itemPath: string, end: string, endConst: number | undefined): string {
  const scope: Scope = { prefix: itemPath, end, endConst };
  const c: Cursor = { dyn: true, k: 0 };
  if (item.size !== undefined) {
    g.src.line(`if (p + ${item.size} > ${end}) return E.errTruncated(${itemPath}, p, ${end});`);
    const v = genStatic(g, item, c, scope)!;
    materialize(g, c);
    return v;
  }
  const v = genDynamic(g, item, c, scope)!;
  materialize(g, c);
  return v;
}

function genArray(g: Gen, node: ArrayNode, c: Cursor, scope: Scope, covered: boolean): string {
  const src = g.src;
  materialize(g, c);
  const a = g.src.fresh('a');
  const i = g.src.fresh('i');
  const path = pathExpr(scope, node.relPath);
  const itemPath = `(${path} + "[" + ${i} + "]")`;
  src.line(`const ${a} = [];`);
  if (node.mode === 'untilEnd') {
    const lim = src.fresh('lim');
    const start = src.fresh('st');
    src.line(`const ${lim} = end - ${node.tail};`);
    src.line(`if (${lim} < p) return E.errTruncated(${path}, p, ${lim});`);
    src.line(`const ${start} = p;`);
    src.open(`for (let ${i} = 0; p < ${lim}; ${i}++) {`);
    src.line(`if (${a}.length >= ${node.maxCount}) return E.errCount(${path}, ${start}, ${a}.length + 1, ${node.maxCount});`);
    const v = genItem(g, node.item, itemPath, lim, undefined);
    src.line(`${a}.push(${v});`);
    src.close();
    return a;
  }
  let count: string;
  if (node.mode === 'fixed') count = String(node.count);
  else {
    count = src.fresh('n');
    src.line(`const ${count} = s${node.countSlot};`);
    src.line(`if (${count} < 0 || ${count} > ${node.maxCount}) return E.errCount(${path}, p, ${count}, ${node.maxCount});`);
  }
  src.open(`for (let ${i} = 0; ${i} < ${count}; ${i}++) {`);
  const v =
    covered && node.item.size !== undefined
      ? (() => {
          // The enclosing group already checked the whole array fits.
          const ic: Cursor = { dyn: true, k: 0 };
          const value = genStatic(g, node.item, ic, { prefix: itemPath, end: scope.end, endConst: scope.endConst })!;
          materialize(g, ic);
          return value;
        })()
      : genItem(g, node.item, itemPath, scope.end, scope.endConst);
  src.line(`${a}.push(${v});`);
  src.close();
  return a;
}

/** Emits a data-dependent node; afterwards `p` is the position after it. */
function genDynamic(g: Gen, node: PlanNode, c: Cursor, scope: Scope): string | undefined {
  const src = g.src;
  const path = pathExpr(scope, node.relPath);
  const end = scope.end;
  switch (node.kind) {
    case 'string': {
      materialize(g, c);
      const t = src.fresh('t');
      if (node.mode === 'prefixed') {
        const len = src.fresh('len');
        const w = node.prefixWidth;
        src.line(`if (p + ${w} > ${end}) return E.errTruncated(${path}, p, ${end});`);
        src.line(`const ${len} = ${readIntExpr(w, false, node.prefixOrder, 'p')};`);
        src.line(`if (${len} > ${node.maxLength}) return E.errString(${path}, p, "length " + ${len} + ${lit(` exceeds maxLength ${node.maxLength}`)});`);
        src.line(`if (p + ${w} + ${len} > ${end}) return E.errTruncated(${path}, p, ${end});`);
        src.line(`const ${t} = X.decodeText(${lit(node.encoding)}, b, p + ${w}, p + ${w} + ${len});`);
        src.line(`if (${t} === undefined) return E.errString(${path}, p, ${lit(`not valid ${node.encoding}`)});`);
        src.line(`p += ${w} + ${len};`);
        return t;
      }
      const se = src.fresh('se');
      const z = src.fresh('z');
      src.line(`const ${se} = Math.min(p + ${node.maxLength}, ${end});`);
      src.line(`let ${z} = p;`);
      src.line(`while (${z} < ${se} && b[${z}] !== 0) ${z}++;`);
      src.line(
        `if (${z} === ${se}) return p + ${node.maxLength} > ${end} ? E.errTruncated(${path}, p, ${end}) : E.errString(${path}, p, ${lit(`no terminator within ${node.maxLength} bytes`)});`,
      );
      src.line(`const ${t} = X.decodeText(${lit(node.encoding)}, b, p, ${z});`);
      src.line(`if (${t} === undefined) return E.errString(${path}, p, ${lit(`not valid ${node.encoding}`)});`);
      src.line(`p = ${z} + 1;`);
      return t;
    }
    case 'bytes': {
      materialize(g, c);
      const v = src.fresh('x');
      if (node.mode === 'ref') {
        const n = src.fresh('n');
        src.line(`const ${n} = s${node.lengthSlot};`);
        src.line(`if (${n} < 0) return E.errCount(${path}, p, ${n}, ${end} - p);`);
        src.line(`if (p + ${n} > ${end}) return E.errTruncated(${path}, p, ${end});`);
        src.line(`const ${v} = X.bytesToHex(b, '', p, p + ${n});`);
        src.line(`p += ${n};`);
      } else {
        const lim = src.fresh('lim');
        src.line(`const ${lim} = end - ${node.tail};`);
        src.line(`if (${lim} < p) return E.errTruncated(${path}, p, ${lim});`);
        src.line(`const ${v} = X.bytesToHex(b, '', p, ${lim});`);
        src.line(`p = ${lim};`);
      }
      return v;
    }
    case 'array':
      return genArray(g, node, c, scope, false);
    case 'struct': {
      const v = genSeq(g, node.seq, c, scope, false);
      materialize(g, c);
      return v;
    }
    case 'switch': {
      materialize(g, c);
      const v = src.fresh('sw');
      src.line(`let ${v};`);
      src.open(`switch (s${node.onSlot}) {`);
      const branch = (seq: Seq) => {
        const bc: Cursor = { dyn: true, k: 0 };
        const literal = genSeq(g, seq, bc, scope, false);
        materialize(g, bc);
        src.line(`${v} = ${literal};`);
        src.line('break;');
      };
      for (const cs of node.cases) {
        src.open(`${cs.values.map((x) => `case ${numberLiteral(x)}:`).join(' ')} {`);
        branch(cs.seq);
        src.close();
      }
      if (node.defaultSeq) {
        src.open('default: {');
        branch(node.defaultSeq);
        src.close();
      } else {
        src.line(`default: return E.errSwitch(${path}, p, s${node.onSlot});`);
      }
      src.close();
      return v;
    }
    default:
      throw new Error(`internal: ${node.kind} is fixed-size`);
  }
}

function groupLayout(step: Extract<Step, { kind: 'group' }>): GroupLayout {
  return { rels: step.nodes.map((n) => n.relPath), offsets: step.offsets, sizes: step.nodes.map((n) => n.size!) };
}

/** Emits a sequence of fields and returns the object literal of its values. `covered`: bounds already checked. */
function genSeq(g: Gen, seq: Seq, c: Cursor, scope: Scope, covered: boolean): string {
  const entries: string[] = [];
  for (const step of seq.steps) {
    if (step.kind === 'group') {
      const provable = !c.dyn && scope.endConst !== undefined && c.k + step.size <= scope.endConst;
      if (!covered && !provable) {
        const base = pos(c);
        g.src.line(`if (${base} + ${step.size} > ${scope.end}) return D.groupFail(${konst(g, groupLayout(step))}, ${scope.prefix ?? '""'}, ${base}, ${scope.end});`);
      }
      for (const node of step.nodes) {
        const v = genStatic(g, node, c, scope);
        if (v !== undefined) entries.push(`${lit(node.name)}: ${v}`);
      }
    } else {
      const v = genDynamic(g, step.node, c, scope);
      if (v !== undefined) entries.push(`${lit(step.node.name)}: ${v}`);
    }
  }
  const literal = `{ ${entries.join(', ')} }`;
  if (entries.length <= 24 && literal.length < 2000) return literal;
  // Very wide structs are bound to a local to keep lines readable; the shape is the same.
  const o = g.src.fresh('o');
  g.src.line(`const ${o} = ${literal};`);
  return o;
}

function genExtent(g: Gen): void {
  const src = g.src;
  const f = g.plan.framing;
  src.line('const n = b.length;');
  if (f.sync) {
    src.line(`if (n < ${f.sync.length}) return E.errFrameTooShort(n, ${f.sync.length});`);
    f.sync.forEach((byte, i) => src.line(`if (b[${i}] !== ${byte}) return E.errBadSync(${i}, ${byte}, b[${i}]);`));
  }
  src.line('const dv = new DataView(b.buffer, b.byteOffset, n);');
  switch (f.kind) {
    case 'datagram':
      src.line('const end = n;');
      return;
    case 'fixed':
      src.line(`if (n !== ${f.fixedLength}) return n < ${f.fixedLength} ? E.errFrameTooShort(n, ${f.fixedLength}) : E.errFrameTooLong(n, ${f.fixedLength});`);
      src.line(`const end = ${f.fixedLength};`);
      return;
    case 'length': {
      const header = f.lengthOffset + f.lengthWidth;
      src.line(`if (n < ${header}) return E.errFrameTooShort(n, ${header});`);
      src.line(`const lv = ${readIntExpr(f.lengthWidth, false, f.lengthOrder, String(f.lengthOffset))};`);
      src.line(`const total = ${f.countsFrom} + lv + ${f.trailer};`);
      src.line(`if (total < ${header}) return E.errLengthField(${f.lengthOffset}, lv, total, ${lit(`shorter than the header (${header} bytes)`)});`);
      src.line(`if (total > ${f.maxLength}) return E.errLengthField(${f.lengthOffset}, lv, total, ${lit(`above maxLength ${f.maxLength}`)});`);
      src.line('if (total > n) return E.errFrameTooShort(n, total);');
      src.line('if (total < n) return E.errFrameTooLong(n, total);');
      src.line('const end = n;');
      return;
    }
    case 'delimiter': {
      const d = f.delimiter!;
      src.line(`if (n > ${f.maxLength}) return E.errFrameTooLong(n, ${f.maxLength});`);
      src.line(`const end = n - ${d.length};`);
      src.line('if (end < 0) return E.errDelimiter(0);');
      src.line(`if (${Array.from(d, (byte, i) => `b[end + ${i}] !== ${byte}`).join(' || ')}) return E.errDelimiter(end);`);
      return;
    }
  }
}

function genEarlyChecksum(g: Gen, bodyEndConst: number | undefined): void {
  const cs = g.plan.checksum;
  if (!cs || cs.placement.kind === 'dynamic') return;
  const node = cs.node;
  const src = g.src;
  const verify = (at: string) => {
    src.line(`const st = ${readIntExpr(node.width, false, node.order, at)};`);
    src.line(checksumSource(node.algorithm, node.from, at));
    src.line(`if (cp !== st) return E.errChecksum(${lit(node.relPath)}, ${at}, ${lit(node.algorithm)}, st, cp, ${node.from}, ${at});`);
  };
  if (cs.placement.kind === 'static') {
    const at = cs.placement.offset;
    if (bodyEndConst !== undefined && at >= node.from && at + node.width <= bodyEndConst) {
      // Fixed frames: always verified here, before any field is decoded.
      g.checksumAlwaysEarly = true;
      src.open('{');
      verify(String(at));
      src.close();
      return;
    }
    g.checksumMaybeEarly = true;
    src.open(`if (${at} >= ${node.from} && ${at + node.width} <= end) {`);
    verify(String(at));
    src.line('csv = true;');
    src.close();
    return;
  }
  g.checksumMaybeEarly = true;
  src.line(`const csAt = end - ${node.width};`);
  src.open(`if (csAt >= ${node.from}) {`);
  verify('csAt');
  src.line('csv = true;');
  src.close();
}

/** Source of the body of `function (b) {...}` decoding one frame; `raw` adds the raw-value map. */
export function decoderBody(plan: FramePlan, consts: unknown[], raw: boolean): string {
  const g: Gen = { src: new SourceBuilder(), consts, plan, raw, checksumAlwaysEarly: false, checksumMaybeEarly: false };
  const src = g.src;
  genExtent(g);
  const bodyEndConst = plan.framing.kind === 'fixed' ? plan.framing.fixedLength : undefined;
  const slots = Array.from({ length: plan.slotCount }, (_, i) => `s${i} = 0`);
  const lets = ['p = 0', 'csv = false', 'cs = 0', ...slots];
  src.line(`let ${lets.join(', ')};`);
  if (raw) src.line('const R = {};');
  genEarlyChecksum(g, bodyEndConst);
  const c: Cursor = { dyn: false, k: 0 };
  const scope: Scope = { prefix: undefined, end: 'end', endConst: bodyEndConst };
  const fields = genSeq(g, plan.root, c, scope, false);
  if (!(!c.dyn && bodyEndConst !== undefined && c.k === bodyEndConst)) {
    src.line(`if (${pos(c)} !== end) return E.errTrailing(${pos(c)}, end);`);
  }
  const parts = ['ok: true', `fields: ${fields}`, 'byteLength: n'];
  if (raw) parts.push('raw: R');
  if (plan.checksum) parts.push(`checksum: { algorithm: ${lit(plan.checksum.node.algorithm)}, value: cs }`);
  src.line(`return { ${parts.join(', ')} };`);
  return src.toString();
}
