import type { DomainFactory, Domain } from '../core/domain';
import { schemaMigrations } from '../schemas/schemaRepository';
import { compileSchema } from '#shared/frame/compile';
import { validateSchema } from '#shared/frame/validate';
import { SchemaService } from '../schemas/schemaService';

/** Compile a schema document and return the generated code, or why it cannot be compiled. */
function generatedSource(schema: unknown): { ok: true; source: string } | { ok: false; message: string } {
  const checked = validateSchema(schema);
  if (!checked.ok) return { ok: false, message: checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  return { ok: true, source: compileSchema(checked.schema).source };
}

/** The schemas domain, with its service for the few cross-domain callers (the gateway). */
export interface SchemasDomain extends Domain {
  readonly service: SchemaService;
}

export const createSchemasDomain = ((ctx): SchemasDomain => {
  const service = new SchemaService({
    store: () => ctx.store,
    audit: (event) => ctx.audit(event),
    publish: (topic, payload) => ctx.bus.publish(topic, payload),
    log: ctx.log,
  });
  return {
    name: 'schemas',
    service,
    migrations: schemaMigrations,
    handlers: {
      'schemas.list': () => service.list(),
      'schemas.get': ({ id }) => service.get(id),
      'schemas.create': ({ name, title, draft }) => service.create({ name, title, draft }),
      'schemas.update': ({ id, draft }) => service.update(id, draft),
      'schemas.delete': ({ id }) => service.delete(id),
      'schemas.publish': ({ id, note }) => service.publish(id, note),
      'schemas.versions': ({ id }) => service.versions(id),
      'schemas.getVersion': ({ id, version }) => service.getVersion(id, version),
      'schemas.diff': ({ id, from, to }) => service.diff(id, from, to),
      'schemas.rollback': ({ id, version, note }) => service.rollback(id, version, note),
      'schemas.import': ({ json, id, replace }) => service.importJson(json, id, replace ?? false),
      'schemas.export': ({ id, version }) => service.exportJson(id, version),
      'schemas.addVector': ({ id, vector }) => service.addVector(id, vector),
      'schemas.updateVector': ({ id, name, vector }) => service.updateVector(id, name, vector),
      'schemas.deleteVector': ({ id, name }) => service.deleteVector(id, name),
      'schemas.runVectors': (input) => service.runVectors(input),
      'schemas.decode': (input) => service.decode(input),
      'schemas.source': ({ schema }) => generatedSource(schema),
    },
    seedDemo: () => service.seedDemo(ctx.config.resourcesDir),
  };
}) satisfies DomainFactory;
