import { Button, Callout, HTMLSelect, HTMLTable, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { Channel } from '#shared/rpc/domains/monitor';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { liveLatest, useTelemetryStore } from '../../stores/telemetry';
import { ChannelDialog } from './ChannelDialog';
import { ageText, downloadText, formatValue, useChannels } from './hooks';

const RANGES = [
  { label: 'Last 15 min', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 h', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
];

/** Channel list with live values, create/edit/delete, statistics and CSV export over a range. */
export function ChannelsView() {
  useTelemetryStore((s) => s.version);
  const { list } = useChannels();
  const pipeline = useRpcQuery('monitor.pipeline.stats', {}, { refetchInterval: 2000 });
  const remove = useRpcMutation('monitor.channels.delete', ['monitor.channels.list']);
  const [editing, setEditing] = useState<Channel | 'new' | undefined>();
  const [rangeMs, setRangeMs] = useState(3_600_000);
  const [statsFor, setStatsFor] = useState<string | undefined>();
  const [exportError, setExportError] = useState<string | undefined>();
  const [rangeEnd] = useState(() => Date.now());
  const stats = useRpcQuery('monitor.series.stats', { channelId: statsFor ?? 'none', from: rangeEnd - rangeMs, to: rangeEnd }, { enabled: statsFor !== undefined });
  const now = Date.now();
  const exportCsv = async () => {
    setExportError(undefined);
    try {
      const to = Date.now();
      const r = await rpc.call('monitor.series.exportCsv', { channelIds: list.map((c) => c.id).slice(0, 32), from: to - rangeMs, to });
      if (r.csv !== undefined) downloadText(`channels-${new Date(to).toISOString().replace(/[:.]/g, '-')}.csv`, r.csv);
      if (r.truncated) setExportError(`Export truncated at ${r.rows} rows: choose a shorter range.`);
    } catch (error) {
      setExportError((error as Error).message);
    }
  };
  const p = pipeline.data;
  return (
    <div>
      <div className="swb-toolbar">
        <Button size="small" icon="add" intent="primary" text="New channel" onClick={() => setEditing('new')} data-testid="channel-new" />
        <HTMLSelect value={rangeMs} options={RANGES.map((r) => ({ value: r.ms, label: r.label }))} onChange={(e) => setRangeMs(Number(e.target.value))} aria-label="Range" />
        <Button size="small" icon="export" text="Export CSV" disabled={list.length === 0} onClick={() => void exportCsv()} data-testid="channels-export" />
        <span className="swb-status-spacer" />
        {p ? (
          <span className="swb-muted swb-small" data-testid="pipeline-stats">
            {p.messagesIn} messages · {p.samplesWritten} samples stored in {p.writeBatches} batches (last {p.lastWriteMs.toFixed(1)} ms) · {p.pendingSamples} pending
            {p.bindingErrors > 0 ? ` · ${p.bindingErrors} binding errors` : ''}
            {p.liveSamplesDropped > 0 ? ` · ${p.liveSamplesDropped} dropped` : ''}
          </span>
        ) : null}
      </div>
      {exportError ? <Callout intent="warning">{exportError}</Callout> : null}
      <HTMLTable compact interactive className="swb-table-full" data-testid="channels-table">
        <thead>
          <tr>
            <th>Id</th>
            <th>Name</th>
            <th>Binding</th>
            <th className="swb-num">Value</th>
            <th>Updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((c) => {
            const live = liveLatest(c.id);
            const l = live && (!c.latest || live.t >= c.latest.t) ? live : c.latest;
            return (
              <tr key={c.id} onClick={() => setStatsFor(c.id)} className={statsFor === c.id ? 'swb-row-selected' : undefined}>
                <td className="swb-mono">{c.id}</td>
                <td>
                  {c.name} {!c.enabled ? <Tag minimal>disabled</Tag> : null}
                  {c.lastError ? (
                    <Tag minimal intent="warning" title={c.lastError}>
                      binding error
                    </Tag>
                  ) : null}
                </td>
                <td className="swb-mono swb-small">
                  {c.binding.sourceId}
                  {c.binding.schemaId ? `/${c.binding.schemaId}` : ''} · {c.binding.kind === 'field' ? c.binding.fieldPath : `= ${c.binding.expression}`}
                  {c.decimationMs > 0 ? ` · 1/${c.decimationMs} ms` : ''}
                </td>
                <td className="swb-num swb-mono" data-testid={`channel-value-${c.id}`}>
                  {formatValue(l?.v, c.precision)} {c.unit}
                </td>
                <td className="swb-muted swb-small">{ageText(l?.t, now)}</td>
                <td onClick={(e) => e.stopPropagation()}>
                  <Button size="small" variant="minimal" icon="edit" aria-label={`Edit ${c.id}`} onClick={() => setEditing(c)} />
                  <Button size="small" variant="minimal" icon="trash" intent="danger" aria-label={`Delete ${c.id}`} onClick={() => window.confirm(`Delete channel '${c.name}'? Its stored samples are kept.`) && remove.mutate({ id: c.id })} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </HTMLTable>
      {list.length === 0 ? <p className="swb-muted">No channels yet. Create one from a decoded field of a source.</p> : null}
      {statsFor ? (
        <section className="swb-card" style={{ marginTop: 10 }} data-testid="channel-stats">
          <h3>
            Statistics · {statsFor} · {RANGES.find((r) => r.ms === rangeMs)?.label}
          </h3>
          {stats.error ? <Callout intent="danger">{stats.error.message}</Callout> : null}
          {stats.data ? (
            <dl className="swb-kv">
              {(['count', 'min', 'max', 'mean', 'std', 'p5', 'p50', 'p95', 'p99'] as const).map((k) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt>{k}</dt>
                  <dd className="swb-mono">{stats.data[k] === null ? '—' : k === 'count' ? stats.data[k] : Number(stats.data[k]).toPrecision(6)}</dd>
                </div>
              ))}
              <dt>basis</dt>
              <dd>{stats.data.basis === 'raw' ? 'raw samples (exact)' : 'rollups (raw samples expired; no percentiles)'}</dd>
            </dl>
          ) : null}
        </section>
      ) : null}
      {editing ? <ChannelDialog channel={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} /> : null}
    </div>
  );
}
