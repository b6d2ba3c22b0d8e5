import { readFileSync } from 'node:fs';
/*
 * Frame decode benchmark: the reference frame (shared/reference-frame.md) decoded by
 *   (a) the compiled schema decoder, (b) binary-parser and (c) a hand-written DataView decoder,
 * plus the reference interpreter for information. Every variant does the same work: length and
 * sync check, CRC-16/MODBUS check, scaling to engineering units, eight status booleans.
 *
 * Method: 1024 deterministic variations (valid CRCs) are cycled. Outputs are checked equal to
 * the hand-written decoder's before timing. Each round times every variant for a fixed slice
 * of CPU time (process.cpuUsage, robust to descheduling on a shared machine), in rotated order;
 * values are medians over rounds and ratios are medians of per-round ratios. Results are kept
 * in a ring so no variant's output can be optimised away. Bounded to about 10 s.
 *
 * Run: npx tsx bench/frame.bench.ts
 */
// The package's ESM entry ships no types; its CJS build (same code) has them next to it.
import { Parser } from 'binary-parser/dist/binary_parser.js';
import { crc16Modbus } from '../src/shared/frame/checksums';
import { compileSchema } from '../src/shared/frame/compile';
import { interpretDecode } from '../src/shared/frame/interpret';
import { createHandwrittenDecoder, referenceVariations } from '../src/shared/frame/testing/referenceFrame';
import { validateSchema } from '../src/shared/frame/validate';

// Demo schemas are read as files (not imported) so no tsconfig has to list resources/.
const schemaJson: unknown = JSON.parse(readFileSync(new URL('../resources/demo/schemas/pump-telemetry.json', import.meta.url), 'utf8'));

const FRAMES = referenceVariations(1024);
const ROUNDS = 12;
const SLICE_MS = 100; // per variant per round: 4 variants × 12 rounds × 100 ms ≈ 5 s of CPU plus warm-up
const WARMUP_MS = 250;
const MAX_WALL_MS = 9000;

const validation = validateSchema(schemaJson);
if (!validation.ok) throw new Error(`pump-telemetry.json is invalid: ${JSON.stringify(validation.issues)}`);
const schema = validation.schema;
const codec = compileSchema(schema);
const hand = createHandwrittenDecoder();

// binary-parser: same frame, formatters for scaling and flags, CRC checked before parsing
// (binary-parser cannot compute a CRC inside a parser).
const flag = (v: number) => v === 1;
const statusParser = new Parser()
  .endianness('big')
  .bit8('reserved_bits')
  .bit1('door_open', { formatter: flag })
  .bit1('dry_run', { formatter: flag })
  .bit1('over_temp', { formatter: flag })
  .bit1('low_level', { formatter: flag })
  .bit1('high_level', { formatter: flag })
  .bit1('remote_mode', { formatter: flag })
  .bit1('pump_fault', { formatter: flag })
  .bit1('pump_running', { formatter: flag });
const by = (d: number) => (v: number) => v / d;
const frameParser = new Parser()
  .endianness('big')
  .uint16('sync', { assert: 0xaa55, formatter: () => 'AA55' })
  .uint8('msg_type', { assert: 1 })
  .uint8('station_id')
  .uint16('seq')
  .uint32('unix_time')
  .int16('suction_pressure', { formatter: by(100) })
  .int16('discharge_pressure', { formatter: by(100) })
  .int16('wet_well_level', { formatter: by(100) })
  .uint16('motor_current', { formatter: by(10) })
  .uint16('motor_voltage', { formatter: by(10) })
  .uint16('vfd_frequency', { formatter: by(100) })
  .int16('motor_temp', { formatter: by(10) })
  .int16('bearing_temp', { formatter: by(10) })
  .floatbe('flow_rate')
  .floatbe('active_power')
  .floatbe('vibration_rms')
  .floatbe('energy_today')
  .nest('status', { type: statusParser })
  .seek(18)
  .uint16le('crc');

function binaryParserDecode(b: Uint8Array): Record<string, unknown> | undefined {
  if (b.length !== 64 || b[0] !== 0xaa || b[1] !== 0x55) return undefined;
  if (crc16Modbus(b, 0, 62) !== (b[62]! | (b[63]! << 8))) return undefined;
  return frameParser.parse(b) as Record<string, unknown>;
}

type Variant = { name: string; decode: (b: Uint8Array) => unknown };
const variants: Variant[] = [
  { name: 'frame.decode.handwritten', decode: hand },
  { name: 'frame.decode.compiled', decode: (b) => codec.decode(b) },
  { name: 'frame.decode.binary-parser', decode: binaryParserDecode },
  { name: 'frame.decode.interpreted', decode: (b) => interpretDecode(schema, b) },
];

function sameValues(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return Object.keys(b).every((k) => sameValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

function checkEquality(): void {
  for (const frame of FRAMES) {
    const expected = hand(frame);
    const compiled = codec.decode(frame);
    const interpreted = interpretDecode(schema, frame);
    const bp = binaryParserDecode(frame);
    if (!expected || !compiled.ok || !interpreted.ok || !bp) throw new Error('a decoder rejected a valid frame');
    if (!sameValues(compiled.fields, expected) || !sameValues(expected, compiled.fields)) throw new Error('compiled differs from hand-written');
    if (!sameValues(interpreted.fields, expected)) throw new Error('interpreter differs from hand-written');
    if (!sameValues(bp, expected)) throw new Error('binary-parser differs from hand-written');
  }
}

const sink: unknown[] = new Array(1024);

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Decodes frames for about `sliceMs` of CPU time; returns CPU ns per frame. */
function measure(v: Variant, sliceMs: number): number {
  const decode = v.decode;
  let frames = 0;
  const start = cpuMs();
  let elapsed = 0;
  do {
    for (let i = 0; i < 1024; i++) sink[i] = decode(FRAMES[i]!);
    frames += 1024;
    elapsed = cpuMs() - start;
  } while (elapsed < sliceMs);
  return (elapsed * 1e6) / frames;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

checkEquality();
for (const v of variants) measure(v, WARMUP_MS);
const perRound = new Map<string, number[]>(variants.map((v) => [v.name, []]));
const wallStart = performance.now();
for (let round = 0; round < ROUNDS; round++) {
  // On a busy machine CPU slices take longer in wall time: keep the whole run near 10 s.
  if (round >= 3 && performance.now() - wallStart > MAX_WALL_MS) break;
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(round + k) % variants.length]!;
    perRound.get(v.name)!.push(measure(v, SLICE_MS));
  }
}

const handRuns = perRound.get('frame.decode.handwritten')!;
const round2 = (x: number) => Math.round(x * 100) / 100;
for (const v of variants) {
  const runs = perRound.get(v.name)!;
  const line: Record<string, unknown> = { name: v.name, value: Math.round(median(runs)), unit: 'ns/frame' };
  if (v.name !== 'frame.decode.handwritten') {
    line.baseline = 'frame.decode.handwritten';
    line.ratio = round2(median(runs.map((ns, i) => handRuns[i]! / ns)));
  }
  console.log(JSON.stringify(line));
}
