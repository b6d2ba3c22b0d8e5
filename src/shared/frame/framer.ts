import { hexToBytes } from './hex';
import { readUint } from './primitives';
import type { Framing } from './schema';

/*
 * Splits a byte stream (TCP, serial) into frames using a schema's framing. Chunks may split or
 * coalesce frames arbitrarily; garbage is skipped by scanning for the sync bytes (or, for a
 * rejected candidate, by dropping one byte and scanning again). The buffer never holds more
 * than one maximum-size frame.
 */

/** Counters of one framer; all monotonically increasing except `buffered`. */
export type FramerStats = {
  /** Bytes pushed in. */
  bytesIn: number;
  /** Frames emitted. */
  frames: number;
  /** Bytes dropped while resynchronising (garbage, rejected candidates, oversized frames). */
  discardedBytes: number;
  /** Times a candidate frame was rejected (bad length value, verify() false, oversized). */
  resyncs: number;
  /** Bytes currently waiting for the rest of their frame. */
  buffered: number;
  /** Highest `buffered` seen; never above `capacity`. */
  maxBuffered: number;
  /** Buffer size: the framing's largest frame. */
  capacity: number;
};

export type FramerOptions = {
  /**
   * Extra check of a candidate frame (typically its checksum). When it returns false the
   * framer drops the candidate's first byte and scans again: a sync pattern inside garbage
   * then cannot swallow the real frame that follows.
   */
  verify?: (frame: Uint8Array) => boolean;
};

/** A stateful splitter for one stream (one per TCP connection). */
export type StreamFramer = {
  /** Feeds a chunk; returns the frames it completed, in order (each a fresh copy). */
  push(chunk: Uint8Array): Uint8Array[];
  /** Drops any partial frame (e.g. on reconnect); returns how many bytes were dropped. */
  reset(): number;
  readonly stats: Readonly<FramerStats>;
};

/** Result of looking for one frame at the start of the buffer. */
type Scan =
  | { kind: 'frame'; skip: number; length: number }
  | { kind: 'discard'; count: number; rejected: boolean }
  | { kind: 'wait'; skip: number };

function matchAt(buf: Uint8Array, at: number, end: number, pattern: Uint8Array): 'full' | 'partial' | 'none' {
  for (let k = 0; k < pattern.length; k++) {
    if (at + k >= end) return 'partial';
    if (buf[at + k] !== pattern[k]) return 'none';
  }
  return 'full';
}

/** Offset of the first (possibly partial, at the end) occurrence of `pattern` in [start, end), or -1. */
function find(buf: Uint8Array, start: number, end: number, pattern: Uint8Array): { at: number; full: boolean } | undefined {
  for (let i = start; i < end; i++) {
    if (buf[i] !== pattern[0]) continue;
    const m = matchAt(buf, i, end, pattern);
    if (m !== 'none') return { at: i, full: m === 'full' };
  }
  return undefined;
}

/**
 * Creates a framer for a fixed-length, length-field or delimiter framing. Throws RangeError for
 * `datagram` framing (a stream has no datagram boundaries) and invalid hex.
 */
