import { describe, expect, it } from 'vitest';
import { addField, changeType, duplicateAt, flattenTree, moveBy, moveTo, removeAt, setAt, type Doc } from './fieldOps';

const base = (): Doc => ({
  formatVersion: 1,
  name: 't',
  fields: [
    { name: 'a', type: 'u8' },
    { name: 's', type: 'struct', fields: [{ name: 'x', type: 'u16' }] },
    { name: 'sw', type: 'switch', on: 'a', cases: [{ when: 1, fields: [{ name: 'y', type: 'u8' }] }] },
    { name: 'arr', type: 'array', count: 2, items: { type: 'struct', fields: [{ name: 'v', type: 'u8' }] } },
  ],
});

describe('fieldOps', () => {
  it('flattens with decoded-style static paths', () => {
    const rows = flattenTree(base());
    expect(rows.map((r) => `${r.depth}:${r.kind}:${r.staticPath}`)).toEqual([
      '0:field:a',
      '0:field:s',
      '1:field:s.x',
      '0:field:sw',
      '1:case:sw',
      '2:field:sw.y',
      '0:field:arr',
      '1:items:arr[]',
      '2:field:arr[].v',
    ]);
  });

  it('adds after the selection or inside containers, with unique names', () => {
    const d = base();
    const after = addField(d, ['fields', 0], 'u16');
    expect(after.ptr).toEqual(['fields', 1]);
    expect((after.doc.fields as Doc[])[1]).toEqual({ name: 'field', type: 'u16' });
    const inside = addField(d, ['fields', 1], 'f32');
    expect(inside.ptr).toEqual(['fields', 1, 'fields', 1]);
    const inCase = addField(d, ['fields', 2, 'cases', 0], 'u8', 'y');
    expect((inCase.doc as never as { fields: [unknown, unknown, { cases: [{ fields: Doc[] }] }] }).fields[2].cases[0].fields[1]!.name).toBe('y_2');
    expect(base()).toEqual(d); // immutable
  });

  it('duplicates, removes, moves', () => {
    const dup = duplicateAt(base(), ['fields', 0]);
    expect((dup.doc.fields as Doc[]).map((f) => f.name)).toEqual(['a', 'a_copy', 's', 'sw', 'arr']);
    expect((removeAt(base(), ['fields', 1]).fields as Doc[]).map((f) => f.name)).toEqual(['a', 'sw', 'arr']);
    const down = moveBy(base(), ['fields', 0], 1);
    expect(down.ptr).toEqual(['fields', 1]);
    expect((down.doc.fields as Doc[]).map((f) => f.name)).toEqual(['s', 'a', 'sw', 'arr']);
    expect(moveBy(base(), ['fields', 0], -1).ptr).toEqual(['fields', 0]);
  });

  it('drags between lists and refuses moving a field into itself', () => {
    const into = moveTo(base(), ['fields', 0], ['fields', 0, 'fields'], true);
    expect(into.doc).toEqual(base());
    const toStruct = moveTo(base(), ['fields', 0], ['fields', 1, 'fields'], true);
    expect(toStruct.ptr).toEqual(['fields', 0, 'fields', 1]);
    expect(flattenTree(toStruct.doc).map((r) => r.staticPath).slice(0, 3)).toEqual(['s', 's.x', 's.a']);
    const before = moveTo(base(), ['fields', 3], ['fields', 0], false);
    expect((before.doc.fields as Doc[]).map((f) => f.name)).toEqual(['arr', 'a', 's', 'sw']);
    const later = moveTo(base(), ['fields', 0], ['fields', 3], false);
    expect((later.doc.fields as Doc[]).map((f) => f.name)).toEqual(['s', 'sw', 'a', 'arr']);
  });

  it('keeps name, scaling and byte order across a type change; setAt deletes with undefined', () => {
    expect(changeType({ name: 'p', type: 'i16', divisor: 100, unit: 'bar', byteOrder: 'LE' }, 'u32')).toEqual({ name: 'p', type: 'u32', divisor: 100, unit: 'bar', byteOrder: 'LE' });
    expect(changeType({ name: 'p', type: 'i16', divisor: 100 }, 'bool')).toEqual({ name: 'p', type: 'bool' });
    expect(setAt({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
  });
});
