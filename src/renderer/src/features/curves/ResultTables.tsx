import { Button, Callout, HTMLTable, Tag } from '@blueprintjs/core';
import type { ComparisonRow, FitRunResult, ModelFit } from '#shared/rpc/domains/curves';
import { exportCsv } from './exportChart';
import { FIT_COLORS } from './FitChart';

export const num = (v: number | null | undefined, digits = 5) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : Math.abs(v) !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString());

const ENGINE_LABEL: Record<string, string> = {
  'linear-qr': 'linear least squares (Householder QR, centred and scaled x)',
  lm: 'Levenberg–Marquardt (built-in, geodesic acceleration) + Gauss–Newton polish',
  'ml-levenberg-marquardt': 'ml-levenberg-marquardt (wrapped, scaled) + Gauss–Newton polish',
};

export function ParameterTable({ fit, fileBase }: { fit: ModelFit; fileBase: string }) {
  const r = fit.result;
  if (!r.ok) return <Callout intent="danger" title="The fit failed" data-testid="fit-failure">{r.message}</Callout>;
  const level = Math.round((r.bands?.level ?? 0.95) * 100);
  const rows = r.parameters.map((p) => [p.name, p.value, p.stdError, p.value !== null && p.stdError !== null && p.value !== 0 ? Math.abs(p.stdError / p.value) : null, p.ciLower, p.ciUpper, p.atBound ?? '']);
  return (
    <>
      <div className="swb-toolbar swb-curves-card-head">
        <span className="swb-mono swb-small" data-testid="fit-expression">
          {fit.label === r.expression ? r.expression : `${fit.label}: ${r.expression}`}
        </span>
        <Button size="small" variant="minimal" icon="download" text="CSV" data-testid="params-csv" onClick={() => exportCsv(`${fileBase}-parameters.csv`, ['parameter', 'value', 'std_error', 'rel_std_error', `ci${level}_lower`, `ci${level}_upper`, 'at_bound'], rows)} />
      </div>
      <HTMLTable compact striped className="swb-table-full swb-num-table" data-testid="params-table">
        <thead>
          <tr>
            <th>Parameter</th>
            <th>Estimate</th>
            <th>Std. error</th>
            <th>Rel.</th>
            <th>{level} % CI</th>
          </tr>
        </thead>
        <tbody>
          {r.parameters.map((p) => (
            <tr key={p.name}>
              <td className="swb-mono">
                {p.name} {p.atBound ? <Tag minimal intent="warning">at {p.atBound} bound</Tag> : null}
              </td>
              <td className="swb-mono">{num(p.value, 7)}</td>
              <td className="swb-mono">{num(p.stdError, 3)}</td>
              <td className="swb-mono">{p.value && p.stdError !== null ? `${num(Math.abs((p.stdError / p.value) * 100), 2)} %` : '—'}</td>
              <td className="swb-mono">
                [{num(p.ciLower, 5)}, {num(p.ciUpper, 5)}]
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </>
  );
}

export function MetricsList({ fit }: { fit: ModelFit }) {
  const r = fit.result;
  if (!r.ok) return null;
  const m = r.metrics;
  return (
    <dl className="swb-kv swb-small" data-testid="fit-metrics">
      <dt>n / p / dof</dt>
      <dd>
        {m.n} / {m.p} / {m.dof}
      </dd>
      <dt>RSS</dt>
      <dd className="swb-mono">{num(m.rss, 6)}</dd>
      <dt>R²{m.r2Uncentred ? ' (uncentred)' : ''}</dt>
      <dd className="swb-mono" data-testid="metric-r2">{num(m.r2, 6)}</dd>
      <dt>Adjusted R²</dt>
      <dd className="swb-mono">{num(m.adjR2, 6)}</dd>
      <dt>RMSE / resid. SD</dt>
      <dd className="swb-mono">
        {num(m.rmse, 4)} / {num(m.residualSd, 4)}
      </dd>
      <dt>AIC / BIC</dt>
      <dd className="swb-mono">
        {num(m.aic, 5)} / {num(m.bic, 5)}
      </dd>
      <dt>{r.cvFolds}-fold CV RMSE</dt>
      <dd className="swb-mono">{r.cvFolds > 0 ? num(r.cvRmse, 4) : 'skipped'}</dd>
      <dt>Engine</dt>
      <dd data-testid="fit-engine">{ENGINE_LABEL[r.engine] ?? r.engine}</dd>
      <dt>Convergence</dt>
      <dd>
        {r.engine === 'linear-qr' ? 'direct solve' : `${r.converged ? 'converged' : 'NOT converged'} (${r.termination}, ${r.iterations} iterations${r.startIndex > 0 ? `, best of several starts: #${r.startIndex}` : ''})`}
      </dd>
      <dt>Time</dt>
      <dd>{num(fit.durationMs, 3)} ms</dd>
    </dl>
  );
}

export function Warnings({ fit }: { fit: ModelFit }) {
  const engine = fit.result.ok ? fit.result.warnings : [];
  if (fit.physics.length === 0 && engine.length === 0)
    return (
      <Callout intent="success" icon="tick" className="swb-small" data-testid="physics-ok">
        No physics or convergence warnings for this curve.
      </Callout>
    );
  return (
    <div className="swb-curves-warnings" data-testid="physics-warnings">
      {fit.physics.map((w, i) => (
        <Callout key={`p${i}`} intent={w.severity === 'warning' ? 'warning' : 'primary'} icon={w.severity === 'warning' ? 'warning-sign' : 'info-sign'} className="swb-small">
          {w.message}
        </Callout>
      ))}
      {engine.map((w, i) => (
        <Callout key={`e${i}`} intent="primary" icon="info-sign" className="swb-small">
          {w}
        </Callout>
      ))}
    </div>
  );
}

export function ComparisonTable({ run, selected, onSelect, fileBase }: { run: FitRunResult; selected: number; onSelect: (i: number) => void; fileBase: string }) {
  const rows = run.comparison;
  const best = (key: keyof ComparisonRow, lower: boolean) => {
    const vals = rows.map((r) => r[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return vals.length ? (lower ? Math.min(...vals) : Math.max(...vals)) : undefined;
  };
  const bAic = best('aic', true);
  const bCv = best('cvRmse', true);
  const bAdj = best('adjR2', false);
  const header = ['model', 'ok', 'engine', 'p', 'rss', 'r2', 'adj_r2', 'rmse', 'aic', 'bic', 'cv_rmse', 'converged', 'physics_warnings', 'message'];
  return (
    <>
      <div className="swb-toolbar swb-curves-card-head">
        <span className="swb-muted swb-small">Same {run.fittedPoints} points for every model. Click a row to show it; best values in bold.</span>
        <Button size="small" variant="minimal" icon="download" text="CSV" data-testid="compare-csv" onClick={() => exportCsv(`${fileBase}-comparison.csv`, header, rows.map((r) => [r.label, r.ok, r.engine, r.p, r.rss, r.r2, r.adjR2, r.rmse, r.aic, r.bic, r.cvRmse, r.converged, r.physicsWarnings, r.message]))} />
      </div>
      <HTMLTable compact interactive className="swb-table-full swb-num-table" data-testid="compare-table">
        <thead>
          <tr>
            <th />
            <th>Model</th>
            <th>p</th>
            <th>RSS</th>
            <th>R²</th>
            <th>Adj. R²</th>
            <th>RMSE</th>
            <th>AIC</th>
            <th>BIC</th>
            <th>CV RMSE</th>
            <th>Warnings</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} onClick={() => onSelect(i)} className={i === selected ? 'swb-row-selected' : undefined} data-testid={`compare-row-${i}`}>
              <td>
                <span className="swb-swatch" style={{ background: FIT_COLORS[i % FIT_COLORS.length] }} />
              </td>
              <td>{r.label}</td>
              {r.ok ? (
                <>
                  <td>{r.p}</td>
                  <td className="swb-mono">{num(r.rss, 5)}</td>
                  <td className="swb-mono">{num(r.r2, 6)}</td>
                  <td className={`swb-mono${r.adjR2 === bAdj ? ' swb-best' : ''}`}>{num(r.adjR2, 6)}</td>
                  <td className="swb-mono">{num(r.rmse, 4)}</td>
                  <td className={`swb-mono${r.aic === bAic ? ' swb-best' : ''}`}>{num(r.aic, 5)}</td>
                  <td className="swb-mono">{num(r.bic, 5)}</td>
                  <td className={`swb-mono${r.cvRmse === bCv ? ' swb-best' : ''}`}>{num(r.cvRmse, 4)}</td>
                  <td>{r.physicsWarnings > 0 ? <Tag intent="warning" minimal>{r.physicsWarnings}</Tag> : r.converged === false ? <Tag intent="danger" minimal>not converged</Tag> : '—'}</td>
                </>
              ) : (
                <td colSpan={9} className="swb-error-text">
                  {r.message}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </>
  );
}
