import { readFileSync } from 'node:fs';
import type { DomainFactory } from '../core/domain';

const version = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

export const createAppDomain: DomainFactory = (ctx, core) => ({
  name: 'app',
  handlers: {
    'app.info': () => ({
      name: 'Station Workbench',
      version,
      host: ctx.config.host,
      platform: `${process.platform}-${process.arch}`,
      nodeVersion: process.versions.node,
      startedAt: core.startedAt,
      areasBuilt: [],
    }),
    'app.status': () => core.statusSnapshot(),
  },
});
