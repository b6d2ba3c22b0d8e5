import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fitLibraryModel, fitNonlinear, modelLibrary, type FitResult } from '#shared/fitting/index';
import { flagString } from '../../host/args';
import { CliError, type CliCommand } from '../command';

const USAGE = 'swb fit --csv FILE --x COL[,COL2,...] --y COL --model MODEL [--start b1=V,b2=V,...] [--weights COL] [--multistart N] [--json]';

/** Largest CSV the command reads (it holds the file in memory). */
const MAX_CSV_BYTES = 512 * 1024 * 1024;

type Table = { header: string[]; rows: string[][] };

function readCsv(file: string): Table {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > MAX_CSV_BYTES) throw new CliError(`${file} is larger than ${MAX_CSV_BYTES / 1024 / 1024} MiB`);
    text = buf.toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}`);
  }
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  // The delimiter is the most frequent of , ; tab on the header line.
  const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new CliError(`${path.basename(file)} is not a readable CSV file: ${(error as Error).message}`);
  }
  if (records.length < 2) throw new CliError(`${path.basename(file)} needs a header line and at least one data row`);
  return { header: records[0]!, rows: records.slice(1) };
}

/** Column by header (exact, then case-insensitive) or 1-based number. */
function columnIndex(t: Table, name: string, flag: string): number {
  let i = t.header.indexOf(name);
  if (i < 0) i = t.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (i < 0 && /^\d+$/.test(name) && Number(name) >= 1 && Number(name) <= t.header.length) i = Number(name) - 1;
  if (i < 0) throw new CliError(`--${flag}: no column '${name}' in the CSV (columns: ${t.header.join(', ')})`);
  return i;
}

function parseStarts(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!text) return out;
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)\s*$/.exec(part);
    const v = m ? Number(m[2]) : Number.NaN;
    if (!m || !Number.isFinite(v)) throw new CliError(`--start: '${part}' is not NAME=NUMBER (e.g. --start b1=500,b2=1e-4)`);
    out.set(m[1]!, v);
  }
  return out;
}

/** Parameters b1..bn of a custom expression, in numeric order. */
function customParameters(expression: string): string[] {
  const found = new Set<number>();
  for (const m of expression.matchAll(/\bb(\d+)\b/g)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b).map((k) => `b${k}`);
}

export const fitCommand: CliCommand = {
  path: ['fit'],
  usage: USAGE,
  summary: 'Fit a library model (poly1..poly10, pump-head-quadratic, ...) or an expression in b1..bn and x (or x1, x2, ...) to CSV columns.',
  async run(args, out) {
    const file = flagString(args, 'csv');
    const xArg = flagString(args, 'x');
    const yArg = flagString(args, 'y');
    const model = flagString(args, 'model');
    if (!file || !xArg || !yArg || !model) throw new CliError(`Missing ${['csv', 'x', 'y', 'model'].filter((f) => !flagString(args, f)).map((f) => `--${f}`).join(', ')}. Usage: ${USAGE}`, 2);
    const starts = parseStarts(flagString(args, 'start'));
    const multiArg = flagString(args, 'multistart');
    const multiStart = multiArg === undefined ? undefined : Number(multiArg);
    if (multiStart !== undefined && !(Number.isInteger(multiStart) && multiStart >= 0 && multiStart <= 100)) throw new CliError(`--multistart must be an integer 0..100, got '${multiArg}'`);

    const table = readCsv(path.resolve(file));
    const xNames = xArg.split(',').map((s) => s.trim()).filter(Boolean);
    const xi = xNames.map((n) => columnIndex(table, n, 'x'));
    const yi = columnIndex(table, yArg, 'y');
    const wName = flagString(args, 'weights');
    const wi = wName ? columnIndex(table, wName, 'weights') : -1;

    const xs: number[][] = [];
    const y: number[] = [];
    const w: number[] = [];
    let dropped = 0;
    for (const row of table.rows) {
      const xv = xi.map((i) => Number(row[i] ?? ''));
      const yv = Number(row[yi] ?? '');
      const wv = wi >= 0 ? Number(row[wi] ?? '') : 1;
      if (xv.some((v) => !Number.isFinite(v)) || !Number.isFinite(yv) || !Number.isFinite(wv) || row[yi] === '' || xi.some((i) => row[i] === '')) {
        dropped++;
        continue;
      }
      xs.push(xv);
      y.push(yv);
      w.push(wv);
    }
    const weights = wi >= 0 ? w : undefined;

    const library = modelLibrary.find((m) => m.name === model);
    let result: FitResult;
    let names: string[];
    if (library) {
      if (xi.length !== 1) throw new CliError(`Library model '${model}' has one predictor; give one --x column`);
      names = library.parameters.map((p) => p.name);
      const unknown = [...starts.keys()].filter((k) => !names.includes(k));
      if (unknown.length) throw new CliError(`--start: '${model}' has no parameter ${unknown.join(', ')} (parameters: ${names.join(', ')})`);
      result = fitLibraryModel(model, xs.map((r) => r[0]!), y, {
        ...(weights ? { weights } : {}),
        ...(library.kind === 'nonlinear' && starts.size > 0 ? { starts: names.map((n) => starts.get(n) ?? NaN).map((v, j) => (Number.isFinite(v) ? v : fallbackStart(library.parameters[j]))) } : {}),
        ...(multiStart !== undefined ? { multiStart } : {}),
      });
    } else {
      names = customParameters(model);
      if (names.length === 0) throw new CliError(`'${model}' is neither a library model (${modelLibrary.map((m) => m.name).slice(0, 12).join(', ')}, ...) nor an expression with parameters b1..bn`);
      const unknown = [...starts.keys()].filter((k) => !names.includes(k));
      if (unknown.length) throw new CliError(`--start: the model has no parameter ${unknown.join(', ')} (parameters: ${names.join(', ')})`);
      const variables = xi.length === 1 ? [/\bx1\b/.test(model) && !/\bx\b/.test(model) ? 'x1' : 'x'] : xi.map((_, k) => `x${k + 1}`);
      result = fitNonlinear({
        expression: model,
        parameters: names.map((n) => ({ name: n, start: starts.get(n) ?? 1 })),
        x: xi.length === 1 ? xs.map((r) => r[0]!) : xs,
        y,
        variables,
        ...(weights ? { weights } : {}),
        ...(multiStart !== undefined ? { starts: multiStart } : {}),
      });
    }
    if (!result.ok) throw new CliError(`The fit failed (${result.reason}): ${result.message}`, 1, { reason: result.reason });

    const params = Object.fromEntries(result.parameters.map((p) => [p.name, p.value]));
    const stdErrors = Object.fromEntries(result.parameters.map((p) => [p.name, Number.isFinite(p.stdError) ? p.stdError : null]));
    const doc = {
      model,
      params,
      stdErrors,
      rss: result.metrics.rss,
      r2: result.metrics.r2,
      rmse: result.metrics.rmse,
      iterations: result.iterations,
      converged: result.converged,
      n: result.metrics.n,
      engine: result.engine,
      droppedRows: dropped,
      warnings: result.warnings,
    };
    const width = Math.max(...result.parameters.map((p) => p.name.length));
    const text = [
      `Model ${model}: ${result.expression}   (engine ${result.engine}${result.polished ? ' + Gauss–Newton polish' : ''}, ${result.converged ? 'converged' : 'NOT converged'}, ${result.iterations} iterations)`,
      `n = ${result.metrics.n}${dropped ? ` (${dropped} rows without numbers skipped)` : ''}`,
      ...result.parameters.map((p) => `  ${p.name.padEnd(width)}  ${fmt(p.value)}  ± ${fmt(p.stdError)}   95 % CI [${fmt(p.ciLower)}, ${fmt(p.ciUpper)}]`),
      `RSS ${fmt(result.metrics.rss)}   R² ${result.metrics.r2.toFixed(6)}   RMSE ${fmt(result.metrics.rmse)}   AIC ${result.metrics.aic.toFixed(2)}   BIC ${result.metrics.bic.toFixed(2)}`,
      ...result.warnings.map((w) => `warning: ${w}`),
    ].join('\n');
    out.result(doc, text);
    if (!result.converged) {
      process.stderr.write(`swb: the fit did not converge (${result.termination}); the parameters are the best found, not a minimum. Try other --start values or --multistart.\n`);
      return 3;
    }
    return 0;
  },
};

function fallbackStart(p: { min?: number; max?: number } | undefined): number {
  if (p?.min !== undefined && p.max !== undefined) return (p.min + p.max) / 2;
  if (p?.min !== undefined) return p.min + 1;
  return 1;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(10) : 'n/a';
}
