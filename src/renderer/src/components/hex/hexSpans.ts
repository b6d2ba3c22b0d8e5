/*
 * Byte spans for the hex view: which field covers which bytes, and the colour of each. Colours
 * cycle through a palette readable on light and dark backgrounds (translucent fills).
 */

/** One coloured run of bytes belonging to one field. */
export type HexSpan = {
  /** Stable key (the field's decoded path, e.g. `readings[2].value`). */
  key: string;
  offset: number;
  length: number;
  /** Shown in the byte tooltip. */
  label: string;
  /** Palette slot; spans of one field share it. */
  color: number;
  /** Padding/reserved bytes are drawn muted. */
  muted?: boolean;
};

/** Translucent fills: 12 distinguishable hues at about 30 % opacity. */
export const HEX_PALETTE = [
  'rgba(45, 114, 210, 0.30)',
  'rgba(35, 133, 81, 0.32)',
  'rgba(200, 118, 25, 0.32)',
  'rgba(146, 89, 184, 0.32)',
  'rgba(0, 162, 158, 0.32)',
  'rgba(205, 66, 70, 0.28)',
  'rgba(135, 140, 28, 0.34)',
  'rgba(214, 90, 165, 0.30)',
  'rgba(99, 118, 140, 0.34)',
  'rgba(25, 160, 215, 0.30)',
  'rgba(170, 115, 75, 0.32)',
  'rgba(90, 160, 60, 0.32)',
];

export function spanColor(span: HexSpan): string {
  return span.muted ? 'rgba(128, 128, 128, 0.16)' : HEX_PALETTE[span.color % HEX_PALETTE.length]!;
}

/** For each byte, the index of the span covering it (-1 when none). Later spans win on overlap. */
export function spanIndexByByte(spans: readonly HexSpan[], byteCount: number): Int32Array {
  const out = new Int32Array(byteCount).fill(-1);
  spans.forEach((s, i) => {
    const end = Math.min(byteCount, s.offset + s.length);
    for (let b = Math.max(0, s.offset); b < end; b++) out[b] = i;
  });
  return out;
}

/** Whether a span belongs to the hovered/selected field path (the field itself, a parent, or a bit inside it). */
export function spanMatches(spanPath: string, target: string | undefined): boolean {
  if (target === undefined || target === '') return false;
  const p = spanPath.replace(/\[\d+\]/g, '[]');
  const t = target.replace(/\[\d+\]/g, '[]');
  if (spanPath === target || p === t) return true;
  // A container (struct, array, array items) highlights the bytes of everything inside it.
  if (p.startsWith(`${t}.`) || p.startsWith(`${t}[`)) return true;
  // A flag or bit-field member highlights its storage word.
  return t.startsWith(`${p}.`) && !t.slice(p.length + 1).includes('.');
}

/** Printable ASCII for the text column. */
export function asciiOf(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '·';
}
