import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { BundleSummary } from '#shared/rpc/domains/reports';
import { writeFileAtomic } from '../store/atomicWrite';
import type { IStore, SqlValue, WriteStatement } from '../store/types';

/**
 * Project bundle: the whole project (configuration, data, history) as one JSON document that any
 * Station Workbench of the same or a newer schema can import. Format: docs/formats/bundle.md.
 */
export const BUNDLE_FORMAT = 'station-workbench.bundle';
export const BUNDLE_FORMAT_VERSION = 1;
/** Bundles above this size are refused before parsing (the project budget is 256 MiB in memory). */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

/** Tables never carried in a bundle: SQLite's own and the store's bookkeeping. */
function isInternal(name: string): boolean {
  return name.startsWith('sqlite_') || name === '_meta' || name === '_migrations';
}

/** A bundle cell: JSON scalars, with blobs as {"$hex": "..."}. */
const cellSchema = z.union([z.string(), z.number(), z.null(), z.object({ $hex: z.string().regex(/^(?:[0-9a-f]{2})*$/, 'must be lower-case hex') }).strict()]);

const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT, { message: `is not a Station Workbench bundle (expected format "${BUNDLE_FORMAT}")` }),
    formatVersion: z.number().int().min(1),
    exportedAt: z.number(),
    app: z.object({ version: z.string() }).optional(),
    projectName: z.string(),
    migrations: z.array(z.object({ domain: z.string(), version: z.number().int().min(1) }).strict()),
    tables: z.array(
      z
        .object({
          name: z.string().min(1).max(200),
          columns: z.array(z.string().min(1).max(200)).min(1),
          rows: z.array(z.array(cellSchema)),
        })
        .strict(),
    ),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type Bundle = z.infer<typeof bundleSchema>;

export type BundleIssue = { path: string; message: string };

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function digest(b: Pick<Bundle, 'formatVersion' | 'exportedAt' | 'projectName' | 'migrations' | 'tables'>): string {
  return createHash('sha256')
    .update(JSON.stringify([b.formatVersion, b.exportedAt, b.projectName, b.migrations, b.tables]))
    .digest('hex');
}

async function userTables(store: IStore): Promise<string[]> {
  // sqlite_master lists tables in creation order: parents before children for inserts.
  const rows = await store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
  return rows.map((r) => r.name).filter((n) => !isInternal(n));
}

/** A stable row order: rowid, or the primary key for WITHOUT ROWID tables. */
export async function stableOrder(store: IStore, table: string): Promise<string> {
  const [row] = await store.query<{ sql: string | null }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
  if (!/without\s+rowid/i.test(row?.sql ?? '')) return 'rowid';
  const pk = (await columnInfo(store, table)).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  return pk.length > 0 ? pk.map((c) => quote(c.name)).join(', ') : '1';
}

type ColumnInfo = { name: string; notnull: number; dflt_value: SqlValue; pk: number; type: string };

async function columnInfo(store: IStore, table: string): Promise<ColumnInfo[]> {
  return store.query<ColumnInfo>(`PRAGMA table_info(${quote(table)})`);
}

