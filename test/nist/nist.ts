/**
 * NIST StRD fixtures and the log relative error (LRE) used to score results against them.
 * LRE = −log10(|q − c| / |c|) (−log10|q| when c = 0), capped at the digits NIST certifies.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type NonlinearDataset = {
  name: string;
  kind: 'nonlinear';
  difficulty: 'lower' | 'average' | 'higher';
  model: string;
  variables: string[];
  response?: 'log';
  parameters: string[];
  start1: number[];
  start2: number[];
  certified: number[];
  certifiedStdErr: number[];
  certifiedRss: number;
  n: number;
  x: number[] | number[][];
  y: number[];
};

export type LinearDataset = {
  name: string;
  kind: 'linear-polynomial';
  degree: number;
  certified: number[];
  certifiedStdErr: number[];
  certifiedResidualSd: number;
  certifiedR2: number;
  n: number;
  x: number[];
  y: number[];
};

const dataDir = join(dirname(fileURLToPath(import.meta.url)), 'data');

/** NIST's order of the 27 nonlinear datasets (lower, average, higher difficulty). */
export const NONLINEAR_ORDER = [
  'Misra1a', 'Chwirut2', 'Chwirut1', 'Lanczos3', 'Gauss1', 'Gauss2', 'DanWood', 'Misra1b',
  'Kirby2', 'Hahn1', 'Nelson', 'MGH17', 'Lanczos1', 'Lanczos2', 'Gauss3', 'Misra1c', 'Misra1d', 'Roszman1', 'ENSO',
  'MGH09', 'Thurber', 'BoxBOD', 'Rat42', 'MGH10', 'Eckerle4', 'Rat43', 'Bennett5',
] as const;

export const LINEAR_ORDER = ['Norris', 'Pontius', 'Filip', 'Wampler1', 'Wampler2', 'Wampler3', 'Wampler4', 'Wampler5'] as const;

export function loadDataset<T = NonlinearDataset | LinearDataset>(name: string): T {
  return JSON.parse(readFileSync(join(dataDir, `${name}.json`), 'utf8')) as T;
}

export function listDatasets(): string[] {
  return readdirSync(dataDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
}

/** Log relative error of q against certified c, capped at `digits`. */
export function lre(q: number, c: number, digits = 11): number {
  if (!Number.isFinite(q)) return 0;
  if (q === c) return digits;
  const v = c === 0 ? -Math.log10(Math.abs(q)) : -Math.log10(Math.abs(q - c) / Math.abs(c));
  return Math.max(0, Math.min(digits, v));
}

/** Response actually fitted (Nelson fits log y). */
export function responseOf(d: NonlinearDataset): number[] {
  return d.response === 'log' ? d.y.map(Math.log) : d.y;
}
