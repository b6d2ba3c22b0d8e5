import { compileModel } from '/work/main/src/shared/fitting/model';
import { loadDataset, NONLINEAR_ORDER, type NonlinearDataset } from '/work/main/test/nist/nist';
import { parse, derivative, simplify } from 'mathjs';
let tot = 0;
for (const name of NONLINEAR_ORDER) {
  const d = loadDataset<NonlinearDataset>(name);
  const t0 = performance.now();
  const c = compileModel(d.model, d.parameters, d.variables);
  const t1 = performance.now();
  const node = parse(d.model);
  const t2 = performance.now();
  for (const p of d.parameters) derivative(node, p, { simplify: false });
  const t3 = performance.now();
  tot += t1 - t0;
  console.log(name, (t1-t0).toFixed(1), 'nosimplify', (t3-t2).toFixed(1));
}
console.log('total', tot.toFixed(0));
