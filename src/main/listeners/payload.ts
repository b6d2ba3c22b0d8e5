import { parseHex } from '#shared/frame/hex';
import type { StreamDecodeHooks } from './types';

/** Encodes decoded-looking fields into frame bytes (the bound schema's encoder). */
export type FieldEncoder = (fields: Record<string, unknown>) => { ok: true; bytes: Uint8Array } | { ok: false; message: string };

export type PayloadFrames = { frames: Uint8Array[]; errors: Array<{ reason: string; message: string }> };

/**
 * Frames carried by one self-contained message (HTTP body, WebSocket or MQTT message): the whole
 * payload for datagram schemas, else everything the schema's framing cuts from it. Bytes left
 * over at the end are an incomplete frame.
 */
export function framesFromBinary(bytes: Uint8Array, hooks: StreamDecodeHooks): PayloadFrames {
  const framer = hooks.newFramer();
  if (!framer) return { frames: [bytes], errors: [] };
  const frames = framer.push(bytes);
  const errors: PayloadFrames['errors'] = [];
  const s = framer.stats as { discardedBytes: number; buffered?: number };
  if (s.discardedBytes > 0) errors.push({ reason: 'FRAMING_RESYNC', message: `${s.discardedBytes} byte(s) skipped looking for a frame start` });
  if ((s.buffered ?? 0) > 0) errors.push({ reason: 'INCOMPLETE_FRAME', message: `${s.buffered} byte(s) at the end do not make a whole frame` });
  return { frames, errors };
}

/**
 * JSON payloads: `{"hex": "AA55…"}`, `{"frames": ["AA55…", …]}`, `{"fields": {…}}` (encoded with the
 * bound schema, so values are range- and type-checked), or an array of those.
 */
export function framesFromJson(text: string, hooks: StreamDecodeHooks, encode: FieldEncoder): PayloadFrames {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { frames: [], errors: [{ reason: 'BAD_JSON', message: `body is not valid JSON: ${(e as Error).message}` }] };
  }
  const out: PayloadFrames = { frames: [], errors: [] };
  const items = Array.isArray(doc) ? doc : [doc];
  if (items.length > 10_000) return { frames: [], errors: [{ reason: 'BAD_JSON', message: 'more than 10000 items in one body' }] };
  items.forEach((item, i) => {
    const where = Array.isArray(doc) ? `item ${i}: ` : '';
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      out.errors.push({ reason: 'BAD_JSON', message: `${where}expected an object with "hex", "frames" or "fields"` });
      return;
    }
    const o = item as Record<string, unknown>;
    const hexes = typeof o.hex === 'string' ? [o.hex] : Array.isArray(o.frames) ? o.frames : undefined;
    if (hexes) {
      hexes.forEach((h, j) => {
        const p = typeof h === 'string' ? parseHex(h) : { ok: false as const, message: 'not a string' };
        if (!p.ok) out.errors.push({ reason: 'BAD_HEX', message: `${where}${typeof o.hex === 'string' ? 'hex' : `frames[${j}]`}: ${p.message}` });
        else {
          const r = framesFromBinary(p.bytes, hooks);
          out.frames.push(...r.frames);
          out.errors.push(...r.errors);
        }
      });
      return;
    }
    if (o.fields !== null && typeof o.fields === 'object' && !Array.isArray(o.fields)) {
      const r = encode(o.fields as Record<string, unknown>);
      if (r.ok) out.frames.push(r.bytes);
      else out.errors.push({ reason: 'ENCODE_FAILED', message: `${where}fields: ${r.message}` });
      return;
    }
    out.errors.push({ reason: 'BAD_JSON', message: `${where}expected "hex" (string), "frames" (array of hex) or "fields" (object)` });
  });
  return out;
}
