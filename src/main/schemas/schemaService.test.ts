import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFERENCE_FRAME_HEX } from '#shared/frame/testing/referenceFrame';
import { schemasMethods } from '#shared/rpc/domains/schemas';
import { RpcError } from '#shared/rpc/errors';
import type { CoreContext } from '../core/domain';
import { EventBus } from '../events/bus';
import type { AppendEvent } from '../events/eventStore';
import { createSchemasDomain, type SchemasDomain } from '../rpc/schemas.handlers';
import { StoreEngine } from '../store/engine';
import { migrate } from '../store/migrations';
import { schemaMigrations } from './schemaRepository';
import { getPublished } from './schemaService';

/*
 * The schemas domain over a real sql.js store, called the way the dispatcher calls it: input
 * parsed by the contract's validator, output checked against the contract's output schema.
 */

const resourcesDir = path.resolve(__dirname, '../../../resources');
const pumpJson = readFileSync(path.join(resourcesDir, 'demo/schemas/pump-telemetry.json'), 'utf8');

type Methods = typeof schemasMethods;
type Name = keyof Methods;

let dir: string;
let store: StoreEngine;
let domain: SchemasDomain;
let audits: AppendEvent[];
let published: unknown[];

async function call<M extends Name>(method: M, params: unknown): Promise<import('zod').infer<Methods[M]['output']>> {
  const def = schemasMethods[method];
  const input = def.input.safeParse(params);
  if (!input.success) throw new RpcError('VALIDATION', input.error.message);
  const handler = domain.handlers![method] as (p: unknown, c: unknown) => Promise<unknown>;
  const result = await handler(input.data, { signal: new AbortController().signal, peer: 'test' });
  return def.output.parse(result) as never;
}

