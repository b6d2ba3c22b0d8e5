import type { JobInfo } from '#shared/rpc/domains/jobs';
import type { Domain, DomainFactory } from '../core/domain';
import { OptimizeService } from '../optimize/service';
import { optimizeMigrations } from '../optimize/repository';
import { rpcGuard } from './rpcError';

/** The optimize domain, with its service for cross-domain callers (reports). */
export interface OptimizeDomain extends Domain {
  readonly service: OptimizeService;
}

export const createOptimizeDomain = ((ctx): OptimizeDomain => {
  const service = new OptimizeService({
    store: () => ctx.store,
    jobs: ctx.jobs,
    publish: (topic, payload) => ctx.bus.publish(topic, payload),
    audit: (event) => ctx.audit(event),
  });
  // Job progress arrives on the bus; pending optimize runs republish it under their runId.
  const unsubscribe = ctx.bus.subscribe('jobs.changed', (payload) => {
    const job = payload as JobInfo;
    if (job.kind.startsWith('optimize.')) service.onJobProgress(job);
  });

  return {
    name: 'optimize',
    service,
    migrations: optimizeMigrations,
    handlers: {
      'optimize.stations.list': async () => ({ stations: await service.listStations() }),
      'optimize.stations.get': ({ id }) => service.getStation(id),
      'optimize.stations.save': async ({ id, document }) => {
        const { record, created } = await service.saveStation(id, document);
        await ctx.audit({
          type: created ? 'config.optimize.stationCreated' : 'config.optimize.stationUpdated',
          source: 'optimize',
          data: { id: record.id, name: record.name, pumps: record.pumps },
        });
        return record;
      },
      'optimize.stations.delete': async ({ id }) => {
        const removed = await service.deleteStation(id);
        if (removed) await ctx.audit({ type: 'config.optimize.stationDeleted', source: 'optimize', data: { id, name: removed.name } });
        return { deleted: Boolean(removed) };
      },
      'optimize.stations.validate': ({ document }) => service.validate(document),
      'optimize.fits.list': () => rpcGuard(() => service.listFits()),
      'optimize.demand.run': (input, call) => rpcGuard(() => service.runDemand(input, call.signal)),
      'optimize.pareto.run': (input, call) => rpcGuard(() => service.runPareto(input, call.signal)),
      'optimize.schedule.run': (input, call) => rpcGuard(() => service.runSchedule(input, call.signal)),
      'optimize.compare.run': (input, call) => rpcGuard(() => service.runCompare(input, call.signal)),
      'optimize.table.run': (input, call) => rpcGuard(() => service.runTable(input, call.signal)),
      'optimize.cancel': ({ runId }) => ({ cancelled: service.cancel(runId) }),
      'optimize.runs.list': async (input) => ({ runs: await service.repo.listRuns(input) }),
      'optimize.runs.get': async ({ id }) => {
        const run = await service.repo.getRun(id);
        if (!run) {
          const { RpcError } = await import('#shared/rpc/errors');
          throw new RpcError('NOT_FOUND', `Optimization run ${id} not found`);
        }
        return run;
      },
      'optimize.runs.delete': async ({ id }) => ({ deleted: await service.repo.deleteRun(id) }),
    },
    seedDemo: () => service.seedDemo(ctx.config.resourcesDir),
    stop: async () => unsubscribe(),
  };
}) satisfies DomainFactory;
