/**
 * Compiles a rule list into a router. Everything that can be checked is checked once here
 * (schema, globs, conditions, units, expressions); `route` then only runs precompiled
 * predicates. Order: ascending priority (lower number first), ties in list order; evaluation
 * stops after the first matching rule with `stop: true`; the default route applies only when
 * no rule matched.
 */
import { compileCondition, describeVariables, type CompiledCondition } from './condition';
import { compileGlob } from './glob';
import { DEFAULT_ROUTE_ID, DefaultRouteSchema, RouteRuleSchema, type DefaultRouteInput, type RouteRule } from './model';
import { compileTransforms, type CompiledTransforms, type Fields, type OutputEncoding, type TransformResult, type TransformSpec } from './transforms';

/** A decoded message as routing sees it. */
export type RouteMessage = {
  /** Id of the listener/client it arrived on, e.g. `udp-1`. */
  sourceId: string;
  /** Frame schema, `name` or `name@version`. */
  schemaId: string;
  /** Schema version when not part of schemaId. */
  schemaVersion?: number | string;
  /** Decoded fields (nested records allowed). */
  fields: Fields;
};

/** What one matched rule (or the default route) asks the core to do. */
export type Delivery = {
  /** Rule id, or DEFAULT_ROUTE_ID. */
  ruleId: string;
  targets: readonly string[];
  transforms: readonly TransformSpec[];
  output: OutputEncoding;
  /** Applies this rule's transforms to a message's fields (pure; never throws). */
  apply(fields: Fields): TransformResult;
};

/** A condition that could not be evaluated for a message; the rule counts as not matched. */
export type RouteConditionError = { ruleId: string; message: string };

/** Result of routing one message. */
export type RouteResult = {
  /** Ids of matched rules in evaluation order (DEFAULT_ROUTE_ID when only the default applied). */
  matched: string[];
  /** Union of the deliveries' targets, in first-seen order. */
  targets: string[];
  /**
   * One entry per matched rule. Transforms belong to a rule, not to the message: two matched
   * rules may send differently transformed copies to different targets.
   */
  deliveries: Delivery[];
  /** Conditions that failed to evaluate (missing field, type error); counted per rule. */
  conditionErrors: RouteConditionError[];
};

/** Dry-run verdict for one rule. */
export type DryRunEntry = {
  ruleId: string;
  name: string;
  matched: boolean;
  /** Why, e.g. "source 'udp-2' does not match 'udp-1*'" or "condition false: flow_rate > 400 (flow_rate=312.5)". */
  reason: string;
  /** Targets it would deliver to (empty unless matched). */
  targets: readonly string[];
};

/** Counters for one rule since compile (or resetStats). */
export type RuleStats = {
  ruleId: string;
  /** Messages that reached the rule (enabled, not cut off by an earlier stop). */
  evaluated: number;
  /** Messages it matched. */
  hits: number;
  /** Messages whose condition failed to evaluate. */
  conditionErrors: number;
  /** Time of the last hit, ms epoch. */
  lastHitAtMs: number | undefined;
};

/** A compiled rule set. */
export type Router = {
  /** Validated rules in evaluation order. */
  readonly rules: readonly RouteRule[];
  route(message: RouteMessage): RouteResult;
  /** Explains every rule's verdict for a message without touching counters. */
  dryRun(message: RouteMessage): DryRunEntry[];
  /** Counters per rule in evaluation order, then the default route if configured. */
  stats(): RuleStats[];
  resetStats(): void;
};

/** A rule that failed validation or compilation. */
export type RuleError = {
  /** Position of the rule in the input list (-1 for the default route). */
  index: number;
  /** The rule's id as given (or `#index` when it has none). */
  ruleId: string;
  /** Dotted path inside the rule, e.g. `match.condition` or `actions.transforms.1.expression`. */
  path: string;
  /** Full message naming the rule and field: "Rule 'hi-flow' match.condition: Unknown function 'foo' at 0". */
  message: string;
};

/** Result of compileRules. */
export type CompileRulesResult = { ok: true; router: Router } | { ok: false; errors: RuleError[] };

/** Options for compileRules. */
export type CompileRulesOptions = {
  /** Fallback route when no rule matches. */
  defaultRoute?: DefaultRouteInput;
  /** Clock for lastHitAtMs (ms epoch). Default Date.now. */
  now?: () => number;
};

type CompiledRule = {
  rule: RouteRule;
  source: ((id: string) => boolean) | undefined;
  schema: { name: string; version: string | undefined } | undefined;
  condition: CompiledCondition | undefined;
  delivery: Delivery;
  stats: RuleStats;
};

