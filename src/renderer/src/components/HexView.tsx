import { useMemo, type MouseEvent } from 'react';
import { asciiOf, spanColor, spanIndexByByte, spanMatches, type HexSpan } from './hex/hexSpans';

export type { HexSpan } from './hex/hexSpans';

export interface HexViewProps {
  bytes: Uint8Array;
  /** Coloured field overlays (see hex/hexSpans). */
  spans: readonly HexSpan[];
  /** Field path under the pointer elsewhere (tree, decoded table): its bytes are outlined. */
  hovered?: string | undefined;
  /** Selected field path: its bytes are drawn strongly. */
  selected?: string | undefined;
  /** A byte to flag as the error position (decode error offset). */
  errorOffset?: number | undefined;
  bytesPerRow?: number;
  onHover?: (spanKey: string | undefined) => void;
  onSelect?: (spanKey: string) => void;
  testId?: string;
}

const HEX = '0123456789ABCDEF';
function hex2(b: number): string {
  return HEX[b >>> 4]! + HEX[b & 15]!;
}

/**
 * A hex dump with coloured overlays per field, linked both ways: hovering a byte reports its
 * field, and the field hovered or selected elsewhere is highlighted here. Event handling is
 * delegated to the container (one listener for any frame size).
 */
export function HexView({ bytes, spans, hovered, selected, errorOffset, bytesPerRow = 16, onHover, onSelect, testId = 'hex-view' }: HexViewProps) {
  const owner = useMemo(() => spanIndexByByte(spans, bytes.length), [spans, bytes.length]);
  const rows = Math.ceil(bytes.length / bytesPerRow);

  const spanAt = (e: MouseEvent): HexSpan | undefined => {
    const target = (e.target as HTMLElement).closest('[data-offset]');
    if (!target) return undefined;
    const i = owner[Number(target.getAttribute('data-offset'))];
    return i !== undefined && i >= 0 ? spans[i] : undefined;
  };

  if (bytes.length === 0) return <div className="swb-hex swb-muted" data-testid={testId}>No bytes: paste a frame as hex or base64, or load a file.</div>;

  return (
    <div
      className="swb-hex swb-mono"
      data-testid={testId}
      onMouseOver={(e) => onHover?.(spanAt(e)?.key)}
      onMouseLeave={() => onHover?.(undefined)}
      onClick={(e) => {
        const s = spanAt(e);
        if (s) onSelect?.(s.key);
      }}
    >
      {Array.from({ length: rows }, (_, r) => {
        const start = r * bytesPerRow;
        const end = Math.min(bytes.length, start + bytesPerRow);
        const cells = [];
        const text = [];
        for (let o = start; o < end; o++) {
          const si = owner[o]!;
          const span = si >= 0 ? spans[si] : undefined;
          const isHovered = span !== undefined && spanMatches(span.key, hovered);
          const isSelected = span !== undefined && spanMatches(span.key, selected);
          const startsSpan = span !== undefined && o === span.offset;
          const endsSpan = span !== undefined && o === span.offset + span.length - 1;
          const cls = ['swb-hex-byte', isHovered ? 'is-hovered' : '', isSelected ? 'is-selected' : '', o === errorOffset ? 'is-error' : '', startsSpan ? 'span-start' : '', endsSpan ? 'span-end' : ''].filter(Boolean).join(' ');
          const title = `byte ${o} (0x${o.toString(16).toUpperCase()}) = 0x${hex2(bytes[o]!)} = ${bytes[o]}${span ? `\n${span.label}` : ''}`;
          const style = span ? { background: spanColor(span) } : undefined;
          cells.push(
            <span key={o} className={cls} style={style} title={title} data-offset={o}>
              {hex2(bytes[o]!)}
            </span>,
          );
          text.push(
            <span key={o} className={`swb-hex-char${isHovered ? ' is-hovered' : ''}${isSelected ? ' is-selected' : ''}`} style={style} data-offset={o}>
              {asciiOf(bytes[o]!)}
            </span>,
          );
        }
        return (
          <div className="swb-hex-row" key={r}>
            <span className="swb-hex-offset">{start.toString(16).toUpperCase().padStart(4, '0')}</span>
            <span className="swb-hex-bytes">{cells}</span>
            <span className="swb-hex-text">{text}</span>
          </div>
        );
      })}
    </div>
  );
}