export function createFramer(framing: Framing, options: FramerOptions = {}): StreamFramer {
  if (framing.kind === 'datagram') throw new RangeError('datagram framing cannot split a byte stream; use fixed, length or delimiter framing');
  const sync = framing.sync !== undefined ? hexToBytes(framing.sync) : undefined;
  const delimiter = framing.kind === 'delimiter' ? hexToBytes(framing.delimiter) : undefined;
  const capacity = framing.kind === 'fixed' ? framing.length : framing.maxLength;
  const maxLength = capacity;
  const kind = framing.kind;
  const lengthField =
    framing.kind === 'length'
      ? {
          offset: framing.length.offset,
          width: framing.length.type === 'u8' ? 1 : framing.length.type === 'u16' ? 2 : 4,
          order: framing.length.byteOrder ?? 'BE',
          from: framing.counts.from,
          trailer: framing.counts.trailer ?? 0,
        } as const
      : undefined;
  const buf = new Uint8Array(capacity);
  let start = 0;
  let end = 0;
  // Delimiter framing: inside an oversized frame, dropping bytes until the next delimiter.
  let dropping = false;
  const verify = options.verify;
  const stats: FramerStats = { bytesIn: 0, frames: 0, discardedBytes: 0, resyncs: 0, buffered: 0, maxBuffered: 0, capacity };

  /** Where the next frame may start: the first sync occurrence (or here, without sync). */
  function locateStart(): { at: number; ready: boolean } {
    if (!sync) return { at: start, ready: true };
    const hit = find(buf, start, end, sync);
    if (!hit) return { at: end, ready: false };
    return { at: hit.at, ready: hit.full };
  }

  function scan(): Scan {
    if (kind === 'delimiter') return scanDelimited();
    const s = locateStart();
    const skip = s.at - start;
    if (!s.ready) return skip > 0 ? { kind: 'discard', count: skip, rejected: false } : { kind: 'wait', skip: 0 };
    const available = end - s.at;
    let length: number;
    if (!lengthField) {
      length = capacity;
    } else {
      const header = lengthField.offset + lengthField.width;
      if (available < header) return { kind: 'wait', skip };
      const value = readUint(buf, s.at + lengthField.offset, lengthField.width, lengthField.order);
      length = lengthField.from + value + lengthField.trailer;
      if (length < header || length > maxLength) return { kind: 'discard', count: skip + 1, rejected: true };
    }
    if (available < length) return { kind: 'wait', skip };
    if (verify && !verify(buf.subarray(s.at, s.at + length))) return { kind: 'discard', count: skip + 1, rejected: true };
    return { kind: 'frame', skip, length };
  }

  function scanDelimited(): Scan {
    const d = delimiter!;
    if (dropping) {
      const hit = find(buf, start, end, d);
      if (hit && hit.full) {
        dropping = false;
        return { kind: 'discard', count: hit.at + d.length - start, rejected: false };
      }
      // Keep a possible partial delimiter at the end.
      const keep = hit ? end - hit.at : 0;
      return end - keep > start ? { kind: 'discard', count: end - keep - start, rejected: false } : { kind: 'wait', skip: 0 };
    }
    const s = locateStart();
    const skip = s.at - start;
    if (!s.ready) return skip > 0 ? { kind: 'discard', count: skip, rejected: false } : { kind: 'wait', skip: 0 };
    const hit = find(buf, s.at + (sync?.length ?? 0), end, d);
    if (hit && hit.full) {
      const length = hit.at + d.length - s.at;
      if (length > maxLength || (verify && !verify(buf.subarray(s.at, s.at + length)))) {
        return { kind: 'discard', count: skip + length, rejected: true };
      }
      return { kind: 'frame', skip, length };
    }
    if (end - s.at >= maxLength) {
      // No delimiter within the largest frame: this frame is oversized; drop through its end.
      dropping = true;
      stats.resyncs++;
      return { kind: 'discard', count: skip, rejected: false };
    }
    return { kind: 'wait', skip };
  }

  function drain(out: Uint8Array[]): void {
    for (;;) {
      const r = scan();
      if (r.kind === 'wait') {
        if (r.skip > 0) {
          stats.discardedBytes += r.skip;
          start += r.skip;
        }
        return;
      }
      if (r.kind === 'discard') {
        stats.discardedBytes += r.count;
        if (r.rejected) stats.resyncs++;
        start += r.count;
        if (r.count === 0 && !dropping) return;
        continue;
      }
      stats.discardedBytes += r.skip;
      const at = start + r.skip;
      out.push(buf.slice(at, at + r.length));
      stats.frames++;
      start = at + r.length;
    }
  }

  function push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    stats.bytesIn += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      if (start > 0) {
        buf.copyWithin(0, start, end);
        end -= start;
        start = 0;
      }
      const n = Math.min(capacity - end, chunk.length - offset);
      buf.set(chunk.subarray(offset, offset + n), end);
      end += n;
      offset += n;
      stats.maxBuffered = Math.max(stats.maxBuffered, end - start);
      drain(out);
    }
    stats.buffered = end - start;
    return out;
  }

  function reset(): number {
    const dropped = end - start;
    stats.discardedBytes += dropped;
    start = end = 0;
    dropping = false;
    stats.buffered = 0;
    return dropped;
  }

  return { push, reset, stats };
}
