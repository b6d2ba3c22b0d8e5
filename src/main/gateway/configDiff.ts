import type { ConfigChange, GatewayConfig } from '#shared/rpc/domains/gateway';

const SECRET_KEYS = new Set(['token', 'password']);

function mask(key: string, v: unknown): unknown {
  return SECRET_KEYS.has(key) && v !== undefined ? '••••' : v;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fieldDiff(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!same(a[k], b[k])) out[k] = { from: mask(k, a[k]) ?? null, to: mask(k, b[k]) ?? null };
  }
  return out;
}

function listDiff(section: 'sources' | 'targets' | 'rules', before: Array<{ id: string }>, after: Array<{ id: string }>): ConfigChange[] {
  const out: ConfigChange[] = [];
  const old = new Map(before.map((x) => [x.id, x]));
  const next = new Map(after.map((x) => [x.id, x]));
  for (const [id, x] of next) {
    const o = old.get(id);
    if (!o) out.push({ section, id, op: 'added' });
    else if (!same(o, x)) out.push({ section, id, op: 'changed', fields: fieldDiff(o as Record<string, unknown>, x as Record<string, unknown>) });
  }
  for (const id of old.keys()) if (!next.has(id)) out.push({ section, id, op: 'removed' });
  if (section === 'rules' && out.length === 0 && !same(before.map((r) => r.id), after.map((r) => r.id))) out.push({ section, op: 'changed', fields: { order: { from: before.map((r) => r.id), to: after.map((r) => r.id) } } });
  return out;
}

/** What changed between two configurations, per section and id, secrets masked. */
export function diffConfig(before: GatewayConfig, after: GatewayConfig): ConfigChange[] {
  const changes = [...listDiff('sources', before.sources, after.sources), ...listDiff('targets', before.targets, after.targets), ...listDiff('rules', before.rules, after.rules)];
  if (!same(before.defaultRoute, after.defaultRoute)) changes.push({ section: 'defaultRoute', op: before.defaultRoute ? (after.defaultRoute ? 'changed' : 'removed') : 'added' });
  if (!same(before.simulator, after.simulator)) {
    changes.push(
      before.simulator && after.simulator
        ? { section: 'simulator', op: 'changed', fields: fieldDiff(before.simulator as Record<string, unknown>, after.simulator as Record<string, unknown>) }
        : { section: 'simulator', op: before.simulator ? 'removed' : 'added' },
    );
  }
  return changes;
}

export function summarize(changes: ConfigChange[]): string {
  if (changes.length === 0) return 'no change';
  return changes
    .slice(0, 4)
    .map((c) => `${c.op} ${c.section === 'sources' ? 'source' : c.section === 'targets' ? 'target' : c.section === 'rules' ? 'rule' : c.section}${c.id ? ` '${c.id}'` : ''}`)
    .join(', ') + (changes.length > 4 ? ` and ${changes.length - 4} more` : '');
}
