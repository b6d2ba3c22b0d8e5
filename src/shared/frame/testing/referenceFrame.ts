/*
 * The reference frame of /work/shared/reference-frame.md, built and decoded WITHOUT the schema
 * engine: a DataView builder, a bit-by-bit CRC and a hand-written decoder. Tests use them as an
 * independent oracle; bench/frame.bench.ts uses the variations and the hand-written decoder as
 * its baseline.
 */

/** The documented example frame (64 bytes). */
export const REFERENCE_FRAME_HEX =
  'AA550107123467748580FFDD01E200ED01820FAC128E02AC0227439C40004196000040100000449A5000000D0000000000000000000000000000000000003E1E';

/** Raw (unscaled) channel values of one reference frame. */
export type ReferenceRaw = {
  stationId: number;
  seq: number;
  unixTime: number;
  suction: number;
  discharge: number;
  level: number;
  current: number;
  voltage: number;
  frequency: number;
  motorTemp: number;
  bearingTemp: number;
  flow: number;
  power: number;
  vibration: number;
  energy: number;
  status: number;
};

/** The documented example's raw values. */
export const REFERENCE_RAW: ReferenceRaw = {
  stationId: 7,
  seq: 0x1234,
  unixTime: 1735689600,
  suction: -35,
  discharge: 482,
  level: 237,
  current: 386,
  voltage: 4012,
  frequency: 4750,
  motorTemp: 684,
  bearingTemp: 551,
  flow: 312.5,
  power: 18.75,
  vibration: 2.25,
  energy: 1234.5,
  status: 0x000d,
};

/** CRC-16/MODBUS computed bit by bit (no table), as an oracle for the table-driven one. */
export function crc16ModbusBitwise(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i]!;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** Builds a 64-byte reference frame with a valid CRC. */
export function buildReferenceFrame(v: ReferenceRaw): Uint8Array {
  const b = new Uint8Array(64);
  const dv = new DataView(b.buffer);
  b[0] = 0xaa;
  b[1] = 0x55;
  b[2] = 0x01;
  b[3] = v.stationId;
  dv.setUint16(4, v.seq);
  dv.setUint32(6, v.unixTime);
  dv.setInt16(10, v.suction);
  dv.setInt16(12, v.discharge);
  dv.setInt16(14, v.level);
  dv.setUint16(16, v.current);
  dv.setUint16(18, v.voltage);
  dv.setUint16(20, v.frequency);
  dv.setInt16(22, v.motorTemp);
  dv.setInt16(24, v.bearingTemp);
  dv.setFloat32(26, v.flow);
  dv.setFloat32(30, v.power);
  dv.setFloat32(34, v.vibration);
  dv.setFloat32(38, v.energy);
  dv.setUint16(42, v.status);
  dv.setUint16(62, crc16ModbusBitwise(b, 0, 62), true);
  return b;
}

/** Small deterministic PRNG (mulberry32) so variations are the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` deterministic variations of the example: different seq, time, values and flags, each with a valid CRC. */
export function referenceVariations(count: number, seed = 0x5eed): Uint8Array[] {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  // Quarter steps keep the floats exactly representable, like the documented example.
  const quarter = (hi: number) => Math.floor(rnd() * hi * 4) / 4;
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    frames.push(
      buildReferenceFrame({
        stationId: int(1, 40),
        seq: (0x1234 + i) & 0xffff,
        unixTime: 1735689600 + i * 5,
        suction: int(-100, 150),
        discharge: int(0, 1600),
        level: int(-200, 800),
        current: int(0, 2000),
        voltage: int(3800, 4200),
        frequency: int(0, 5000),
        motorTemp: int(-100, 1200),
        bearingTemp: int(-100, 900),
        flow: quarter(1200),
        power: quarter(250),
        vibration: quarter(12),
        energy: quarter(20000),
        status: int(0, 255),
      }),
    );
  }
  return frames;
}

/** The decoded reference frame in engineering units (the same shape as the schema engine's `fields`). */
export type ReferenceDecoded = {
  sync: string;
  msg_type: number;
  station_id: number;
  seq: number;
  unix_time: number;
  suction_pressure: number;
  discharge_pressure: number;
  wet_well_level: number;
  motor_current: number;
  motor_voltage: number;
  vfd_frequency: number;
  motor_temp: number;
  bearing_temp: number;
  flow_rate: number;
  active_power: number;
  vibration_rms: number;
  energy_today: number;
  status: {
    pump_running: boolean;
    pump_fault: boolean;
    remote_mode: boolean;
    high_level: boolean;
    low_level: boolean;
    over_temp: boolean;
    dry_run: boolean;
    door_open: boolean;
  };
  crc: number;
};

/**
 * Hand-written DataView decoder with a table-driven CRC check: what a careful engineer writes
 * for this one frame. Returns undefined for a wrong length, sync, message type or CRC.
 */
export function createHandwrittenDecoder(): (b: Uint8Array) => ReferenceDecoded | undefined {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return (b) => {
    if (b.length !== 64 || b[0] !== 0xaa || b[1] !== 0x55) return undefined;
    let crc = 0xffff;
    for (let i = 0; i < 62; i++) crc = (crc >>> 8) ^ table[(crc ^ b[i]!) & 0xff]!;
    if (crc !== (b[62]! | (b[63]! << 8))) return undefined;
    if (b[2] !== 1) return undefined;
    const dv = new DataView(b.buffer, b.byteOffset, 64);
    const s = dv.getUint16(42);
    return {
      sync: 'AA55',
      msg_type: 1,
      station_id: b[3]!,
      seq: dv.getUint16(4),
      unix_time: dv.getUint32(6),
      suction_pressure: dv.getInt16(10) / 100,
      discharge_pressure: dv.getInt16(12) / 100,
      wet_well_level: dv.getInt16(14) / 100,
      motor_current: dv.getUint16(16) / 10,
      motor_voltage: dv.getUint16(18) / 10,
      vfd_frequency: dv.getUint16(20) / 100,
      motor_temp: dv.getInt16(22) / 10,
      bearing_temp: dv.getInt16(24) / 10,
      flow_rate: dv.getFloat32(26),
      active_power: dv.getFloat32(30),
      vibration_rms: dv.getFloat32(34),
      energy_today: dv.getFloat32(38),
      status: {
        pump_running: (s & 0x01) !== 0,
        pump_fault: (s & 0x02) !== 0,
        remote_mode: (s & 0x04) !== 0,
        high_level: (s & 0x08) !== 0,
        low_level: (s & 0x10) !== 0,
        over_temp: (s & 0x20) !== 0,
        dry_run: (s & 0x40) !== 0,
        door_open: (s & 0x80) !== 0,
      },
      crc: b[62]! | (b[63]! << 8),
    };
  };
}
