import type { SchemaChange } from '#shared/rpc/domains/schemas';

/*
 * Readable, field-level differences between two schema documents (published versions or a
 * draft, possibly invalid). Fields are matched by their path (names within their parent), so a
 * renamed field reads as removed + added; reordering is reported as "moved" only for the fields
 * that actually left their relative order (not for every field after an insertion).
 */

type Doc = Record<string, unknown>;
type Entry = { scope: string; path: string; parent: string; props: Record<string, unknown>; summary: string };

// Keys holding children: compared through their own entries, not as properties.
const CHILD_KEYS = new Set(['fields', 'cases', 'default', 'items', 'flags', 'members']);
const SCHEMA_KEYS = ['name', 'title', 'description', 'formatVersion', 'byteOrder', 'framing'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}

function fieldSummary(f: Record<string, unknown>): string {
  const parts: string[] = [String(f.type ?? '?')];
  if (typeof f.byteOrder === 'string') parts.push(f.byteOrder);
  if (typeof f.storage === 'string') parts.push(f.storage);
  if (typeof f.length === 'number') parts.push(`${f.length} bytes`);
  if (typeof f.divisor === 'number') parts.push(`÷${f.divisor}`);
  if (typeof f.multiplier === 'number') parts.push(`×${f.multiplier}`);
  if (typeof f.unit === 'string' && f.unit !== '') parts.push(f.unit);
  if (typeof f.algorithm === 'string') parts.push(f.algorithm);
  return parts.join(' ');
}

function ownProps(f: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (!CHILD_KEYS.has(k) && k !== 'name') out[k] = v;
  return out;
}

function walkFields(fields: unknown, prefix: string, out: Entry[]): void {
  if (!Array.isArray(fields)) return;
  fields.forEach((raw, i) => {
    if (!isObject(raw)) return;
    const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : `#${i}`;
    const path = prefix === '' ? name : `${prefix}.${name}`;
    walkField(raw, path, prefix, out);
  });
}

function walkField(f: Record<string, unknown>, path: string, parent: string, out: Entry[]): void {
  out.push({ scope: 'field', path, parent, props: ownProps(f), summary: fieldSummary(f) });
  if (Array.isArray(f.flags)) {
    for (const flag of f.flags) {
      if (!isObject(flag)) continue;
      out.push({ scope: 'flag', path: `${path}.${String(flag.name)}`, parent: `${path}#flags`, props: ownProps(flag), summary: `bit ${String(flag.bit)}` });
    }
  }
  if (Array.isArray(f.members)) {
    for (const m of f.members) {
      if (!isObject(m)) continue;
      out.push({ scope: 'member', path: `${path}.${String(m.name)}`, parent: `${path}#members`, props: ownProps(m), summary: `bits ${String(m.bitOffset)}+${String(m.bitWidth)}` });
    }
  }
  if (f.type === 'struct') walkFields(f.fields, path, out);
  if (f.type === 'array' && isObject(f.items)) walkField(f.items, `${path}[]`, `${path}#items`, out);
  if (f.type === 'switch') {
    if (Array.isArray(f.cases)) {
      for (const c of f.cases) {
        if (!isObject(c)) continue;
        const when = Array.isArray(c.when) ? c.when.join(',') : String(c.when);
        const casePath = `${path}(case ${when})`;
        out.push({ scope: 'case', path: casePath, parent: `${path}#cases`, props: { label: c.label }, summary: typeof c.label === 'string' ? c.label : `case ${when}` });
        walkFields(c.fields, casePath, out);
      }
    }
    if (isObject(f.default)) {
      out.push({ scope: 'case', path: `${path}(default)`, parent: `${path}#cases`, props: {}, summary: 'default' });
      walkFields(f.default.fields, `${path}(default)`, out);
    }
  }
}

function entriesOf(doc: Doc): Entry[] {
  const out: Entry[] = [];
  walkFields(doc.fields, '', out);
  return out;
}

