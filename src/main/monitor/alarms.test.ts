import { describe, expect, it } from 'vitest';
import type { Alarm, AlarmRule } from '#shared/rpc/domains/monitor';
import { AlarmEngine } from './alarms';

const base: Omit<AlarmRule, 'id' | 'name' | 'kind'> = {
  severity: 'major',
  enabled: true,
  deadband: 0,
  rateWindowMs: 5000,
  staleAfterMs: 10_000,
  expression: '',
  deviceId: '',
  onDelayMs: 0,
  offDelayMs: 0,
  suppressedBy: [],
  suppressInMaintenance: true,
  escalateAfterMs: 0,
  message: '',
  createdAt: 0,
  updatedAt: 0,
};

function harness(rules: AlarmRule[]) {
  const values = new Map<string, { t: number; v: number }>();
  const history = new Map<string, Array<{ t: number; v: number }>>();
  let maintenance = false;
  let offline: string[] = [];
  const changes: Alarm[] = [];
  const engine = new AlarmEngine(
    {
      latest: (id) => values.get(id),
      valueAgo: (id, ago) => {
        const h = history.get(id) ?? [];
        const last = h[h.length - 1];
        if (!last) return undefined;
        return [...h].reverse().find((s) => s.t <= last.t - ago) ?? h[0];
      },
      since: () => 0,
      offlineDevices: () => offline,
      maintenance: () => maintenance,
    },
    (c) => changes.push(...c),
  );
  engine.setRules(rules);
  return {
    engine,
    changes,
    set(id: string, t: number, v: number) {
      values.set(id, { t, v });
      const h = history.get(id) ?? [];
      h.push({ t, v });
      history.set(id, h);
    },
    setMaintenance: (m: boolean) => (maintenance = m),
    setOffline: (o: string[]) => (offline = o),
  };
}

describe('AlarmEngine', () => {
  it('raises a high alarm after the on-delay, holds it inside the deadband, clears after the off-delay, closes on acknowledge', () => {
    const h = harness([{ ...base, id: 'hi', name: 'Temp high', kind: 'high', channelId: 'temp', threshold: 90, deadband: 5, onDelayMs: 2000, offDelayMs: 1000 }]);
    h.set('temp', 0, 95);
    expect(h.engine.scan(0)).toEqual([]);
    expect(h.engine.scan(1500)).toEqual([]);
    const [raised] = h.engine.scan(2000);
    expect(raised).toMatchObject({ ruleId: 'hi', state: 'active', acknowledged: false, value: 95 });
    h.set('temp', 2500, 87); // below the limit but inside the deadband
    expect(h.engine.scan(2500)).toEqual([]);
    h.set('temp', 3000, 84);
    expect(h.engine.scan(3000)).toEqual([]); // off-delay running
    const [cleared] = h.engine.scan(4000);
    expect(cleared).toMatchObject({ state: 'cleared', clearedAt: 4000 });
    expect(h.engine.open.size).toBe(1); // cleared but unacknowledged stays listed
    const acked = h.engine.acknowledge([raised!.id], 'checked the fan', 'tester', 5000);
    expect(acked[0]).toMatchObject({ acknowledged: true, ackComment: 'checked the fan', ackedBy: 'tester' });
    expect(h.engine.open.size).toBe(0);
  });

  it('a blip shorter than the on-delay never raises', () => {
    const h = harness([{ ...base, id: 'lo', name: 'Suction low', kind: 'low', channelId: 'p', threshold: 0.2, onDelayMs: 3000 }]);
    h.set('p', 0, 0.1);
    h.engine.scan(0);
    h.set('p', 1000, 0.5);
    h.engine.scan(1000);
    h.set('p', 2000, 0.1);
    h.engine.scan(2000);
    expect(h.engine.scan(4000)).toEqual([]);
    expect(h.engine.scan(5000)).toHaveLength(1);
  });

  it('suppresses by maintenance mode and by another active alarm; escalates when unacknowledged', () => {
    const h = harness([
      { ...base, id: 'stale', name: 'Stale', kind: 'stale', channelId: 'flow', staleAfterMs: 1000, suppressInMaintenance: false },
      { ...base, id: 'lowflow', name: 'Low flow', kind: 'low', channelId: 'flow', threshold: 5, suppressedBy: ['stale'], escalateAfterMs: 10_000, severity: 'minor' },
    ]);
    h.setMaintenance(true);
    h.set('flow', 0, 1);
    expect(h.engine.scan(0)).toEqual([]); // low flow suppressed by maintenance
    h.setMaintenance(false);
    const stale = h.engine.scan(5000); // no new sample for 5 s: stale raised; low flow suppressed by it
    expect(stale.map((a) => a.ruleId)).toEqual(['stale']);
    h.set('flow', 6000, 1);
    // Data is back: the stale alarm clears and, no longer suppressed, low flow raises.
    const next = h.engine.scan(6000);
    expect(next.map((a) => `${a.ruleId}:${a.state}`).sort()).toEqual(['lowflow:active', 'stale:cleared']);
    h.set('flow', 10_000, 1);
    expect(h.engine.scan(10_000)).toEqual([]);
    h.set('flow', 16_000, 1);
    const esc = h.engine.scan(16_000);
    expect(esc[0]).toMatchObject({ ruleId: 'lowflow', escalated: true, severity: 'major' });
  });

  it('evaluates rate of change, expressions and device-offline rules', () => {
    const h = harness([
      { ...base, id: 'roc', name: 'Level rising fast', kind: 'rateOfChange', channelId: 'lvl', threshold: 0.5, rateWindowMs: 2000 },
      { ...base, id: 'dry', name: 'Dry run', kind: 'expression', expression: 'running > 0.5 and flow < 5' },
      { ...base, id: 'off', name: 'Any device offline', kind: 'deviceOffline', deviceId: '*' },
    ]);
    h.set('lvl', 0, 1);
    h.set('lvl', 1000, 1.2);
    h.set('lvl', 2000, 1.4);
    h.set('running', 2000, 1);
    h.set('flow', 2000, 50);
    expect(h.engine.scan(2000)).toEqual([]);
    h.set('lvl', 3000, 3);
    h.set('flow', 3000, 1);
    h.setOffline(['rtu-9']);
    const raised = h.engine.scan(3000);
    expect(raised.map((a) => a.ruleId).sort()).toEqual(['dry', 'off', 'roc']);
    expect(raised.find((a) => a.ruleId === 'off')?.message).toContain('rtu-9');
  });
});
