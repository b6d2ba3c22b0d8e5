import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globToRegExp } from './glob';
import { DEFAULT_ROUTE_ID, type RouteRuleInput } from './model';
import { compileRules, type RouteMessage, type Router } from './router';

function router(rules: RouteRuleInput[], defaultTargets?: string[]): Router {
  const r = compileRules(rules, { ...(defaultTargets ? { defaultRoute: { targets: defaultTargets } } : {}), now: () => 1000 });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.router;
}

const msg = (over: Partial<RouteMessage> = {}): RouteMessage => ({
  sourceId: 'udp-1a',
  schemaId: 'pump-telemetry@3',
  fields: { flow_rate: 312.5, suction_pressure: 0.5, discharge_pressure: 3.5, status: { pump_running: true }, mode: 'auto' },
  ...over,
});

const rule = (id: string, priority: number, extra: Partial<RouteRuleInput> = {}): RouteRuleInput => ({
  id,
  name: id,
  priority,
  match: {},
  actions: { targets: [`t-${id}`] },
  ...extra,
});

describe('glob', () => {
  it.each([
    ['udp-1*', 'udp-1', true],
    ['udp-1*', 'udp-12', true],
    ['udp-1*', 'udp-2', false],
    ['udp-?', 'udp-7', true],
    ['udp-?', 'udp-77', false],
    ['*', '', true],
    ['*-1', 'tcp-1', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['a**b', 'ab', true],
    ['udp.(1)', 'udp.(1)', true],
    ['udp.(1)', 'udpx(1)', false],
    ['UDP-1', 'udp-1', false],
  ])('%s ~ %s = %s', (pattern, text, expected) => {
    expect(compileGlob(pattern)(text)).toBe(expected);
    expect(globToRegExp(pattern).test(text)).toBe(expected);
  });

  it('agrees with the RegExp translation on random inputs (property)', () => {
    const chars = fc.constantFrom('a', 'b', '*', '?', '.', '-');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 8 }).map((a) => a.join('')), fc.array(fc.constantFrom('a', 'b', '.', '-'), { maxLength: 10 }).map((a) => a.join('')), (p, t) => {
        expect(compileGlob(p)(t)).toBe(globToRegExp(p).test(t));
      }),
      { numRuns: 3000, seed: 31 },
    );
  });

  it('is not vulnerable to pathological patterns', () => {
    const match = compileGlob(`${'*a'.repeat(30)}*b`);
    const start = performance.now();
    expect(match('a'.repeat(128))).toBe(false);
    expect(performance.now() - start).toBeLessThan(50);
  });
});

