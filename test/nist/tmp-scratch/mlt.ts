import { fitNonlinear } from '../../../src/shared/fitting/nonlinear';
const x = Array.from({ length: 30 }, (_, i) => 1 + i * 0.5);
const y = x.map((v, i) => 5 * Math.exp(-0.3 * v) + 1 + 0.01 * Math.sin(7.3 * i));
for (const polish of [true, false]) {
const r = fitNonlinear({ expression: 'a*exp(-b*x) + c', parameters: [{ name: 'a', start: 1 }, { name: 'b', start: 1 }, { name: 'c', start: 0 }], x, y, engine: 'ml-levenberg-marquardt', polish });
console.log(r.ok && r.parameters.map(p=>p.value), r.ok && r.metrics.rss, r.ok && r.termination, r.ok && r.iterations, r.ok && r.converged);
}
