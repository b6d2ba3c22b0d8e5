import { fitNonlinear } from '../../../src/shared/fitting/nonlinear';
const n = 100_000;
const x: number[] = new Array(n), y: number[] = new Array(n);
let s = 12345;
const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
for (let i = 0; i < n; i++) { const q = 300 * i / (n - 1); x[i] = q; y[i] = 50 - 2e-4 * q ** 2.1 + 0.2 * (rnd() - 0.5) + 5*Math.exp(-q/50); }
for (let rep = 0; rep < 1; rep++) {
  const t0 = performance.now();
  const r = fitNonlinear({ expression: 'H0 - k*x^n', parameters: [{ name: 'H0', start: 40 }, { name: 'k', start: 1e-3 }, { name: 'n', start: 2 }], x, y });
  const t1 = performance.now();
  console.log((t1 - t0).toFixed(1), "ms", !r.ok && r.message, r.ok && r.parameters.map(p => p.value.toPrecision(6)), r.ok && r.iterations, r.ok && r.cvFolds, r.ok && r.termination);
}