describe('compileRules: validation', () => {
  it('rejects invalid rules with errors naming the rule and field', () => {
    const r = compileRules([
      rule('ok', 1),
      rule('bad-cond', 2, { match: { condition: 'flow_rate > foo(1)' } }),
      rule('bad-unit', 3, { actions: { targets: ['x'], transforms: [{ kind: 'convert', field: 'flow_rate', from: 'bar', to: 'm3/h' }] } }),
      rule('bad-expr', 4, { actions: { targets: ['x'], transforms: [{ kind: 'rename', from: 'a', to: 'b' }, { kind: 'derive', field: 'h', expression: 'import("x")' }] } }),
      { id: 'bad shape', priority: 'high', actions: { targets: [] }, extra: 1 },
      rule('ok', 5),
      rule('proto', 6, { actions: { targets: [], transforms: [{ kind: 'rename', from: 'a', to: '__proto__' }] } }),
      rule('str-cond', 7, { match: { condition: '"auto"' } }),
      rule('bad-schema', 8, { match: { schema: 'pump@v3' } }),
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.errors.map((e) => e.message);
    expect(messages).toContain("Rule 'bad-cond' match.condition: Unknown function 'foo' at 12");
    expect(messages).toContain("Rule 'bad-unit' actions.transforms.0.from: convert: Cannot convert 'bar' (pressure) to 'm3/h' (flow): different quantities");
    expect(messages).toContain("Rule 'bad-expr' actions.transforms.1.expression: derive: Unknown function 'import' at 0");
    expect(messages).toContain("Rule 'ok' id: duplicate rule id 'ok'");
    expect(messages).toContain("Rule 'str-cond' match.condition: a condition must be true/false or a number, not a string");
    expect(r.errors.find((e) => e.ruleId === 'proto')?.path).toBe('actions.transforms.0.to');
    expect(r.errors.find((e) => e.ruleId === 'bad-schema')?.path).toBe('match.schema');
    const shape = r.errors.filter((e) => e.index === 4).map((e) => e.path);
    expect(shape).toEqual(['id', 'priority', 'extra']);
  });

  it('rejects an invalid default route', () => {
    const r = compileRules([], { defaultRoute: { targets: ['x'], transforms: [{ kind: 'derive', field: 'h', expression: '1 +' }] } });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(['Default route transforms.0.expression: derive: Unexpected end of expression at 3']);
  });
});

describe('route', () => {
  it('evaluates in ascending priority, ties in list order, and stops after a stop rule', () => {
    const rt = router([rule('c', 30), rule('a', 10), rule('b', 20, { stop: true }), rule('a2', 10)]);
    expect(rt.rules.map((r) => r.id)).toEqual(['a', 'a2', 'b', 'c']);
    const r = rt.route(msg());
    expect(r.matched).toEqual(['a', 'a2', 'b']);
    expect(r.targets).toEqual(['t-a', 't-a2', 't-b']);
    expect(r.deliveries.map((d) => d.ruleId)).toEqual(['a', 'a2', 'b']);
  });

  it('matches source globs, schema name or name@version, and conditions', () => {
    const rt = router(
      [
        rule('src', 1, { match: { source: 'udp-1*' } }),
        rule('any-version', 2, { match: { schema: 'pump-telemetry' } }),
        rule('v3', 3, { match: { schema: 'pump-telemetry@3' } }),
        rule('v2', 4, { match: { schema: 'pump-telemetry@2' } }),
        rule('hi-flow', 5, { match: { condition: 'flow_rate > 400' } }),
        rule('running', 6, { match: { condition: 'status.pump_running and mode == "auto"' } }),
      ],
      ['archive'],
    );
    expect(rt.route(msg()).matched).toEqual(['src', 'any-version', 'v3', 'running']);
    expect(rt.route(msg({ sourceId: 'tcp-1', schemaId: 'pump-telemetry', schemaVersion: 2, fields: { flow_rate: 500 } })).matched).toEqual(['any-version', 'v2', 'hi-flow']);
    const none = rt.route(msg({ sourceId: 'tcp-1', schemaId: 'other', fields: { flow_rate: 1 } }));
    expect(none.matched).toEqual([DEFAULT_ROUTE_ID]);
    expect(none.targets).toEqual(['archive']);
  });

  it('counts condition errors without matching and reports them', () => {
    const rt = router([rule('hi-flow', 1, { match: { condition: 'flow_rate > 400' } })], ['fallback']);
    const r = rt.route(msg({ fields: {} }));
    expect(r.matched).toEqual([DEFAULT_ROUTE_ID]);
    expect(r.conditionErrors).toEqual([{ ruleId: 'hi-flow', message: "Variable 'flow_rate' is not defined at 0" }]);
    expect(rt.stats()[0]).toMatchObject({ ruleId: 'hi-flow', evaluated: 1, hits: 0, conditionErrors: 1 });
  });

  it('keeps hit counters per rule and resets them', () => {
    const rt = router([rule('a', 1, { match: { condition: 'flow_rate > 300' } }), rule('off', 2, { enabled: false })], ['d']);
    rt.route(msg());
    rt.route(msg());
    rt.route(msg({ fields: { flow_rate: 1 } }));
    expect(rt.stats()).toEqual([
      { ruleId: 'a', evaluated: 3, hits: 2, conditionErrors: 0, lastHitAtMs: 1000 },
      { ruleId: 'off', evaluated: 0, hits: 0, conditionErrors: 0, lastHitAtMs: undefined },
      { ruleId: DEFAULT_ROUTE_ID, evaluated: 1, hits: 1, conditionErrors: 0, lastHitAtMs: 1000 },
    ]);
    rt.resetStats();
    expect(rt.stats().every((s) => s.hits === 0 && s.evaluated === 0)).toBe(true);
  });

  it('a matching rule without targets counts as matched (filter) and suppresses the default', () => {
    const rt = router([rule('drop-test', 1, { match: { source: 'test-*' }, actions: { targets: [] }, stop: true }), rule('all', 2)], ['d']);
    const r = rt.route(msg({ sourceId: 'test-7' }));
    expect(r.matched).toEqual(['drop-test']);
    expect(r.targets).toEqual([]);
  });

  it('applies each delivery’s transforms independently', () => {
    const rt = router([
      rule('head', 1, {
        actions: {
          targets: ['scada'],
          transforms: [
            { kind: 'derive', field: 'head_m', expression: '(discharge_pressure - suction_pressure) * 10.197' },
            { kind: 'convert', field: 'flow_rate', from: 'm3/h', to: 'L/s', as: 'flow_ls' },
            { kind: 'select', fields: ['head_m', 'flow_ls'] },
          ],
          output: { reencode: 'scada-frame@1' },
        },
      }),
      rule('raw', 2),
    ]);
    const m = msg();
    const [head, raw] = rt.route(m).deliveries;
    const out = head!.apply(m.fields);
    expect(out.ok && out.fields).toEqual({ head_m: expect.closeTo(30.591, 6), flow_ls: expect.closeTo(86.8055, 3) });
    expect(head!.output).toEqual({ reencode: 'scada-frame@1' });
    expect(raw!.output).toBe('json');
    expect(raw!.apply(m.fields)).toEqual({ ok: true, fields: m.fields });
  });
});

describe('dryRun', () => {
  const rt = router(
    [
      rule('udp1', 1, { match: { source: 'udp-1*' } }),
      rule('schema', 2, { match: { schema: 'pump-telemetry@4' } }),
      rule('hi-flow', 3, { match: { condition: 'flow_rate > 400' } }),
      rule('err', 4, { match: { condition: 'missing_field > 1' } }),
      rule('off', 5, { enabled: false }),
      rule('stopper', 6, { match: { condition: 'status.pump_running' }, stop: true }),
      rule('late', 7),
    ],
    ['archive'],
  );

  it('explains each verdict', () => {
    const entries = rt.dryRun(msg({ sourceId: 'udp-2' }));
    expect(entries.map((e) => [e.ruleId, e.matched, e.reason])).toEqual([
      ['udp1', false, "source 'udp-2' does not match 'udp-1*'"],
      ['schema', false, "schema 'pump-telemetry@3' does not match 'pump-telemetry@4'"],
      ['hi-flow', false, 'condition false: flow_rate > 400 (flow_rate=312.5)'],
      ['err', false, "condition error: Variable 'missing_field' is not defined at 0 (missing_field=missing)"],
      ['off', false, 'disabled'],
      ['stopper', true, 'matched (condition true: status.pump_running (status.pump_running=true)); stop'],
      ['late', false, "not reached: rule 'stopper' matched earlier with stop"],
      [DEFAULT_ROUTE_ID, false, 'not used: a rule matched'],
    ]);
    expect(entries[5]?.targets).toEqual(['t-stopper']);
    // Dry runs leave counters alone.
    expect(rt.stats().every((s) => s.evaluated === 0)).toBe(true);
  });

  it('agrees with route on which rules match (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          sourceId: fc.constantFrom('udp-1', 'udp-12', 'udp-2', 'tcp-1'),
          schemaId: fc.constantFrom('pump-telemetry@3', 'pump-telemetry@4', 'other'),
          fields: fc.record({ flow_rate: fc.double({ min: 0, max: 800, noNaN: true }), status: fc.record({ pump_running: fc.boolean() }) }, { requiredKeys: [] }),
        }),
        (m) => {
          const expected = rt
            .dryRun(m)
            .filter((e) => e.matched)
            .map((e) => e.ruleId);
          expect(rt.route(m).matched).toEqual(expected);
        },
      ),
      { numRuns: 500, seed: 41 },
    );
  });
});
