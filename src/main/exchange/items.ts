import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { validateSchema } from '#shared/frame/validate';
import { MAX_ITEM_TEXT_CHARS, type ItemCheck, type ItemConflict, type ItemKind } from '#shared/rpc/domains/reports';
import { RpcError } from '#shared/rpc/errors';
import { writeFileAtomic } from '../store/atomicWrite';

/**
 * Single-item exchange: one frame schema, or the gateway's rule set, as a JSON file. It goes
 * through the owning area's own contract (schemas.export/list/import, gateway.config.get/
 * rules.validate/rules.save), so that area's validation and audit apply unchanged; this module adds
 * a whole-file check first (nothing is imported from a file with any problem) and the name-clash
 * choice. File formats: docs/reports.md ("Schema and rule-set exchange").
 */

/** Calls a contract method in-process; rejects with the method's RpcError. */
export type Call = (method: string, params: unknown) => Promise<unknown>;

export const RULESET_FORMAT = 'station-workbench.ruleset';
export const RULESET_FORMAT_VERSION = 1;

/** Where an item comes from: a file on this machine, or text uploaded from a browser. */
export type ItemSource = { path?: string | undefined; text?: string | undefined; fileName?: string | undefined };

type Issue = { path: string; message: string };

function readSource(src: ItemSource): { text: string; label: string } {
  if (src.text !== undefined) return { text: src.text, label: src.fileName || 'uploaded file' };
  if (!src.path) throw new RpcError('VALIDATION', 'path: give a file path or the file text');
  const target = path.resolve(src.path);
  let size: number;
  try {
    size = statSync(target).size;
  } catch {
    throw new RpcError('NOT_FOUND', `File not found: ${target}`);
  }
  if (size > MAX_ITEM_TEXT_CHARS) throw new RpcError('LIMIT', `${target} is ${size} bytes; the limit is ${MAX_ITEM_TEXT_CHARS}`);
  try {
    return { text: readFileSync(target, 'utf8'), label: path.basename(target) };
  } catch (error) {
    throw new RpcError('UNAVAILABLE', `Cannot read ${target}: ${(error as Error).message}`);
  }
}

function writeItemFile(file: string, text: string): { path: string; bytes: number } {
  const target = path.resolve(file);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    const bytes = Buffer.from(text, 'utf8');
    writeFileAtomic(target, bytes);
    return { path: target, bytes: bytes.length };
  } catch (error) {
    throw new RpcError('UNAVAILABLE', `Cannot write ${target}: ${(error as Error).message}`);
  }
}

/** "That area is not in this build" becomes UNAVAILABLE; domain errors pass through. */
function unavailable(error: unknown, area: string): never {
  if (error instanceof RpcError && error.code === 'UNKNOWN_METHOD') {
    throw new RpcError('UNAVAILABLE', `The ${area} area is not available in this build: ${error.message}`);
  }
  throw error;
}

/** The schemas area's id rule (schemaService.slug): what a schema named `name` is stored as. */
export function schemaIdFor(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
  return s === '' ? 'schema' : s.slice(0, 90);
}

