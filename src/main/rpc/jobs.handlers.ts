import type { DomainFactory } from '../core/domain';

export const createJobsDomain: DomainFactory = (ctx) => ({
  name: 'jobs',
  handlers: {
    'jobs.list': () => ({ jobs: ctx.jobs.list(), poolSize: ctx.jobs.poolSize }),
    'jobs.cancel': ({ id }) => ({ cancelled: ctx.jobs.cancel(id) }),
  },
});