async function failure(method: Name, params: unknown): Promise<RpcError> {
  try {
    await call(method, params);
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error(`${method} succeeded unexpectedly`);
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'swb-schemas-'));
  store = new StoreEngine();
  await store.open(path.join(dir, 'p.swb'), { create: true });
  await migrate(store, schemaMigrations);
  audits = [];
  published = [];
  const bus = new EventBus(() => {});
  bus.subscribe('schemas.changed', (p) => published.push(p));
  const ctx = {
    config: { host: 'test', dataDir: dir, resourcesDir },
    bus,
    store,
    log: { error: () => {}, info: () => {}, warn: () => {} },
    audit: async (e: AppendEvent) => {
      audits.push(e);
    },
  } as unknown as CoreContext;
  domain = createSchemasDomain(ctx);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('schemas domain', () => {
  it('seeds the demo schemas as published version 1 with passing vectors', async () => {
    await domain.seedDemo!();
    const list = await call('schemas.list', {});
    const pump = list.find((s) => s.id === 'pump-telemetry');
    expect(pump).toMatchObject({ latestVersion: 1, draftChanged: false, valid: true, vectorCount: 3 });
    const detail = await call('schemas.get', { id: 'pump-telemetry' });
    expect(detail.vectors.every((v) => v.ok)).toBe(true);
    expect(detail.staticSize).toBe(64);
    const published = await getPublished('pump-telemetry');
    expect(published?.version).toBe(1);
    expect(published?.schema.fields.length).toBeGreaterThan(10);
  });

  it('drafts, publishes, diffs, rolls back, audits', async () => {
    const created = await call('schemas.import', { json: pumpJson });
    expect(created.id).toBe('pump-telemetry');
    expect(created.issues).toEqual([]);
    const v1 = await call('schemas.publish', { id: 'pump-telemetry', note: 'first' });
    expect(v1.version).toBe(1);

    // Change a scale: the reference vector now fails and blocks publishing, naming the field.
    const draft = structuredClone(created.draft) as { fields: Array<Record<string, unknown>> };
    const suction = draft.fields.find((f) => f.name === 'suction_pressure')!;
    suction.divisor = 10;
    const saved = await call('schemas.update', { id: 'pump-telemetry', draft });
    const ref = saved.vectors.find((v) => v.name.startsWith('reference'))!;
    expect(ref.ok).toBe(false);
    expect(ref.message).toContain('suction_pressure');
    const refused = await failure('schemas.publish', { id: 'pump-telemetry', note: 'bad' });
    expect(refused.code).toBe('FAILED');
    expect(refused.message).toContain('suction_pressure');

    // Fix the vector's expectation: publishing works, diff names the change.
    const vector = (saved.draft.testVectors as Array<{ name: string; hex: string; expect: { fields: Record<string, unknown> } }>).find((v) => v.name.startsWith('reference'))!;
    await call('schemas.updateVector', { id: 'pump-telemetry', name: vector.name, vector: { ...vector, expect: { fields: { ...vector.expect.fields, suction_pressure: -3.5 } } } });
    const v2 = await call('schemas.publish', { id: 'pump-telemetry', note: 'suction ÷10' });
    expect(v2.version).toBe(2);
    const diff = await call('schemas.diff', { id: 'pump-telemetry', from: 1, to: 2 });
    expect(diff.changes.map((c) => c.text)).toContain('suction_pressure: divisor 100 → 10');
    expect(diff.changes.some((c) => c.scope === 'vector' && c.kind === 'changed')).toBe(true);

    // Rollback publishes v1's content as v3.
    const v3 = await call('schemas.rollback', { id: 'pump-telemetry', version: 1 });
    expect(v3.version).toBe(3);
    expect((await call('schemas.diff', { id: 'pump-telemetry', from: 1, to: 3 })).changes).toEqual([]);
    expect((await call('schemas.versions', { id: 'pump-telemetry' })).map((v) => v.version)).toEqual([3, 2, 1]);

    expect(published).toContainEqual({ id: 'pump-telemetry', action: 'published', version: 3 });
    expect(audits.map((r) => r.type)).toEqual(expect.arrayContaining(['config.schemas.imported', 'config.schemas.updated', 'config.schemas.published', 'config.schemas.vectorUpdated', 'config.schemas.rolledBack']));
  });

  it('reorder reads as a move, not a cascade', async () => {
    await call('schemas.import', { json: pumpJson });
    const d = (await call('schemas.get', { id: 'pump-telemetry' })).draft as { fields: unknown[] };
    await call('schemas.publish', { id: 'pump-telemetry', note: '' });
    const fields = d.fields.slice();
    const [moved] = fields.splice(13, 1); // flow_rate
    fields.splice(5, 0, moved);
    await call('schemas.update', { id: 'pump-telemetry', draft: { ...d, fields } });
    const diff = await call('schemas.diff', { id: 'pump-telemetry', from: 1, to: 'draft' });
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]!.text).toBe('moved flow_rate from position 14 to 6');
  });

  it('decodes a preview with layout, and reports bad input clearly', async () => {
    await call('schemas.import', { json: pumpJson });
    const ok = await call('schemas.decode', { schemaId: 'pump-telemetry', hex: REFERENCE_FRAME_HEX });
    expect(ok.ok).toBe(true);
    expect(ok.fields?.flow_rate).toBe(312.5);
    expect(ok.layout.find((l) => l.path === 'status.pump_running')).toMatchObject({ offset: 42, length: 2, bitOffset: 0, value: true });
    const bad = await call('schemas.decode', { schemaId: 'pump-telemetry', hex: REFERENCE_FRAME_HEX.slice(0, 100) });
    expect(bad.error).toMatchObject({ code: 'TRUNCATED' });
    expect((await failure('schemas.decode', { schemaId: 'pump-telemetry', hex: 'zz' })).message).toContain("not a hex digit");
    const invalid = await call('schemas.decode', { schema: { formatVersion: 1, name: 'x', fields: [{ name: 'a', type: 'u17' }] }, hex: '00' });
    expect(invalid.issues[0]?.path).toBe('a');
    expect((await failure('schemas.get', { id: 'nope' })).code).toBe('NOT_FOUND');
    expect((await failure('schemas.import', { json: '{"formatVersion":1' })).message).toContain('not valid JSON');
    expect((await failure('schemas.import', { json: pumpJson })).code).toBe('CONFLICT');
  });

  it('creates a blank draft, exports and deletes', async () => {
    const blank = await call('schemas.create', { name: 'my proto' });
    expect(blank.id).toBe('my-proto');
    expect(blank.valid).toBe(false);
    const again = await call('schemas.create', { name: 'my proto' });
    expect(again.id).toBe('my-proto-2');
    const exported = await call('schemas.export', { id: 'my-proto' });
    expect(JSON.parse(exported.json)).toMatchObject({ formatVersion: 1, name: 'my-proto' });
    expect((await failure('schemas.publish', { id: 'my-proto', note: '' })).message).toContain('invalid');
    await call('schemas.delete', { id: 'my-proto' });
    expect((await call('schemas.list', {})).map((s) => s.id)).toEqual(['my-proto-2']);
  });
});
