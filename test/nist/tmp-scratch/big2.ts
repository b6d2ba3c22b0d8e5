import { compileModel } from '../../../src/shared/fitting/model';
import { modelProblem } from '../../../src/shared/fitting/problem';
import { levenbergMarquardt } from '../../../src/shared/fitting/lm';
const n = 100_000;
const x = new Float64Array(n), y = new Float64Array(n);
let s = 12345;
const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
for (let i = 0; i < n; i++) { const q = 300 * i / (n - 1); x[i] = q; y[i] = 50 - 2e-4 * q ** 2.1 + 0.2 * (rnd() - 0.5) + 5*Math.exp(-q/50); }
const c = compileModel('H0 - k*x^n', ['H0','k','n'], ['x']); if (!c.ok) throw 0;
let ne = 0, ng = 0; let te = 0, tg = 0;
const model = { ...c.model, evaluate: (...a: any[]) => { const t=performance.now(); ne++; (c.model.evaluate as any)(...a); te+=performance.now()-t; }, gradient: (...a: any[]) => { const t=performance.now(); ng++; (c.model.gradient as any)(...a); tg+=performance.now()-t; } };
const prob = modelProblem(model as any, [x], y, new Float64Array(n).fill(1));
for (const acc of ['geodesic','none'] as const) {
ne=ng=te=tg=0;
const t0 = performance.now();
const r = levenbergMarquardt(prob, Float64Array.from([40, 1e-3, 2]), { acceleration: acc });
console.log(acc, (performance.now()-t0).toFixed(1), 'ms evals', ne, te.toFixed(1), 'grads', ng, tg.toFixed(1), 'it' in r ? '' : (r as any).iterations, (r as any).termination);
}
