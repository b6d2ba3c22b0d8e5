import type { Domain, DomainFactory } from '../core/domain';
import { CurvesService } from '../curves/curvesService';
import { CURVES_MIGRATIONS } from '../curves/repository';

/** The curves domain, with its service for cross-domain callers (reports read saved fits and pumps). */
export interface CurvesDomain extends Domain {
  readonly service: CurvesService;
}

export const createCurvesDomain = ((ctx): CurvesDomain => {
  const service = new CurvesService({
    store: () => ctx.store,
    jobs: ctx.jobs,
    publish: (topic, payload) => ctx.bus.publish(topic, payload),
    subscribe: (pattern, handler) => ctx.bus.subscribe(pattern, handler),
    audit: (event) => ctx.audit(event),
  });
  return {
    name: 'curves',
    service,
    migrations: CURVES_MIGRATIONS,
    handlers: {
      'curves.models.list': () => service.listModels(),
      'curves.fit.run': (input, call) => service.runFit(input, call.signal),
      'curves.fit.cancel': ({ runId }) => ({ cancelled: service.cancel(runId) }),
      'curves.fits.save': (input) => service.saveFit(input),
      'curves.fits.list': async ({ pumpId, curveKind }) => ({ fits: await service.repo.fits({ ...(pumpId ? { pumpId } : {}), ...(curveKind ? { curveKind } : {}) }) }),
      'curves.fits.get': ({ id }) => service.getFit(id),
      'curves.fits.delete': async ({ id }) => ({ deleted: await service.deleteFit(id) }),
      'curves.pumps.list': async () => ({ pumps: await service.listPumps() }),
      'curves.pumps.save': (input) => service.savePump(input),
      'curves.pumps.delete': async ({ id }) => ({ deleted: await service.deletePump(id) }),
      'curves.iso9906.check': (input) => service.checkIso(input),
      'curves.tolerances.get': () => service.tolerances(),
      'curves.tolerances.set': (input) => service.setTolerance(input),
      'curves.export.csv': (input) => service.exportCsv(input),
    },
    seedDemo: () => service.seedDemo(ctx.config.resourcesDir),
  };
}) satisfies DomainFactory;
