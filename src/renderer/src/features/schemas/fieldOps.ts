/*
 * Pure, immutable edits of a schema document for the designer: a field is addressed by its
 * pointer (the key path from the document root, e.g. ['fields', 3, 'cases', 0, 'fields', 1]).
 * Drafts may be incomplete, so nothing here assumes a valid schema.
 */

export type Doc = Record<string, unknown>;
export type Ptr = (string | number)[];
export type Field = Record<string, unknown>;

export const FIELD_TYPES = [
  'u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64', 'bool', 'flags', 'bitfield', 'enum', 'bcd', 'string', 'bytes', 'padding', 'array', 'struct', 'switch', 'checksum',
] as const;
export type FieldTypeName = (typeof FIELD_TYPES)[number];

export const INT_TYPES = new Set(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64']);
export const FLOAT_TYPES = new Set(['f32', 'f64']);
/** Types with engineering scaling (divisor/multiplier/offset/unit/range). */
export const SCALED_TYPES = new Set([...INT_TYPES, ...FLOAT_TYPES, 'bcd']);
/** Types whose multi-byte value has a byte order. */
export const ORDERED_TYPES = new Set(['u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64', 'flags', 'bitfield', 'enum', 'checksum']);

export function ptrKey(ptr: Ptr): string {
  return ptr.join('/');
}

/** The pointer in validateSchema's notation (`fields[3].items.fields[0]`), to match issues to fields. */
export function ptrPointer(ptr: Ptr): string {
  let out = '';
  for (const k of ptr) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function getAt(doc: unknown, ptr: Ptr): unknown {
  let node: unknown = doc;
  for (const k of ptr) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[k];
  }
  return node;
}

/** A copy of `doc` with the value at `ptr` replaced (undefined deletes an object key). */
export function setAt<T>(doc: T, ptr: Ptr, value: unknown): T {
  if (ptr.length === 0) return value as T;
  const [head, ...rest] = ptr as [string | number, ...Ptr];
  if (Array.isArray(doc)) {
    const copy = doc.slice();
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy as T;
  }
  const base: Record<string, unknown> = isObject(doc) ? doc : {};
  const next = setAt(base[head as string], rest, value);
  const copy: Record<string, unknown> = { ...base };
  if (next === undefined && rest.length === 0) delete copy[head as string];
  else copy[head as string] = next;
  return copy as T;
}

/** One row of the field tree. */
export type TreeRow = {
  key: string;
  ptr: Ptr;
  depth: number;
  /** `field`: a field; `case`/`default`: a switch branch; `items`: an array's element spec. */
  kind: 'field' | 'case' | 'default' | 'items';
  field: Field | undefined;
  label: string;
  /** Decoded-path form with `[]` for array items (`readings[].value`), to link with hex layout paths. */
  staticPath: string;
  /** Where children can be added (a `fields` list), when this row holds fields. */
  childList: Ptr | undefined;
};

function walk(fields: unknown, base: Ptr, prefix: string, depth: number, out: TreeRow[]): void {
  if (!Array.isArray(fields)) return;
  fields.forEach((f, i) => {
    const ptr = [...base, i];
    const field = isObject(f) ? f : {};
    const name = typeof field.name === 'string' && field.name !== '' ? field.name : `(field ${i + 1})`;
    const sp = prefix === '' ? name : `${prefix}.${name}`;
    out.push({ key: ptrKey(ptr), ptr, depth, kind: 'field', field, label: name, staticPath: sp, childList: field.type === 'struct' ? [...ptr, 'fields'] : undefined });
    addChildren(field, ptr, sp, depth, out);
  });
}

function addChildren(field: Field, ptr: Ptr, sp: string, depth: number, out: TreeRow[]): void {
  if (field.type === 'struct') walk(field.fields, [...ptr, 'fields'], sp, depth + 1, out);
  if (field.type === 'switch') {
    const cases = Array.isArray(field.cases) ? field.cases : [];
    cases.forEach((c, j) => {
      const cp = [...ptr, 'cases', j];
      const when = isObject(c) ? (Array.isArray(c.when) ? c.when.join(', ') : String(c.when ?? '?')) : '?';
      const label = isObject(c) && typeof c.label === 'string' && c.label !== '' ? `${when}: ${c.label}` : `case ${when}`;
      out.push({ key: ptrKey(cp), ptr: cp, depth: depth + 1, kind: 'case', field: undefined, label, staticPath: sp, childList: [...cp, 'fields'] });
      walk(isObject(c) ? c.fields : undefined, [...cp, 'fields'], sp, depth + 2, out);
    });
    if (isObject(field.default)) {
      const dp = [...ptr, 'default'];
      out.push({ key: ptrKey(dp), ptr: dp, depth: depth + 1, kind: 'default', field: undefined, label: 'default', staticPath: sp, childList: [...dp, 'fields'] });
      walk(field.default.fields, [...dp, 'fields'], sp, depth + 2, out);
    }
  }
  if (field.type === 'array' && isObject(field.items)) {
    const ip = [...ptr, 'items'];
    const items = field.items;
    out.push({ key: ptrKey(ip), ptr: ip, depth: depth + 1, kind: 'items', field: items, label: `items: ${String(items.type ?? '?')}`, staticPath: `${sp}[]`, childList: items.type === 'struct' ? [...ip, 'fields'] : undefined });
    if (items.type === 'struct') walk(items.fields, [...ip, 'fields'], `${sp}[]`, depth + 2, out);
  }
}

/** Every row of the field tree, in document order. */
export function flattenTree(doc: Doc): TreeRow[] {
  const out: TreeRow[] = [];
  walk(doc.fields, ['fields'], '', 0, out);
  return out;
}

/** The list holding a field and its index, for field pointers (`[..., 'fields', i]`). */
export function containerOf(ptr: Ptr): { list: Ptr; index: number } | undefined {
  const index = ptr[ptr.length - 1];
  const key = ptr[ptr.length - 2];
  if (typeof index !== 'number' || (key !== 'fields' && key !== 'cases')) return undefined;
  return { list: ptr.slice(0, -1), index };
}

function listAt(doc: Doc, list: Ptr): unknown[] {
  const v = getAt(doc, list);
  return Array.isArray(v) ? v : [];
}

/** Names used in a field list. */
function namesIn(doc: Doc, list: Ptr): Set<string> {
  return new Set(listAt(doc, list).map((f) => (isObject(f) && typeof f.name === 'string' ? f.name : '')));
}

export function uniqueName(taken: Set<string>, base: string): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** A new field of a type with sensible defaults (valid on its own wherever possible). */
export function defaultField(type: FieldTypeName, name: string): Field {
  switch (type) {
    case 'flags':
      return { name, type, storage: 'u16', flags: [{ name: 'flag0', bit: 0 }] };
    case 'bitfield':
      return { name, type, storage: 'u16', members: [{ name: 'value', bitOffset: 0, bitWidth: 4 }] };
    case 'enum':
      return { name, type, storage: 'u8', values: { '0': 'off', '1': 'on' } };
    case 'bcd':
      return { name, type, length: 2 };
    case 'string':
      return { name, type, encoding: 'ascii', mode: 'fixed', length: 8 };
    case 'bytes':
      return { name, type, length: 2 };
    case 'padding':
      return { name, type, length: 1 };
    case 'array':
      return { name, type, count: 2, items: { type: 'u8' } };
    case 'struct':
      return { name, type, fields: [{ name: 'value', type: 'u8' }] };
    case 'switch':
      return { name, type, on: '', cases: [{ when: 1, label: 'first', fields: [{ name: 'value', type: 'u8' }] }] };
    case 'checksum':
      return { name, type, algorithm: 'crc16-modbus', byteOrder: 'LE', from: 0 };
    default:
      return { name, type };
  }
}

const CARRY_ALWAYS = ['name', 'description'];
const CARRY_SCALED = ['divisor', 'multiplier', 'offset', 'unit', 'min', 'max'];

/** The field with another type: keeps name, description, and scaling/byte order when both types have them. */
export function changeType(field: Field, type: FieldTypeName): Field {
  const next = defaultField(type, typeof field.name === 'string' ? field.name : 'field');
  for (const k of CARRY_ALWAYS) if (field[k] !== undefined) next[k] = field[k];
  if (SCALED_TYPES.has(type) && SCALED_TYPES.has(String(field.type))) for (const k of CARRY_SCALED) if (field[k] !== undefined) next[k] = field[k];
  if (ORDERED_TYPES.has(type) && ORDERED_TYPES.has(String(field.type)) && field.byteOrder !== undefined) next.byteOrder = field.byteOrder;
  if (['flags', 'bitfield', 'enum'].includes(type) && typeof field.storage === 'string') next.storage = field.storage;
  return next;
}

/**
 * Adds a field of `type` relative to the selection: inside it when it holds fields (struct,
 * switch case, struct items), after it when it is a field, else at the end. Returns the new
 * document and the new field's pointer.
 */
export function addField(doc: Doc, selected: Ptr | undefined, type: FieldTypeName, preferredName?: string): { doc: Doc; ptr: Ptr } {
  let list: Ptr = ['fields'];
  let index = listAt(doc, list).length;
  if (selected) {
    const row = flattenTree(doc).find((r) => ptrKey(r.ptr) === ptrKey(selected));
    if (row?.childList) {
      list = row.childList;
      index = listAt(doc, list).length;
    } else {
      const c = containerOf(selected);
      if (c && c.list[c.list.length - 1] === 'fields') {
        list = c.list;
        index = c.index + 1;
      }
    }
  }
  const name = uniqueName(namesIn(doc, list), preferredName ?? (type === 'padding' ? 'reserved' : type === 'checksum' ? 'crc' : 'field'));
  const items = listAt(doc, list).slice();
  items.splice(index, 0, defaultField(type, name));
  return { doc: setAt(doc, list, items), ptr: [...list, index] };
}

/** Removes the field (or switch case) at `ptr`. */
export function removeAt(doc: Doc, ptr: Ptr): Doc {
  const c = containerOf(ptr);
  if (!c) return doc;
  const items = listAt(doc, c.list).slice();
  items.splice(c.index, 1);
  return setAt(doc, c.list, items);
}

/** Inserts a copy after the original, with a unique name. */
export function duplicateAt(doc: Doc, ptr: Ptr): { doc: Doc; ptr: Ptr } {
  const c = containerOf(ptr);
  const original = getAt(doc, ptr);
  if (!c || !isObject(original)) return { doc, ptr };
  const copy = structuredClone(original);
  if (typeof copy.name === 'string') copy.name = uniqueName(namesIn(doc, c.list), `${copy.name}_copy`);
  const items = listAt(doc, c.list).slice();
  items.splice(c.index + 1, 0, copy);
  return { doc: setAt(doc, c.list, items), ptr: [...c.list, c.index + 1] };
}

/** Moves a field up (-1) or down (+1) within its list. */
export function moveBy(doc: Doc, ptr: Ptr, delta: number): { doc: Doc; ptr: Ptr } {
  const c = containerOf(ptr);
  if (!c) return { doc, ptr };
  const items = listAt(doc, c.list).slice();
  const to = c.index + delta;
  if (to < 0 || to >= items.length) return { doc, ptr };
  const [item] = items.splice(c.index, 1);
  items.splice(to, 0, item);
  return { doc: setAt(doc, c.list, items), ptr: [...c.list, to] };
}

function startsWith(ptr: Ptr, prefix: Ptr): boolean {
  return prefix.length <= ptr.length && prefix.every((k, i) => ptr[i] === k);
}

/**
 * Drag and drop: moves the field at `from` to sit before the row `to` (a field), or at the end
 * of `to`'s own field list when `to` holds fields (struct, switch case). Moving a field into
 * itself is refused (returns the input unchanged).
 */
export function moveTo(doc: Doc, from: Ptr, to: Ptr, inside: boolean): { doc: Doc; ptr: Ptr } {
  const src = containerOf(from);
  if (!src || src.list[src.list.length - 1] !== 'fields' || startsWith(to, from)) return { doc, ptr: from };
  const item = getAt(doc, from);
  let targetList: Ptr;
  let targetIndex: number;
  if (inside) {
    targetList = to;
    targetIndex = listAt(doc, to).length;
  } else {
    const dst = containerOf(to);
    if (!dst || dst.list[dst.list.length - 1] !== 'fields') return { doc, ptr: from };
    targetList = dst.list;
    targetIndex = dst.index;
  }
  let next = removeAt(doc, from);
  // Removing shifts later siblings (and pointers through them) down by one.
  const depth = src.list.length;
  const adjust = (p: Ptr): Ptr => {
    if (startsWith(p, src.list) && p.length > depth && typeof p[depth] === 'number' && (p[depth] as number) > src.index) {
      const copy = p.slice();
      copy[depth] = (p[depth] as number) - 1;
      return copy;
    }
    return p;
  };
  const adjustedList = adjust(targetList);
  let adjustedIndex = targetIndex;
  if (ptrKey(adjustedList) === ptrKey(src.list) && targetIndex > src.index) adjustedIndex -= 1;
  const items = listAt(next, adjustedList).slice();
  const taken = new Set(items.map((f) => (isObject(f) && typeof f.name === 'string' ? f.name : '')));
  const moved = isObject(item) && typeof item.name === 'string' && ptrKey(adjustedList) !== ptrKey(src.list) ? { ...item, name: uniqueName(taken, item.name) } : item;
  items.splice(adjustedIndex, 0, moved);
  next = setAt(next, adjustedList, items);
  return { doc: next, ptr: [...adjustedList, adjustedIndex] };
}

/** Field and flag names a selector (`countFrom`, `lengthFrom`, switch `on`) may refer to: every earlier integer field. */
export function referenceCandidates(rows: TreeRow[], before: Ptr): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (ptrKey(r.ptr) === ptrKey(before)) break;
    if (r.kind !== 'field' || !r.field) continue;
    const t = String(r.field.type);
    if (INT_TYPES.has(t) || t === 'enum') out.push(r.field.name as string);
    if (t === 'bitfield' && Array.isArray(r.field.members)) for (const m of r.field.members) if (isObject(m)) out.push(`${String(r.field.name)}.${String(m.name)}`);
  }
  return out;
}

