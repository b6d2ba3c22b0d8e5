import { existsSync } from 'node:fs';
import path from 'node:path';
import type { StorageStats } from '#shared/rpc/domains/monitor';
import { flagString } from '../../host/args';
import { CliError, type CliCommand } from '../command';
import { withProject } from '../oneShotCore';

const USAGE = 'swb monitor storage --project FILE [--json]';

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function iso(t: number | null): string {
  return t === null ? '—' : new Date(t).toISOString();
}

/** Sample storage of a project file, through the same contract method the Storage view uses. */
export const monitorStorageCommand: CliCommand = {
  path: ['monitor', 'storage'],
  usage: USAGE,
  summary: 'Show sample storage use, retention projection and the storage budget of a project.',
  async run(args, out) {
    const project = flagString(args, 'project') ?? args.positional[2];
    if (!project) throw new CliError(`Missing --project. Usage: ${USAGE}`);
    const target = path.resolve(project);
    if (!existsSync(target)) throw new CliError(`Project file not found: ${target}`, 2);
    const { stats, settings } = await withProject(target, async (core) => {
      const call = async <T>(method: string): Promise<T> => {
        const r = await core.rpc.dispatch(method, {}, { signal: new AbortController().signal, peer: 'cli' });
        if (!r.ok) throw new CliError(`${method} failed: ${r.error.message}`);
        return r.result as T;
      };
      return { stats: await call<StorageStats>('monitor.storage.stats'), settings: await call<Record<string, number>>('monitor.settings.get') };
    });
    const b = stats.budget;
    const lines = [
      `retention: raw ${settings.rawRetentionHours} h, 10 s rollups ${settings.rollup10sRetentionDays} d, 5 min rollups ${settings.rollup5mRetentionDays} d`,
      `raw samples:   ${stats.raw.rows} rows  ${mib(stats.raw.bytes)}  ${iso(stats.raw.oldest)} → ${iso(stats.raw.newest)}`,
      `rollups:       ${stats.rollup.rows} rows (${stats.rollup.rows10s} × 10 s, ${stats.rollup.rows5m} × 5 min)  ${mib(stats.rollup.bytes)}`,
      `database:      ${mib(stats.database.bytes)} (${mib(stats.database.freeBytes)} free pages)`,
      `ingest:        ${stats.ingest.samplesPerSecond.toFixed(2)} samples/s (last ${Math.round(stats.ingest.windowMs / 1000)} s of samples), growth ${mib(stats.ingest.growthBytesPerDay)}/day`,
      `budget:        ${mib(b.bytes)}${b.isDefault ? ' (default)' : ''}  used ${(b.usedFraction * 100).toFixed(1)} %  projected ${mib(stats.projectedBytes)} (${(b.projectedFraction * 100).toFixed(1)} %)  → ${b.level.toUpperCase()}`,
      ...stats.channels.map((c) => `  ${c.channelId.padEnd(24)} ${String(c.rawRows).padStart(10)} raw ${String(c.rollupRows).padStart(8)} rollup  ${c.samplesPerSecond.toFixed(2).padStart(8)}/s  ${iso(c.oldest)} → ${iso(c.newest)}`),
    ];
    out.result({ settings, stats }, lines.join('\n'));
    return 0;
  },
};
