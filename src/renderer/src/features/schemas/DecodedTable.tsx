import { Icon, Tag, Tooltip } from '@blueprintjs/core';
import type { FieldLayout } from '#shared/frame/layout';
import type { RangeViolation } from '#shared/frame/ranges';
import { bytesToHex } from '#shared/frame/hex';
import { useSchemaDraft } from '../../stores/schemaDraft';
import { formatValue, staticPathOf } from './analysis';

/** The decoded tree of the sample: scaled values with units, raw bytes, offsets; linked with the tree and hex view. */
export function DecodedTable({ layout, bytes, units, ranges, onSelectPath }: { layout: FieldLayout[]; bytes: Uint8Array; units: Map<string, string>; ranges: RangeViolation[]; onSelectPath: (path: string) => void }) {
  const hovered = useSchemaDraft((s) => s.hovered);
  const hover = useSchemaDraft((s) => s.hover);
  const outOfRange = new Map(ranges.map((r) => [r.path, r]));
  if (layout.length === 0) return null;
  return (
    <div className="swb-decoded" data-testid="decoded-table" onMouseLeave={() => hover(undefined)}>
      <table className="swb-decoded-table">
        <thead>
          <tr>
            <th>Field</th>
            <th>Value</th>
            <th>Bytes</th>
            <th className="swb-num">@</th>
            <th className="swb-num">Size</th>
          </tr>
        </thead>
        <tbody>
          {layout.map((l) => {
            const sp = staticPathOf(l.path);
            const unit = units.get(sp);
            const range = outOfRange.get(l.path);
            const name = l.path.slice(l.path.lastIndexOf('.') + 1);
            const isLeaf = l.value !== undefined;
            const isHovered = hovered !== undefined && (hovered === l.path || staticPathOf(hovered) === sp);
            const bits = l.bitOffset !== undefined ? (l.bitWidth === 1 ? `bit ${l.bitOffset}` : `bits ${l.bitOffset}..${l.bitOffset + (l.bitWidth ?? 1) - 1}`) : undefined;
            return (
              <tr key={l.path + l.offset} className={isHovered ? 'is-hovered' : undefined} onMouseEnter={() => hover(l.path)} onClick={() => onSelectPath(l.path)} data-testid={`decoded-${l.path}`}>
                <td style={{ paddingLeft: 4 + l.depth * 14 }} className={isLeaf ? undefined : 'swb-muted'}>
                  {name}
                  {!isLeaf ? <span className="swb-small"> ({l.type})</span> : null}
                </td>
                <td className="swb-mono" data-testid={`value-${l.path}`}>
                  {typeof l.value === 'boolean' ? <Tag minimal intent={l.value ? 'success' : 'none'}>{String(l.value)}</Tag> : formatValue(l.value)}
                  {unit && isLeaf ? <span className="swb-muted"> {unit}</span> : null}
                  {range ? (
                    <Tooltip content={`outside the valid range ${range.min ?? '−∞'} … ${range.max ?? '∞'}${range.unit ? ` ${range.unit}` : ''}`} compact>
                      <Icon icon="warning-sign" intent="warning" size={12} className="swb-ml-xs" />
                    </Tooltip>
                  ) : null}
                </td>
                <td className="swb-mono swb-muted swb-small">{bits ?? (l.length <= 8 ? bytesToHex(bytes, ' ', l.offset, l.offset + l.length) : `${bytesToHex(bytes, ' ', l.offset, l.offset + 6)} …`)}</td>
                <td className="swb-num swb-mono">{l.offset}</td>
                <td className="swb-num swb-mono">{l.length}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
