import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileSchema } from './compile';
import { createFramer, type StreamFramer } from './framer';
import { hexToBytes } from './hex';
import type { FrameSchema, Framing } from './schema';
import { referenceVariations } from './testing/referenceFrame';
import { validateSchema } from './validate';

// Demo schemas are read as files (not imported) so no tsconfig has to list resources/.
const pumpJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8'));
const rtuJson: unknown = JSON.parse(readFileSync(new URL('../../../resources/demo/schemas/rtu-multi.json', import.meta.url), 'utf8'));

function load(json: unknown): FrameSchema {
  const v = validateSchema(json);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.schema;
}
const pump = load(pumpJson);
const rtu = load(rtuJson);
const pumpCodec = compileSchema(pump);
const rtuCodec = compileSchema(rtu);
const PUMP_FRAMES = referenceVariations(12, 99);
const RTU_FRAMES = (rtu.testVectors ?? []).slice(0, 4).map((v) => hexToBytes(v.hex));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Splits a stream at the given cut points (taken modulo its length). */
function split(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => (stream.length === 0 ? 0 : c % (stream.length + 1))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, stream.length]) {
    chunks.push(stream.subarray(prev, p));
    prev = p;
  }
  return chunks;
}

function feed(framer: StreamFramer, chunks: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const chunk of chunks) out.push(...framer.push(chunk));
  return out;
}

const hexes = (frames: Uint8Array[]) => frames.map((f) => Buffer.from(f).toString('hex'));

describe('createFramer', () => {
  it('any split or coalescing of a fixed-length stream gives the same frames', () => {
    fc.assert(
      fc.property(fc.subarray(PUMP_FRAMES), fc.array(fc.nat(), { maxLength: 40 }), (frames, cuts) => {
        const framer = createFramer(pump.framing!);
        const out = feed(framer, split(concat(frames), cuts));
        expect(hexes(out)).toEqual(hexes(frames));
        expect(framer.stats.discardedBytes).toBe(0);
        expect(framer.stats.maxBuffered).toBeLessThanOrEqual(framer.stats.capacity);
      }),
      { seed: 21, numRuns: 300 },
    );
  });

  it('one-byte chunks work too', () => {
    const stream = concat(PUMP_FRAMES);
    const framer = createFramer(pump.framing!);
    const out = feed(framer, Array.from(stream, (b) => new Uint8Array([b])));
    expect(hexes(out)).toEqual(hexes(PUMP_FRAMES));
  });

  it('resynchronises after garbage (even garbage holding sync bytes) and counts what it discards', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 80 }), fc.constantFrom(...PUMP_FRAMES), fc.boolean()), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (pieces, cuts) => {
          // A sync pattern right before a real frame must not swallow it.
          const garbage = pieces.map(([g, , withSync]) => (withSync ? concat([g, new Uint8Array([0xaa, 0x55])]) : g));
          const stream = concat(pieces.flatMap(([, frame], i) => [garbage[i]!, frame]));
          const framer = createFramer(pump.framing!, { verify: (f) => pumpCodec.decode(f).ok });
          const out = feed(framer, split(stream, cuts));
          expect(hexes(out)).toEqual(hexes(pieces.map(([, frame]) => frame)));
          expect(framer.stats.discardedBytes).toBe(garbage.reduce((n, g) => n + g.length, 0));
          expect(framer.stats.maxBuffered).toBeLessThanOrEqual(64);
        },
      ),
      { seed: 22, numRuns: 300 },
    );
  });

  it('splits a length-field stream (rtu-multi) the same way for any chunking, and resyncs after garbage', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...RTU_FRAMES), { maxLength: 8 }),
        fc.array(fc.uint8Array({ maxLength: 30 }), { minLength: 9, maxLength: 9 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (frames, garbage, cuts) => {
          const clean = createFramer(rtu.framing!);
          expect(hexes(feed(clean, split(concat(frames), cuts)))).toEqual(hexes(frames));
          const noisy = createFramer(rtu.framing!, { verify: (f) => rtuCodec.decode(f).ok });
          const stream = concat(frames.flatMap((f, i) => [garbage[i]!, f]));
          expect(hexes(feed(noisy, split(stream, cuts)))).toEqual(hexes(frames));
          expect(noisy.stats.maxBuffered).toBeLessThanOrEqual(260);
        },
      ),
      { seed: 23, numRuns: 300 },
    );
  });

  it('rejects a length bomb as soon as the length field is read, without buffering it', () => {
    const framing: Framing = { kind: 'length', sync: 'A55A', length: { offset: 2, type: 'u32', byteOrder: 'BE' }, counts: { from: 0 }, maxLength: 128 };
    const framer = createFramer(framing);
    const bomb = new Uint8Array([0xa5, 0x5a, 0x7f, 0xff, 0xff, 0xff, ...new Uint8Array(1000)]);
    const good = new Uint8Array([0xa5, 0x5a, 0, 0, 0, 8, 1, 2]);
    const out = feed(framer, [bomb, good]);
    expect(hexes(out)).toEqual(hexes([good]));
    expect(framer.stats.resyncs).toBeGreaterThanOrEqual(1);
    expect(framer.stats.maxBuffered).toBeLessThanOrEqual(128);
  });

  it('splits delimiter-framed streams for any chunking and drops oversized frames', () => {
    const framing: Framing = { kind: 'delimiter', delimiter: '0D0A', maxLength: 16 };
    const text = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
    const frames = [text('P1=4.82\r\n'), text('L=2.37\r\n'), text('\r\n'), text('Q=312.5\r\n')];
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (cuts) => {
        const framer = createFramer(framing);
        expect(hexes(feed(framer, split(concat(frames), cuts)))).toEqual(hexes(frames));
      }),
      { seed: 24, numRuns: 200 },
    );
    const framer = createFramer(framing);
    const oversized = text('THIS LINE IS FAR TOO LONG FOR THE LIMIT\r\n');
    const out = feed(framer, [oversized.subarray(0, 10), oversized.subarray(10), frames[0]!]);
    expect(hexes(out)).toEqual(hexes([frames[0]!]));
    expect(framer.stats.discardedBytes).toBe(oversized.length);
    expect(framer.stats.maxBuffered).toBeLessThanOrEqual(16);
  });

  it('skips bytes before the sync in delimiter framing', () => {
    const framer = createFramer({ kind: 'delimiter', delimiter: '7E', sync: 'A5', maxLength: 32 });
    const out = framer.push(new Uint8Array([1, 2, 0xa5, 9, 9, 0x7e, 0xa5, 0x7e]));
    expect(hexes(out)).toEqual(['a509097e', 'a57e']);
    expect(framer.stats.discardedBytes).toBe(2);
  });

  it('reset drops a partial frame', () => {
    const framer = createFramer(pump.framing!);
    framer.push(PUMP_FRAMES[0]!.subarray(0, 20));
    expect(framer.stats.buffered).toBe(20);
    expect(framer.reset()).toBe(20);
    expect(hexes(framer.push(PUMP_FRAMES[1]!))).toEqual(hexes([PUMP_FRAMES[1]!]));
  });

  it('refuses datagram framing', () => {
    expect(() => createFramer({ kind: 'datagram' })).toThrow(RangeError);
  });
});
