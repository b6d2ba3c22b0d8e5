import { base64ToBytes, parseHex } from '#shared/frame/hex';
import { decodeWithLayout, type FieldLayout } from '#shared/frame/layout';
import { checkRanges, type RangeViolation } from '#shared/frame/ranges';
import type { DecodeResult } from '#shared/frame/result';
import type { FrameSchema } from '#shared/frame/schema';
import { runTestVectors } from '#shared/frame/testVectors';
import { validateSchema } from '#shared/frame/validate';
import type { SchemaIssue } from '#shared/frame/plan';
import { vectorResultOf, type VectorResult } from '#shared/rpc/domains/schemas';
import type { HexSpan } from '../../components/HexView';

/*
 * Everything the designer shows about the working copy, computed in the renderer with the shared
 * reference interpreter (no code generation under the CSP): validation issues, the decode of the
 * sample frame with its byte layout, range findings and test-vector results.
 */

export type SampleBytes = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** Parses the sample text as hex or base64. */
export function parseSample(text: string, format: 'hex' | 'base64'): SampleBytes {
  if (format === 'hex') {
    const r = parseHex(text);
    return r.ok ? r : { ok: false, message: `hex: ${r.message}` };
  }
  try {
    return { ok: true, bytes: base64ToBytes(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export type Analysis = {
  schema: FrameSchema | undefined;
  issues: SchemaIssue[];
  staticSize: number | undefined;
  decode: DecodeResult | undefined;
  layout: FieldLayout[];
  spans: HexSpan[];
  ranges: RangeViolation[];
  vectors: VectorResult[];
  /** Milliseconds the analysis took (validation + decode + vectors). */
  elapsedMs: number;
};

const CONTAINER_TYPES = new Set(['struct', 'array', 'switch', 'flag', 'member']);

/** Hex spans from a layout: one per leaf field (flags and bit fields as their storage word). */
export function spansOf(layout: readonly FieldLayout[]): HexSpan[] {
  const spans: HexSpan[] = [];
  let color = 0;
  for (const l of layout) {
    if (CONTAINER_TYPES.has(l.type) || l.length === 0) continue;
    const muted = l.type === 'padding';
    spans.push({ key: l.path, offset: l.offset, length: l.length, label: `${l.path} · ${l.type} · ${l.length} byte${l.length === 1 ? '' : 's'} @${l.offset}`, color: muted ? 0 : color++, muted });
  }
  return spans;
}

export function analyze(doc: unknown, bytes: Uint8Array | undefined): Analysis {
  const t0 = performance.now();
  const checked = validateSchema(doc);
  if (!checked.ok) return { schema: undefined, issues: checked.issues, staticSize: undefined, decode: undefined, layout: [], spans: [], ranges: [], vectors: [], elapsedMs: performance.now() - t0 };
  const schema = checked.schema;
  let decode: DecodeResult | undefined;
  let layout: FieldLayout[] = [];
  let ranges: RangeViolation[] = [];
  if (bytes && bytes.length > 0) {
    const r = decodeWithLayout(schema, bytes);
    decode = r.result;
    layout = r.layout;
    if (decode.ok) ranges = checkRanges(schema, decode.fields);
  }
  const vectors = runTestVectors(schema).map((o, i) => vectorResultOf(o, schema.testVectors?.[i]));
  return { schema, issues: [], staticSize: checked.plan.root.size, decode, layout, spans: spansOf(layout), ranges, vectors, elapsedMs: performance.now() - t0 };
}

/** Units (and scaling notes) by decoded static path, for the decoded table. */
export function unitsByPath(schema: FrameSchema | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!schema) return out;
  const walk = (fields: FrameSchema['fields'], prefix: string) => {
    for (const f of fields) {
      const p = prefix === '' ? f.name : `${prefix}.${f.name}`;
      if ('unit' in f && typeof f.unit === 'string') out.set(p, f.unit);
      if (f.type === 'struct') walk(f.fields, p);
      if (f.type === 'switch') {
        for (const c of f.cases) walk(c.fields, p);
        if (f.default) walk(f.default.fields, p);
      }
      if (f.type === 'bitfield') for (const m of f.members) if (m.unit) out.set(`${p}.${m.name}`, m.unit);
      if (f.type === 'array') {
        if ('unit' in f.items && typeof f.items.unit === 'string') out.set(`${p}[]`, f.items.unit);
        if (f.items.type === 'struct') walk(f.items.fields, `${p}[]`);
      }
    }
  };
  walk(schema.fields, '');
  return out;
}

/** Decoded path -> static path (`readings[2].v` -> `readings[].v`). */
export function staticPathOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** Formats a decoded leaf value for people. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}
