import { Button, Callout, Drawer, HTMLTable, NonIdealState, Tag } from '@blueprintjs/core';
import type { ConfigChange } from '#shared/rpc/domains/gateway';
import { formatTime } from '../../components/format';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';

function describeChange(change: ConfigChange): string {
  const what = `${change.section}${change.id ? ` '${change.id}'` : ''} ${change.op}`;
  const fields = change.fields ? Object.keys(change.fields) : [];
  return fields.length ? `${what}: ${fields.join(', ')}` : what;
}

/**
 * Every gateway configuration version (sources, rules, targets, simulator) with what changed;
 * rolling back restores an old version as a new one and hot-reloads it.
 */
export function ConfigHistoryDrawer({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const current = useRpcQuery('gateway.config.get', {}, { enabled: isOpen });
  const history = useRpcQuery('gateway.config.history', { limit: 200 }, { enabled: isOpen });
  const rollback = useRpcMutation('gateway.config.rollback', ['gateway.config.get', 'gateway.config.history', 'gateway.status']);
  return (
    <Drawer isOpen={isOpen} onClose={onClose} title="Gateway configuration history" icon="history" size="640px">
      <div className="swb-drawer-body" data-testid="config-history">
        <p className="swb-muted">Current version: {current.data?.version ?? '…'}. A rollback is recorded as a new version; nothing is lost.</p>
        {rollback.error ? <Callout intent="danger">{rollback.error.message}</Callout> : null}
        {history.data && history.data.length === 0 ? <NonIdealState icon="history" title="No versions yet" /> : null}
        <HTMLTable compact striped className="swb-table-full">
          <thead>
            <tr>
              <th>Version</th>
              <th>Time</th>
              <th>Changes</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.data?.map((v) => (
              <tr key={v.version} data-testid={`config-version-${v.version}`}>
                <td>
                  v{v.version}
                  {v.version === current.data?.version ? (
                    <Tag minimal intent="success" className="swb-ml">
                      current
                    </Tag>
                  ) : null}
                </td>
                <td className="swb-small">{formatTime(v.time)}</td>
                <td className="swb-small">
                  <div>{v.summary}</div>
                  {v.rollbackOf !== undefined ? <div className="swb-muted">restores v{v.rollbackOf}</div> : null}
                  {v.changes.slice(0, 6).map((c, i) => (
                    <div key={i} className="swb-muted swb-mono">
                      {describeChange(c)}
                    </div>
                  ))}
                  {v.changes.length > 6 ? <div className="swb-muted">… {v.changes.length - 6} more</div> : null}
                </td>
                <td>
                  {v.version !== current.data?.version ? (
                    <Button size="small" icon="undo" text="Roll back" loading={rollback.isPending && rollback.variables?.version === v.version} onClick={() => rollback.mutate({ version: v.version })} data-testid={`config-rollback-${v.version}`} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
    </Drawer>
  );
}
