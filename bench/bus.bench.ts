// Event bus throughput: publish to one subscriber, events/s, against Node's EventEmitter in the same run.
import { EventEmitter } from 'node:events';
import { EventBus } from '../src/main/events/bus';

const DURATION_MS = 1500;
const BATCH = 100_000;

function measure(publish: (i: number) => void): number {
  // Warm up, then count how many publishes fit in DURATION_MS.
  for (let i = 0; i < BATCH; i++) publish(i);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < DURATION_MS) {
    for (let i = 0; i < BATCH; i++) publish(i);
    n += BATCH;
  }
  return (n / (performance.now() - start)) * 1000;
}

let sink = 0;
const payload = { value: 1 };

const bus = new EventBus();
bus.subscribe('gateway.decoded', (p) => {
  sink += (p as { value: number }).value;
});
const emitter = new EventEmitter();
emitter.on('gateway.decoded', (p: { value: number }) => {
  sink += p.value;
});

const results: Array<{ name: string; eventsPerSec: number }> = [];
for (let round = 0; round < 2; round++) {
  results.push({ name: 'bus.publish.one-subscriber', eventsPerSec: measure(() => bus.publish('gateway.decoded', payload)) });
  results.push({ name: 'bus.publish.eventemitter', eventsPerSec: measure(() => emitter.emit('gateway.decoded', payload)) });
}
const best = (name: string) => Math.max(...results.filter((r) => r.name === name).map((r) => r.eventsPerSec));
const ours = best('bus.publish.one-subscriber');
const baseline = best('bus.publish.eventemitter');
// A wildcard subscriber on the same topic costs one extra handler call per publish.
bus.subscribe('gateway.*', () => {
  sink++;
});
const withWildcard = measure(() => bus.publish('gateway.decoded', payload));
console.log(JSON.stringify({ name: 'bus.publish.one-subscriber', value: Math.round(ours), unit: 'events/s', baseline: 'bus.publish.eventemitter', ratio: Number((ours / baseline).toFixed(3)) }));
console.log(JSON.stringify({ name: 'bus.publish.eventemitter', value: Math.round(baseline), unit: 'events/s' }));
console.log(JSON.stringify({ name: 'bus.publish.exact-plus-wildcard', value: Math.round(withWildcard), unit: 'events/s' }));
if (sink === -1) console.log(sink); // keep the handlers' work observable to the optimiser
