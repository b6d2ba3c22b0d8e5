import path from 'node:path';
import type { DomainFactory, Domain } from '../core/domain';
import { demoGatewayConfig } from '../gateway/demo';
import { freeUdpPort, GatewayService, gatewayMigrations } from '../gateway/gatewayService';
import { ChainedSchemaResolver, DemoSchemaResolver, ProjectSchemaResolver, type SchemaResolver } from '../gateway/schemaResolver';
import type { SchemasDomain } from './schemas.handlers';
import { rpcGuard } from './rpcError';

/** The gateway domain object; other domains reach the service through ctx.domain('gateway'). */
export interface GatewayDomain extends Domain {
  readonly service: GatewayService;
}

export const createGatewayDomain: DomainFactory = (ctx) => {
  const demo = new DemoSchemaResolver(path.join(ctx.config.resourcesDir, 'demo', 'schemas'));
  // Schema management exposes `resolver` on its domain object once it lands; demo schemas are the fallback.
  const resolver: SchemaResolver = new ChainedSchemaResolver(() => {
    const schemas = ctx.domain<SchemasDomain>('schemas');
    return schemas?.service ? [new ProjectSchemaResolver(schemas.service), demo] : [demo];
  });
  const service = new GatewayService({ store: ctx.store, bus: ctx.bus, resolver, audit: (e) => ctx.audit(e), log: ctx.log });
  const fresh = () => {
    const last = service.latestStatus();
    return last && Date.now() - last.time < 1000 ? last : service.status();
  };

  let unsubscribe: (() => void) | undefined;
  const domain: GatewayDomain = {
    name: 'gateway',
    service,
    migrations: gatewayMigrations,
    handlers: {
      'gateway.config.get': () => service.getConfig(),
      'gateway.config.history': ({ limit }) => service.history(limit),
      'gateway.config.rollback': ({ version }) => rpcGuard(() => service.rollback(version)),
      'gateway.sources.save': ({ source }) => rpcGuard(() => service.saveSource(source)),
      'gateway.sources.delete': ({ id }) => rpcGuard(() => service.deleteSource(id)),
      'gateway.sources.control': ({ id, action }) => rpcGuard(() => service.controlSource(id, action)),
      'gateway.sources.frames': ({ id, limit }) => rpcGuard(() => service.sourceFrames(id, limit)),
      'gateway.targets.save': ({ target }) => rpcGuard(() => service.saveTarget(target)),
      'gateway.targets.delete': ({ id }) => rpcGuard(() => service.deleteTarget(id)),
      'gateway.rules.save': ({ rules, defaultRoute }) => rpcGuard(() => service.saveRules(rules, defaultRoute)),
      'gateway.rules.validate': ({ rules, defaultRoute }) => service.validateRules(rules, defaultRoute),
      'gateway.rules.dryRun': (input) => rpcGuard(() => service.dryRun(input)),
      'gateway.status': () => fresh(),
      'gateway.counters.reset': () => {
        service.resetCounters();
        return { ok: true };
      },
      'gateway.messages.query': (q) => service.messages(q),
      'gateway.deadLetters.list': ({ targetId, limit, offset }) => service.listDeadLetters(targetId, limit, offset),
      'gateway.deadLetters.replay': ({ targetId, ids }) => rpcGuard(() => service.replayDeadLetters(targetId, ids)),
      'gateway.deadLetters.purge': ({ targetId, ids }) => rpcGuard(() => service.purgeDeadLetters(targetId, ids)),
      'gateway.sim.configure': ({ config }) => rpcGuard(() => service.configureSim(config)),
      'gateway.sim.control': ({ action }) => rpcGuard(() => service.simControl(action)),
      'gateway.schemas.list': () => service.schemas(),
    },
    async seedDemo() {
      await service.seed(demoGatewayConfig(await freeUdpPort()));
    },
    async onProjectOpened() {
      unsubscribe?.();
      // A newly published schema version takes effect on the sources that follow the latest version.
      unsubscribe = ctx.bus.subscribe('schemas.changed', (payload) => {
        const p = payload as { id?: string; action?: string };
        if (p.action === 'published' && p.id) void service.schemaPublished(p.id).catch((e: unknown) => ctx.log.error('gateway schema reload failed', e));
      });
      await service.open({ startServices: ctx.config.startServices === true });
    },
    async onProjectClosing() {
      await service.close();
    },
    contributeStatus(snapshot) {
      const s = service.statusBar();
      snapshot.listeners = { running: s.running, total: s.total };
      snapshot.throughput = { framesPerSec: s.framesPerSec, errorsPerSec: s.errorsPerSec };
    },
    async stop() {
      await service.close();
    },
  };
  return domain;
};
