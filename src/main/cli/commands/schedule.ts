import path from 'node:path';
import { optimizeSchedule, parsePlan } from '#shared/optimize/index';
import { flagString } from '../../host/args';
import { CliError, type CliCommand } from '../command';
import { readJsonFile, readStation } from './optimize';

const USAGE = 'swb schedule --station FILE --plan FILE [--json]';

export const scheduleCommand: CliCommand = {
  path: ['schedule'],
  usage: USAGE,
  summary: 'Least-cost 24-hour pump schedule for a plan (demand, prices, start limit); exit 1 when none meets the limits.',
  async run(args, out) {
    const station = readStation(args, USAGE);
    const planFile = flagString(args, 'plan');
    if (!planFile) throw new CliError(`Missing --plan FILE. Usage: ${USAGE}`, 2);
    const checked = parsePlan(readJsonFile(planFile, 'Plan'), station);
    if (!checked.ok) {
      const first = checked.errors[0]!;
      const more = checked.errors.length > 1 ? ` (+${checked.errors.length - 1} more)` : '';
      throw new CliError(`Plan ${path.resolve(planFile)} is invalid: ${first.path || 'document'}: ${first.message}${more}`, 2, { issues: checked.errors });
    }
    const r = optimizeSchedule(station, checked.plan);
    if (!r.feasible) {
      out.result({ feasible: false, reason: r.reason }, `Infeasible: ${r.reason}`);
      return 1;
    }
    const baseline = r.baseline.feasible ? { cost: r.baseline.cost, energyKwh: r.baseline.energyKwh, starts: r.baseline.starts } : { feasible: false, reason: r.baseline.reason };
    const doc = {
      feasible: true,
      cost: r.cost,
      energyKwh: r.energyKwh,
      starts: r.starts,
      hours: r.hours.map((h) => ({ hour: h.hour, powerKw: h.powerKw, pumps: h.pumps.map((p) => ({ id: p.id, speedRatio: p.speedRatio, flowM3h: p.flowM3h })) })),
      baseline,
      ...(r.savingPercent !== undefined ? { savingPercent: r.savingPercent } : {}),
      ms: r.ms,
    };
    const currency = station.tariff?.currency ? ` ${station.tariff.currency}` : '';
    const lines = [
      `${station.name ?? 'Station'}: cost ${r.cost.toFixed(2)}${currency}, ${r.energyKwh.toFixed(1)} kWh, ${r.starts} starts (limit ${r.maxStarts})`,
      r.baseline.feasible
        ? `baseline (fewest pumps, full speed): cost ${r.baseline.cost.toFixed(2)}${currency}, ${r.baseline.energyKwh.toFixed(1)} kWh, ${r.baseline.starts} starts${r.savingPercent !== undefined ? ` → saving ${r.savingPercent.toFixed(1)} %` : ''}`
        : `baseline: ${r.baseline.reason}`,
      `${'hour'.padEnd(5)} ${'Q m³/h'.padStart(8)} ${'P kW'.padStart(8)}  pumps`,
      ...r.hours.map((h) => `${String(h.hour).padStart(2, '0')}:00 ${h.demandM3h.toFixed(1).padStart(8)} ${h.powerKw.toFixed(2).padStart(8)}  ${h.pumps.map((p) => `${p.id} @${p.speedRatio.toFixed(3)} (${p.flowM3h.toFixed(1)})`).join(', ') || '—'}`),
    ];
    out.result(doc, lines.join('\n'));
    return 0;
  },
};
