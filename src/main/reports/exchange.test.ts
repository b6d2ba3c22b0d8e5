import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ItemCheck } from '#shared/rpc/domains/reports';
import { stableOrder } from '../exchange/bundle';
import { demoCore } from './testing/fixture';

// Single frame schema / gateway rule-set exchange (reports.exportItem, checkItem, importItem)
// through a real in-process core on the demo project.

let h: Awaited<ReturnType<typeof demoCore>>;
beforeEach(async () => {
  h = await demoCore();
});
afterEach(async () => {
  await h.close();
});

type SchemaSummary = { id: string; name: string };
type GatewayConfig = { version: number; config: { rules: Array<{ id: string; name?: string; priority: number }>; defaultRoute?: unknown } };
type Imported = { kind: string; name: string; table: string; action: string; count: number };

/** Every row of the tables an item import could touch (and the audit trail). */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const tables = (await h.core.ctx.store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).map((r) => r.name);
  for (const t of tables) {
    if (/^(gateway_messages|message_log|samples|rollup)/.test(t)) continue; // live traffic, not configuration
    out[t] = await h.core.ctx.store.query(`SELECT * FROM "${t}" ORDER BY ${await stableOrder(h.core.ctx.store, t)}`);
  }
  return out;
}

async function failure(method: string, params: unknown): Promise<{ code: string; message: string; details?: unknown }> {
  const err = await h.call(method, params).catch((e: unknown) => e);
  expect(err, `${method} should fail`).toBeInstanceOf(Error);
  return err as { code: string; message: string; details?: unknown };
}