/** Builds the bundle of the open project. */
export async function buildBundle(store: IStore, appVersion: string, now = Date.now()): Promise<Bundle> {
  const migrations = await store.query<{ domain: string; version: number }>('SELECT domain, version FROM _migrations ORDER BY domain, version');
  const meta = await store.query<{ value: string }>("SELECT value FROM project_meta WHERE key = 'name'");
  const tables: Bundle['tables'] = [];
  for (const name of await userTables(store)) {
    const columns = (await columnInfo(store, name)).map((c) => c.name);
    const rows = await store.query<Record<string, SqlValue>>(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(name)} ORDER BY ${await stableOrder(store, name)}`);
    tables.push({
      name,
      columns,
      rows: rows.map((r) => columns.map((c) => {
        const v = r[c] ?? null;
        return v instanceof Uint8Array ? { $hex: Buffer.from(v).toString('hex') } : v;
      })),
    });
  }
  const body = { formatVersion: BUNDLE_FORMAT_VERSION, exportedAt: now, projectName: meta[0]?.value ?? '', migrations, tables };
  return { format: BUNDLE_FORMAT, ...body, app: { version: appVersion }, sha256: digest(body) };
}

function summarize(b: Bundle, file: string, bytes: number): BundleSummary {
  const tables = b.tables.map((t) => ({ name: t.name, rows: t.rows.length }));
  return { path: file, projectName: b.projectName, exportedAt: b.exportedAt, tables, rows: tables.reduce((s, t) => s + t.rows, 0), bytes };
}

export async function exportBundle(store: IStore, file: string, appVersion: string): Promise<BundleSummary> {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  const bundle = await buildBundle(store, appVersion);
  const text = JSON.stringify(bundle);
  writeFileAtomic(target, Buffer.from(text, 'utf8'));
  return summarize(bundle, target, Buffer.byteLength(text));
}

export type BundleCheck = { ok: true; bundle: Bundle; summary: BundleSummary } | { ok: false; issues: BundleIssue[]; summary?: BundleSummary };

/**
 * Reads and validates a bundle against the open project without changing anything: the file's
 * shape, its checksum, schema versions, every table and column, every row's arity, value types and
 * NOT NULL columns. Every problem is reported with where it is.
 */
export async function checkBundle(store: IStore, file: string): Promise<BundleCheck> {
  const target = path.resolve(file);
  let size: number;
  try {
    size = statSync(target).size;
  } catch {
    return { ok: false, issues: [{ path: '', message: `bundle file not found: ${target}` }] };
  }
  if (size > MAX_BUNDLE_BYTES) return { ok: false, issues: [{ path: '', message: `bundle is ${size} bytes; the limit is ${MAX_BUNDLE_BYTES}` }] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(target, 'utf8'));
  } catch (error) {
    return { ok: false, issues: [{ path: '', message: `not valid JSON (${error instanceof Error ? error.message : String(error)}); the file may be truncated or not a bundle` }] };
  }
  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''), message: i.message })),
    };
  }
  const bundle = parsed.data;
  const summary = summarize(bundle, target, size);
  const issues: BundleIssue[] = [];
  if (bundle.formatVersion > BUNDLE_FORMAT_VERSION) issues.push({ path: 'formatVersion', message: `bundle format ${bundle.formatVersion} is newer than this application reads (${BUNDLE_FORMAT_VERSION})` });
  if (digest(bundle) !== bundle.sha256) issues.push({ path: 'sha256', message: 'checksum mismatch: the bundle was modified or damaged after export' });

  // Schema versions: a bundle from a newer schema may hold columns this project cannot store.
  const here = new Map<string, number>();
  for (const m of await store.query<{ domain: string; version: number }>('SELECT domain, MAX(version) AS version FROM _migrations GROUP BY domain')) here.set(m.domain, m.version);
  const theirs = new Map<string, number>();
  for (const m of bundle.migrations) theirs.set(m.domain, Math.max(theirs.get(m.domain) ?? 0, m.version));
  for (const [domain, version] of theirs) {
    const mine = here.get(domain);
    if (mine === undefined) issues.push({ path: `migrations.${domain}`, message: `the bundle has data of area '${domain}', which this application does not have` });
    else if (version > mine) issues.push({ path: `migrations.${domain}`, message: `the bundle's '${domain}' schema is version ${version}, newer than this project's ${mine}` });
  }

  const existing = new Set(await userTables(store));
  const seen = new Set<string>();
  for (const [ti, t] of bundle.tables.entries()) {
    const at = `tables[${ti}] (${t.name})`;
    if (isInternal(t.name)) {
      issues.push({ path: at, message: 'internal tables cannot be imported' });
      continue;
    }
    if (seen.has(t.name)) issues.push({ path: at, message: 'table appears twice' });
    seen.add(t.name);
    if (!existing.has(t.name)) {
      issues.push({ path: at, message: `this project has no table '${t.name}'` });
      continue;
    }
    const cols = await columnInfo(store, t.name);
    const byName = new Map(cols.map((c) => [c.name, c]));
    const unknown = t.columns.filter((c) => !byName.has(c));
    if (unknown.length > 0) issues.push({ path: `${at}.columns`, message: `unknown column(s): ${unknown.join(', ')}` });
    if (new Set(t.columns).size !== t.columns.length) issues.push({ path: `${at}.columns`, message: 'duplicate column names' });
    const required = cols.filter((c) => c.notnull && c.dflt_value === null && !t.columns.includes(c.name)).map((c) => c.name);
    if (required.length > 0) issues.push({ path: `${at}.columns`, message: `missing required column(s): ${required.join(', ')}` });
    const notNull = t.columns.map((c) => Boolean(byName.get(c)?.notnull));
    let rowIssues = 0;
    for (const [ri, row] of t.rows.entries()) {
      if (rowIssues >= 5) break;
      if (row.length !== t.columns.length) {
        issues.push({ path: `${at}.rows[${ri}]`, message: `has ${row.length} values for ${t.columns.length} columns` });
        rowIssues++;
        continue;
      }
      row.forEach((v, ci) => {
        if (v === null && notNull[ci]) {
          issues.push({ path: `${at}.rows[${ri}].${t.columns[ci]}`, message: 'is null but the column is NOT NULL' });
          rowIssues++;
        }
      });
    }
  }
  if (!bundle.tables.some((t) => t.name === 'project_meta')) issues.push({ path: 'tables', message: 'the bundle has no project_meta table (not a complete project bundle)' });
  return issues.length > 0 ? { ok: false, issues, summary } : { ok: true, bundle, summary };
}

/**
 * Replaces the open project's content with the bundle's in ONE write batch (one transaction): the
 * bundle's tables are cleared and refilled; tables the bundle does not carry are left as they
 * are. Call only with a bundle that passed checkBundle.
 */
export async function applyBundle(store: IStore, bundle: Bundle): Promise<void> {
  const order = await userTables(store);
  const inBundle = new Map(bundle.tables.map((t) => [t.name, t]));
  const statements: WriteStatement[] = [];
  for (const name of [...order].reverse()) if (inBundle.has(name)) statements.push({ sql: `DELETE FROM ${quote(name)}` });
  for (const name of order) {
    const t = inBundle.get(name);
    if (!t || t.rows.length === 0) continue;
    statements.push({
      sql: `INSERT INTO ${quote(name)} (${t.columns.map(quote).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`,
      rows: t.rows.map((r) => r.map((v) => (v !== null && typeof v === 'object' ? Uint8Array.from(Buffer.from(v.$hex, 'hex')) : v))),
    });
  }
  await store.write(statements);
}
