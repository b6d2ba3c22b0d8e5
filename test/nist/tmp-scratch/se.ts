import { fitNonlinear } from '/work/main/src/shared/fitting/nonlinear';
import { loadDataset, lre, responseOf, type NonlinearDataset } from '/work/main/test/nist/nist';
for (const name of ['Lanczos3','Gauss1','DanWood','Lanczos1','Lanczos2','Thurber','Rat43','MGH10','Misra1c','Misra1b']) {
  const d = loadDataset<NonlinearDataset>(name);
  const r = fitNonlinear({ expression: d.model, parameters: d.parameters.map((p, j) => ({ name: p, start: d.start2[j]! })), x: d.x as any, y: responseOf(d), variables: d.variables, cvFolds: 0, bandPoints: 0 });
  if (!r.ok) continue;
  console.log(name, r.parameters.map((p,j)=> p.stdError.toExponential(9) + ' vs ' + d.certifiedStdErr[j]!.toExponential(9)).join('\n   '), '\n  rss', r.metrics.rss.toExponential(10), d.certifiedRss);
}
