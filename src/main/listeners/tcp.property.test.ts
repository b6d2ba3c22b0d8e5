import { EventEmitter } from 'node:events';
import type net from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '#shared/frame/compile';
import { createFramer } from '#shared/frame/framer';
import type { FrameSchema } from '#shared/frame/schema';
import { referenceVariations } from '#shared/frame/testing/referenceFrame';
import { validateSchema } from '#shared/frame/validate';
import { readFileSync } from 'node:fs';
import { attachStream } from './tcp';

const schemaJson = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8')) as Record<string, unknown>;
delete schemaJson.$schema;
const checked = validateSchema(schemaJson);
if (!checked.ok) throw new Error('demo schema invalid');
const schema: FrameSchema = checked.schema;
const codec = compileSchema(schema);
const frames = referenceVariations(64);

/** Runs chunks through the TCP listener's stream path and returns the decoded seq numbers. */
function decodeStream(chunks: Buffer[]): number[] {
  const socket = new EventEmitter() as unknown as net.Socket;
  const seqs: number[] = [];
  const hooks = { newFramer: () => createFramer(schema.framing!, { verify: (f: Uint8Array) => codec.decode(f).ok }) };
  attachStream(
    socket,
    hooks,
    (bytes) => {
      const r = codec.decode(bytes);
      if (r.ok) seqs.push(r.fields.seq as number);
      return r.ok ? undefined : r.error.code;
    },
    () => {},
    'test',
  );
  for (const c of chunks) socket.emit('data', c);
  return seqs;
}

describe('TCP stream framing (listener path)', () => {
  it('any split or coalescing of the byte stream decodes to the same frames', () => {
    const expected = frames.map((f) => (f[4]! << 8) | f[5]!);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 64 }), (cuts, count) => {
        const stream = Buffer.concat(frames.slice(0, count).map((f) => Buffer.from(f)));
        const chunks: Buffer[] = [];
        let i = 0;
        let k = 0;
        while (i < stream.length) {
          const n = cuts[k++ % cuts.length]!;
          chunks.push(stream.subarray(i, i + n));
          i += n;
        }
        expect(decodeStream(chunks)).toEqual(expected.slice(0, count));
      }),
      { numRuns: 300 },
    );
  });

  it('resynchronises after garbage between frames, whatever the split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 100 }), fc.integer({ min: 1, max: 97 }), (garbage, step) => {
        const stream = Buffer.concat([Buffer.from(frames[0]!), Buffer.from(garbage), Buffer.from(frames[1]!), Buffer.from(frames[2]!)]);
        const chunks: Buffer[] = [];
        for (let i = 0; i < stream.length; i += step) chunks.push(stream.subarray(i, i + step));
        const seqs = decodeStream(chunks);
        // Frames before and after the garbage always survive; garbage never yields a frame with a bad CRC.
        expect(seqs[0]).toBe((frames[0]![4]! << 8) | frames[0]![5]!);
        expect(seqs.slice(-2)).toEqual([1, 2].map((j) => (frames[j]![4]! << 8) | frames[j]![5]!));
      }),
      { numRuns: 300 },
    );
  });
});
