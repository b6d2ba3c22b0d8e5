import { describe, expect, it } from 'vitest';
import { fitLibraryModel, modelLibrary } from './modelLibrary';

const q = Array.from({ length: 15 }, (_, i) => 10 * i);

describe('modelLibrary', () => {
  it('offers the named models', () => {
    const names = modelLibrary.map((m) => m.name);
    for (const n of ['poly1', 'poly10', 'pump-head-quadratic', 'pump-head-poly2', 'pump-efficiency-cubic-origin', 'power-poly2', 'pump-efficiency-bep', 'pump-head-power']) {
      expect(names).toContain(n);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('fits the BEP parametrisation without user start values', () => {
    const eta = q.map((v, i) => 0.78 * (v / 95) * (2 - v / 95) + 0.002 * Math.cos(i));
    const r = fitLibraryModel('pump-efficiency-bep', q, eta);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parameters[0]!.value).toBeCloseTo(0.78, 2);
    expect(r.parameters[1]!.value).toBeCloseTo(95, 0);
    expect(r.parameters[1]!.stdError).toBeGreaterThan(0);
  });

  it('fits H = H0 − k·Qⁿ including the shut-off point Q = 0', () => {
    const h = q.map((v) => 52 - 0.0008 * v ** 2.2);
    const r = fitLibraryModel('pump-head-power', q, h);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.parameters[2]!.value).toBeCloseTo(2.2, 6);
  });

  it('dispatches linear entries to the QR solver and rejects unknown names', () => {
    const r = fitLibraryModel('pump-head-quadratic', q, q.map((v) => 40 - 0.001 * v * v));
    expect(r.ok && r.engine).toBe('linear-qr');
    expect(fitLibraryModel('nope', q, q).ok).toBe(false);
  });
});
