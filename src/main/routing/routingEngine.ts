import { compileRules, type DefaultRouteInput, type RouteRule, type Router, type RuleError, type RuleStats } from '#shared/routing/index';

/**
 * Holds the deployed router. A deploy compiles the new rules completely first and then swaps one
 * reference: the pipeline routes each message synchronously, so every message is routed wholly
 * by the old or wholly by the new rules and nothing in flight is dropped. Hit counters of rules
 * that survive a deploy carry over.
 */
export class RoutingEngine {
  private router: Router;
  private revision = 0;
  private readonly carried = new Map<string, RuleStats>();

  constructor() {
    const r = compileRules([]);
    if (!r.ok) throw new Error('empty rule set failed to compile');
    this.router = r.router;
  }

  get current(): Router {
    return this.router;
  }

  get deployedRevision(): number {
    return this.revision;
  }

  /** Compiles without deploying. */
  static check(rules: readonly unknown[], defaultRoute?: unknown): { ok: true; router: Router } | { ok: false; errors: RuleError[] } {
    return compileRules(rules, defaultRoute === undefined ? {} : { defaultRoute: defaultRoute as DefaultRouteInput });
  }

  deploy(rules: readonly RouteRule[], defaultRoute: DefaultRouteInput | undefined, revision: number): { ok: true } | { ok: false; errors: RuleError[] } {
    const r = RoutingEngine.check(rules, defaultRoute);
    if (!r.ok) return r;
    for (const s of this.stats()) this.carried.set(s.ruleId, s);
    this.router = r.router;
    this.revision = revision;
    return { ok: true };
  }

  stats(): RuleStats[] {
    return this.router.stats().map((s) => {
      const old = this.carried.get(s.ruleId);
      if (!old) return s;
      return {
        ruleId: s.ruleId,
        evaluated: s.evaluated + old.evaluated,
        hits: s.hits + old.hits,
        conditionErrors: s.conditionErrors + old.conditionErrors,
        lastHitAtMs: s.lastHitAtMs ?? old.lastHitAtMs,
      };
    });
  }

  resetStats(): void {
    this.carried.clear();
    this.router.resetStats();
  }
}
