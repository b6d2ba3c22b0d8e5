import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmRule, Channel } from '#shared/rpc/domains/monitor';
import { createTestCore, type TestCore } from '../core/testing/testCore';

/*
 * An update that names some fields changes only those fields. (zod 4 applies defaults inside
 * `.partial()`, so a plain partial schema silently reset severity, unit, limits, … to defaults.)
 */
const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.core.close();
});

describe('partial updates keep what the caller left out', () => {
  it('channels: renaming keeps unit, limits, precision and enabled', async () => {
    const t = await createTestCore({ prefix: 'patch' });
    cores.push(t);
    const [first] = await t.call<Channel[]>('monitor.channels.list');
    const before = (await t.call<Channel>('monitor.channels.update', { id: first!.id, unit: 'm³/h', precision: 3, enabled: false, limits: { displayMin: 0, displayMax: 500 } }));
    const after = await t.call<Channel>('monitor.channels.update', { id: first!.id, name: 'Renamed' });
    expect(after.name).toBe('Renamed');
    expect(after).toMatchObject({ unit: 'm³/h', precision: 3, enabled: false, limits: { displayMin: 0, displayMax: 500 } });
    expect(after.binding).toEqual(before.binding);
  });

  it('alarm rules: disabling keeps severity, deadband, delays and suppression', async () => {
    const t = await createTestCore({ prefix: 'patch' });
    cores.push(t);
    const [channel] = await t.call<Channel[]>('monitor.channels.list');
    await t.call('monitor.alarmRules.create', { id: 'hot', name: 'Hot', kind: 'high', severity: 'critical', channelId: channel!.id, threshold: 90, deadband: 2, onDelayMs: 3000 });
    await t.call('monitor.alarmRules.create', { id: 'hot_hh', name: 'Very hot', kind: 'highHigh', severity: 'critical', channelId: channel!.id, threshold: 95, suppressedBy: ['hot'] });
    const updated = await t.call<AlarmRule>('monitor.alarmRules.update', { id: 'hot_hh', enabled: false });
    expect(updated).toMatchObject({ enabled: false, severity: 'critical', threshold: 95, suppressedBy: ['hot'] });
    const hot = await t.call<AlarmRule>('monitor.alarmRules.update', { id: 'hot', name: 'Pump hot' });
    expect(hot).toMatchObject({ name: 'Pump hot', severity: 'critical', deadband: 2, onDelayMs: 3000, enabled: true });
  });

  it('monitor settings: changing one retention keeps the others', async () => {
    const t = await createTestCore({ prefix: 'patch' });
    cores.push(t);
    const start = await t.call<Record<string, number>>('monitor.settings.set', { rawRetentionHours: 3, rollup5mRetentionDays: 30 });
    const next = await t.call<Record<string, number>>('monitor.settings.set', { rollup10sRetentionDays: 1 });
    expect(next).toMatchObject({ rawRetentionHours: 3, rollup5mRetentionDays: 30, rollup10sRetentionDays: 1 });
    expect(start.rollup10sRetentionDays).not.toBe(1);
  });
});
