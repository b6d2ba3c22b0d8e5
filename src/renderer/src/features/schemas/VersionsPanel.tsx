import { Button, Callout, HTMLTable, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { formatTime } from '../../components/format';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';

/** Published versions with readable diffs (against the previous version or the draft) and rollback. */
export function VersionsPanel({ schemaId, onRolledBack }: { schemaId: string; onRolledBack: () => void }) {
  const versions = useRpcQuery('schemas.versions', { id: schemaId });
  const rollback = useRpcMutation('schemas.rollback', ['schemas.versions', 'schemas.list', 'schemas.get']);
  const [compare, setCompare] = useState<{ from: number | 'draft'; to: number | 'draft' } | undefined>();
  const diff = useRpcQuery('schemas.diff', compare ? { id: schemaId, ...compare } : { id: schemaId, from: 'draft', to: 'draft' }, { enabled: compare !== undefined });
  const list = versions.data ?? [];
  return (
    <div className="swb-versions" data-testid="versions-panel">
      {list.length === 0 ? <div className="swb-muted">Not published yet. Publish the draft to make it available to sources.</div> : null}
      <div className="swb-versions-grid">
        <HTMLTable compact className="swb-table-full">
          <tbody>
            {list.map((v, i) => (
              <tr key={v.version} data-testid={`version-${v.version}`}>
                <td>
                  <Tag minimal intent={i === 0 ? 'primary' : 'none'}>v{v.version}</Tag>
                </td>
                <td className="swb-small">{formatTime(v.publishedAt)}</td>
                <td>{v.note || <span className="swb-muted">—</span>}</td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  {i < list.length - 1 ? <Button size="small" variant="minimal" text="vs previous" onClick={() => setCompare({ from: list[i + 1]!.version, to: v.version })} data-testid={`version-diff-prev-${v.version}`} /> : null}
                  <Button size="small" variant="minimal" text="vs draft" onClick={() => setCompare({ from: v.version, to: 'draft' })} data-testid={`version-diff-draft-${v.version}`} />
                  {i > 0 ? (
                    <Button
                      size="small"
                      variant="minimal"
                      icon="undo"
                      text="Roll back"
                      loading={rollback.isPending}
                      onClick={() => rollback.mutate({ id: schemaId, version: v.version }, { onSuccess: onRolledBack })}
                      data-testid={`version-rollback-${v.version}`}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
        {compare ? (
          <div className="swb-diff" data-testid="diff-view">
            <div className="swb-diff-title">
              {compare.from === 'draft' ? 'draft' : `v${compare.from}`} → {compare.to === 'draft' ? 'draft' : `v${compare.to}`}: <b>{diff.data?.summary ?? '…'}</b>
            </div>
            <ul className="swb-diff-list">
              {diff.data?.changes.map((c, i) => (
                <li key={i} className={`swb-diff-${c.kind}`}>
                  <Tag minimal intent={c.kind === 'added' ? 'success' : c.kind === 'removed' ? 'danger' : c.kind === 'moved' ? 'none' : 'warning'}>{c.kind}</Tag> {c.text}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {rollback.error ? <Callout intent="danger" compact>{rollback.error.message}</Callout> : null}
      {diff.error ? <Callout intent="danger" compact>{diff.error.message}</Callout> : null}
    </div>
  );
}
