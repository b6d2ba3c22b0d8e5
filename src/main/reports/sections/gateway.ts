import type { ReportBlock, ReportCell } from '#shared/rpc/domains/reports';
import type { ReportContext } from '../context';
import type { SectionProvider } from '../section';
import { clip, firstTable, tableBlock } from '../section';

type Item = Record<string, unknown> & { id?: string; kind?: string; name?: string; enabled?: boolean };
type GatewayConfig = { sources?: Item[]; targets?: Item[]; rules?: Item[]; defaultRoute?: { targets?: string[] } };

const ENDPOINT_KEYS = ['url', 'broker', 'host', 'bindAddress', 'port', 'path', 'topic', 'multicastGroup'];

function endpoint(item: Item): string {
  const parts: string[] = [];
  for (const k of ENDPOINT_KEYS) {
    const v = item[k];
    if (v === undefined || v === '' || typeof v === 'object') continue;
    parts.push(k === 'port' && parts.length > 0 ? `:${String(v)}` : `${parts.length > 0 ? ' ' : ''}${k === 'topic' ? 'topic ' : ''}${String(v)}`);
  }
  return parts.join('').trim();
}

function matchText(match: unknown): string {
  if (!match || typeof match !== 'object') return 'every message';
  const entries = Object.entries(match as Record<string, unknown>).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  if (entries.length === 0) return 'every message';
  return clip(entries.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; '), 200);
}

function actionsText(actions: unknown): { targets: string; transforms: string } {
  const a = (actions ?? {}) as { targets?: unknown[]; transforms?: Array<{ kind?: string; type?: string; op?: string }>; output?: string };
  return {
    targets: Array.isArray(a.targets) ? a.targets.map(String).join(', ') : '',
    transforms: [...(Array.isArray(a.transforms) ? a.transforms.map((t) => String(t.kind ?? t.type ?? t.op ?? 'transform')) : []), ...(a.output ? [`→ ${a.output}`] : [])].join(', '),
  };
}

async function loadConfig(ctx: ReportContext): Promise<GatewayConfig | undefined> {
  const res = await ctx.call<{ config?: GatewayConfig }>('gateway.config.get', {});
  return res?.config;
}

/** Sources, routing rules and targets of the gateway. */
export const gatewaySection: SectionProvider = {
  id: 'gateway',
  title: 'Sources, rules and targets',
  description: 'Gateway configuration: device sources, routing rules in evaluation order, delivery targets.',
  defaultOn: true,
  isAvailable: async (ctx) => {
    const config = await loadConfig(ctx);
    const n = (config?.sources?.length ?? 0) + (config?.targets?.length ?? 0) + (config?.rules?.length ?? 0);
    if (n > 0) return { available: true };
    if (await firstTable(ctx, ['sources', 'route_rules', 'targets'])) return { available: true };
    return { available: false, reason: 'no gateway sources, rules or targets configured' };
  },
  build: async (ctx) => {
    const config = await loadConfig(ctx);
    const blocks: ReportBlock[] = [];
    if (!config) {
      for (const t of ['sources', 'route_rules', 'targets']) {
        const b = await tableBlock(ctx, t);
        if (b) blocks.push(b);
      }
      return blocks;
    }
    const sources = config.sources ?? [];
    const rules = [...(config.rules ?? [])].sort((a, b) => Number(a.priority ?? 0) - Number(b.priority ?? 0));
    const targets = config.targets ?? [];
    blocks.push({ kind: 'paragraph', text: `${sources.length} source(s), ${rules.length} routing rule(s) and ${targets.length} target(s) are configured.` });
    blocks.push({ kind: 'heading', level: 2, text: 'Sources' });
    blocks.push({
      kind: 'table',
      columns: [{ label: 'Id', mono: true, width: 12 }, { label: 'Name', width: 16 }, { label: 'Kind', width: 8 }, { label: 'Endpoint', width: 22 }, { label: 'Schema', mono: true, width: 14 }, { label: 'Enabled', width: 7 }],
      rows: sources.map((s): ReportCell[] => [String(s.id ?? ''), String(s.name ?? ''), String(s.kind ?? ''), endpoint(s), `${String(s.schemaId ?? '')}${s.schemaVersion ? ` v${String(s.schemaVersion)}` : ''}`, s.enabled === false ? 'no' : 'yes']),
    });
    blocks.push({ kind: 'heading', level: 2, text: 'Routing rules (in evaluation order)' });
    blocks.push({
      kind: 'table',
      columns: [{ label: 'Priority', align: 'right', width: 7 }, { label: 'Rule', width: 16 }, { label: 'Match', width: 26 }, { label: 'Targets', width: 14 }, { label: 'Transforms / output', width: 16 }, { label: 'Stop', width: 5 }, { label: 'On', width: 4 }],
      rows: rules.map((r): ReportCell[] => {
        const a = actionsText(r.actions);
        return [Number(r.priority ?? 0), `${String(r.name || r.id)}`, matchText(r.match), a.targets, a.transforms, r.stop ? 'yes' : '', r.enabled === false ? 'no' : 'yes'];
      }),
      ...(config.defaultRoute?.targets?.length ? { caption: `When no rule matches: deliver to ${config.defaultRoute.targets.join(', ')}.` } : { caption: 'When no rule matches: the message is not delivered.' }),
    });
    blocks.push({ kind: 'heading', level: 2, text: 'Targets' });
    blocks.push({
      kind: 'table',
      columns: [{ label: 'Id', mono: true, width: 12 }, { label: 'Name', width: 16 }, { label: 'Kind', width: 8 }, { label: 'Endpoint', width: 30 }, { label: 'Enabled', width: 7 }],
      rows: targets.map((t): ReportCell[] => [String(t.id ?? ''), String(t.name ?? ''), String(t.kind ?? ''), endpoint(t), t.enabled === false ? 'no' : 'yes']),
    });
    return blocks;
  },
};
