import { Button, Callout, HTMLTable, Tag } from '@blueprintjs/core';
import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis, ZAxis, Tooltip } from 'recharts';
import type { ChartBlock, ReportBlock, ReportCell, ReportDocument } from '#shared/rpc/domains/reports';
import { rpc } from '../../rpc/client';
import { downloadPngFromSvg, downloadText } from './download';

// Same palette as the PDF and SVG renderers (src/main/reports/chartGeometry.ts).
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7a5195', '#444444'];

function cellText(c: ReportCell): string {
  if (c === null) return '—';
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(Number(c.toPrecision(5)));
  return c;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'chart';
}

function ChartView({ chart }: { chart: ChartBlock }) {
  const onlyPoints = chart.series.every((s) => s.style === 'points');
  const height = Math.round((chart.height ?? 220) * 1.15);
  const exportSvg = async () => {
    const { svg } = await rpc.call('reports.chartSvg', { chart });
    downloadText(`${slug(chart.title)}.svg`, svg, 'image/svg+xml');
  };
  const exportPng = async () => {
    const { svg } = await rpc.call('reports.chartSvg', { chart, width: 1600, height: 900 });
    await downloadPngFromSvg(`${slug(chart.title)}.png`, svg, 1600, 900);
  };
  const xDomain: [number | 'auto', number | 'auto'] = [chart.x.min ?? 'auto', chart.x.max ?? 'auto'];
  const yDomain: [number | 'auto', number | 'auto'] = [chart.y.min ?? 'auto', chart.y.max ?? 'auto'];
  return (
    <figure className="swb-report-chart" data-testid="report-chart">
      <div className="swb-report-chart-head">
        <span className="swb-report-chart-title">{chart.title}</span>
        <span>
          <Button size="small" variant="minimal" icon="media" text="SVG" onClick={() => void exportSvg()} data-testid="chart-svg" />
          <Button size="small" variant="minimal" icon="media" text="PNG" onClick={() => void exportPng()} />
        </span>
      </div>
      <ResponsiveContainer width="100%" height={height}>
        {onlyPoints ? (
          <ScatterChart margin={{ top: 6, right: 16, bottom: 18, left: 6 }}>
            <CartesianGrid stroke="#e5e8ec" />
            <XAxis type="number" dataKey="x" domain={xDomain} name={chart.x.label} label={{ value: chart.x.label, position: 'insideBottom', offset: -8, fontSize: 11 }} tick={{ fontSize: 10 }} />
            <YAxis type="number" dataKey="y" domain={yDomain} name={chart.y.label} label={{ value: chart.y.label, angle: -90, position: 'insideLeft', fontSize: 11 }} tick={{ fontSize: 10 }} />
            <ZAxis range={[12, 12]} />
            <Tooltip />
            <Legend verticalAlign="top" height={22} wrapperStyle={{ fontSize: 11 }} />
            {chart.series.map((s, i) => (
              <Scatter key={s.name + i} name={s.name} data={s.points.map(([x, y]) => ({ x, y }))} fill={s.color ?? PALETTE[i % PALETTE.length]} isAnimationActive={false} />
            ))}
          </ScatterChart>
        ) : (
          <LineChart margin={{ top: 6, right: 16, bottom: 18, left: 6 }}>
            <CartesianGrid stroke="#e5e8ec" />
            <XAxis type="number" dataKey="x" domain={xDomain} allowDuplicatedCategory={false} label={{ value: chart.x.label, position: 'insideBottom', offset: -8, fontSize: 11 }} tick={{ fontSize: 10 }} />
            <YAxis type="number" domain={yDomain} label={{ value: chart.y.label, angle: -90, position: 'insideLeft', fontSize: 11 }} tick={{ fontSize: 10 }} />
            <Tooltip />
            <Legend verticalAlign="top" height={22} wrapperStyle={{ fontSize: 11 }} />
            {chart.series.map((s, i) => (
              <Line
                key={s.name + i}
                name={s.name}
                data={s.points.map(([x, y]) => ({ x, y }))}
                dataKey="y"
                stroke={s.color ?? PALETTE[i % PALETTE.length]}
                strokeDasharray={s.dashed ? '6 4' : undefined}
                dot={s.style === 'line' ? false : { r: 2 }}
                strokeWidth={1.6}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
      {chart.caption ? <figcaption className="swb-muted swb-small">{chart.caption}</figcaption> : null}
    </figure>
  );
}

function Block({ block }: { block: ReportBlock }) {
  switch (block.kind) {
    case 'heading':
      return block.level === 2 ? <h3 className="swb-report-h2">{block.text}</h3> : <h4 className="swb-report-h3">{block.text}</h4>;
    case 'paragraph':
      return block.tone === 'pass' || block.tone === 'fail' || block.tone === 'warn' ? (
        <Callout intent={block.tone === 'pass' ? 'success' : block.tone === 'fail' ? 'danger' : 'warning'} compact>
          {block.text}
        </Callout>
      ) : (
        <p className={block.tone === 'muted' ? 'swb-muted swb-report-p' : 'swb-report-p'}>{block.text}</p>
      );
    case 'kv':
      return (
        <div className="swb-report-kv">
          {block.title ? <div className="swb-report-caption-title">{block.title}</div> : null}
          <dl className="swb-kv">
            {block.rows.map((r, i) => (
              <div key={i} style={{ display: 'contents' }}>
                <dt>{r.key}</dt>
                <dd>{r.value || '—'}</dd>
              </div>
            ))}
          </dl>
        </div>
      );
    case 'table':
      return (
        <div className="swb-report-table">
          {block.title ? <div className="swb-report-caption-title">{block.title}</div> : null}
          <HTMLTable compact striped className="swb-table-full">
            <thead>
              <tr>
                {block.columns.map((c, i) => (
                  <th key={i} style={{ textAlign: c.align ?? 'left' }}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((r, ri) => (
                <tr key={ri}>
                  {block.columns.map((c, ci) => (
                    <td key={ci} style={{ textAlign: c.align ?? 'left' }} className={c.mono ? 'swb-mono' : undefined}>
                      {cellText(r[ci] ?? null)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </HTMLTable>
          {block.caption ? <div className="swb-muted swb-small">{block.caption}</div> : null}
        </div>
      );
    case 'chart':
      return <ChartView chart={block} />;
    case 'signatures':
      return (
        <div className="swb-report-signatures">
          {block.parties.map((p, i) => (
            <div key={i} className="swb-report-signature">
              <strong>{p.role}</strong>
              <div>Name: {p.name || '________________'}</div>
              <div>Organisation: {p.organisation || '________________'}</div>
              <div>Signature: ________________</div>
              <div>Date: ________________</div>
            </div>
          ))}
        </div>
      );
    case 'cover':
      return (
        <div className="swb-report-cover">
          <div className="swb-report-cover-band">STATION WORKBENCH · Pump-station commissioning</div>
          <h1>{block.title}</h1>
          <div className="swb-muted">{block.subtitle}</div>
          <dl className="swb-kv" style={{ marginTop: 10 }}>
            {[...block.rows, { key: 'Date of report', value: block.date }].map((r, i) => (
              <div key={i} style={{ display: 'contents' }}>
                <dt>{r.key}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      );
    case 'toc':
      return null;
    case 'pageBreak':
      return <hr className="swb-report-break" />;
  }
}

/** HTML rendering of the same block list the PDF is drawn from. */
/** Memoised: the preview (recharts with thousands of points) re-renders only when the document changes. */
export const ReportPreview = memo(function ReportPreview({ doc }: { doc: ReportDocument }) {
  const numbered = doc.sections.filter((s) => s.number !== undefined);
  return (
    <div className="swb-report-preview" data-testid="report-preview">
      {doc.sections.map((s) => (
        <section key={s.id} className="swb-report-section" data-testid={`preview-section-${s.id}`}>
          {s.number !== undefined ? (
            <h2 className="swb-report-h1">
              <span className="swb-report-num">{s.number}</span>
              {s.title}
            </h2>
          ) : null}
          {s.id === 'toc' ? (
            <div>
              <h2 className="swb-report-h1">Contents</h2>
              <ol className="swb-report-toc">
                {numbered.map((n) => (
                  <li key={n.id}>
                    {n.number}&nbsp;&nbsp;{n.title}
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
          {s.blocks.map((b, i) => (
            <Block key={i} block={b} />
          ))}
        </section>
      ))}
      {doc.skipped.length > 0 ? (
        <div className="swb-report-skipped" data-testid="report-skipped">
          Not included:{' '}
          {doc.skipped.map((k) => (
            <Tag key={k.id} minimal style={{ marginRight: 4 }}>
              {k.id}: {k.reason}
            </Tag>
          ))}
        </div>
      ) : null}
    </div>
  );
});
