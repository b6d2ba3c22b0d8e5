import { compileModel } from '../../../src/shared/fitting/model';
import { modelProblem } from '../../../src/shared/fitting/problem';
import { levenbergMarquardt } from '../../../src/shared/fitting/lm';
import { polishGaussNewton } from '../../../src/shared/fitting/polish';
import { inverseNormalFromJacobian } from '../../../src/shared/fitting/covariance';
import { cleanData } from '../../../src/shared/fitting/data';
const N = 100000; const qs: number[] = [], hs: number[] = [];
let seed = 12345; const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
for (let i = 0; i < N; i++) { const q = 300 * i / (N - 1); qs.push(q); hs.push(52 - 8e-4 * q ** 2.2 + 0.2 * (rnd() - 0.5)); }
for (let rep = 0; rep < 3; rep++) {
let t = performance.now(); const T = (l: string) => { const n = performance.now(); console.log(l, (n - t).toFixed(1)); t = n; };
const d = cleanData(qs, hs, undefined) as any; T('clean');
const c = compileModel('H0 - k*x^n', ['H0','k','n'], ['x']); if (!c.ok) throw 0; T('compile');
let ne=0, ng=0;
const model = { ...c.model, evaluate: (...a: any[]) => { ne++; (c.model.evaluate as any)(...a); }, gradient: (...a: any[]) => { ng++; (c.model.gradient as any)(...a); } };
const prob = modelProblem(model as any, d.cols, d.y, new Float64Array(N).fill(1)); 
const r = levenbergMarquardt(prob, Float64Array.from([40, 1e-3, 2]), { acceleration: 'geodesic' }) as any; T(`lm it=${r.iterations} ev=${ne} g=${ng}`);
const pol = polishGaussNewton(prob, r.x, r.r); T('polish ' + pol.steps);
const J = new Float64Array(N*3); c.model.gradient(pol.x, d.cols, N, J); T('grad');
inverseNormalFromJacobian(J, N, 3); T('cov');
}
