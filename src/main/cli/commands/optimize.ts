import { readFileSync } from 'node:fs';
import path from 'node:path';
import { optimizeDemand, paretoFront, parseStation, type PumpOperation, type Station } from '#shared/optimize/index';
import { flagString, type ParsedArgs } from '../../host/args';
import { CliError, type CliCommand } from '../command';

const USAGE = 'swb optimize --station FILE --demand Q [--algorithm exhaustive|ga|pso|de|nsga2] [--seed N] [--json]';
const ALGORITHMS = ['exhaustive', 'ga', 'pso', 'de', 'nsga2'] as const;
/** Largest station file read: a station is a few kB; this leaves room for a clear error. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Reads a JSON file for a CLI command; every failure is a CliError (exit 2) naming the file. */
export function readJsonFile(file: string, what: string): unknown {
  const target = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${what} ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2);
  }
  if (text.length > MAX_FILE_BYTES) throw new CliError(`${what} ${target} is ${text.length} bytes; at most ${MAX_FILE_BYTES} are read`, 2);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${what} ${target} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
}

/** Reads and validates a station file; errors name the field (`pumps[1].speedRange`). */
export function readStation(args: ParsedArgs, usage: string): Station {
  const file = flagString(args, 'station');
  if (!file) throw new CliError(`Missing --station FILE. Usage: ${usage}`, 2);
  const parsed = parseStation(readJsonFile(file, 'Station'));
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    const more = parsed.errors.length > 1 ? ` (+${parsed.errors.length - 1} more)` : '';
    throw new CliError(`Station ${path.resolve(file)} is invalid: ${first.path || 'document'}: ${first.message}${more}`, 2, { issues: parsed.errors });
  }
  return parsed.station;
}

/** A number flag: finite, within [min, max], optionally an integer. */
export function numberFlag(args: ParsedArgs, name: string, opts: { min: number; max: number; integer?: boolean; fallback?: number }): number {
  const raw = flagString(args, name);
  if (raw === undefined) {
    if (opts.fallback !== undefined) return opts.fallback;
    throw new CliError(`Missing --${name}. Usage: ${USAGE}`, 2);
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < opts.min || n > opts.max || (opts.integer && !Number.isInteger(n))) {
    throw new CliError(`--${name} must be ${opts.integer ? 'a whole number' : 'a number'} from ${opts.min} to ${opts.max}, got '${raw}'`, 2);
  }
  return n;
}

const f = (v: number, d: number) => v.toFixed(d);

function pumpLines(pumps: PumpOperation[]): string[] {
  return [
    `${'pump'.padEnd(8)} ${'state'.padEnd(5)} ${'speed'.padStart(6)} ${'Q m³/h'.padStart(9)} ${'H m'.padStart(7)} ${'eff'.padStart(6)} ${'P kW'.padStart(8)}`,
    ...pumps.map((p) =>
      p.on
        ? `${p.id.padEnd(8)} ${'on'.padEnd(5)} ${f(p.speedRatio, 3).padStart(6)} ${f(p.flowM3h, 1).padStart(9)} ${f(p.headM, 2).padStart(7)} ${f(p.efficiency * 100, 1).padStart(5)}% ${f(p.powerKw, 2).padStart(8)}`
        : `${p.id.padEnd(8)} off`,
    ),
  ];
}

export const optimizeCommand: CliCommand = {
  path: ['optimize'],
  usage: USAGE,
  summary: 'Least-power pumps and speeds for one demand from a station file (exit 1 when infeasible).',
  async run(args, out) {
    const station = readStation(args, USAGE);
    const demandM3h = numberFlag(args, 'demand', { min: 0, max: 1e7 });
    const algorithm = flagString(args, 'algorithm') ?? 'exhaustive';
    if (!(ALGORITHMS as readonly string[]).includes(algorithm)) throw new CliError(`--algorithm must be one of ${ALGORITHMS.join(', ')}, got '${algorithm}'`, 2);
    const seed = numberFlag(args, 'seed', { min: 0, max: 2 ** 31 - 1, integer: true, fallback: 1 });

    if (algorithm === 'nsga2') {
      const r = paretoFront(station, demandM3h, { seed });
      if (!r.feasible) {
        out.result({ feasible: false, reason: r.reason }, `Infeasible: ${r.reason}`);
        return 1;
      }
      // The front's least-power end is the answer to "least energy"; the whole front is listed too.
      const best = r.solutions[0]!;
      const doc = {
        feasible: true,
        powerKw: best.powerKw,
        flowM3h: best.flowM3h,
        headM: best.headM,
        pumps: best.pumps,
        algorithm: 'nsga2',
        evaluations: r.evaluations,
        ms: r.ms,
        front: r.solutions.map((s) => ({ powerKw: s.powerKw, bepDistance: s.bepDistance, pumpsRunning: s.pumpsRunning })),
      };
      const text = [
        `${station.name ?? 'Station'}: ${f(demandM3h, 1)} m³/h at ${f(best.headM, 2)} m → ${f(best.powerKw, 2)} kW (nsga2, least-power end of a ${r.solutions.length}-point front)`,
        ...pumpLines(best.pumps),
        `${r.evaluations} evaluations, ${f(r.ms, 0)} ms, seed ${seed}`,
      ].join('\n');
      out.result(doc, text);
      return 0;
    }

    const r = optimizeDemand(station, demandM3h, { algorithm: algorithm as 'exhaustive' | 'ga' | 'pso' | 'de', seed });
    if (!r.feasible) {
      out.result({ feasible: false, reason: r.reason }, `Infeasible: ${r.reason}`);
      return 1;
    }
    const doc = {
      feasible: true,
      powerKw: r.powerKw,
      flowM3h: r.flowM3h,
      headM: r.headM,
      pumps: r.pumps.map((p) => ({ id: p.id, on: p.on, speedRatio: p.speedRatio, flowM3h: p.flowM3h, headM: p.headM, efficiency: p.efficiency, powerKw: p.powerKw })),
      algorithm: r.algorithm,
      evaluations: r.evaluations,
      ms: r.ms,
    };
    const text = [
      `${station.name ?? 'Station'}: ${f(demandM3h, 1)} m³/h at ${f(r.headM, 2)} m → ${f(r.powerKw, 2)} kW, ${f(r.specificEnergyKwhPerM3 * 1000, 1)} Wh/m³ (${r.algorithm})`,
      ...pumpLines(r.pumps),
      `${r.evaluations} evaluations, ${f(r.ms, 0)} ms${r.algorithm === 'exhaustive' ? '' : `, seed ${seed}`}`,
    ].join('\n');
    out.result(doc, text);
    return 0;
  },
};
