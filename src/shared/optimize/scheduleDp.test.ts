import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countStarts, popcount, solveScheduleDp, type DpInput, type HourOption } from './scheduleDp';

/** Enumerates every sequence of options and keeps the cheapest one that honours the constraints. */
function bruteForce(input: DpInput): { cost: number; starts: number } | undefined {
  const H = input.hours.length;
  const m = Math.max(1, input.minRunTimeH);
  let best: { cost: number; starts: number } | undefined;
  const seq: number[] = new Array<number>(H).fill(0);
  const visit = (h: number): void => {
    if (h === H) {
      const masks = seq.map((o, i) => input.hours[i]![o]!.mask);
      let starts = 0;
      let prev = input.initialMask;
      for (let i = 0; i < H; i++) {
        const started = masks[i]! & ~prev;
        starts += popcount(started);
        // Every pump started in hour i stays on through hour i + m − 1 (or the end of the horizon).
        for (let j = i + 1; j < Math.min(H, i + m); j++) if ((started & ~masks[j]!) !== 0) return;
        prev = masks[i]!;
      }
      if (starts > input.maxStarts) return;
      const cost = seq.reduce((s, o, i) => s + input.hours[i]![o]!.cost, 0);
      if (best === undefined || cost < best.cost - 1e-9 || (Math.abs(cost - best.cost) <= 1e-9 && starts < best.starts)) best = { cost, starts };
      return;
    }
    for (let o = 0; o < input.hours[h]!.length; o++) {
      seq[h] = o;
      visit(h + 1);
    }
  };
  visit(0);
  return best;
}

const nPumps = 3;
const hourArb: fc.Arbitrary<HourOption[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 })
  .chain((masks) => fc.tuple(...masks.map((mask) => fc.integer({ min: 0, max: 100 }).map((c) => ({ mask, cost: c + popcount(mask) })))));

const inputArb: fc.Arbitrary<DpInput> = fc.record({
  nPumps: fc.constant(nPumps),
  hours: fc.array(hourArb, { minLength: 1, maxLength: 5 }),
  initialMask: fc.integer({ min: 0, max: 7 }),
  maxStarts: fc.integer({ min: 0, max: 5 }),
  minRunTimeH: fc.integer({ min: 0, max: 3 }),
});

describe('solveScheduleDp', () => {
  it('equals brute force over all sequences (random small instances)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const dp = solveScheduleDp(input);
        const bf = bruteForce(input);
        if (bf === undefined) {
          expect(dp.feasible).toBe(false);
          return;
        }
        expect(dp.feasible).toBe(true);
        if (!dp.feasible) return;
        expect(dp.cost).toBeCloseTo(bf.cost, 9);
        expect(dp.starts).toBe(bf.starts);
        // The returned sequence is what it claims to be.
        let prev = input.initialMask;
        let starts = 0;
        let cost = 0;
        dp.choice.forEach((o, h) => {
          const opt = input.hours[h]![o]!;
          expect(dp.masks[h]).toBe(opt.mask);
          starts += countStarts(prev, opt.mask);
          cost += opt.cost;
          prev = opt.mask;
        });
        expect(starts).toBe(dp.starts);
        expect(cost).toBeCloseTo(dp.cost, 9);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('counts a start only for off → on', () => {
    expect(countStarts(0b011, 0b110)).toBe(1);
    expect(countStarts(0b111, 0b000)).toBe(0);
    expect(countStarts(0b000, 0b101)).toBe(2);
  });

  it('holds a started pump for the minimum run time', () => {
    // Hour 0 needs pump 0; hour 1 prefers pump 1 alone but pump 0 must keep running (m = 2).
    const hours: HourOption[][] = [
      [{ mask: 0b01, cost: 1 }],
      [
        { mask: 0b10, cost: 1 },
        { mask: 0b11, cost: 5 },
      ],
    ];
    const free = solveScheduleDp({ nPumps: 2, hours, initialMask: 0, maxStarts: 5, minRunTimeH: 1 });
    const held = solveScheduleDp({ nPumps: 2, hours, initialMask: 0, maxStarts: 5, minRunTimeH: 2 });
    expect(free).toMatchObject({ feasible: true, masks: [0b01, 0b10] });
    expect(held).toMatchObject({ feasible: true, masks: [0b01, 0b11], cost: 6 });
  });

  it('reports the hour where the start limit runs out', () => {
    const hours: HourOption[][] = [[{ mask: 0b01, cost: 1 }], [{ mask: 0b10, cost: 1 }]];
    expect(solveScheduleDp({ nPumps: 2, hours, initialMask: 0, maxStarts: 1, minRunTimeH: 0 })).toEqual({ feasible: false, hour: 1, cause: 'constraints' });
  });
});

describe('solveScheduleDp on real station hours', () => {
  it('equals brute force for six hours of the demo station', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseStationJson } = await import('../hydraulics/station');
    const { compileStation } = await import('./stationModel');
    const { createDemandContext, feasibleSubsets } = await import('./demandProblem');
    const { solveSubset } = await import('./exhaustive');
    const parsed = parseStationJson(readFileSync(new URL('../../../resources/demo/station.json', import.meta.url), 'utf8'));
    if (!parsed.ok) throw new Error('demo invalid');
    const model = compileStation(parsed.station);
    const demands = [330, 480, 560, 520, 600, 300];
    const prices = [0.2, 0.3, 0.3, 0.3, 0.3, 0.14];
    const hours = demands.map((d, h) => {
      const ctx = createDemandContext(model, d);
      return feasibleSubsets(ctx).map((mask) => ({ mask, cost: solveSubset(ctx, mask)!.powerKw * prices[h]! }));
    });
    for (const maxStarts of [0, 1, 2, 3]) {
      for (const minRunTimeH of [0, 2, 3]) {
        const input: DpInput = { nPumps: 3, hours, initialMask: 0b001, maxStarts, minRunTimeH };
        const dp = solveScheduleDp(input);
        const bf = bruteForce(input);
        expect(dp.feasible).toBe(bf !== undefined);
        if (dp.feasible && bf) expect(dp.cost).toBeCloseTo(bf.cost, 9);
      }
    }
  });
});
