/**
 * In-process publish/subscribe with dotted topics. A pattern segment '*' matches one segment and a
 * trailing '**' matches the rest ('gateway.**', '**'). A throwing handler is counted and reported,
 * never allowed to stop the other handlers or the publisher.
 */
export type BusHandler = (payload: unknown, topic: string) => void;

interface TopicCounter {
  published: number;
  handlerErrors: number;
}

export class EventBus {
  private readonly exact = new Map<string, Set<BusHandler>>();
  private readonly wildcards = new Map<string, { match: (topic: string) => boolean; handlers: Set<BusHandler> }>();
  /** Per-topic resolved handler lists, rebuilt lazily after (un)subscribe. */
  private readonly resolved = new Map<string, BusHandler[]>();
  private readonly counters = new Map<string, TopicCounter>();

  constructor(private readonly onHandlerError: (error: unknown, topic: string) => void = () => {}) {}

  subscribe(pattern: string, handler: BusHandler): () => void {
    if (pattern.includes('*')) {
      let entry = this.wildcards.get(pattern);
      if (!entry) {
        entry = { match: compilePattern(pattern), handlers: new Set() };
        this.wildcards.set(pattern, entry);
      }
      entry.handlers.add(handler);
    } else {
      let set = this.exact.get(pattern);
      if (!set) this.exact.set(pattern, (set = new Set()));
      set.add(handler);
    }
    this.resolved.clear();
    return () => {
      if (pattern.includes('*')) this.wildcards.get(pattern)?.handlers.delete(handler);
      else this.exact.get(pattern)?.delete(handler);
      this.resolved.clear();
    };
  }

  publish(topic: string, payload: unknown): void {
    let counter = this.counters.get(topic);
    if (!counter) this.counters.set(topic, (counter = { published: 0, handlerErrors: 0 }));
    counter.published++;
    let handlers = this.resolved.get(topic);
    if (!handlers) {
      handlers = [...(this.exact.get(topic) ?? [])];
      for (const entry of this.wildcards.values()) if (entry.match(topic)) handlers.push(...entry.handlers);
      this.resolved.set(topic, handlers);
    }
    for (let i = 0; i < handlers.length; i++) {
      try {
        handlers[i]!(payload, topic);
      } catch (error) {
        counter.handlerErrors++;
        this.onHandlerError(error, topic);
      }
    }
  }

  topicCounters(): Array<{ topic: string; published: number; handlerErrors: number }> {
    return [...this.counters].map(([topic, c]) => ({ topic, ...c })).sort((a, b) => a.topic.localeCompare(b.topic));
  }
}

function compilePattern(pattern: string): (topic: string) => boolean {
  const source = pattern
    .split('.')
    .map((seg) => (seg === '**' ? '.*' : seg === '*' ? '[^.]+' : seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('\\.');
  const re = new RegExp(`^${source.replace(/\\\.\.\*$/, '(?:\\..*)?')}$`);
  return (topic) => re.test(topic);
}
