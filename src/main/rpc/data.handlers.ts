import { RpcError } from '#shared/rpc/errors';
import type { Domain, DomainFactory } from '../core/domain';
import { DataService } from '../data/dataService';
import { DATA_MIGRATIONS, DATASETS_SHARED_MIGRATION } from '../data/repository';
import { DataError } from '../data/uploads';
import type { Migration } from '../store/migrations';
import type { ColumnMapping } from '#shared/dataimport/index';

/** The data domain, with its service for cross-domain callers (curves reads datasets through the tables). */
export interface DataDomain extends Domain {
  readonly service: DataService;
}

/** Maps service failures to contract errors; anything unexpected becomes FAILED with its message. */
async function guard<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof RpcError) throw error;
    if (error instanceof DataError) throw new RpcError(error.code, error.message, error.details);
    throw new RpcError('FAILED', error instanceof Error ? error.message : String(error));
  }
}

export const createDataDomain = ((ctx): DataDomain => {
  const service = new DataService({
    store: () => ctx.store,
    jobs: ctx.jobs,
    publish: (topic, payload) => ctx.bus.publish(topic, payload),
    subscribe: (pattern, handler) => ctx.bus.subscribe(pattern, handler as never),
    audit: (event) => ctx.audit(event),
    log: ctx.log,
    dataDir: ctx.config.dataDir,
    budgetLeft: async () => {
      const { PROJECT_BUDGET_BYTES } = await import('../core/createCore');
      return PROJECT_BUDGET_BYTES - (await ctx.store.info()).sizeBytes;
    },
  });
  let resolving = false;
  return {
    name: 'data',
    service,
    // The shared dataset tables are also created by the monitor area (recordings); the migration
    // runner does not merge duplicates, so it is listed here only when no other domain lists it.
    get migrations(): Migration[] {
      if (resolving) return [DATASETS_SHARED_MIGRATION, ...DATA_MIGRATIONS];
      resolving = true;
      try {
        const others = ['monitor', 'curves', 'reports'].map((n) => ctx.domain(n)).flatMap((d) => d?.migrations ?? []);
        const shared = others.some((m) => m.domain === DATASETS_SHARED_MIGRATION.domain && m.version === DATASETS_SHARED_MIGRATION.version);
        return shared ? DATA_MIGRATIONS : [DATASETS_SHARED_MIGRATION, ...DATA_MIGRATIONS];
      } finally {
        resolving = false;
      }
    },
    handlers: {
      'data.upload.begin': ({ name, sizeBytes }) => guard(() => service.uploads.begin(name, sizeBytes)),
      'data.upload.chunk': ({ uploadId, offset, hex }) => guard(() => service.uploads.chunk(uploadId, offset, hex)),
      'data.upload.end': ({ uploadId }) => guard(() => service.uploads.end(uploadId)),
      'data.upload.abort': ({ uploadId }) => guard(() => ({ aborted: service.uploads.abort(uploadId) })),
      'data.import.preview': ({ source, options }) => guard(() => service.preview(source, options ?? {})),
      'data.import.run': (input, call) => guard(() => service.runImport({ ...input, mappings: input.mappings as ColumnMapping[] }, call.signal)),
      'data.import.cancel': ({ importId }) => ({ cancelled: service.cancelImport(importId) }),
      'data.datasets.list': () => guard(async () => ({ datasets: await service.list() })),
      'data.datasets.get': ({ id, offset, limit }) => guard(() => service.get(id, offset, limit)),
      'data.datasets.series': ({ id, x, y, maxPoints }) => guard(() => service.series(id, x, y, maxPoints)),
      'data.datasets.issues': ({ id, offset, limit }) => guard(() => service.issues(id, offset, limit)),
      'data.datasets.delete': ({ id }) => guard(async () => ({ deleted: await service.delete(id) })),
      'data.datasets.rename': ({ id, name }) => guard(() => service.rename(id, name)),
      'data.quality': ({ id, gapFactor, stuckRun, outlierMethod }) => guard(() => service.quality(id, { gapFactor, stuckRun, outlierMethod })),
      'data.clean.apply': ({ id, step }) => guard(() => service.applyCleaning(id, step)),
      'data.clean.undo': ({ id, stepId }) => guard(() => service.undoCleaning(id, stepId)),
      'data.derive.testPoints': ({ id, column, window, maxRelStd, minRows, name }) => guard(() => service.deriveTestPoints(id, column, window, maxRelStd, minRows, name)),
      'data.export.csv': ({ id, delimiter, decimal, path }) => guard(() => service.exportCsv(id, delimiter, decimal, path)),
    },
    seedDemo: () => service.seedDemo(ctx.config.resourcesDir),
    onProjectOpened: () => service.onProjectOpened(),
    onProjectClosing: async () => service.onProjectClosing(),
    stop: async () => service.stop(),
  };
}) satisfies DomainFactory;