describe('frame schema exchange', () => {
  it('round-trips a schema: export, clash refused, import as a copy, replace', async () => {
    const schemas = await h.call<SchemaSummary[]>('schemas.list', {});
    expect(schemas.length).toBeGreaterThan(0);
    const id = schemas[0]!.id;
    const file = path.join(h.dir, 'x', `${id}.json`);
    const exported = await h.call<{ path: string; bytes: number; fileName: string }>('reports.exportItem', { kind: 'schema', name: id, path: file });
    expect(exported.path).toBe(file);
    expect(exported.bytes).toBe(readFileSync(file).length);
    // Without a path the text comes back (browser download), byte for byte the same.
    const asText = await h.call<{ text: string; fileName: string }>('reports.exportItem', { kind: 'schema', name: id });
    expect(asText.text).toBe(readFileSync(file, 'utf8'));
    expect(asText.fileName).toBe(`${id}.json`);

    const check = await h.call<ItemCheck>('reports.checkItem', { kind: 'schema', path: file });
    expect(check).toMatchObject({ ok: true, kind: 'schema', name: id, issues: [], clash: { existing: id, suggestion: `${id}-copy` } });
    expect(check.summary).toMatch(/^\d+ fields, \d+ test vectors$/);

    // Clash without a choice: refused, nothing changed.
    const before = await snapshot();
    const conflict = await failure('reports.importItem', { kind: 'schema', path: file });
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toMatch(/exists already.*Nothing was imported/);
    expect(await snapshot()).toEqual(before);

    // Import as a copy (the suggested name), then under a chosen name.
    const copy = await h.call<Imported>('reports.importItem', { kind: 'schema', path: file, onConflict: 'rename' });
    expect(copy).toMatchObject({ kind: 'schema', name: `${id}-copy`, action: 'renamed' });
    const named = await h.call<Imported>('reports.importItem', { kind: 'schema', text: asText.text, fileName: 'upload.json', onConflict: 'rename', newName: 'site-b' });
    expect(named.name).toBe('site-b');
    const ids = (await h.call<SchemaSummary[]>('schemas.list', {})).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([id, `${id}-copy`, 'site-b']));
    // The copy's document is the original's (only its name differs).
    const original = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const copied = JSON.parse((await h.call<{ json: string }>('schemas.export', { id: `${id}-copy` })).json) as Record<string, unknown>;
    expect({ ...copied, name: id }).toEqual(original);
    // A chosen name that is taken is refused.
    expect((await failure('reports.importItem', { kind: 'schema', path: file, onConflict: 'rename', newName: 'site-b' })).code).toBe('CONFLICT');

    // Replace: the existing draft takes the file's content.
    writeFileSync(file, JSON.stringify({ ...original, title: 'Replaced title' }, null, 2));
    const replaced = await h.call<Imported>('reports.importItem', { kind: 'schema', path: file, onConflict: 'replace' });
    expect(replaced).toMatchObject({ name: id, action: 'replaced' });
    const after = JSON.parse((await h.call<{ json: string }>('schemas.export', { id })).json) as { title: string };
    expect(after.title).toBe('Replaced title');
    const audit = await h.call<{ events: Array<{ type: string; data: { action?: string } }> }>('events.query', { type: 'config.reports.itemImported' });
    expect(audit.events.map((e) => e.data.action).sort()).toEqual(['renamed', 'renamed', 'replaced']);
  });

  it('refuses a tampered schema with the field path and the reason, and changes nothing', async () => {
    const id = (await h.call<SchemaSummary[]>('schemas.list', {}))[0]!.id;
    const good = JSON.parse((await h.call<{ json: string }>('schemas.export', { id })).json) as { fields: Array<Record<string, unknown>> };
    const cases: Array<[string, string, RegExp, RegExp]> = [];
    const badType = structuredClone(good);
    badType.fields[1]!.type = 'u9';
    cases.push(['bad-type.json', JSON.stringify({ ...badType, name: 'fresh-one' }), /^fields\[1\]\.type$/, /.+/]);
    const unknownKey = structuredClone(good);
    unknownKey.fields[0]!.colour = 'red';
    cases.push(['unknown-key.json', JSON.stringify({ ...unknownKey, name: 'fresh-two' }), /^fields\[0\]/, /colour|unrecognized|unknown/i]);
    cases.push(['truncated.json', JSON.stringify(good).slice(0, 300), /\(file\)/, /not valid JSON/]);
    cases.push(['not-object.json', '[1, 2, 3]', /\(root\)/, /JSON object/]);

    const before = await snapshot();
    for (const [name, text, where, why] of cases) {
      const file = path.join(h.dir, name);
      writeFileSync(file, text);
      const check = await h.call<ItemCheck>('reports.checkItem', { kind: 'schema', path: file });
      expect(check.ok, name).toBe(false);
      expect(check.issues[0]!.path, name).toMatch(where);
      expect(check.issues[0]!.message, name).toMatch(why);
      const err = await failure('reports.importItem', { kind: 'schema', path: file, onConflict: 'rename' });
      expect(err.code, name).toBe('VALIDATION');
      expect(err.message, name).toMatch(new RegExp(`^${name.replace('.', '\\.')} refused, nothing was imported: `));
      expect(err.message, name).toContain(check.issues[0]!.path);
      expect(await snapshot(), name).toEqual(before);
    }
  });
});

