import { householderQR, applyQt, norm2 } from '../../../src/shared/fitting/qr';
const m = 100000, n = 3;
const J = new Float64Array(m*n); for (let i=0;i<m*n;i++) J[i]=Math.sin(i);
const r = new Float64Array(m).map((_,i)=>Math.cos(i));
for (let rep=0; rep<5; rep++) {
  let t=performance.now(); const A = Float64Array.from(J); const qr = householderQR(A, m, n, false); const t1=performance.now();
  const q = Float64Array.from(r); applyQt(qr, q); const t2=performance.now();
  let s=0; for (let j=0;j<n;j++) s+=norm2(J, j*m, m); const t3=performance.now();
  console.log('qr', (t1-t).toFixed(2), 'applyQt', (t2-t1).toFixed(2), 'norm2x3', (t3-t2).toFixed(2));
}
