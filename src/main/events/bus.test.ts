import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventBus } from './bus';

describe('EventBus', () => {
  it('delivers to exact, one-segment and rest-of-topic wildcard subscribers', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe('gateway.frame', (_p, t) => seen.push(`exact:${t}`));
    bus.subscribe('gateway.*', (_p, t) => seen.push(`star:${t}`));
    bus.subscribe('gateway.**', (_p, t) => seen.push(`rest:${t}`));
    bus.subscribe('**', (_p, t) => seen.push(`all:${t}`));
    bus.publish('gateway.frame', 1);
    bus.publish('gateway.source.udp', 2);
    bus.publish('monitor.sample', 3);
    expect(seen).toEqual([
      'exact:gateway.frame',
      'star:gateway.frame',
      'rest:gateway.frame',
      'all:gateway.frame',
      'rest:gateway.source.udp',
      'all:gateway.source.udp',
      'all:monitor.sample',
    ]);
  });

  it('isolates a throwing handler: others still run, the error is counted and reported', () => {
    const errors: string[] = [];
    const bus = new EventBus((_e, topic) => errors.push(topic));
    const got: number[] = [];
    bus.subscribe('a', () => {
      throw new Error('boom');
    });
    bus.subscribe('a', (p) => got.push(p as number));
    bus.publish('a', 1);
    bus.publish('a', 2);
    expect(got).toEqual([1, 2]);
    expect(errors).toEqual(['a', 'a']);
    expect(bus.topicCounters()).toEqual([{ topic: 'a', published: 2, handlerErrors: 2 }]);
  });

  it('stops delivering after unsubscribe, also for wildcard subscriptions', () => {
    const bus = new EventBus();
    let n = 0;
    const off = bus.subscribe('x.*', () => n++);
    bus.publish('x.y', null);
    off();
    bus.publish('x.y', null);
    expect(n).toBe(1);
  });

  it('a one-segment wildcard never matches across dots (property)', () => {
    const seg = fc.stringMatching(/^[a-z]{1,6}$/);
    fc.assert(
      fc.property(seg, fc.array(seg, { minLength: 1, maxLength: 4 }), (head, rest) => {
        const bus = new EventBus();
        let hit = false;
        bus.subscribe(`${head}.*`, () => (hit = true));
        bus.publish([head, ...rest].join('.'), null);
        return hit === (rest.length === 1);
      }),
    );
  });
});
