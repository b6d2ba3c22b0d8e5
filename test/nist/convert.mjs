// Converts the hand-transcribed NIST StRD sources in raw/ (nonlinear) and raw-linear/ (linear)
// into the JSON fixtures in data/. Run: node test/nist/convert.mjs
// Raw format: "key: value" header lines, then (nonlinear) "data: y x..." followed by one row per line.
// A value written as "a/b" is a ratio of two exactly representable integers; IEEE division is
// correctly rounded, so a/b gives the same double as parsing the decimal it stands for.
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const num = (s) => {
  if (s.includes('/')) {
    const [a, b] = s.split('/');
    return Number(a) / Number(b);
  }
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`not a number: ${s}`);
  return v;
};
const nums = (s) => s.trim().split(/\s+/).map(num);

function parseHeader(lines) {
  const h = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const m = /^(\w+):\s*(.*)$/.exec(lines[i]);
    if (!m) break;
    h[m[1]] = m[2];
    if (m[1] === 'data') { i++; break; }
  }
  return { h, rest: lines.slice(i) };
}

mkdirSync(join(here, 'data'), { recursive: true });
const written = [];
for (const file of readdirSync(join(here, 'raw')).filter((f) => f.endsWith('.txt')).sort()) {
  const lines = readFileSync(join(here, 'raw', file), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const { h, rest } = parseHeader(lines);
  const columns = h.data.split(/\s+/); // e.g. ["y","x"] or ["y","x1","x2"]
  const rows = rest.map(nums);
  for (const r of rows) if (r.length !== columns.length) throw new Error(`${file}: bad row ${r}`);
  const y = rows.map((r) => r[0]);
  const predictors = columns.slice(1);
  const x = predictors.length === 1 ? rows.map((r) => r[1]) : rows.map((r) => r.slice(1));
  const certified = nums(h.certified);
  const out = {
    name: h.name,
    kind: 'nonlinear',
    difficulty: h.difficulty,
    model: h.model,
    variables: predictors,
    ...(h.response ? { response: h.response } : {}),
    parameters: certified.map((_, k) => `b${k + 1}`),
    start1: nums(h.start1),
    start2: nums(h.start2),
    certified,
    certifiedStdErr: nums(h.stderr),
    certifiedRss: num(h.rss),
    n: y.length,
    x,
    y,
  };
  for (const k of ['start1', 'start2', 'certifiedStdErr']) {
    if (out[k].length !== certified.length) throw new Error(`${file}: ${k} length`);
  }
  writeFileSync(join(here, 'data', `${h.name}.json`), JSON.stringify(out) + '\n');
  written.push(`${h.name}(${y.length})`);
}
for (const file of readdirSync(join(here, 'raw-linear')).filter((f) => f.endsWith('.txt')).sort()) {
  const lines = readFileSync(join(here, 'raw-linear', file), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const { h } = parseHeader(lines);
  const x = nums(h.x);
  const y = nums(h.y);
  if (x.length !== y.length) throw new Error(`${file}: x/y length`);
  const out = {
    name: h.name,
    kind: 'linear-polynomial',
    degree: Number(h.degree),
    certified: nums(h.certified),
    certifiedStdErr: nums(h.stderr),
    certifiedResidualSd: num(h.rsd),
    certifiedR2: num(h.r2),
    n: x.length,
    x,
    y,
  };
  writeFileSync(join(here, 'data', `${h.name}.json`), JSON.stringify(out) + '\n');
  written.push(`${h.name}(${x.length})`);
}
console.log(written.join(' '));
