import { existsSync } from 'node:fs';
import path from 'node:path';
import { flagString } from '../../host/args';
import { CliError, type CliCommand } from '../command';
import { withProject } from '../oneShotCore';

export const projectNewCommand: CliCommand = {
  path: ['project', 'new'],
  usage: 'swb project new FILE [--name NAME] [--json]',
  summary: 'Create an empty station project file (.swb).',
  async run(args, out) {
    const file = args.positional[2];
    if (!file) throw new CliError('Missing FILE. Usage: swb project new FILE [--name NAME]');
    const target = path.resolve(file);
    if (existsSync(target)) throw new CliError(`A file already exists at ${target}`);
    const name = flagString(args, 'name') ?? path.basename(target, path.extname(target));
    const info = await withProject(target, async (core) => core.updateProjectMeta({ name }), { create: true });
    out.result(info, `Created ${target} ("${info.meta.name}")`);
    return 0;
  },
};

export const projectInfoCommand: CliCommand = {
  path: ['project', 'info'],
  usage: 'swb project info FILE [--json]',
  summary: 'Show a project file’s metadata, size and tables.',
  async run(args, out) {
    const file = args.positional[2];
    if (!file) throw new CliError('Missing FILE. Usage: swb project info FILE [--json]');
    const target = path.resolve(file);
    if (!existsSync(target)) throw new CliError(`Project file not found: ${target}`, 2);
    const info = await withProject(target, (core) => core.projectInfo());
    const lines = [
      `${info.meta.name} — ${info.path}`,
      `station: ${info.meta.stationName || '—'}   client: ${info.meta.client || '—'}`,
      `size: ${info.sizeBytes} bytes   created: ${info.createdAt ? new Date(info.createdAt).toISOString() : '—'}`,
      ...info.tables.map((t) => `  ${t.name.padEnd(28)} ${t.rows}`),
    ];
    out.result(info, lines.join('\n'));
    return 0;
  },
};
