import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolume2d } from './hypervolume';
import { createRng } from './rng';
import { brent } from './roots';

describe('createRng', () => {
  it('is reproducible per seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('stays in range with a plausible mean', () => {
    const r = createRng(7);
    let sum = 0;
    let bad = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) bad++;
      sum += x;
      const k = r.int(6);
      if (!(Number.isInteger(k) && k >= 0 && k < 6)) bad++;
    }
    expect(bad).toBe(0);
    expect(sum / 20000).toBeCloseTo(0.5, 1);
  });
});

describe('brent', () => {
  it('finds roots of monotone functions within tolerance', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (root, slope) => {
        const f = (x: number) => slope * (x - root) + 0.01 * (x - root) ** 3;
        const r = brent(f, -100, 100, 1e-12);
        expect(r.ok).toBe(true);
        expect(Math.abs(r.x - root)).toBeLessThan(1e-9);
      }),
    );
  });

  it('reports a missing bracket instead of guessing', () => {
    const r = brent((x) => x * x + 1, -1, 1);
    expect(r.ok).toBe(false);
    expect(r.x).toBeGreaterThanOrEqual(-1);
    expect(r.x).toBeLessThanOrEqual(1);
  });
});

describe('hypervolume2d', () => {
  it('is exact for simple fronts', () => {
    expect(hypervolume2d([[0, 0]], [1, 1])).toBe(1);
    expect(hypervolume2d([[0.5, 0.5]], [1, 1])).toBe(0.25);
    // Two points: union of rectangles [0,1]x[0.5,1] ∪ [0.5,1]x[0,1] = 0.75.
    expect(hypervolume2d([[0, 0.5], [0.5, 0]], [1, 1])).toBeCloseTo(0.75, 15);
  });

  it('ignores dominated points and points outside the reference box', () => {
    expect(hypervolume2d([[0.5, 0.5], [0.6, 0.6], [2, 0], [0, 1]], [1, 1])).toBe(0.25);
  });

  it('approaches the analytic value for a dense ZDT1 front', () => {
    // ∫ over [0,1.1]² minus the area under f2 = 1 − √f1 on [0,1]: 1.21 − 1/3.
    const pts = Array.from({ length: 20001 }, (_, i) => [i / 20000, 1 - Math.sqrt(i / 20000)] as const);
    expect(hypervolume2d(pts, [1.1, 1.1])).toBeCloseTo(1.21 - 1 / 3, 4);
  });

  it('equals a brute-force grid estimate on random sets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })), { maxLength: 8 }), (pts) => {
        // Integer points: count unit cells [x, x+1]×[y, y+1] inside [0,10]² dominated by some point.
        let cells = 0;
        for (let x = 0; x < 10; x++) for (let y = 0; y < 10; y++) if (pts.some(([a, b]) => a <= x && b <= y)) cells++;
        expect(hypervolume2d(pts, [10, 10])).toBe(cells);
      }),
    );
  });
});
