import { fitNonlinear } from '../../../src/shared/fitting/nonlinear';
import { loadDataset, lre, NONLINEAR_ORDER, responseOf, type NonlinearDataset } from '../nist';
const engine = (process.argv[2] ?? 'lm') as any;
const accel = (process.argv[3] ?? 'geodesic') as any;
const polish = process.argv[4] !== 'nopolish';
let t0 = performance.now();
const rows: string[] = [];
const summary = { s1_4: 0, s2_4: 0, s2_6: 0, se2: 0 };
for (const name of NONLINEAR_ORDER) {
  const d = loadDataset<NonlinearDataset>(name);
  const out: string[] = [name.padEnd(9)];
  for (const start of [d.start1, d.start2]) {
    const r = fitNonlinear({ expression: d.model, parameters: d.parameters.map((p, j) => ({ name: p, start: start[j]! })), x: d.x as any, y: responseOf(d), variables: d.variables, engine, acceleration: accel, polish, cvFolds: 0, bandPoints: 0 });
    if (!r.ok) { out.push(`FAIL ${r.message}`); continue; }
    const l = Math.min(...r.parameters.map((p, j) => lre(p.value, d.certified[j]!)));
    const ls = Math.min(...r.parameters.map((p, j) => lre(p.stdError, d.certifiedStdErr[j]!)));
    out.push(`${l.toFixed(1).padStart(5)} se ${ls.toFixed(1).padStart(4)} it ${String(r.iterations).padStart(4)} ${r.termination}${r.polished ? '*' : ''}`);
    if (start === d.start1 && l >= 4) summary.s1_4++;
    if (start === d.start2) { if (l >= 4) summary.s2_4++; if (l >= 6) summary.s2_6++; if (ls >= 2) summary.se2++; }
  }
  rows.push(out.join(' | '));
}
console.log(rows.join('\n'));
console.log(summary, 'ms', (performance.now() - t0).toFixed(0));
