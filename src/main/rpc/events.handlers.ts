import type { DomainFactory } from '../core/domain';

export const createEventsDomain: DomainFactory = (ctx) => ({
  name: 'events',
  handlers: {
    'events.query': (q) => ctx.events.query(q),
    'events.topics': () => ctx.bus.topicCounters(),
  },
});