const WIDTH: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f32: 4, f64: 8, bool: 1 };
const CHECKSUM_WIDTH: Record<string, number> = { 'crc16-modbus': 2, 'crc16-ccitt-false': 2, 'crc16-xmodem': 2, crc32: 4, sum8: 1, xor8: 1, lrc8: 1 };

/** Static byte size of a field, or undefined when it depends on the data (or the field is incomplete). */
export function staticSize(f: unknown): number | undefined {
  if (!isObject(f)) return undefined;
  const t = String(f.type);
  if (t in WIDTH) return WIDTH[t];
  switch (t) {
    case 'flags':
    case 'bitfield':
    case 'enum':
      return WIDTH[String(f.storage)];
    case 'bcd':
    case 'padding':
      return typeof f.length === 'number' ? f.length : undefined;
    case 'string':
      return f.mode === 'fixed' && typeof f.length === 'number' ? f.length : undefined;
    case 'bytes':
      return typeof f.length === 'number' && f.lengthFrom === undefined && f.untilEnd === undefined ? f.length : undefined;
    case 'checksum':
      return CHECKSUM_WIDTH[String(f.algorithm)];
    case 'struct':
      return seqSize(f.fields);
    case 'array': {
      const item = staticSize(f.items);
      return typeof f.count === 'number' && f.countFrom === undefined && f.untilEnd === undefined && item !== undefined ? f.count * item : undefined;
    }
    case 'switch': {
      const sizes = [...(Array.isArray(f.cases) ? f.cases.map((c) => (isObject(c) ? seqSize(c.fields) : undefined)) : []), ...(isObject(f.default) ? [seqSize(f.default.fields)] : [])];
      return sizes.length > 0 && sizes.every((s) => s !== undefined && s === sizes[0]) ? sizes[0] : undefined;
    }
    default:
      return undefined;
  }
}

