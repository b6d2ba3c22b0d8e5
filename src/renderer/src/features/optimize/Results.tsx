import { Callout, HTMLTable, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DemandResult, OperatingRow, OptimizedSchedule, ParetoResult, PumpOperation, Station } from '#shared/optimize/index';
import type { CompareRow, OptimizationRun } from '#shared/rpc/domains/optimize';
import { CompareChart, HourlyCostChart, OperatingPointChart, ParetoChart, ScheduleGantt } from './charts';

const f = (v: number | undefined | null, d = 2) => (v === undefined || v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));

export function RunMeta({ run }: { run: OptimizationRun }) {
  return (
    <div className="swb-small swb-muted swb-mb8" data-testid="run-meta">
      {run.algorithm}
      {run.evaluations > 0 ? ` · ${run.evaluations.toLocaleString('en')} evaluations` : ''} · {f(run.ms, 0)} ms{run.seed !== null && run.algorithm !== 'exhaustive' ? ` · seed ${run.seed}` : ''} · kept as run{' '}
      <span className="swb-mono">{run.id.slice(0, 8)}</span>
    </div>
  );
}

export function PumpTable({ pumps, testId }: { pumps: PumpOperation[]; testId?: string }) {
  return (
    <HTMLTable compact striped className="swb-table-full swb-num-table" data-testid={testId}>
      <thead>
        <tr>
          <th>Pump</th>
          <th>State</th>
          <th>Speed ratio</th>
          <th>Q, m³/h</th>
          <th>H, m</th>
          <th>η pump</th>
          <th>P, kW</th>
        </tr>
      </thead>
      <tbody>
        {pumps.map((p) => (
          <tr key={p.id}>
            <td>{p.id}</td>
            <td>{p.on ? <Tag intent="success" minimal>on</Tag> : <Tag minimal>off</Tag>}</td>
            <td>{p.on ? f(p.speedRatio, 3) : ''}</td>
            <td>{p.on ? f(p.flowM3h, 1) : ''}</td>
            <td>{p.on ? f(p.headM, 2) : ''}</td>
            <td>{p.on ? `${f(p.efficiency * 100, 1)} %` : ''}</td>
            <td>{p.on ? f(p.powerKw, 2) : ''}</td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}

function Infeasible({ reason }: { reason: string }) {
  return (
    <Callout intent="warning" compact title="Infeasible demand" data-testid="result-infeasible">
      {reason}
    </Callout>
  );
}

/** The optimum for one demand: totals, per-pump table and the operating-point chart. */
export function DemandView({ run, result, station }: { run: OptimizationRun; result: DemandResult; station: Station | undefined }) {
  if (!result.feasible) return <Infeasible reason={result.reason} />;
  const flowErr = Math.abs(result.flowM3h - result.demandM3h) / Math.max(result.demandM3h, 1e-9);
  return (
    <div data-testid="demand-result">
      <RunMeta run={run} />
      <div className="swb-kpis">
        <Kpi label="Power" value={`${f(result.powerKw)} kW`} testId="result-power" />
        <Kpi label="Flow" value={`${f(result.flowM3h, 1)} m³/h`} note={`balance ${f(flowErr * 100, 4)} %`} />
        <Kpi label="Head" value={`${f(result.headM, 2)} m`} note="system head at the demand" />
        <Kpi label="Specific energy" value={`${f(result.specificEnergyKwhPerM3 * 1000, 1)} Wh/m³`} />
        <Kpi label="Running" value={result.pumps.filter((p) => p.on).map((p) => p.id).join(' + ')} />
      </div>
      <PumpTable pumps={result.pumps} testId="result-pumps" />
      {station ? <OperatingPointChart station={station} pumps={result.pumps} flowM3h={result.flowM3h} headM={result.headM} /> : null}
    </div>
  );
}

export function Kpi({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <div className="swb-kpi">
      <div className="swb-kpi-label">{label}</div>
      <div className="swb-kpi-value" data-testid={testId}>
        {value}
      </div>
      {note ? <div className="swb-kpi-note">{note}</div> : null}
    </div>
  );
}

/** Pareto front with selectable solutions (chart or table) and the selected one's details. */
export function ParetoView({ run, result, station }: { run: OptimizationRun; result: ParetoResult; station: Station | undefined }) {
  const [selected, setSelected] = useState(0);
  if (!result.feasible) return <Infeasible reason={result.reason} />;
  const second = result.objectives[1];
  const label = second === 'bepDistance' ? 'Worst |Q/Q_BEP − 1|' : 'Pumps running';
  const chosen = result.solutions[Math.min(selected, result.solutions.length - 1)]!;
  return (
    <div data-testid="pareto-result">
      <RunMeta run={run} />
      <div className="swb-two-col">
        <div>
          <ParetoChart solutions={result.solutions} secondLabel={label} selected={selected} onSelect={setSelected} />
          <div className="swb-scroll-y" style={{ maxHeight: 180 }}>
            <HTMLTable compact interactive className="swb-table-full swb-num-table" data-testid="pareto-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>P, kW</th>
                  <th>{second === 'bepDistance' ? 'BEP distance' : 'Pumps'}</th>
                  <th>Running</th>
                </tr>
              </thead>
              <tbody>
                {result.solutions.map((s, i) => (
                  <tr key={i} className={i === selected ? 'swb-row-selected' : undefined} onClick={() => setSelected(i)} data-testid={`pareto-row-${i}`}>
                    <td>{i + 1}</td>
                    <td>{f(s.powerKw, 4)}</td>
                    <td>{second === 'bepDistance' ? f(s.bepDistance, 4) : s.pumpsRunning}</td>
                    <td>{s.pumps.filter((p) => p.on).map((p) => `${p.id}@${p.speedRatio.toFixed(2)}`).join(' ')}</td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
          </div>
        </div>
        <div data-testid="pareto-selected">
          <div className="swb-kpis">
            <Kpi label={`Solution ${Math.min(selected, result.solutions.length - 1) + 1} of ${result.solutions.length}`} value={`${f(chosen.powerKw, 2)} kW`} />
            <Kpi label="BEP distance" value={f(chosen.bepDistance, 3)} note="worst running pump" />
            <Kpi label="Pumps running" value={String(chosen.pumpsRunning)} />
          </div>
          <PumpTable pumps={chosen.pumps} />
          {station ? <OperatingPointChart station={station} pumps={chosen.pumps} flowM3h={chosen.flowM3h} headM={chosen.headM} height={220} /> : null}
        </div>
      </div>
    </div>
  );
}

export function CompareView({ run, rows }: { run: OptimizationRun; rows: CompareRow[] }) {
  const ref = rows.find((r) => r.algorithm === 'exhaustive');
  if (ref && !ref.feasible) return <Infeasible reason={ref.reason ?? 'infeasible'} />;
  return (
    <div data-testid="compare-result">
      <RunMeta run={run} />
      <HTMLTable compact striped className="swb-table-full swb-num-table" data-testid="compare-table">
        <thead>
          <tr>
            <th>Algorithm</th>
            <th>P, kW</th>
            <th>Gap to exhaustive</th>
            <th>Evaluations</th>
            <th>Time, ms</th>
            <th>Running</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.algorithm}>
              <td>{r.algorithm}</td>
              <td>{f(r.powerKw, 4)}</td>
              <td>
                {r.gapPercent === undefined ? (r.reason ?? '—') : <Tag minimal intent={r.gapPercent <= 0.1 ? 'success' : 'warning'}>{`${r.gapPercent >= 0 ? '+' : ''}${r.gapPercent.toFixed(4)} %`}</Tag>}
              </td>
              <td>{r.evaluations.toLocaleString('en')}</td>
              <td>{f(r.ms, 0)}</td>
              <td>{r.result.feasible ? r.result.pumps.filter((p) => p.on).map((p) => `${p.id}@${p.speedRatio.toFixed(3)}`).join(' ') : ''}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <CompareChart rows={rows} />
    </div>
  );
}

export function TableResultView({ run, rows }: { run: OptimizationRun; rows: OperatingRow[] }) {
  const chart = rows.filter((r): r is Extract<OperatingRow, { feasible: true }> => r.feasible).map((r) => ({ q: r.demandM3h, wh: r.specificEnergyKwhPerM3 * 1000, kw: r.powerKw }));
  return (
    <div data-testid="table-result">
      <RunMeta run={run} />
      <div className="swb-two-col">
        <div className="swb-scroll-y" style={{ maxHeight: 420 }}>
          <HTMLTable compact striped className="swb-table-full swb-num-table" data-testid="operating-table">
            <thead>
              <tr>
                <th>Q, m³/h</th>
                <th>H, m</th>
                <th>Pumps and speeds</th>
                <th>P, kW</th>
                <th>kWh/m³</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.demandM3h}>
                  <td>{f(r.demandM3h, 1)}</td>
                  <td>{f(r.headM, 2)}</td>
                  <td>{r.feasible ? r.pumps.map((p) => `${p.id} @${p.speedRatio.toFixed(3)}`).join(', ') : <span className="swb-warn">{r.reason}</span>}</td>
                  <td>{r.feasible ? f(r.powerKw, 2) : '—'}</td>
                  <td>{r.feasible ? f(r.specificEnergyKwhPerM3, 4) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </div>
        <div>
          <div className="swb-small swb-muted">Specific energy and power against demand</div>
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={chart} margin={{ top: 6, right: 8, bottom: 14, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--swb-border)" />
              <XAxis dataKey="q" type="number" domain={['auto', 'auto']} tick={{ fontSize: 11 }} label={{ value: 'Demand, m³/h', position: 'insideBottom', offset: -8, fontSize: 11, fill: 'var(--swb-muted)' }} />
              <YAxis yAxisId="wh" tick={{ fontSize: 11 }} width={48} label={{ value: 'Wh/m³', angle: -90, position: 'insideLeft', offset: 8, fontSize: 11, fill: 'var(--swb-muted)' }} />
              <YAxis yAxisId="kw" orientation="right" tick={{ fontSize: 11 }} width={44} label={{ value: 'kW', angle: 90, position: 'insideRight', offset: 8, fontSize: 11, fill: 'var(--swb-muted)' }} />
              <Tooltip isAnimationActive={false} contentStyle={{ background: 'var(--swb-panel)', border: '1px solid var(--swb-border)', fontSize: 12 }} formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))} />
              <Line yAxisId="wh" dataKey="wh" name="Wh/m³" stroke="#2d72d2" dot={{ r: 2 }} isAnimationActive={false} />
              <Line yAxisId="kw" dataKey="kw" name="kW" stroke="#d9822b" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </div>
    </div>
  );
}

export function ScheduleResultView({ run, result, pumpIds, prices, initialRunning, currency }: { run: OptimizationRun; result: OptimizedSchedule; pumpIds: string[]; prices: number[]; initialRunning: string[]; currency: string }) {
  if (!result.feasible) return <Callout intent="warning" compact title="No schedule meets the limits" data-testid="result-infeasible">{result.reason}</Callout>;
  const baseline = result.baseline.feasible ? result.baseline : undefined;
  const cur = currency ? ` ${currency}` : '';
  return (
    <div data-testid="schedule-result">
      <RunMeta run={run} />
      <div className="swb-kpis">
        <Kpi label="Energy" value={`${f(result.energyKwh, 1)} kWh`} note={baseline ? `baseline ${f(baseline.energyKwh, 1)} kWh` : undefined} testId="schedule-energy" />
        <Kpi label="Cost" value={`${f(result.cost, 2)}${cur}`} note={baseline ? `baseline ${f(baseline.cost, 2)}${cur}` : undefined} testId="schedule-cost" />
        <Kpi label="Saving" value={result.savingPercent === undefined ? '—' : `${f(result.savingPercent, 1)} %`} note="cost against the baseline rule" testId="schedule-saving" />
        <Kpi label="Starts" value={`${result.starts} / ${result.maxStarts}`} note={baseline ? `baseline ${baseline.starts}${baseline.withinMaxStarts ? '' : ' (over the limit)'}` : undefined} />
        <Kpi label="Energy saving" value={baseline && baseline.energyKwh > 0 ? `${f((100 * (baseline.energyKwh - result.energyKwh)) / baseline.energyKwh, 1)} %` : '—'} />
      </div>
      <div className="swb-small swb-muted swb-mb4">Optimized schedule (cell = speed ratio; darker = faster; black left edge = start)</div>
      <ScheduleGantt schedule={result} pumpIds={pumpIds} initialRunning={initialRunning} testId="schedule-gantt" />
      {baseline ? (
        <>
          <div className="swb-small swb-muted swb-mt8 swb-mb4">Baseline rule: fewest pumps, duty order, equal speed as high as the demand allows</div>
          <ScheduleGantt schedule={baseline} pumpIds={pumpIds} initialRunning={initialRunning} testId="baseline-gantt" />
        </>
      ) : (
        <Callout compact className="swb-mt8">Baseline: {result.baseline.feasible ? '' : result.baseline.reason}</Callout>
      )}
      <HourlyCostChart optimized={result} baseline={baseline} prices={prices} />
    </div>
  );
}
