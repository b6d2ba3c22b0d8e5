import { compileModel } from '../../../src/shared/fitting/model';
import { modelProblem } from '../../../src/shared/fitting/problem';
import { levenbergMarquardt } from '../../../src/shared/fitting/lm';
const N = 100000; const qs = new Float64Array(N), hs = new Float64Array(N);
let seed = 12345; const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
for (let i = 0; i < N; i++) { const q = 300 * i / (N - 1); qs[i]=q; hs[i]=52 - 8e-4 * q ** 2.2 + 0.2 * (rnd() - 0.5); }
const c = compileModel('H0 - k*x^n', ['H0','k','n'], ['x']); if (!c.ok) throw 0;
const prob = modelProblem(c.model, [qs], hs, new Float64Array(N).fill(1));
let k = 0;
const wrapped = { ...prob, m: prob.m, n: prob.n, residuals: prob.residuals, jacobian(p: Float64Array, o: Float64Array) { const r = new Float64Array(N); prob.residuals(p, r); let s = 0; for (const v of r) s += v*v; console.log('it', ++k, Array.from(p).map(v=>v.toPrecision(10)).join(' '), s.toPrecision(15)); return prob.jacobian(p, o); } };
levenbergMarquardt(wrapped as any, Float64Array.from([40, 1e-3, 2]), {});
