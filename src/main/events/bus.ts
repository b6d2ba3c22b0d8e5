/**
 * In-process publish/subscribe with dotted topics. A pattern segment '*' matches one segment and a
 * trailing '**' matches the rest ('gateway.**', '**'). A throwing handler is counted and reported,
 * never allowed to stop the other handlers or the publisher.
 */
export type BusHandler = (payload: unknown, topic: string) => void;

/** Per-topic state: counters plus the resolved handler list (undefined = rebuild on next publish). */
interface TopicEntry {
  published: number;
  handlerErrors: number;
  handlers: BusHandler[] | undefined;
}

export class EventBus {
  private readonly exact = new Map<string, Set<BusHandler>>();
  private readonly wildcards = new Map<string, { match: (topic: string) => boolean; handlers: Set<BusHandler> }>();
  /** One lookup per publish: counters and the handler list live in the same entry. */
  private readonly topics = new Map<string, TopicEntry>();

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
    this.invalidate();
    return () => {
      if (pattern.includes('*')) this.wildcards.get(pattern)?.handlers.delete(handler);
      else this.exact.get(pattern)?.delete(handler);
      this.invalidate();
    };
  }

  publish(topic: string, payload: unknown): void {
    let entry = this.topics.get(topic);
    if (!entry) this.topics.set(topic, (entry = { published: 0, handlerErrors: 0, handlers: undefined }));
    entry.published++;
    const handlers = entry.handlers ?? (entry.handlers = this.resolve(topic));
    for (let i = 0; i < handlers.length; i++) {
      try {
        handlers[i]!(payload, topic);
      } catch (error) {
        entry.handlerErrors++;
        this.onHandlerError(error, topic);
      }
    }
  }

  topicCounters(): Array<{ topic: string; published: number; handlerErrors: number }> {
    return [...this.topics]
      .map(([topic, e]) => ({ topic, published: e.published, handlerErrors: e.handlerErrors }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  }

  private resolve(topic: string): BusHandler[] {
    const handlers = [...(this.exact.get(topic) ?? [])];
    for (const entry of this.wildcards.values()) if (entry.match(topic)) handlers.push(...entry.handlers);
    return handlers;
  }

  private invalidate(): void {
    for (const entry of this.topics.values()) entry.handlers = undefined;
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