function freeName(base: string, taken: Set<string>, sep = '-copy'): string {
  const first = `${base.slice(0, 90)}${sep}`;
  if (!taken.has(first)) return first;
  for (let i = 2; ; i++) {
    const candidate = `${base.slice(0, 90)}${sep}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)', message: i.message }));
}

function parseJson(text: string): { ok: true; doc: unknown } | { ok: false; issue: Issue } {
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (error) {
    return { ok: false, issue: { path: '(file)', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

export async function exportItem(call: Call, kind: ItemKind, name: string, file?: string): Promise<{ path?: string; fileName: string; bytes: number; text?: string }> {
  let fileName: string;
  let text: string;
  if (kind === 'schema') {
    const res = (await call('schemas.export', { id: name }).catch((e: unknown) => unavailable(e, 'schemas'))) as { fileName: string; json: string };
    fileName = res.fileName;
    text = res.json.endsWith('\n') ? res.json : `${res.json}\n`;
  } else {
    const res = (await call('gateway.config.get', {}).catch((e: unknown) => unavailable(e, 'gateway'))) as { version: number; config: { rules: unknown[]; defaultRoute?: unknown } };
    const doc = {
      format: RULESET_FORMAT,
      formatVersion: RULESET_FORMAT_VERSION,
      name,
      exportedAt: Date.now(),
      gatewayConfigVersion: res.version,
      rules: res.config.rules,
      ...(res.config.defaultRoute ? { defaultRoute: res.config.defaultRoute } : {}),
    };
    fileName = `${schemaIdFor(name)}.rules.json`;
    text = `${JSON.stringify(doc, null, 2)}\n`;
  }
  if (file) return { ...writeItemFile(file, text), fileName };
  return { fileName, bytes: Buffer.byteLength(text), text };
}

const ruleSetFile = z
  .object({
    format: z.literal(RULESET_FORMAT, { message: `is not a Station Workbench rule set (expected "${RULESET_FORMAT}")` }),
    formatVersion: z.number().int().min(1).max(RULESET_FORMAT_VERSION, { message: `is newer than this application reads (${RULESET_FORMAT_VERSION})` }),
    name: z.string().max(200).optional(),
    exportedAt: z.number().optional(),
    gatewayConfigVersion: z.number().optional(),
    rules: z.array(z.unknown()).max(1000),
    defaultRoute: z.unknown().optional(),
  })
  .strict();

type Checked =
  | { ok: false; check: ItemCheck }
  | { ok: true; check: ItemCheck; kind: 'schema'; text: string; id: string; taken: Set<string>; fieldCount: number }
  | { ok: true; check: ItemCheck; kind: 'ruleSet'; rules: Array<{ id: string } & Record<string, unknown>>; defaultRoute: unknown; current: { rules: Array<{ id: string }>; defaultRoute?: unknown } };

/** The value at a pointer such as `fields[1].type` (for messages). */
function valueAt(doc: unknown, pointer: string): unknown {
  let node: unknown = doc;
  for (const m of pointer.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[m[1] ?? m[2]!];
  }
  return node;
}

/** Validator wording made readable: "Invalid discriminator value. Expected 'a' | 'b'" → "is 'x'; must be one of a, b". */
function readable(doc: unknown, pointer: string, message: string): string {
  const m = /^Invalid (?:discriminator value|option|input)[.:]? expected (?:one of )?(.+)$/i.exec(message);
  if (!m) return message;
  const options = [...m[1]!.matchAll(/["']([^"']*)["']/g)].map((x) => x[1]);
  if (options.length === 0) return message;
  const actual = valueAt(doc, pointer);
  return `${actual === undefined ? 'is missing' : `is ${JSON.stringify(actual)}`}; must be one of ${options.join(', ')}`;
}

async function checkSchema(call: Call, text: string): Promise<Checked> {
  const fail = (issues: Issue[], name = '', summary = ''): Checked => ({ ok: false, check: { ok: false, kind: 'schema', name, summary, issues } });
  const parsed = parseJson(text);
  if (!parsed.ok) return fail([parsed.issue]);
  const doc = parsed.doc;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return fail([{ path: '(root)', message: 'must be a JSON object (a frame schema document)' }]);
  const d = doc as { name?: unknown; fields?: unknown; testVectors?: unknown };
  const id = schemaIdFor(typeof d.name === 'string' ? d.name : 'imported');
  const summary = `${Array.isArray(d.fields) ? d.fields.length : 0} fields, ${Array.isArray(d.testVectors) ? d.testVectors.length : 0} test vectors`;
  const v = validateSchema(doc);
  if (!v.ok) return fail(v.issues.slice(0, 50).map((i) => ({ path: i.pointer || '(root)', message: readable(doc, i.pointer, i.message) + (i.path && i.path !== i.pointer ? ` (field ${i.path})` : '') })), id, summary);
  const list = (await call('schemas.list', {}).catch((e: unknown) => unavailable(e, 'schemas'))) as Array<{ id: string }>;
  const taken = new Set(list.map((s) => s.id));
  const check: ItemCheck = { ok: true, kind: 'schema', name: id, summary, issues: [] };
  if (taken.has(id)) check.clash = { existing: id, suggestion: freeName(id, taken) };
  return { ok: true, check, kind: 'schema', text, id, taken, fieldCount: Array.isArray(d.fields) ? d.fields.length : 0 };
}

async function checkRuleSet(call: Call, text: string, fileName: string): Promise<Checked> {
  const fail = (issues: Issue[], name = '', summary = ''): Checked => ({ ok: false, check: { ok: false, kind: 'ruleSet', name, summary, issues } });
  const parsed = parseJson(text);
  if (!parsed.ok) return fail([parsed.issue]);
  const shape = ruleSetFile.safeParse(parsed.doc);
  if (!shape.success) return fail(zodIssues(shape.error));
  const d = shape.data;
  const name = d.name ?? fileName.replace(/(\.rules)?\.json$/i, '');
  const summary = `${d.rules.length} rule${d.rules.length === 1 ? '' : 's'}${d.defaultRoute !== undefined ? ', default route' : ''}`;
  const res = (await call('gateway.rules.validate', { rules: d.rules, ...(d.defaultRoute !== undefined ? { defaultRoute: d.defaultRoute } : {}) }).catch((e: unknown) => unavailable(e, 'gateway'))) as {
    ok: boolean;
    errors: Array<{ index: number; ruleId: string; path: string; message: string }>;
  };
  if (!res.ok) {
    return fail(
      res.errors.slice(0, 50).map((e) => ({ path: e.index >= 0 ? `rules[${e.index}]${e.path ? `.${e.path}` : ''}` : e.path || 'defaultRoute', message: e.ruleId ? `${e.message.replace(/^Rule '[^']*' [^:]*: /, '')} (rule '${e.ruleId}')` : e.message })),
      name,
      summary,
    );
  }
  const cfg = (await call('gateway.config.get', {}).catch((e: unknown) => unavailable(e, 'gateway'))) as { config: { rules: Array<{ id: string }>; defaultRoute?: unknown } };
  const rules = d.rules as Array<{ id: string } & Record<string, unknown>>;
  const check: ItemCheck = { ok: true, kind: 'ruleSet', name, summary, issues: [] };
  if (cfg.config.rules.length > 0) {
    const currentIds = new Set(cfg.config.rules.map((r) => r.id));
    const ids = rules.map((r) => r.id).filter((id) => currentIds.has(id));
    check.clash = {
      existing: 'gateway rule set',
      currentCount: cfg.config.rules.length,
      ids,
      suggestion: `Replace the ${cfg.config.rules.length} current rule${cfg.config.rules.length === 1 ? '' : 's'}, or add these ${rules.length}${ids.length ? ` (${ids.length} clashing id${ids.length === 1 ? '' : 's'} renamed)` : ''}`,
    };
  }
  return { ok: true, check, kind: 'ruleSet', rules, defaultRoute: d.defaultRoute, current: cfg.config };
}

