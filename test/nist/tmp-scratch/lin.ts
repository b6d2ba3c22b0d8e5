import { fitPowerBasis } from '/work/main/src/shared/fitting/linear';
import { readFileSync } from 'node:fs';
for (const name of ['Filip','Wampler1','Wampler2','Wampler3','Wampler4','Wampler5','Norris','Pontius']) {
  const d = JSON.parse(readFileSync(`/work/main/test/nist/data/${name}.json`,'utf8'));
  const powers = Array.from({length: d.degree+1}, (_, i) => i);
  for (const centre of [true,false]) {
  const r = fitPowerBasis(d.x, d.y, powers, { centre });
  if ('error' in r) { console.log(name, r.error); continue; }
  const lre = Array.from(r.coef, (c, j) => { const q = d.certified[j]; const e = Math.abs(c-q); return q===0? -Math.log10(e): Math.min(15,-Math.log10(e/Math.abs(q))); });
  const s2 = r.rss/(d.n-powers.length);
  const se = Array.from({length: powers.length}, (_, j) => Math.sqrt(s2*r.covUnscaled[j*powers.length+j]));
  const lreSe = se.map((v,j)=> d.certifiedStdErr[j]===0 ? -Math.log10(Math.abs(v)+1e-300) : Math.min(15,-Math.log10(Math.abs(v-d.certifiedStdErr[j])/d.certifiedStdErr[j])));
  console.log(name, centre, 'minLRE', Math.min(...lre).toFixed(2), 'seLRE', Math.min(...lreSe).toFixed(2), 'ref', r.refinements);
  }
}
