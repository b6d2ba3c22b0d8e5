import path from 'node:path';
import { reportSpec } from '#shared/rpc/domains/reports';
import { flagString } from '../../host/args';
import { ReportService } from '../../reports/service';
import { CliError, type CliCommand } from '../command';
import { withProject } from '../oneShotCore';

const USAGE = 'swb report --project FILE --out FILE.pdf [--template NAME] [--sections a,b,c] [--title TEXT] [--json]';

export const reportCommand: CliCommand = {
  path: ['report'],
  usage: USAGE,
  summary: 'Render the commissioning report of a project to PDF.',
  async run(args, out) {
    const project = flagString(args, 'project');
    const target = flagString(args, 'out');
    if (!project || !target) throw new CliError(`Missing --project or --out. Usage: ${USAGE}`);
    const templateName = flagString(args, 'template');
    const sections = flagString(args, 'sections');
    const title = flagString(args, 'title');
    const result = await withProject(path.resolve(project), async (core) => {
      const call = async (method: string, params: unknown) => {
        const res = await core.rpc.dispatch(method, params, { signal: new AbortController().signal, peer: 'cli' });
        if (!res.ok) throw res.error;
        return res.result;
      };
      const service = new ReportService(() => core.ctx.store, core.config.resourcesDir, call);
      let spec = await service.resolveSpec({ templateName });
      if (sections || title) {
        const parsed = reportSpec.safeParse({ ...spec, ...(sections ? { sections: sections.split(',').map((s) => s.trim()).filter(Boolean) } : {}), ...(title ? { title } : {}) });
        if (!parsed.success) throw new CliError(`--sections/--title: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        spec = parsed.data;
      }
      // Ctrl-C cancels between sections and pages; the temp file is removed, nothing half-written.
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once('SIGINT', onSigint);
      const res = await service
        .exportPdf(
          spec,
          path.resolve(target),
          (phase, _f, message) => {
            if (!out.json && phase !== 'build' && phase !== 'render') process.stderr.write(`${message}\n`);
          },
          abort.signal,
        )
        .finally(() => process.off('SIGINT', onSigint));
      for (const w of res.warnings) process.stderr.write(`warning: ${w}\n`);
      await core.ctx.events.append({ type: 'report.exported', source: 'cli', data: { path: res.path, pages: res.pages, bytes: res.bytes, sections: spec.sections } });
      return res;
    });
    const skipped = result.skipped.length ? `\nNot included: ${result.skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}` : '';
    out.result(result, `Wrote ${result.path}: ${result.pages} pages, ${result.bytes} bytes in ${result.durationMs} ms${skipped}`);
    return 0;
  },
};
