import { walkFrame, type FieldLayout } from './interpret';
import type { DecodeOptions, DecodeResult } from './result';
import type { FrameSchema } from './schema';
import { planFor } from './validate';

export type { FieldLayout } from './interpret';

/** A decode plus where every field sits, for hex views that overlay fields on bytes. */
export type LayoutDecode = {
  result: DecodeResult;
  /**
   * Fields in frame order (containers before their children). On failure it holds the fields
   * decoded before the error; on a checksum mismatch the frame is laid out in full anyway, so the
   * user sees what the corrupted frame would mean.
   */
  layout: FieldLayout[];
};

/** Decodes with the interpreter and records the byte (and bit) position of every field. Never throws for any bytes. */
export function decodeWithLayout(schema: FrameSchema, bytes: Uint8Array, options: DecodeOptions = {}): LayoutDecode {
  const plan = planFor(schema);
  const layout: FieldLayout[] = [];
  const result = walkFrame(plan, bytes, options, layout);
  if (!result.ok && result.error.code === 'BAD_CHECKSUM') {
    const full: FieldLayout[] = [];
    walkFrame(plan, bytes, options, full, false);
    return { result, layout: full };
  }
  return { result, layout };
}
