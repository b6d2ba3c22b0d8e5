import path from 'node:path';
import { exportWhat } from '#shared/rpc/domains/reports';
import { flagString } from '../../host/args';
import { exportData } from '../../reports/dataExport';
import { CliError, type CliCommand } from '../command';
import { withProject } from '../oneShotCore';

const USAGE = 'swb export --project FILE --what datasets|fits|alarms|optimization|history --format csv|xlsx --out PATH [--json]';

export const exportCommand: CliCommand = {
  path: ['export'],
  usage: USAGE,
  summary: 'Export the data behind the report as CSV (one file per table) or XLSX (one sheet per table).',
  async run(args, out) {
    const project = flagString(args, 'project');
    const target = flagString(args, 'out');
    const what = exportWhat.safeParse(flagString(args, 'what'));
    const format = flagString(args, 'format') ?? (target?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
    if (!project || !target) throw new CliError(`Missing --project or --out. Usage: ${USAGE}`);
    if (!what.success) throw new CliError(`--what must be one of ${exportWhat.options.join(', ')}. Usage: ${USAGE}`);
    if (format !== 'csv' && format !== 'xlsx') throw new CliError(`--format must be csv or xlsx, got '${format}'`);
    const result = await withProject(path.resolve(project), (core) => {
      // Through the owning areas' contracts, like the app: readable sheets, not raw tables.
      const call = async (method: string, params: unknown) => {
        const res = await core.rpc.dispatch(method, params, { signal: new AbortController().signal, peer: 'cli' });
        if (!res.ok) throw res.error;
        return res.result;
      };
      return exportData(core.ctx.store, what.data, format, path.resolve(target), call);
    });
    out.result(result, [`Wrote ${result.files.join(', ')} (${result.bytes} bytes)`, ...result.tables.map((t) => `  ${t.name.padEnd(28)} ${t.rows} rows${t.truncated ? ' (truncated at the XLSX row limit)' : ''}`)].join('\n'));
    return 0;
  },
};
