import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeriesWindow } from './window';

describe('SeriesWindow', () => {
  it('never exceeds capacity and keeps the newest in-order samples (model check)', () => {
    const batchArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.double({ noNaN: true })), { maxLength: 50 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(batchArb, { maxLength: 20 }), (capacity, batches) => {
        const w = new SeriesWindow(capacity, 'ch');
        const model: Array<[number, number]> = [];
        let rejected = 0;
        for (const batch of batches) {
          const r = w.append(
            batch.map((s) => s[0]),
            batch.map((s) => s[1]),
          );
          for (const [t, v] of batch) {
            const last = model[model.length - 1];
            if (last && t < last[0]) rejected++;
            else model.push([t, v]);
          }
          expect(w.length).toBeLessThanOrEqual(capacity);
          expect(r.accepted + r.rejectedOutOfOrder).toBe(batch.length);
        }
        const kept = model.slice(-capacity);
        const cols = w.toColumns();
        expect(Array.from(cols.times)).toEqual(kept.map((s) => s[0]));
        expect(Array.from(cols.values)).toEqual(kept.map((s) => s[1]));
        expect(w.rejectedOutOfOrderTotal).toBe(rejected);
        expect(w.evictedTotal).toBe(model.length - kept.length);
      }),
      { numRuns: 500, seed: 5 },
    );
  });

  it('slices by time range inclusively across the wrap point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), (capacity, count, a, b) => {
        const w = new SeriesWindow(capacity);
        const times = Array.from({ length: count }, (_, i) => i * 1.5);
        w.append(times, times.map((t) => t * 2));
        const [from, to] = [Math.min(a, b), Math.max(a, b)];
        const kept = times.slice(-capacity);
        const expected = kept.filter((t) => t >= from && t <= to);
        const s = w.slice(from, to);
        expect(Array.from(s.times)).toEqual(expected);
        expect(Array.from(s.values)).toEqual(expected.map((t) => t * 2));
      }),
      { numRuns: 500, seed: 9 },
    );
  });

  it('drops old samples by time, rejects NaN times, and exposes ends', () => {
    const w = new SeriesWindow(4, 'flow');
    w.appendBatch({ channelId: 'flow', times: Float64Array.from([1, 2, 3]), values: Float64Array.from([10, 20, 30]) });
    expect(w.append([NaN, 0, 4, 5], [1, 1, 40, 50])).toEqual({ accepted: 2, rejectedOutOfOrder: 2, evicted: 1 });
    expect(w.firstTime).toBe(2);
    expect(w.lastTime).toBe(5);
    expect(w.timeAt(0)).toBe(2);
    expect(w.valueAt(3)).toBe(50);
    expect(w.dropBefore(4)).toBe(2);
    expect(Array.from(w.toColumns().times)).toEqual([4, 5]);
    expect(w.slice(10, 0).times.length).toBe(0);
    w.clear();
    expect(w.length).toBe(0);
    expect(w.firstTime).toBeUndefined();
    expect(() => new SeriesWindow(0)).toThrow(RangeError);
    expect(() => w.timeAt(0)).toThrow(RangeError);
  });
});
