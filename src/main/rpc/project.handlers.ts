import type { DomainFactory } from '../core/domain';
import { SettingsFile } from '../project/settings';
import { rpcGuard } from './rpcError';

export const createProjectDomain: DomainFactory = (ctx, core) => {
  const settings = new SettingsFile(ctx.config.dataDir);
  return {
    name: 'project',
    handlers: {
      'project.info': () => core.projectInfo(),
      'project.update': (patch) => core.updateProjectMeta(patch),
      'project.new': ({ path, name }) =>
        rpcGuard(async () => {
          const { existsSync } = await import('node:fs');
          if (existsSync(path)) throw Object.assign(new Error(`A file already exists at ${path}`), { code: 'CONFLICT' });
          return core.openProject(path, { create: true, ...(name ? { name } : {}) });
        }),
      'project.open': ({ path }) => rpcGuard(() => core.openProject(path)),
      'project.saveAs': ({ path }) => rpcGuard(() => core.saveProjectAs(path)),
      'project.checkpoint': () =>
        rpcGuard(async () => {
          await ctx.store.checkpoint();
          return core.projectInfo();
        }),
      'project.recent': () => settings.read().recent,
    },
  };
};
