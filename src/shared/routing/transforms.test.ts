import { describe, expect, it } from 'vitest';
import { compileTransforms, type CompiledTransforms } from './transforms';

function transforms(specs: unknown[]): CompiledTransforms {
  const r = compileTransforms(specs);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.transforms;
}

const fields = { flow_rate: 360, suction_pressure: 0.5, discharge_pressure: 3.5, tag: 'P-101', counter: 10n };

describe('transforms', () => {
  it('renames, selects, converts and derives in order without mutating the input', () => {
    const input = { ...fields };
    const t = transforms([
      { kind: 'derive', field: 'head_m', expression: '(discharge_pressure - suction_pressure) * 10.197' },
      { kind: 'rename', from: 'flow_rate', to: 'flowM3h' },
      { kind: 'convert', field: 'flowM3h', from: 'm3/h', to: 'L/s', as: 'flowLs' },
      { kind: 'convert', field: 'discharge_pressure', from: 'bar', to: 'kPa' },
      { kind: 'select', fields: ['tag', 'head_m', 'flowLs', 'discharge_pressure', 'absent'] },
    ]);
    const r = t.apply(input);
    expect(r).toEqual({ ok: true, fields: { tag: 'P-101', head_m: expect.closeTo(30.591, 9), flowLs: 100, discharge_pressure: 350 } });
    expect(r.ok && Object.keys(r.fields)).toEqual(['tag', 'head_m', 'flowLs', 'discharge_pressure']);
    expect(input).toEqual(fields);
  });

  it('converts bigint fields and reports per-message errors with index, kind and field', () => {
    expect(transforms([{ kind: 'convert', field: 'counter', from: 'kWh', to: 'MWh' }]).apply(fields)).toEqual({ ok: true, fields: { ...fields, counter: 0.01 } });
    expect(transforms([{ kind: 'rename', from: 'nope', to: 'x' }]).apply(fields)).toEqual({
      ok: false,
      error: { index: 0, kind: 'rename', field: 'nope', message: "field 'nope' is not present" },
    });
    expect(transforms([{ kind: 'select', fields: ['tag'] }, { kind: 'convert', field: 'tag', from: 'm', to: 'ft' }]).apply(fields)).toEqual({
      ok: false,
      error: { index: 1, kind: 'convert', field: 'tag', message: "field 'tag' is not a number (string)" },
    });
    const d = transforms([{ kind: 'derive', field: 'x', expression: 'missing * 2' }]).apply(fields);
    expect(d.ok ? '' : d.error.message).toBe("derive 'x': Variable 'missing' is not defined at 0");
  });

  it('rejects invalid specs with all errors', () => {
    const r = compileTransforms([
      { kind: 'rename', from: 'a', to: 'a' },
      { kind: 'convert', field: 'a', from: 'furlong', to: 'm' },
      { kind: 'derive', field: 'b', expression: 'f(x) = 1' },
      { kind: 'explode' },
      { kind: 'select', fields: [] },
      { kind: 'rename', from: 'a', to: 'constructor' },
    ]);
    expect(r.ok ? [] : r.errors.map((e) => [e.index, e.message])).toEqual([
      [0, "rename: 'from' and 'to' are both 'a'"],
      [1, "convert: Unknown unit 'furlong'"],
      [2, 'derive: Function definitions are not supported at 5'],
      [3, expect.stringContaining('kind')],
      [4, expect.stringContaining('fields')],
      [5, 'to: field name is reserved (__proto__, constructor, prototype)'],
    ]);
  });

  it('keeps an own __proto__ key of untrusted input inert', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const r = transforms([{ kind: 'rename', from: 'a', to: 'b' }]).apply(hostile);
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (r.ok) expect(Object.getPrototypeOf(r.fields)).toBe(Object.prototype);
  });
});
