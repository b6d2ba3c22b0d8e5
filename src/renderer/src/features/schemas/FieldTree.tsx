import { Icon, Tag, Tooltip, type IconName } from '@blueprintjs/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { SchemaIssue } from '#shared/frame/plan';
import { useSchemaDraft } from '../../stores/schemaDraft';
import { moveTo, ptrKey, staticLayout, type Doc, type TreeRow } from './fieldOps';

const ICONS: Record<string, IconName> = {
  struct: 'folder-close',
  array: 'array',
  switch: 'fork',
  flags: 'flag',
  bitfield: 'segmented-control',
  enum: 'properties',
  string: 'font',
  bytes: 'code-block',
  padding: 'disable',
  checksum: 'confirm',
  bool: 'segmented-control',
  bcd: 'numerical',
  f32: 'floating-point',
  f64: 'floating-point',
};

function typeText(f: Record<string, unknown> | undefined, defaultOrder: string): string {
  if (!f) return '';
  const t = String(f.type ?? '?');
  const parts = [t];
  if (['u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64', 'flags', 'bitfield', 'enum', 'checksum'].includes(t)) {
    const order = typeof f.byteOrder === 'string' ? f.byteOrder : defaultOrder;
    if (!(['flags', 'bitfield', 'enum'].includes(t) && f.storage === 'u8')) parts.push(order);
  }
  if (typeof f.divisor === 'number') parts.push(`÷${f.divisor}`);
  if (typeof f.multiplier === 'number') parts.push(`×${f.multiplier}`);
  if (typeof f.unit === 'string') parts.push(f.unit);
  if (t === 'checksum' && typeof f.algorithm === 'string') parts.push(f.algorithm);
  return parts.join(' ');
}

export interface FieldTreeProps {
  doc: Doc;
  rows: TreeRow[];
  /** Issues by row key (validation issues pointing into that field). */
  issuesByRow: Map<string, SchemaIssue[]>;
  /** The row holding the decode error, with its message. */
  errorRow: { key: string; message: string } | undefined;
  /** Live positions from the decoded sample, by row key (overrides static positions). */
  livePositions: Map<string, { offset: number; length: number }>;
}

/** The field tree: select, hover (linked with the hex view), drag to reorder or nest, arrow keys to move the selection. */
export function FieldTree({ doc, rows, issuesByRow, errorRow, livePositions }: FieldTreeProps) {
  const selected = useSchemaDraft((s) => s.selected);
  const hovered = useSchemaDraft((s) => s.hovered);
  const select = useSchemaDraft((s) => s.select);
  const hover = useSchemaDraft((s) => s.hover);
  const edit = useSchemaDraft((s) => s.edit);
  const [drag, setDrag] = useState<{ from: string; over?: string; inside?: boolean } | undefined>();
  const container = useRef<HTMLDivElement>(null);
  const positions = staticLayout(doc);
  const defaultOrder = typeof doc.byteOrder === 'string' ? doc.byteOrder : 'BE';
  const selectedKey = selected ? ptrKey(selected) : undefined;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const i = rows.findIndex((r) => r.key === selectedKey);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = rows[Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) {
        select(next.ptr);
        container.current?.querySelector(`[data-row="${CSS.escape(next.key)}"]`)?.scrollIntoView({ block: 'nearest' });
      }
    } else if (e.key === 'Home' && rows[0]) select(rows[0].ptr);
    else if (e.key === 'End' && rows[rows.length - 1]) select(rows[rows.length - 1]!.ptr);
  };

  if (rows.length === 0) {
    return (
      <div className="swb-tree swb-tree-empty swb-muted" data-testid="field-tree">
        No fields yet. Pick a type and press <b>Add field</b> (Alt+N).
      </div>
    );
  }

  return (
    <div className="swb-tree" data-testid="field-tree" tabIndex={0} ref={container} onKeyDown={onKeyDown} onMouseLeave={() => hover(undefined)} role="tree" aria-label="Fields">
      {rows.map((r) => {
        const live = livePositions.get(r.key);
        const stat = positions.get(r.key);
        const offset = live?.offset ?? stat?.offset;
        const size = live?.length ?? stat?.size;
        const issues = issuesByRow.get(r.key) ?? [];
        const isError = errorRow?.key === r.key;
        const canDrag = r.kind === 'field';
        const isHovered = hovered !== undefined && (hovered === r.staticPath || hovered.replace(/\[\d+\]/g, '[]') === r.staticPath);
        const cls = ['swb-tree-row', r.key === selectedKey ? 'is-selected' : '', isHovered ? 'is-hovered' : '', issues.length > 0 || isError ? 'has-issue' : '', drag?.over === r.key ? (drag.inside ? 'drop-inside' : 'drop-before') : '', r.kind !== 'field' ? 'is-branch' : ''].filter(Boolean).join(' ');
        return (
          <div
            key={r.key}
            data-row={r.key}
            data-testid={`tree-row-${r.staticPath}${r.kind === 'case' || r.kind === 'default' ? `#${r.label}` : ''}`}
            className={cls}
            role="treeitem"
            aria-selected={r.key === selectedKey}
            style={{ paddingLeft: 6 + r.depth * 14 }}
            onClick={() => select(r.ptr)}
            onMouseEnter={() => hover(r.staticPath)}
            draggable={canDrag}
            onDragStart={(e) => {
              e.dataTransfer.setData('text/plain', r.key);
              e.dataTransfer.effectAllowed = 'move';
              setDrag({ from: r.key });
            }}
            onDragOver={(e) => {
              if (!drag) return;
              e.preventDefault();
              const inside = r.childList !== undefined;
              if (drag.over !== r.key || drag.inside !== inside) setDrag({ ...drag, over: r.key, inside });
            }}
            onDragEnd={() => setDrag(undefined)}
            onDrop={(e) => {
              e.preventDefault();
              const from = rows.find((x) => x.key === drag?.from);
              setDrag(undefined);
              if (!from || from.key === r.key) return;
              const result = r.childList ? moveTo(doc, from.ptr, r.childList, true) : moveTo(doc, from.ptr, r.ptr, false);
              if (result.doc !== doc) edit(result.doc, { select: result.ptr });
            }}
          >
            <Icon icon={r.kind === 'case' || r.kind === 'default' ? 'git-branch' : r.kind === 'items' ? 'list' : (ICONS[String(r.field?.type)] ?? 'numerical')} size={12} className="swb-tree-icon" />
            <span className={`swb-tree-name${r.kind !== 'field' ? ' swb-muted' : ''}`}>{r.label}</span>
            <span className="swb-tree-type swb-mono">{r.kind === 'field' || r.kind === 'items' ? typeText(r.field, defaultOrder) : ''}</span>
            <span className="swb-tree-pos swb-mono">{offset !== undefined ? `@${offset}` : ''}{size !== undefined ? `·${size}` : ''}</span>
            {issues.length > 0 || isError ? (
              <Tooltip content={isError ? errorRow!.message : issues.map((i) => i.message).join('\n')} compact placement="right">
                <Icon icon="error" intent="danger" size={12} data-testid={`tree-issue-${r.staticPath}`} />
              </Tooltip>
            ) : null}
            {r.field?.const !== undefined ? <Tag minimal className="swb-tree-const">const</Tag> : null}
          </div>
        );
      })}
    </div>
  );
}
