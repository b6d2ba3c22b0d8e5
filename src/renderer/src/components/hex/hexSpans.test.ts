import { describe, expect, it } from 'vitest';
import { spanIndexByByte, spanMatches } from './hexSpans';

describe('hex spans', () => {
  it('maps bytes to spans and clips to the frame', () => {
    const idx = spanIndexByByte([{ key: 'a', offset: 0, length: 2, label: '', color: 0 }, { key: 'b', offset: 3, length: 5, label: '', color: 1 }], 5);
    expect(Array.from(idx)).toEqual([0, 0, -1, 1, 1]);
  });
  it('links fields, containers, array items and flag bits', () => {
    expect(spanMatches('seq', 'seq')).toBe(true);
    expect(spanMatches('s.q', 's')).toBe(true);
    expect(spanMatches('arr[3].v', 'arr[]')).toBe(true);
    expect(spanMatches('arr[3].v', 'arr[].v')).toBe(true);
    expect(spanMatches('status', 'status.pump_running')).toBe(true);
    expect(spanMatches('seq', 'seq2')).toBe(false);
    expect(spanMatches('seq', undefined)).toBe(false);
  });
});
