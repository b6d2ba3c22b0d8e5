import { readFileSync } from 'node:fs';
import type { ReportDocument } from '#shared/rpc/domains/reports';
import { RpcError } from '#shared/rpc/errors';
import type { DomainFactory } from '../core/domain';
import { applyBundle, checkBundle, exportBundle } from '../exchange/bundle';
import { checkItem, exportItem, importItem } from '../exchange/items';
import { exportData } from '../reports/dataExport';
import { ReportService } from '../reports/service';
import { chartToSvg } from '../reports/svg';
import { reportMigrations } from '../reports/templates';
import { rpcGuard } from './rpcError';

const appVersion = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** Rows per table sent to the preview; the PDF and the exports carry all of them. */
const PREVIEW_TABLE_ROWS = 200;

function forPreview(doc: ReportDocument): ReportDocument {
  return {
    ...doc,
    sections: doc.sections.map((s) => ({
      ...s,
      blocks: s.blocks.map((b) =>
        b.kind === 'table' && b.rows.length > PREVIEW_TABLE_ROWS
          ? { ...b, rows: b.rows.slice(0, PREVIEW_TABLE_ROWS), caption: `${b.caption ? `${b.caption} ` : ''}Preview shows ${PREVIEW_TABLE_ROWS} of ${b.rows.length} rows; the PDF has them all.` }
          : b,
      ),
    })),
  };
}

export const createReportsDomain: DomainFactory = (ctx, core) => {
  const call = async (method: string, params: unknown) => {
    const res = await core.rpc.dispatch(method, params, { signal: new AbortController().signal, peer: 'reports' });
    if (!res.ok) throw res.error;
    return res.result;
  };
  const service = new ReportService(() => ctx.store, ctx.config.resourcesDir, call);
  /** Running PDF exports by the caller's exportId, for reports.cancelExport. */
  const running = new Map<string, AbortController>();

  return {
    name: 'reports',
    migrations: reportMigrations,
    seedDemo: async () => {
      await service.templates.save({ name: 'Full commissioning report', spec: service.defaultSpec() });
    },
    handlers: {
      'reports.sections': () => service.sections(),
      'reports.listTemplates': () => service.templates.list(),
      'reports.saveTemplate': async (input) => {
        const { template, created } = await service.templates.save(input);
        await ctx.audit({ type: created ? 'config.reports.templateCreated' : 'config.reports.templateUpdated', source: 'reports', data: { id: template.id, name: template.name, sections: template.spec.sections } });
        return template;
      },
      'reports.deleteTemplate': async ({ id }) => {
        const removed = await service.templates.delete(id);
        if (removed) await ctx.audit({ type: 'config.reports.templateDeleted', source: 'reports', data: { id, name: removed.name } });
        return { deleted: Boolean(removed) };
      },
      'reports.preview': async (input) => forPreview(await service.build(await service.resolveSpec(input))),
      'reports.exportPdf': async (input, call) => {
        const spec = await service.resolveSpec(input);
        const exportId = input.exportId;
        if (exportId && running.has(exportId)) throw new RpcError('CONFLICT', `An export with id '${exportId}' is already running`);
        // Cancelled by reports.cancelExport, or by the caller (RPC cancel, disconnect).
        const controller = new AbortController();
        const onAbort = () => controller.abort();
        call.signal.addEventListener('abort', onAbort, { once: true });
        if (exportId) running.set(exportId, controller);
        let last = 0;
        let lastPhase = '';
        try {
          const result = await service.exportPdf(
            spec,
            input.path,
            (phase, fraction, message) => {
              if (!exportId) return;
              // Build is the first 40 %, rendering the next 55 %, writing the rest.
              const overall = phase === 'build' ? fraction * 0.4 : phase === 'render' ? 0.4 + fraction * 0.55 : phase === 'write' ? 0.95 : 1;
              const now = Date.now();
              if (phase !== lastPhase || now - last > 100) {
                last = now;
                lastPhase = phase;
                ctx.bus.publish('reports.progress', { exportId, phase, fraction: overall, message });
              }
            },
            controller.signal,
          );
          await ctx.events.append({ type: 'report.exported', source: 'reports', data: { path: result.path, pages: result.pages, bytes: result.bytes, sections: spec.sections, fonts: result.fonts } });
          return result;
        } catch (error) {
          if (exportId && error instanceof RpcError && error.code === 'CANCELLED') ctx.bus.publish('reports.progress', { exportId, phase: 'cancelled', fraction: 0, message: 'Cancelled; no file was written' });
          throw error;
        } finally {
          call.signal.removeEventListener('abort', onAbort);
          if (exportId) running.delete(exportId);
        }
      },
      'reports.cancelExport': ({ exportId }) => {
        const controller = running.get(exportId);
        if (!controller || controller.signal.aborted) return { cancelled: false };
        controller.abort();
        return { cancelled: true };
      },
      'reports.exportData': ({ what, format, path }) => rpcGuard(() => exportData(ctx.store, what, format, path, call)),
      'reports.chartSvg': ({ chart, width, height }) => ({ svg: chartToSvg(chart, width, height) }),
      'reports.exportBundle': ({ path }) => rpcGuard(() => exportBundle(ctx.store, path, appVersion), 'UNAVAILABLE'),
      'reports.checkBundle': async ({ path }) => {
        const check = await checkBundle(ctx.store, path);
        return check.ok ? { ok: true, issues: [], summary: check.summary } : { ok: false, issues: check.issues, ...(check.summary ? { summary: check.summary } : {}) };
      },
      'reports.importBundle': async ({ path }) => {
        const check = await checkBundle(ctx.store, path);
        if (!check.ok) {
          const shown = check.issues.slice(0, 3).map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`);
          throw new RpcError('VALIDATION', `Bundle refused, nothing was imported: ${shown.join('; ')}${check.issues.length > 3 ? ` (and ${check.issues.length - 3} more)` : ''}`, { issues: check.issues });
        }
        await applyBundle(ctx.store, check.bundle);
        await ctx.audit({ type: 'config.reports.bundleImported', source: 'reports', data: { path: check.summary.path, from: check.bundle.projectName, exportedAt: check.bundle.exportedAt, tables: check.summary.tables.length, rows: check.summary.rows } });
        // Every area reloads its state from the replaced tables, as after opening the project.
        const info = await core.projectInfo();
        if (info.path) {
          await ctx.store.checkpoint();
          await core.openProject(info.path);
        }
        return check.summary;
      },
      'reports.exportItem': async ({ kind, name, path }) => {
        const result = await exportItem(call, kind, name, path);
        if (result.path) await ctx.events.append({ type: 'report.itemExported', source: 'reports', data: { kind, name, path: result.path, bytes: result.bytes } });
        return result;
      },
      'reports.checkItem': ({ kind, path, text, fileName }) => checkItem(call, kind, { path, text, fileName }),
      'reports.importItem': async ({ kind, path, text, fileName, onConflict, newName }) => {
        const result = await importItem(call, kind, { path, text, fileName }, onConflict, newName);
        await ctx.audit({ type: 'config.reports.itemImported', source: 'reports', data: { kind, name: result.name, action: result.action, count: result.count, from: path ?? fileName ?? 'upload' } });
        return result;
      },
    },
  };
};
