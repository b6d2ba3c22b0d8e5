import { fitNonlinear } from '../../../src/shared/fitting/nonlinear';
import { loadDataset, lre, NONLINEAR_ORDER, responseOf, type NonlinearDataset } from '../nist';
for (const tol of [1e-15, 1e-12, 1e-10, 1e-8]) for (const acc of ['geodesic', 'none'] as const) {
  const sum = { s1: 0, s2: 0, s26: 0, it: 0, min2: 99 };
  for (const name of NONLINEAR_ORDER) {
    const d = loadDataset<NonlinearDataset>(name);
    for (const [k, start] of [[1, d.start1], [2, d.start2]] as const) {
      const r = fitNonlinear({ expression: d.model, parameters: d.parameters.map((p, j) => ({ name: p, start: start[j]! })), x: d.x as any, y: responseOf(d), variables: d.variables, acceleration: acc, tolerances: { ftol: tol, xtol: tol, gtol: tol }, cvFolds: 0, bandPoints: 0 });
      const l = r.ok ? Math.min(...r.parameters.map((p, j) => lre(p.value, d.certified[j]!))) : 0;
      if (r.ok) sum.it += r.iterations;
      if (k === 1 && l >= 4) sum.s1++;
      if (k === 2) { if (l >= 4) sum.s2++; if (l >= 6) sum.s26++; sum.min2 = Math.min(sum.min2, l); }
    }
  }
  console.log(tol, acc, JSON.stringify(sum));
}
