import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evalPoly, formatPath, parseStationJson } from './station';

const demoText = readFileSync(new URL('../../../resources/demo/station.json', import.meta.url), 'utf8');
const demo = () => JSON.parse(demoText) as Record<string, any>;

function errorsOf(doc: unknown) {
  const r = parseStationJson(doc);
  if (r.ok) throw new Error('expected validation errors');
  return r.errors;
}

describe('station model', () => {
  it('parses the demo station and normalizes defaults', () => {
    const r = parseStationJson(demoText);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.station.pumps.map((p) => p.id)).toEqual(['P1', 'P2', 'P3']);
    const fixed = r.station.pumps[2]!;
    expect(fixed.variableSpeed).toBe(false);
    expect(fixed.speedRange).toEqual([1, 1]);
    expect(fixed.driveEfficiency).toBe(1);
    expect(r.station.fluid.densityKgM3).toBe(998.2);
    expect(r.station.constraints?.maxPumpsRunning).toBe(3);
  });

  it('names the field of a bad speed range', () => {
    const doc = demo();
    doc.pumps[1].speedRange = [0.9, 0.5];
    expect(errorsOf(doc)).toEqual([expect.objectContaining({ path: 'pumps[1].speedRange' })]);
  });

  it('requires a speed range and a drive efficiency for variable-speed pumps', () => {
    const doc = demo();
    delete doc.pumps[0].speedRange;
    delete doc.pumps[0].driveEfficiency;
    const paths = errorsOf(doc).map((e) => e.path);
    expect(paths).toContain('pumps[0].speedRange');
    expect(paths).toContain('pumps[0].driveEfficiency');
  });

  it('rejects a head curve that rises within the flow window', () => {
    const doc = demo();
    doc.pumps[2].head.coeffs = [30, 0.05, -0.0001];
    const errs = errorsOf(doc);
    expect(errs[0]!.path).toBe('pumps[2].head');
    expect(errs[0]!.message).toMatch(/decreasing/);
  });

  it('rejects efficiencies outside (0, 1] and shape errors with their paths', () => {
    const doc = demo();
    doc.pumps[0].efficiency.coeffs = [0, 0.02, -0.00001];
    doc.pumps[1].motorEfficiency = 1.2;
    doc.pumps[2].head = { type: 'spline', coeffs: [1] };
    const paths = errorsOf(doc).map((e) => e.path);
    expect(paths).toContain('pumps[1].motorEfficiency');
    expect(paths).toContain('pumps[2].head.type');
    const doc2 = demo();
    doc2.pumps[0].efficiency.coeffs = [0, 0.02, -0.00001];
    expect(errorsOf(doc2).map((e) => e.path)).toEqual(['pumps[0].efficiency']);
  });

  it('rejects duplicate ids, bad flow ranges and a too-large pump limit', () => {
    const doc = demo();
    doc.pumps[2].id = 'P1';
    doc.pumps[1].flowRange = [300, 100];
    doc.constraints.maxPumpsRunning = 5;
    const paths = errorsOf(doc).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['pumps[2].id', 'pumps[1].flowRange', 'constraints.maxPumpsRunning']));
  });

  it('checks demand profile and tariff lengths', () => {
    const doc = demo();
    doc.demand.profileM3h = [1, 2, 3];
    doc.tariff.pricePerKwh[5] = -1;
    const paths = errorsOf(doc).map((e) => e.path);
    expect(paths).toContain('demand.profileM3h');
    expect(paths).toContain('tariff.pricePerKwh[5]');
  });

  it('fits a system curve from measured points', () => {
    const doc = demo();
    doc.system = { points: [0, 200, 400, 600].map((q) => ({ flowM3h: q, headM: 22 + 5e-5 * q * q })) };
    const r = parseStationJson(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.station.system.staticHeadM).toBeCloseTo(22, 9);
    expect(r.station.system.k).toBeCloseTo(5e-5, 12);
    expect(r.station.system.fitRmsM).toBeLessThan(1e-9);
  });

  it('rejects an ambiguous or incomplete system', () => {
    const doc = demo();
    doc.system = { staticHeadM: 10, k: 1e-5, points: [{ flowM3h: 0, headM: 10 }, { flowM3h: 100, headM: 11 }] };
    expect(errorsOf(doc).map((e) => e.path)).toEqual(['system']);
    const doc2 = demo();
    doc2.system = { staticHeadM: 10 };
    expect(errorsOf(doc2).map((e) => e.path)).toEqual(['system.k']);
  });

  it('reports invalid JSON text', () => {
    expect(errorsOf('{not json')[0]!.message).toMatch(/not valid JSON/);
  });

  it('formats paths and evaluates polynomials', () => {
    expect(formatPath(['pumps', 1, 'speedRange', 0])).toBe('pumps[1].speedRange[0]');
    expect(evalPoly([1, 2, 3], 2)).toBe(17);
    expect(evalPoly([], 2)).toBe(0);
  });
});