function seqSize(fields: unknown): number | undefined {
  if (!Array.isArray(fields)) return undefined;
  let n = 0;
  for (const f of fields) {
    const s = staticSize(f);
    if (s === undefined) return undefined;
    n += s;
  }
  return n;
}

/** Offsets and sizes of top-level and nested fields known without data: offsets stop at the first data-dependent field. */
export function staticLayout(doc: Doc): Map<string, { offset: number | undefined; size: number | undefined }> {
  const out = new Map<string, { offset: number | undefined; size: number | undefined }>();
  const walkList = (fields: unknown, base: Ptr, start: number | undefined) => {
    if (!Array.isArray(fields)) return;
    let at = start;
    fields.forEach((f, i) => {
      const ptr = [...base, i];
      const size = staticSize(f);
      out.set(ptrKey(ptr), { offset: at, size });
      if (isObject(f) && f.type === 'struct') walkList(f.fields, [...ptr, 'fields'], at);
      if (isObject(f) && f.type === 'switch') {
        if (Array.isArray(f.cases)) f.cases.forEach((c, j) => isObject(c) && walkList(c.fields, [...ptr, 'cases', j, 'fields'], at));
        if (isObject(f.default)) walkList(f.default.fields, [...ptr, 'default', 'fields'], at);
      }
      if (isObject(f) && f.type === 'array' && isObject(f.items)) out.set(ptrKey([...ptr, 'items']), { offset: at, size: staticSize(f.items) });
      at = at !== undefined && size !== undefined ? at + size : undefined;
    });
  };
  walkList(doc.fields, ['fields'], 0);
  return out;
}
