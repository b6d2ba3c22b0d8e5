import { Alert, Button, ButtonGroup, Callout, Checkbox, EditableText, HTMLTable, NonIdealState, Tag } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DatasetDetail } from '#shared/rpc/domains/data';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { CleaningPanel } from './CleaningPanel';
import { InvalidRowsTable } from './ImportWizard';
import { downloadText, formatClock, formatValue, unitLabel } from './upload';

const COLORS = ['#2d72d2', '#d1980b', '#238551', '#cd4246', '#7961db', '#00a396', '#c87619', '#634dbf'];
const PAGE = 100;

function QuickChart({ dataset }: { dataset: DatasetDetail }) {
  const measured = dataset.columns.filter((c) => c.quantity !== 'time');
  const [selected, setSelected] = useState<string[]>(() => {
    const pick = ['flow', 'head', 'power'].map((q) => measured.find((c) => c.quantity === q)?.key).filter((k): k is string => k !== undefined);
    return pick.length > 0 ? pick.slice(0, 2) : measured.slice(0, 1).map((c) => c.key);
  });
  const series = useRpcQuery('data.datasets.series', { id: dataset.id, y: selected.length > 0 ? selected : [measured[0]?.key ?? ''], maxPoints: 2000 }, { enabled: measured.length > 0 && selected.length > 0 });
  const rows = useMemo(() => (series.data?.data ?? []).map((r) => Object.fromEntries([['x', r[0]], ...selected.map((k, i) => [k, r[i + 1]])])), [series.data, selected]);
  const isTime = series.data?.xQuantity === 'time';
  const axisOf = (key: string) => (selected.indexOf(key) === 1 ? 'right' : 'left');
  return (
    <section className="swb-card swb-data-chart" data-testid="dataset-chart">
      <h3>Chart</h3>
      <div className="swb-toolbar">
        {measured.map((c) => (
          <Checkbox key={c.key} inline label={c.name} checked={selected.includes(c.key)} onChange={(e) => {
              const on = e.currentTarget.checked;
              setSelected((s) => (on ? [...s, c.key].slice(-6) : s.filter((k) => k !== c.key)));
            }} />
        ))}
      </div>
      {series.data ? (
        <div className="swb-muted swb-small">
          {series.data.points.toLocaleString()} of {series.data.total.toLocaleString()} rows drawn{series.data.points < series.data.total ? ' (LTTB)' : ''}
        </div>
      ) : null}
      <div style={{ height: 280 }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--swb-border)" />
            <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => (isTime ? formatClock(v) : String(v))} fontSize={11} />
            <YAxis yAxisId="left" fontSize={11} width={52} />
            {selected.length > 1 ? <YAxis yAxisId="right" orientation="right" fontSize={11} width={52} /> : null}
            <Tooltip labelFormatter={(v) => (isTime ? formatClock(Number(v), true) : String(v))} formatter={(v) => (typeof v === 'number' ? Number(v.toPrecision(5)) : String(v))} />
            <Legend />
            {selected.map((k, i) => {
              const c = dataset.columns.find((x) => x.key === k);
              return <Line key={k} yAxisId={axisOf(k)} dataKey={k} name={`${c?.name ?? k}${c?.unit ? ` [${unitLabel(c.unit)}]` : ''}`} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} connectNulls={false} strokeWidth={1.2} />;
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

function QualityCard({ id }: { id: string }) {
  const [method, setMethod] = useState<'hampel' | 'iqr' | 'zscore'>('hampel');
  const q = useRpcQuery('data.quality', { id, outlierMethod: method });
  return (
    <section className="swb-card" data-testid="quality-report">
      <h3>Quality report</h3>
      <ButtonGroup size="small" className="swb-data-seg">
        {(['hampel', 'iqr', 'zscore'] as const).map((m) => (
          <Button key={m} text={m === 'zscore' ? 'z-score' : m === 'iqr' ? 'IQR' : 'Hampel'} active={method === m} onClick={() => setMethod(m)} />
        ))}
      </ButtonGroup>
      {q.error ? <Callout intent="danger">{q.error.message}</Callout> : null}
      {q.data ? (
        <>
          <ul className="swb-data-findings" data-testid="quality-findings">
            {q.data.findings.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
          <div className="swb-data-scroll">
            <HTMLTable compact striped className="swb-table-full">
              <thead>
                <tr>
                  <th>Column</th>
                  <th>Missing</th>
                  <th>Gaps</th>
                  <th>Outliers</th>
                  <th>Stuck</th>
                  <th>Min</th>
                  <th>Mean</th>
                  <th>Max</th>
                </tr>
              </thead>
              <tbody>
                {q.data.columns.map((c) => (
                  <tr key={c.key}>
                    <td>
                      {c.name} <span className="swb-muted swb-small">{unitLabel(c.unit)}</span>
                    </td>
                    <td>{c.missing || ''}</td>
                    <td>{c.gapRuns ? `${c.gapRuns} (≤${c.longestGap})` : ''}</td>
                    <td>{c.outliers ? <Tag minimal intent="warning">{c.outliers}</Tag> : ''}</td>
                    <td>{c.stuckRuns ? `${c.stuckRuns} / ${c.stuckRows} rows` : ''}</td>
                    <td className="swb-mono">{formatValue(c.min, c.quantity)}</td>
                    <td className="swb-mono">{formatValue(c.mean, c.quantity)}</td>
                    <td className="swb-mono">{formatValue(c.max, c.quantity)}</td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
          </div>
          <div className="swb-muted swb-small">
            {q.data.rowCount.toLocaleString()} rows{q.data.medianStepMs ? ` · usual step ${q.data.medianStepMs / 1000} s` : ''} · {q.data.duplicateTimestamps} duplicate timestamps · {q.data.timeGapCount} time gaps
          </div>
        </>
      ) : null}
    </section>
  );
}

function RowsCard({ dataset }: { dataset: DatasetDetail }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(dataset.rowCount / PAGE));
  const current = Math.min(page, pages - 1);
  const rows = useRpcQuery('data.datasets.get', { id: dataset.id, offset: current * PAGE, limit: PAGE });
  return (
    <section className="swb-card" data-testid="dataset-rows">
      <h3>Rows</h3>
      <div className="swb-toolbar">
        <Button size="small" icon="double-chevron-left" disabled={current === 0} onClick={() => setPage(0)} aria-label="First page" />
        <Button size="small" icon="chevron-left" disabled={current === 0} onClick={() => setPage(current - 1)} aria-label="Previous page" />
        <span className="swb-small">
          rows {(current * PAGE + 1).toLocaleString()}–{Math.min(dataset.rowCount, (current + 1) * PAGE).toLocaleString()} of {dataset.rowCount.toLocaleString()}
        </span>
        <Button size="small" icon="chevron-right" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} aria-label="Next page" data-testid="rows-next" />
        <Button size="small" icon="double-chevron-right" disabled={current >= pages - 1} onClick={() => setPage(pages - 1)} aria-label="Last page" />
      </div>
      <div className="swb-data-scroll swb-data-rows">
        <HTMLTable compact striped className="swb-table-full">
          <thead>
            <tr>
              <th>#</th>
              {dataset.columns.map((c) => (
                <th key={c.key}>
                  {c.name}
                  {c.unit && c.quantity !== 'time' ? <span className="swb-muted"> [{unitLabel(c.unit)}]</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.data?.rows.map((r) => (
              <tr key={r.index}>
                <td className="swb-muted swb-mono">{r.index}</td>
                {dataset.columns.map((c, i) => (
                  <td key={c.key} className="swb-mono">
                    {formatValue(r.values[i], c.quantity)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
    </section>
  );
}

function IssuesCard({ id }: { id: string }) {
  const issues = useRpcQuery('data.datasets.issues', { id, offset: 0, limit: 500 });
  if (!issues.data || issues.data.total === 0) return null;
  return (
    <section className="swb-card" data-testid="dataset-issues">
      <h3>Rows rejected at import</h3>
      <InvalidRowsTable rows={issues.data.rows} total={issues.data.total} testId="dataset-issues-table" />
    </section>
  );
}

/** One dataset: header actions, quick chart, cleaning with provenance, quality report, rows and import issues. */
export function DatasetView({ id, onDeleted, onSelect }: { id: string; onDeleted: () => void; onSelect: (id: string) => void }) {
  const detail = useRpcQuery('data.datasets.get', { id, offset: 0, limit: 1 });
  const rename = useRpcMutation('data.datasets.rename', ['data.datasets.list', 'data.datasets.get']);
  const del = useRpcMutation('data.datasets.delete', ['data.datasets.list']);
  const [confirm, setConfirm] = useState(false);
  const [exportError, setExportError] = useState<string | undefined>();
  const dataset = detail.data?.dataset;
  if (detail.error) return <NonIdealState icon="error" title="Dataset not available" description={detail.error.message} />;
  if (!dataset) return null;
  const exportCsv = async () => {
    setExportError(undefined);
    try {
      const r = await rpc.call('data.export.csv', { id, delimiter: ',', decimal: '.' });
      if (r.csv !== undefined) downloadText(r.fileName, r.csv);
    } catch (e) {
      setExportError((e as Error).message);
    }
  };
  return (
    <div className="swb-data-view" data-testid="dataset-view">
      <div className="swb-data-view-head">
        <h2 className="swb-data-title">
          <EditableText key={dataset.name} defaultValue={dataset.name} onConfirm={(name) => name.trim() && name !== dataset.name && rename.mutate({ id, name: name.trim() })} />
        </h2>
        <span className="swb-muted">
          {dataset.rowCount.toLocaleString()} rows · {dataset.columns.length} columns · {dataset.source}
        </span>
        <span className="swb-status-spacer" />
        <Button size="small" icon="export" text="Export CSV" onClick={() => void exportCsv()} data-testid="dataset-export" />
        <Button size="small" icon="trash" intent="danger" variant="minimal" text="Delete" onClick={() => setConfirm(true)} data-testid="dataset-delete" />
      </div>
      {exportError ? <Callout intent="danger">{exportError}</Callout> : null}
      <div className="swb-data-columns">
        <div className="swb-data-main">
          <QuickChart key={`${dataset.id}:${dataset.columns.length}`} dataset={dataset} />
          <QualityCard id={id} />
          <RowsCard dataset={dataset} />
          <IssuesCard id={id} />
        </div>
        <div className="swb-data-side">
          <CleaningPanel key={dataset.id} dataset={dataset} onDerived={onSelect} />
        </div>
      </div>
      <Alert isOpen={confirm} intent="danger" icon="trash" confirmButtonText="Delete" cancelButtonText="Keep" onCancel={() => setConfirm(false)} onConfirm={() => del.mutate({ id }, { onSuccess: () => { setConfirm(false); onDeleted(); } })}>
        Delete dataset '{dataset.name}' with its {dataset.rowCount.toLocaleString()} rows and cleaning history?
      </Alert>
    </div>
  );
}
