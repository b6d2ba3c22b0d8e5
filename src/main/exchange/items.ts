import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { RpcError } from '#shared/rpc/errors';
import { writeFileAtomic } from '../store/atomicWrite';

/** Calls a contract method in-process; rejects with the method's RpcError. */
export type Call = (method: string, params: unknown) => Promise<unknown>;

export const RULESET_FORMAT = 'station-workbench.ruleset';
const MAX_ITEM_BYTES = 8 * 1024 * 1024;

function readItemFile(file: string): string {
  const target = path.resolve(file);
  let size: number;
  try {
    size = statSync(target).size;
  } catch {
    throw new RpcError('NOT_FOUND', `File not found: ${target}`);
  }
  if (size > MAX_ITEM_BYTES) throw new RpcError('LIMIT', `${target} is ${size} bytes; the limit is ${MAX_ITEM_BYTES}`);
  return readFileSync(target, 'utf8');
}

function writeItemFile(file: string, text: string): { path: string; bytes: number } {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  const bytes = Buffer.from(text.endsWith('\n') ? text : `${text}\n`, 'utf8');
  writeFileAtomic(target, bytes);
  return { path: target, bytes: bytes.length };
}

/** Whether an error means "that area is not in this build" rather than a domain failure. */
function unavailable(error: unknown, area: string): never {
  if (error instanceof RpcError && (error.code === 'UNKNOWN_METHOD' || /not (built|implemented|available)/i.test(error.message))) {
    throw new RpcError('UNAVAILABLE', `The ${area} area is not available in this build: ${error.message}`);
  }
  throw error;
}

/**
 * Single-item exchange goes through the owning area's own contract (schemas.export/import,
 * gateway.config.get/rules.validate/rules.save), so its validation and audit apply unchanged.
 */
export async function exportItem(call: Call, kind: 'schema' | 'ruleSet', name: string, file: string): Promise<{ path: string; bytes: number }> {
  if (kind === 'schema') {
    const res = (await call('schemas.export', { id: name }).catch((e: unknown) => unavailable(e, 'schemas'))) as { json: string };
    return writeItemFile(file, res.json);
  }
  const res = (await call('gateway.config.get', {}).catch((e: unknown) => unavailable(e, 'gateway'))) as { config: { rules: unknown[]; defaultRoute?: unknown } };
  const doc = { format: RULESET_FORMAT, formatVersion: 1, name, exportedAt: Date.now(), rules: res.config.rules, ...(res.config.defaultRoute ? { defaultRoute: res.config.defaultRoute } : {}) };
  return writeItemFile(file, JSON.stringify(doc, null, 2));
}

export async function importItem(call: Call, kind: 'schema' | 'ruleSet', file: string): Promise<{ kind: 'schema' | 'ruleSet'; name: string; table: string }> {
  const text = readItemFile(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new RpcError('VALIDATION', `${path.basename(file)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (kind === 'schema') {
    const res = (await call('schemas.import', { json: text }).catch((e: unknown) => unavailable(e, 'schemas'))) as { id?: string; summary?: { id?: string }; name?: string };
    const name = res.id ?? res.summary?.id ?? res.name ?? String((doc as { name?: unknown }).name ?? '');
    return { kind, name, table: 'frame_schemas' };
  }
  const d = doc as { format?: unknown; rules?: unknown; defaultRoute?: unknown; name?: unknown };
  if (d.format !== RULESET_FORMAT) throw new RpcError('VALIDATION', `${path.basename(file)}: format: expected "${RULESET_FORMAT}"`);
  if (!Array.isArray(d.rules)) throw new RpcError('VALIDATION', `${path.basename(file)}: rules: must be an array`);
  const check = (await call('gateway.rules.validate', { rules: d.rules, ...(d.defaultRoute !== undefined ? { defaultRoute: d.defaultRoute } : {}) }).catch((e: unknown) =>
    unavailable(e, 'gateway'),
  )) as { ok: boolean; errors: Array<{ index: number; ruleId: string; path: string; message: string }> };
  if (!check.ok) {
    const first = check.errors[0];
    throw new RpcError('VALIDATION', `${path.basename(file)}: rules[${first?.index ?? 0}] (${first?.ruleId ?? '?'}) ${first?.path ?? ''}: ${first?.message ?? 'invalid'}`, { issues: check.errors });
  }
  await call('gateway.rules.save', { rules: d.rules, ...(d.defaultRoute !== undefined ? { defaultRoute: d.defaultRoute } : {}) });
  return { kind, name: typeof d.name === 'string' ? d.name : path.basename(file, '.json'), table: 'gateway' };
}