describe('gateway rule-set exchange', () => {
  it('round-trips the rule set: export, replace, and add with clashing ids renamed', async () => {
    const cfg = await h.call<GatewayConfig>('gateway.config.get', {});
    expect(cfg.config.rules.length).toBeGreaterThan(0);
    const file = path.join(h.dir, 'rules.json');
    const exported = await h.call<{ path: string; fileName: string }>('reports.exportItem', { kind: 'ruleSet', name: 'Riverside routing', path: file });
    expect(exported.fileName).toBe('Riverside-routing.rules.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { format: string; name: string; rules: unknown[] };
    expect(doc).toMatchObject({ format: 'station-workbench.ruleset', name: 'Riverside routing' });
    expect(doc.rules).toEqual(cfg.config.rules);

    const check = await h.call<ItemCheck>('reports.checkItem', { kind: 'ruleSet', path: file });
    expect(check.ok).toBe(true);
    expect(check.clash?.currentCount).toBe(cfg.config.rules.length);
    expect(check.clash?.ids).toEqual(cfg.config.rules.map((r) => r.id));

    const before = await snapshot();
    expect((await failure('reports.importItem', { kind: 'ruleSet', path: file })).code).toBe('CONFLICT');
    expect(await snapshot()).toEqual(before);

    const replaced = await h.call<Imported>('reports.importItem', { kind: 'ruleSet', path: file, onConflict: 'replace' });
    expect(replaced).toMatchObject({ action: 'replaced', count: cfg.config.rules.length, name: 'Riverside routing' });
    const afterReplace = await h.call<GatewayConfig>('gateway.config.get', {});
    expect(afterReplace.config.rules).toEqual(cfg.config.rules);
    expect(afterReplace.config.defaultRoute).toEqual(cfg.config.defaultRoute);

    const merged = await h.call<Imported>('reports.importItem', { kind: 'ruleSet', path: file, onConflict: 'rename' });
    expect(merged).toMatchObject({ action: 'merged', count: cfg.config.rules.length });
    const afterMerge = await h.call<GatewayConfig>('gateway.config.get', {});
    expect(afterMerge.config.rules.map((r) => r.id)).toEqual([...cfg.config.rules.map((r) => r.id), ...cfg.config.rules.map((r) => `${r.id}-2`)]);
  });

  it('refuses a tampered rule set with the rule and field, and changes nothing', async () => {
    const file = path.join(h.dir, 'rules.json');
    await h.call('reports.exportItem', { kind: 'ruleSet', name: 'rs', path: file });
    const good = JSON.parse(readFileSync(file, 'utf8')) as { rules: Array<{ id: string; actions: { targets: string[] }; priority: unknown }>; format: string };
    const cases: Array<[string, unknown, RegExp, RegExp]> = [];
    const missingTarget = structuredClone(good);
    missingTarget.rules[0]!.actions.targets = ['no-such-target'];
    cases.push(['missing-target.json', missingTarget, /^rules\[0\]\.actions\.targets\.0$/, /no-such-target.*does not exist/]);
    const badPriority = structuredClone(good);
    badPriority.rules[0]!.priority = 'high';
    cases.push(['bad-priority.json', badPriority, /^rules\[0\]/, /priority|number/i]);
    cases.push(['wrong-format.json', { ...good, format: 'something-else' }, /^format$/, /not a Station Workbench rule set/]);
    cases.push(['no-rules.json', { format: good.format, formatVersion: 1 }, /^rules$/, /.+/]);

    const before = await snapshot();
    for (const [name, doc, where, why] of cases) {
      const p = path.join(h.dir, name);
      writeFileSync(p, JSON.stringify(doc));
      const check = await h.call<ItemCheck>('reports.checkItem', { kind: 'ruleSet', path: p });
      expect(check.ok, name).toBe(false);
      expect(check.issues[0]!.path, name).toMatch(where);
      expect(check.issues[0]!.message, name).toMatch(why);
      for (const onConflict of ['replace', 'rename'] as const) {
        const err = await failure('reports.importItem', { kind: 'ruleSet', path: p, onConflict });
        expect(err.code, name).toBe('VALIDATION');
        expect(err.message, name).toMatch(/refused, nothing was imported/);
      }
      expect(await snapshot(), name).toEqual(before);
    }
  });

  it('says what is wrong with the request itself: no file, unknown schema', async () => {
    expect((await failure('reports.checkItem', { kind: 'schema' })).message).toMatch(/path: give a file path or the file text/);
    expect((await failure('reports.checkItem', { kind: 'schema', path: path.join(h.dir, 'none.json') })).code).toBe('NOT_FOUND');
    expect((await failure('reports.exportItem', { kind: 'schema', name: 'no-such-schema' })).code).toBe('NOT_FOUND');
  });
});