async function checkSource(call: Call, kind: ItemKind, src: ItemSource): Promise<Checked> {
  const { text, label } = readSource(src);
  return kind === 'schema' ? checkSchema(call, text) : checkRuleSet(call, text, label);
}

/** Validates an item file against the project without changing anything. */
export async function checkItem(call: Call, kind: ItemKind, src: ItemSource): Promise<ItemCheck> {
  return (await checkSource(call, kind, src)).check;
}

function refused(label: string, issues: Issue[]): RpcError {
  const shown = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`);
  return new RpcError('VALIDATION', `${label} refused, nothing was imported: ${shown.join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`, { issues });
}

export type ImportResult = { kind: ItemKind; name: string; table: string; action: 'created' | 'renamed' | 'replaced' | 'merged'; count: number };

/**
 * Imports one item: the whole file is checked first (shape, the area's own validation, references)
 * and refused with every reason when anything is wrong; a name clash is refused unless the caller
 * chose `rename` or `replace`. The write is one call into the owning area (one transaction there).
 */
export async function importItem(call: Call, kind: ItemKind, src: ItemSource, onConflict: ItemConflict = 'refuse', newName?: string): Promise<ImportResult> {
  const label = src.text !== undefined ? src.fileName || 'uploaded file' : path.basename(src.path ?? 'file');
  const c = await checkSource(call, kind, src);
  if (!c.ok) throw refused(label, c.check.issues);
  const clash = c.check.clash;
  if (clash && onConflict === 'refuse') {
    throw new RpcError(
      'CONFLICT',
      kind === 'schema'
        ? `${label}: a schema '${clash.existing}' exists already; import it as a copy (e.g. '${clash.suggestion}') or replace the existing draft. Nothing was imported.`
        : `${label}: the gateway has ${clash.currentCount} rule(s) already; replace them or add these. Nothing was imported.`,
      { clash },
    );
  }

  if (c.kind === 'schema') {
    const count = c.fieldCount;
    if (clash && onConflict === 'replace') {
      await call('schemas.import', { json: c.text, id: c.id, replace: true });
      return { kind, name: c.id, table: 'frame_schemas', action: 'replaced', count };
    }
    if (clash || newName) {
      const target = newName ?? freeName(c.id, c.taken);
      if (c.taken.has(target)) throw new RpcError('CONFLICT', `${label}: a schema '${target}' exists already; choose another name. Nothing was imported.`, { clash: { existing: target, suggestion: freeName(target, c.taken) } });
      const created = (await call('schemas.import', { json: c.text, id: target })) as { id: string };
      return { kind, name: created.id, table: 'frame_schemas', action: target === c.id ? 'created' : 'renamed', count };
    }
    const created = (await call('schemas.import', { json: c.text })) as { id: string };
    return { kind, name: created.id, table: 'frame_schemas', action: 'created', count };
  }

  // Rule set.
  if (!clash || onConflict === 'replace') {
    await call('gateway.rules.save', { rules: c.rules, ...(c.defaultRoute !== undefined ? { defaultRoute: c.defaultRoute } : {}) });
    return { kind, name: c.check.name, table: 'gateway', action: clash ? 'replaced' : 'created', count: c.rules.length };
  }
  // Merge: the file's rules after the current ones; clashing ids get a free suffix. The merged list is validated again.
  const taken = new Set(c.current.rules.map((r) => r.id));
  const added = c.rules.map((r) => {
    let id = r.id;
    if (taken.has(id)) {
      let i = 2;
      while (taken.has(`${r.id.slice(0, 58)}-${i}`)) i++;
      id = `${r.id.slice(0, 58)}-${i}`;
    }
    taken.add(id);
    return { ...r, id };
  });
  const merged = [...c.current.rules, ...added];
  const defaultRoute = c.current.defaultRoute;
  const res = (await call('gateway.rules.validate', { rules: merged, ...(defaultRoute !== undefined ? { defaultRoute } : {}) })) as { ok: boolean; errors: Array<{ index: number; path: string; message: string }> };
  if (!res.ok) throw refused(label, res.errors.map((e) => ({ path: `rules[${e.index}]${e.path ? `.${e.path}` : ''}`, message: e.message })));
  await call('gateway.rules.save', { rules: merged, ...(defaultRoute !== undefined ? { defaultRoute } : {}) });
  return { kind, name: c.check.name, table: 'gateway', action: 'merged', count: added.length };
}
