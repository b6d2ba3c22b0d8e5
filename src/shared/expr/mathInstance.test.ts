import { describe, expect, it } from 'vitest';
import { createRestrictedMath, DISABLED_MATHJS_FUNCTIONS } from './mathInstance';

describe('restricted mathjs instance', () => {
  const { math, parse } = createRestrictedMath();

  it.each(DISABLED_MATHJS_FUNCTIONS.map((name) => [name]))('%s throws', (name) => {
    const fn = (math as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
    expect(() => fn?.('1')).toThrow(`Function ${name} is disabled`);
  });

  it('still parses with the parser kept before parse was disabled', () => {
    expect(parse('1 + x').type).toBe('OperatorNode');
    expect(() => math.evaluate('1 + 1')).toThrow('Function evaluate is disabled');
  });
});
