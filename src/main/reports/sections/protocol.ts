import type { ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import { demoSchemaFiles, quoteIdent, type ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { clip, fmt, parseJson } from '../section';

type AnyField = Record<string, unknown> & { name?: string; type?: string };
type SchemaDoc = Record<string, unknown> & { name?: string; fields?: AnyField[] };

/** Fixed sizes in bytes of the primitive field types; other types size from `length`. */
const SIZES: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f32: 4, f64: 8, bool: 1 };

function fieldSize(f: AnyField): number | undefined {
  const t = String(f.type ?? '');
  if (t in SIZES) return SIZES[t];
  if (t === 'flags' || t === 'bitfield' || t === 'enum') {
    const w = String(f.base ?? f.width ?? f.storage ?? 'u8');
    return SIZES[w] ?? (typeof f.width === 'number' ? f.width : undefined);
  }
  if (typeof f.length === 'number') return f.length;
  if (t === 'checksum') return typeof f.width === 'number' ? f.width : /32/.test(String(f.algorithm)) ? 4 : /16/.test(String(f.algorithm)) ? 2 : 1;
  return undefined;
}

function scaleText(f: AnyField): string {
  const parts: string[] = [];
  if (typeof f.scale === 'number') parts.push(`× ${fmt(f.scale)}`);
  if (typeof f.divisor === 'number') parts.push(`÷ ${fmt(f.divisor)}`);
  if (typeof f.offset === 'number' && f.offset !== 0) parts.push(`${f.offset > 0 ? '+' : '−'} ${fmt(Math.abs(f.offset))}`);
  return parts.join(' ');
}

function rangeText(f: AnyField): string {
  const min = typeof f.min === 'number' ? fmt(f.min) : '';
  const max = typeof f.max === 'number' ? fmt(f.max) : '';
  // Non-breaking spaces keep a range on one line in a table cell.
  return min || max ? `${min || '…'}\u00a0…\u00a0${max || '…'}` : '';
}

/** A compact one-line description of a small settings object ({field: 'length', adjust: 2} -> "field length, adjust 2"). */
function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

export function schemaBlocks(doc: SchemaDoc, version?: string): ReportBlock[] {
  const fields = Array.isArray(doc.fields) ? doc.fields : [];
  const framing = (doc.framing ?? {}) as Record<string, unknown>;
  const lengthText = typeof framing.length === 'number' ? `${framing.length} bytes` : framing.length && typeof framing.length === 'object' ? `length from ${describe(framing.length)}` : '';
  const framingText = [framing.kind, lengthText, framing.sync ? `sync ${String(framing.sync)}` : ''].filter(Boolean).join(', ');
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 2, text: `${String(doc.title ?? doc.name ?? 'Frame schema')}` },
    {
      kind: 'kv',
      rows: [
        { key: 'Schema', value: `${String(doc.name ?? '—')}${version ? ` (version ${version})` : ''}` },
        { key: 'Byte order', value: String(doc.byteOrder ?? '—') },
        { key: 'Framing', value: framingText || '—' },
        { key: 'Fields', value: String(fields.length) },
      ],
    },
  ];
  if (typeof doc.description === 'string' && doc.description) blocks.push({ kind: 'paragraph', text: doc.description, tone: 'muted' });
  let offset: number | undefined = 0;
  const rows: ReportCell[][] = fields.map((f) => {
    const size = fieldSize(f);
    const at = offset;
    offset = offset !== undefined && size !== undefined ? offset + size : undefined;
    return [at ?? '—', size ?? 'var.', String(f.name ?? '—'), String(f.type ?? ''), scaleText(f), String(f.unit ?? ''), rangeText(f), clip(String(f.description ?? (f.const !== undefined ? `constant ${String(f.const)}` : '')), 160)];
  });
  blocks.push({
    kind: 'table',
    title: `Fields of ${String(doc.name ?? 'the frame')}`,
    columns: [
      { label: 'Offset', align: 'right' },
      { label: 'Bytes', align: 'right' },
      { label: 'Field', mono: true },
      { label: 'Type' },
      { label: 'Scaling' },
      { label: 'Unit' },
      { label: 'Range' },
      { label: 'Description', width: 100 },
    ],
    rows,
  });
  return blocks;
}

/** Finds the schema documents in the schemas area's tables: the newest published version of each. */
async function schemasFromTables(ctx: ReportContext): Promise<Array<{ doc: SchemaDoc; version?: string }>> {
  const out: Array<{ doc: SchemaDoc; version?: string }> = [];
  for (const table of ['frame_schema_versions', 'frame_schemas']) {
    if ((await ctx.rowCount(table)) === 0) continue;
    const cols = await ctx.columns(table);
    const order = ['version', 'created_at', 'id'].find((c) => cols.includes(c));
    const rows = await ctx.query<Record<string, unknown>>(`SELECT * FROM ${quoteIdent(table)}${order ? ` ORDER BY ${quoteIdent(order)} DESC` : ''} LIMIT 500`);
    const seen = new Set<string>();
    for (const row of rows) {
      // Whichever text column holds a schema document (an object with a `fields` array).
      const doc = Object.values(row)
        .map(parseJson)
        .find((v): v is SchemaDoc => typeof v === 'object' && v !== null && Array.isArray((v as SchemaDoc).fields));
      if (!doc) continue;
      const key = String(doc.name ?? row.schema_id ?? row.name ?? out.length);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ doc, ...(row.version !== undefined && row.version !== null ? { version: String(row.version) } : {}) });
    }
    if (out.length > 0) return out.sort((a, b) => String(a.doc.name).localeCompare(String(b.doc.name)));
  }
  return out;
}

async function findSchemas(ctx: ReportContext): Promise<{ schemas: Array<{ doc: SchemaDoc; version?: string }>; fromDemo: boolean }> {
  const fromTables = await schemasFromTables(ctx);
  if (fromTables.length > 0) return { schemas: fromTables, fromDemo: false };
  // The demo's schema files stand in only for the demo project: a real site's report never shows them.
  if (!ctx.isDemo) return { schemas: [], fromDemo: false };
  const files = demoSchemaFiles(ctx.resourcesDir)
    .map((f) => f.doc)
    .filter((d): d is SchemaDoc => typeof d === 'object' && d !== null && Array.isArray((d as SchemaDoc).fields));
  return { schemas: files.map((doc) => ({ doc })), fromDemo: true };
}

/** Protocol summary: each frame schema as a field table with offsets, scaling, units and ranges. */
export const protocolSection: SectionProvider = {
  id: 'protocol',
  title: 'Protocol summary',
  description: 'Frame schemas as tables: byte offsets, types, scaling, units and ranges.',
  defaultOn: true,
  isAvailable: async (ctx) => {
    const { schemas } = await findSchemas(ctx);
    return schemas.length > 0 ? { available: true } : { available: false, reason: 'no frame schemas in this project' };
  },
  build: async (ctx) => {
    const { schemas, fromDemo } = await findSchemas(ctx);
    const blocks: ReportBlock[] = [
      {
        kind: 'paragraph',
        text: `${schemas.length} frame schema${schemas.length === 1 ? '' : 's'} describe the telemetry the station's devices send.${fromDemo ? ' (From the demo schema files.)' : ''}`,
      },
    ];
    for (const s of schemas) blocks.push(...schemaBlocks(s.doc, s.version));
    return blocks;
  },
};
