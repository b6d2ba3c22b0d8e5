import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'swb-cli-fit-'));
const nistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../nist/data');

type Nist = { x: number[]; y: number[]; model: string; parameters: string[]; start1: number[]; start2: number[]; certified: number[]; certifiedStdErr: number[]; certifiedRss: number };
type FitDoc = { model: string; params: Record<string, number>; stdErrors: Record<string, number>; rss: number; r2: number; rmse: number; iterations: number; converged: boolean };

/** Log relative error: correct significant digits. */
const lre = (v: number, c: number) => (v === c ? 15 : Math.min(15, -Math.log10(Math.abs(v - c) / Math.abs(c))));

function nistCsv(name: string): { file: string; d: Nist } {
  const d = JSON.parse(readFileSync(path.join(nistDir, `${name}.json`), 'utf8')) as Nist;
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, `x,y\n${d.x.map((x, i) => `${x},${d.y[i]}`).join('\n')}\n`);
  return { file, d };
}

// Each test spawns the built CLI several times; a loaded machine needs several seconds per start.
const SLOW = 180_000;

describe('swb fit', () => {
  it('fits NIST Misra1a from both certified starts to the certified values and standard errors', () => {
    const { file, d } = nistCsv('Misra1a');
    for (const start of [d.start1, d.start2]) {
      const r = runCli(['fit', '--csv', file, '--x', 'x', '--y', 'y', '--model', d.model, '--start', d.parameters.map((p, j) => `${p}=${start[j]}`).join(','), '--json']);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as FitDoc;
      expect(Object.keys(doc)).toEqual(expect.arrayContaining(['model', 'params', 'stdErrors', 'rss', 'r2', 'rmse', 'iterations', 'converged']));
      expect(doc.converged).toBe(true);
      d.parameters.forEach((p, j) => {
        expect(lre(doc.params[p]!, d.certified[j]!)).toBeGreaterThan(6);
        expect(lre(doc.stdErrors[p]!, d.certifiedStdErr[j]!)).toBeGreaterThan(2);
      });
      expect(lre(doc.rss, d.certifiedRss)).toBeGreaterThan(6);
    }
  }, SLOW);

  it('fits a NIST linear dataset (Norris) with poly1 and names coefficients c0..cK', () => {
    const { file } = nistCsv('Norris');
    const r = runCli(['fit', '--csv', file, '--x', 'x', '--y', 'y', '--model', 'poly1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as FitDoc;
    // Certified: B0 = -0.262323073774029, B1 = 1.00211681802045.
    expect(lre(doc.params.c0!, -0.262323073774029)).toBeGreaterThan(9);
    expect(lre(doc.params.c1!, 1.00211681802045)).toBeGreaterThan(9);
    expect(doc.iterations).toBe(0);
  }, SLOW);

  it('fits models of several variables, weights, and pump library models; prints a table without --json', () => {
    const file = path.join(dir, 'multi.csv');
    const rows = ['a;b;z;w'];
    for (let i = 0; i < 40; i++) {
      const a = i / 4;
      const b = (i % 7) - 3;
      rows.push(`${a};${b};${(2 + 0.5 * a - 1.5 * b + 0.01 * Math.sin(i)).toFixed(6)};${1 + (i % 3)}`);
    }
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = runCli(['fit', '--csv', file, '--x', 'a,b', '--y', 'z', '--model', 'b1 + b2*x1 + b3*x2', '--weights', 'w', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as FitDoc;
    expect(doc.params.b1).toBeCloseTo(2, 2);
    expect(doc.params.b2).toBeCloseTo(0.5, 2);
    expect(doc.params.b3).toBeCloseTo(-1.5, 2);

    const pump = path.join(dir, 'pump.csv');
    writeFileSync(pump, `Flow,Head\n${[0, 50, 100, 150, 200, 250].map((q) => `${q},${(48 - 0.0006 * q * q).toFixed(4)}`).join('\n')}\n`);
    const p = runCli(['fit', '--csv', pump, '--x', 'Flow', '--y', 'Head', '--model', 'pump-head-quadratic']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('H0');
    expect(p.stdout).toMatch(/48\.0000/);
  }, SLOW);

  it('a failed fit or bad input says why with a non-zero exit code', () => {
    const { file } = nistCsv('Misra1a');
    const nan = runCli(['fit', '--csv', file, '--x', 'x', '--y', 'y', '--model', 'b1*log(b2-x)', '--json']);
    expect(nan.code).not.toBe(0);
    expect(nan.stderr).toContain('non-finite');
    expect(JSON.parse(nan.stdout)).toMatchObject({ ok: false });
    const col = runCli(['fit', '--csv', file, '--x', 'flow', '--y', 'y', '--model', 'poly2']);
    expect(col.code).not.toBe(0);
    expect(col.stderr).toContain("no column 'flow'");
    const model = runCli(['fit', '--csv', file, '--x', 'x', '--y', 'y', '--model', 'a*x']);
    expect(model.code).not.toBe(0);
    expect(model.stderr).toContain('neither a library model');
    const fn = runCli(['fit', '--csv', file, '--x', 'x', '--y', 'y', '--model', 'b1*foo(x)']);
    expect(fn.code).not.toBe(0);
    expect(fn.stderr).toContain('foo');
    const start = runCli(['fit', '--csv', file, '--x', 'x', '--y', 'y', '--model', 'b1*x', '--start', 'b1=abc']);
    expect(start.code).not.toBe(0);
    expect(start.stderr).toContain('b1=abc');
    const missing = runCli(['fit', '--csv', path.join(dir, 'nope.csv'), '--x', 'x', '--y', 'y', '--model', 'poly1']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('file not found');
    const usage = runCli(['fit', '--csv', file]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--x');
  }, SLOW);
});
