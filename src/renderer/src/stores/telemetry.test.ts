import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The fake core side: what the store subscribed to and every params update it sent. */
const core = vi.hoisted(() => ({
  subscribes: [] as Array<{ event: string; params: unknown }>,
  updates: [] as unknown[],
  unsubscribed: 0,
  listener: undefined as ((batch: unknown) => void) | undefined,
}));

vi.mock('../rpc/client', () => ({
  rpc: {
    subscribe(event: string, listener: (b: unknown) => void, options: { params?: unknown } = {}) {
      core.subscribes.push({ event, params: options.params });
      core.listener = listener;
      const off = () => void core.unsubscribed++;
      return Object.assign(off, { update: (p: unknown) => void core.updates.push(p), params: options.params });
    },
  },
}));

const frames: Array<() => void> = [];
beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('requestAnimationFrame', (fn: () => void) => frames.push(fn));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Delivers a batch and draws the frame it asks for. */
function deliverAndDraw(ids: string[]) {
  core.listener?.({ t: 1, seq: 1, channels: ids.map((id) => ({ id, times: [Date.now()], values: [1] })), dropped: 0 });
  frames.splice(0).forEach((f) => f());
}

describe('telemetry store: live subscription by channel set', () => {
  it('subscribes with the union of declared (ref-counted) and read channels, updates once per change, drops unread channels only while frames are drawn', async () => {
    const t = await import('./telemetry');
    const panelA = t.acquireLiveChannels(['flow_rate', 'motor_temp']);
    const panelB = t.acquireLiveChannels(['flow_rate']);
    expect(core.subscribes).toEqual([{ event: 'monitor.live', params: { channelIds: ['flow_rate', 'motor_temp'] } }]);
    await vi.advanceTimersByTimeAsync(1);
    expect(core.updates).toEqual([]); // nothing changed since the subscribe

    panelA(); // flow_rate is still declared by panel B
    panelA(); // releasing twice is harmless
    await vi.advanceTimersByTimeAsync(1);
    expect(core.updates).toEqual([{ channelIds: ['flow_rate'] }]);

    // A panel that reads a channel while rendering adds it (no declaration needed).
    t.liveLatest('pump_head');
    t.liveWindow('pump_head');
    await vi.advanceTimersByTimeAsync(1);
    expect(core.updates.at(-1)).toEqual({ channelIds: ['flow_rate', 'pump_head'] });
    const updatesSoFar = core.updates.length;

    // No frames drawn (hidden window): the read channel stays however long it is not read.
    await vi.advanceTimersByTimeAsync(t.LEASE_SWEEP_MS * 3);
    expect(core.updates).toHaveLength(updatesSoFar);

    // Frames are drawn but nobody reads pump_head any more: it leaves the set after a sweep or two.
    for (let i = 0; i < 10; i++) {
      deliverAndDraw(['flow_rate']);
      await vi.advanceTimersByTimeAsync(t.LEASE_SWEEP_MS / 2);
    }
    expect(core.updates.at(-1)).toEqual({ channelIds: ['flow_rate'] });
    expect(t.liveChannelSet()).toEqual(['flow_rate']);
    // Samples landed in the window.
    expect(t.liveWindow('flow_rate').length).toBeGreaterThan(0);

    panelB();
    expect(core.unsubscribed).toBe(1);
  });
});
