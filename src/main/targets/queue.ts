/** A bounded FIFO on a growable ring (amortised O(1) push/shift, no array shifting). */
export class BoundedQueue<T> {
  private buf: Array<T | undefined>;
  private head = 0;
  private size = 0;

  constructor(public capacity: number) {
    this.buf = new Array<T | undefined>(Math.min(capacity, 1024));
  }

  get length(): number {
    return this.size;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  /** Appends; the caller checks `full` first (the overflow policy is the target's decision). */
  push(item: T): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) % this.buf.length] = item;
    this.size++;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) % this.buf.length;
    this.size--;
    return item;
  }

  /** The first `n` items without removing them. */
  peek(n: number): T[] {
    const out: T[] = [];
    const m = Math.min(n, this.size);
    for (let i = 0; i < m; i++) out.push(this.buf[(this.head + i) % this.buf.length] as T);
    return out;
  }

  /** Removes and returns everything. */
  drain(): T[] {
    const out = this.peek(this.size);
    this.buf = new Array<T | undefined>(Math.min(this.capacity, 1024));
    this.head = 0;
    this.size = 0;
    return out;
  }

  private grow(): void {
    const next = new Array<T | undefined>(Math.max(16, this.buf.length * 2));
    for (let i = 0; i < this.size; i++) next[i] = this.buf[(this.head + i) % this.buf.length];
    this.buf = next;
    this.head = 0;
  }
}