function splitSchema(ref: string, version?: number | string): { name: string; version: string | undefined } {
  const at = ref.lastIndexOf('@');
  if (at > 0) return { name: ref.slice(0, at), version: ref.slice(at + 1) };
  return { name: ref, version: version === undefined ? undefined : String(version) };
}

function schemaMatches(want: { name: string; version: string | undefined }, got: { name: string; version: string | undefined }): boolean {
  return want.name === got.name && (want.version === undefined || want.version === got.version);
}

function schemaLabel(s: { name: string; version: string | undefined }): string {
  return s.version === undefined ? s.name : `${s.name}@${s.version}`;
}

function newStats(ruleId: string): RuleStats {
  return { ruleId, evaluated: 0, hits: 0, conditionErrors: 0, lastHitAtMs: undefined };
}

function makeDelivery(ruleId: string, targets: readonly string[], transforms: CompiledTransforms, output: OutputEncoding): Delivery {
  return Object.freeze({ ruleId, targets: Object.freeze([...targets]), transforms: transforms.specs, output, apply: transforms.apply });
}

/** Dotted path of a zod issue; unknown keys are named, so the UI can point at them. */
function issuePath(issue: { path: PropertyKey[]; code?: string; keys?: string[] }, fallback: string): string {
  const base = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) return [base, issue.keys.join(',')].filter(Boolean).join('.');
  return base || fallback;
}

function ruleIdOf(raw: unknown, index: number): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : `#${index}`;
}

function ruleError(index: number, ruleId: string, path: string, message: string): RuleError {
  const who = index < 0 ? 'Default route' : `Rule '${ruleId}'`;
  return { index, ruleId, path, message: `${who} ${path}: ${message}` };
}

/** Transform compile errors mapped to rule errors with their `actions.transforms.N.field` path. */
function transformErrors(index: number, ruleId: string, base: string, specs: readonly TransformSpec[], errors: { index: number; message: string }[]): RuleError[] {
  return errors.map((e) => {
    const spec = specs[e.index];
    const leaf = spec?.kind === 'derive' ? 'expression' : spec?.kind === 'convert' ? 'from' : spec?.kind === 'rename' ? 'to' : '';
    const path = `${base}.${e.index}${leaf ? `.${leaf}` : ''}`;
    return ruleError(index, ruleId, path, e.message);
  });
}

/**
 * Validates and compiles rules (input is untrusted: zod-checked, unknown keys rejected). All
 * errors are collected; the router is returned only when there are none.
 */
export function compileRules(rules: readonly unknown[], options: CompileRulesOptions = {}): CompileRulesResult {
  const errors: RuleError[] = [];
  const compiled: Array<CompiledRule & { order: number }> = [];
  const seen = new Set<string>();
  const now = options.now ?? Date.now;

  rules.forEach((raw, index) => {
    const ruleId = ruleIdOf(raw, index);
    const parsed = RouteRuleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(ruleError(index, ruleId, issuePath(issue, '(rule)'), issue.message));
      return;
    }
    const rule = parsed.data;
    if (seen.has(rule.id)) errors.push(ruleError(index, ruleId, 'id', `duplicate rule id '${rule.id}'`));
    seen.add(rule.id);
    let condition: CompiledCondition | undefined;
    if (rule.match.condition !== undefined) {
      const c = compileCondition(rule.match.condition);
      if (c.ok) condition = c.condition;
      else errors.push(ruleError(index, ruleId, 'match.condition', c.message));
    }
    const t = compileTransforms(rule.actions.transforms);
    if (!t.ok) {
      errors.push(...transformErrors(index, ruleId, 'actions.transforms', rule.actions.transforms, t.errors));
      return;
    }
    compiled.push({
      order: index,
      rule,
      source: rule.match.source === undefined ? undefined : compileGlob(rule.match.source),
      schema: rule.match.schema === undefined ? undefined : splitSchema(rule.match.schema),
      condition,
      delivery: makeDelivery(rule.id, rule.actions.targets, t.transforms, rule.actions.output),
      stats: newStats(rule.id),
    });
  });

  let fallback: { delivery: Delivery; stats: RuleStats } | undefined;
  if (options.defaultRoute !== undefined) {
    const parsed = DefaultRouteSchema.safeParse(options.defaultRoute);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(ruleError(-1, DEFAULT_ROUTE_ID, issuePath(issue, '(route)'), issue.message));
    } else {
      const t = compileTransforms(parsed.data.transforms);
      if (!t.ok) errors.push(...transformErrors(-1, DEFAULT_ROUTE_ID, 'transforms', parsed.data.transforms, t.errors));
      else fallback = { delivery: makeDelivery(DEFAULT_ROUTE_ID, parsed.data.targets, t.transforms, parsed.data.output), stats: newStats(DEFAULT_ROUTE_ID) };
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  // Stable: equal priorities keep list order.
  compiled.sort((a, b) => a.rule.priority - b.rule.priority || a.order - b.order);
  return { ok: true, router: createRouter(compiled, fallback, now) };
}