/** Indices (into `seq`) of a longest increasing subsequence: the fields that kept their relative order. */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  let k = tails.length > 0 ? tails[tails.length - 1]! : -1;
  while (k >= 0) {
    keep.add(k);
    k = prev[k]!;
  }
  return keep;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Differences from `before` to `after`, in document order of `after` (removals last). */
export function diffSchemas(before: Doc, after: Doc): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const key of SCHEMA_KEYS) {
    if (!same(before[key], after[key])) {
      changes.push({ kind: 'changed', scope: 'schema', path: key, property: key, before: before[key], after: after[key], text: `schema ${key}: ${show(before[key])} → ${show(after[key])}` });
    }
  }

  const a = entriesOf(before);
  const b = entriesOf(after);
  const aByPath = new Map(a.map((e) => [e.path, e]));
  const bByPath = new Map(b.map((e) => [e.path, e]));
  for (const e of b) {
    const old = aByPath.get(e.path);
    const what = e.scope === 'field' ? 'field' : e.scope;
    if (!old) {
      changes.push({ kind: 'added', scope: e.scope, path: e.path, after: e.props, text: `added ${what} ${e.path} (${e.summary})` });
      continue;
    }
    const keys = new Set([...Object.keys(old.props), ...Object.keys(e.props)]);
    for (const k of keys) {
      if (!same(old.props[k], e.props[k])) {
        changes.push({ kind: 'changed', scope: e.scope, path: e.path, property: k, before: old.props[k], after: e.props[k], text: `${e.path}: ${k} ${show(old.props[k])} → ${show(e.props[k])}` });
      }
    }
  }
  for (const e of a) {
    if (!bByPath.has(e.path)) changes.push({ kind: 'removed', scope: e.scope, path: e.path, before: e.props, text: `removed ${e.scope === 'field' ? 'field' : e.scope} ${e.path} (${e.summary})` });
  }

  // Reordering within each parent, among entries present on both sides.
  const parents = new Set(b.map((e) => e.parent));
  for (const parent of parents) {
    const beforeOrder = a.filter((e) => e.parent === parent && bByPath.has(e.path)).map((e) => e.path);
    const afterOrder = b.filter((e) => e.parent === parent && aByPath.has(e.path)).map((e) => e.path);
    if (beforeOrder.length < 2 || same(beforeOrder, afterOrder)) continue;
    const rank = new Map(beforeOrder.map((p, i) => [p, i]));
    const keep = longestIncreasing(afterOrder.map((p) => rank.get(p)!));
    afterOrder.forEach((p, i) => {
      if (keep.has(i)) return;
      const from = rank.get(p)!;
      changes.push({ kind: 'moved', scope: 'field', path: p, before: from, after: i, text: `moved ${p} from position ${from + 1} to ${i + 1}` });
    });
  }

  // Test vectors, by name.
  const va = vectorsOf(before);
  const vb = vectorsOf(after);
  for (const [name, v] of vb) {
    const old = va.get(name);
    if (!old) changes.push({ kind: 'added', scope: 'vector', path: name, text: `added test vector "${name}"` });
    else if (!same(old, v)) changes.push({ kind: 'changed', scope: 'vector', path: name, property: !same(old.hex, v.hex) ? 'hex' : 'expect', text: `test vector "${name}": ${!same(old.hex, v.hex) ? 'frame bytes' : 'expected values'} changed` });
  }
  for (const name of va.keys()) if (!vb.has(name)) changes.push({ kind: 'removed', scope: 'vector', path: name, text: `removed test vector "${name}"` });
  return changes;
}

function vectorsOf(doc: Doc): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (Array.isArray(doc.testVectors)) for (const v of doc.testVectors) if (isObject(v) && typeof v.name === 'string') out.set(v.name, v);
  return out;
}

/** One line summing up a change list: "3 changed, 1 added, 1 removed". */
export function summarizeChanges(changes: SchemaChange[]): string {
  if (changes.length === 0) return 'no differences';
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  return ['added', 'removed', 'changed', 'moved']
    .filter((k) => counts.has(k))
    .map((k) => `${counts.get(k)} ${k}`)
    .join(', ');
}