function createRouter(list: readonly CompiledRule[], fallback: { delivery: Delivery; stats: RuleStats } | undefined, now: () => number): Router {
  const route = (message: RouteMessage): RouteResult => {
    const matched: string[] = [];
    const targets: string[] = [];
    const deliveries: Delivery[] = [];
    const conditionErrors: RouteConditionError[] = [];
    let msgSchema: { name: string; version: string | undefined } | undefined;
    for (const c of list) {
      if (!c.rule.enabled) continue;
      c.stats.evaluated++;
      if (c.source && !c.source(message.sourceId)) continue;
      if (c.schema) {
        msgSchema ??= splitSchema(message.schemaId, message.schemaVersion);
        if (!schemaMatches(c.schema, msgSchema)) continue;
      }
      if (c.condition) {
        const r = c.condition.test(message.fields);
        if (!r.ok) {
          c.stats.conditionErrors++;
          conditionErrors.push({ ruleId: c.rule.id, message: r.message });
          continue;
        }
        if (!r.value) continue;
      }
      c.stats.hits++;
      c.stats.lastHitAtMs = now();
      matched.push(c.rule.id);
      deliveries.push(c.delivery);
      for (const t of c.delivery.targets) if (!targets.includes(t)) targets.push(t);
      if (c.rule.stop) break;
    }
    if (matched.length === 0 && fallback) {
      fallback.stats.evaluated++;
      fallback.stats.hits++;
      fallback.stats.lastHitAtMs = now();
      matched.push(DEFAULT_ROUTE_ID);
      deliveries.push(fallback.delivery);
      for (const t of fallback.delivery.targets) if (!targets.includes(t)) targets.push(t);
    }
    return { matched, targets, deliveries, conditionErrors };
  };

  const dryRun = (message: RouteMessage): DryRunEntry[] => {
    const entries: DryRunEntry[] = [];
    const msgSchema = splitSchema(message.schemaId, message.schemaVersion);
    let stoppedBy: string | undefined;
    let anyMatched = false;
    for (const c of list) {
      const { id, name, stop } = c.rule;
      const entry = (matched: boolean, reason: string): DryRunEntry => ({ ruleId: id, name, matched, reason, targets: matched ? c.delivery.targets : [] });
      if (!c.rule.enabled) {
        entries.push(entry(false, 'disabled'));
      } else if (stoppedBy !== undefined) {
        entries.push(entry(false, `not reached: rule '${stoppedBy}' matched earlier with stop`));
      } else if (c.source && !c.source(message.sourceId)) {
        entries.push(entry(false, `source '${message.sourceId}' does not match '${c.rule.match.source ?? ''}'`));
      } else if (c.schema && !schemaMatches(c.schema, msgSchema)) {
        entries.push(entry(false, `schema '${schemaLabel(msgSchema)}' does not match '${schemaLabel(c.schema)}'`));
      } else {
        const r = c.condition?.test(message.fields);
        const values = c.condition ? describeVariables(message.fields, c.condition.variables) : '';
        const shown = c.condition ? `${c.condition.source}${values ? ` (${values})` : ''}` : '';
        if (r && !r.ok) {
          entries.push(entry(false, `condition error: ${r.message}${values ? ` (${values})` : ''}`));
        } else if (r && !r.value) {
          entries.push(entry(false, `condition false: ${shown}`));
        } else {
          anyMatched = true;
          const why = c.condition ? `condition true: ${shown}` : 'all criteria match';
          entries.push(entry(true, `matched (${why})${stop ? '; stop' : ''}`));
          if (stop) stoppedBy = id;
        }
      }
    }
    if (fallback) {
      const d = fallback.delivery;
      entries.push(
        anyMatched
          ? { ruleId: DEFAULT_ROUTE_ID, name: 'Default route', matched: false, reason: 'not used: a rule matched', targets: [] }
          : { ruleId: DEFAULT_ROUTE_ID, name: 'Default route', matched: true, reason: 'matched: no rule matched', targets: d.targets },
      );
    }
    return entries;
  };

  const allStats = (): RuleStats[] => [...list.map((c) => c.stats), ...(fallback ? [fallback.stats] : [])];

  return {
    rules: Object.freeze(list.map((c) => c.rule)),
    route,
    dryRun,
    stats: () => allStats().map((s) => ({ ...s })),
    resetStats: () => {
      for (const s of allStats()) Object.assign(s, newStats(s.ruleId));
    },
  };
}
