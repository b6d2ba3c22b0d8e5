import { Button, Callout, Checkbox, FormGroup, HTMLSelect, InputGroup, NumericInput, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { CleaningStep, DatasetDetail } from '#shared/rpc/domains/data';
import { formatTime } from '../../components/format';
import { useRpcMutation } from '../../queries/rpcQuery';

type Kind = CleaningStep['kind'] | 'test-points';

const KINDS: Array<{ value: Kind; label: string }> = [
  { value: 'remove-outliers', label: 'Remove outliers' },
  { value: 'fill-gaps', label: 'Fill gaps' },
  { value: 'steady-state', label: 'Steady-state detection' },
  { value: 'remove-duplicates', label: 'Remove duplicate timestamps' },
  { value: 'exclude-rows', label: 'Exclude rows' },
  { value: 'test-points', label: 'Test points (new dataset)' },
];

const INVALIDATES = ['data.datasets.get', 'data.datasets.list', 'data.quality', 'data.datasets.series'] as const;

/** Parses '10-20, 35, 40-41' into row ranges. */
function parseRanges(text: string): Array<{ from: number; to: number }> | undefined {
  const out: Array<{ from: number; to: number }> = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (to < from) return undefined;
    out.push({ from, to });
  }
  return out.length > 0 ? out : undefined;
}

/** Cleaning toolbar and the provenance list with undo per step. */
export function CleaningPanel({ dataset, onDerived }: { dataset: DatasetDetail; onDerived: (id: string) => void }) {
  const measured = dataset.columns.filter((c) => c.quantity !== 'time');
  const [kind, setKind] = useState<Kind>('remove-outliers');
  const [columns, setColumns] = useState<string[]>(() => measured.filter((c) => c.quantity !== 'other').map((c) => c.key).slice(0, 2));
  const [outlierMethod, setOutlierMethod] = useState<'hampel' | 'iqr' | 'zscore'>('hampel');
  const [nSigma, setNSigma] = useState(3);
  const [halfWindow, setHalfWindow] = useState(3);
  const [iqrK, setIqrK] = useState(1.5);
  const [outlierAction, setOutlierAction] = useState<'blank' | 'exclude'>('blank');
  const [fillMethod, setFillMethod] = useState<'linear' | 'spline' | 'previous'>('linear');
  const [maxGap, setMaxGap] = useState(0);
  const [steadyColumn, setSteadyColumn] = useState(() => measured.find((c) => c.quantity === 'flow')?.key ?? measured[0]?.key ?? '');
  const [windowSec, setWindowSec] = useState(30);
  const [relStdPct, setRelStdPct] = useState(1);
  const [steadyAction, setSteadyAction] = useState<'mark' | 'keep'>('mark');
  const [minRows, setMinRows] = useState(10);
  const [ranges, setRanges] = useState('');
  const [message, setMessage] = useState<string | undefined>();
  const apply = useRpcMutation('data.clean.apply', [...INVALIDATES]);
  const undo = useRpcMutation('data.clean.undo', [...INVALIDATES]);
  const derive = useRpcMutation('data.derive.testPoints', ['data.datasets.list']);
  const error = apply.error ?? undo.error ?? derive.error;

  const step = (): CleaningStep | undefined => {
    switch (kind) {
      case 'remove-outliers':
        return { kind, columns, method: outlierMethod, action: outlierAction, ...(outlierMethod === 'iqr' ? { k: iqrK } : { nSigma }), ...(outlierMethod === 'hampel' ? { halfWindow } : {}) };
      case 'fill-gaps':
        return { kind, columns, method: fillMethod, ...(maxGap > 0 ? { maxGapRows: maxGap } : {}) };
      case 'steady-state':
        return { kind, column: steadyColumn, window: windowSec, maxRelStd: relStdPct / 100, action: steadyAction };
      case 'remove-duplicates':
        return { kind };
      case 'exclude-rows': {
        const r = parseRanges(ranges);
        return r ? { kind, ranges: r } : undefined;
      }
      default:
        return undefined;
    }
  };

  const run = () => {
    setMessage(undefined);
    if (kind === 'test-points') {
      derive.mutate({ id: dataset.id, column: steadyColumn, window: windowSec, maxRelStd: relStdPct / 100, minRows }, { onSuccess: (r) => { setMessage(`Created '${r.dataset.name}' with ${r.points} test points.`); onDerived(r.dataset.id); } });
      return;
    }
    const s = step();
    if (s) apply.mutate({ id: dataset.id, step: s }, { onSuccess: (r) => setMessage(r.summary) });
  };

  const needsColumns = kind === 'remove-outliers' || kind === 'fill-gaps';
  const needsSteady = kind === 'steady-state' || kind === 'test-points';
  const valid = (!needsColumns || columns.length > 0) && (kind !== 'exclude-rows' || parseRanges(ranges) !== undefined) && (!needsSteady || steadyColumn !== '');

  return (
    <section className="swb-card" data-testid="cleaning-panel">
      <h3>Cleaning</h3>
      <div className="swb-form-row">
        <FormGroup label="Step">
          <HTMLSelect value={kind} onChange={(e) => setKind(e.target.value as Kind)} options={KINDS} data-testid="clean-kind" />
        </FormGroup>
        {kind === 'remove-outliers' ? (
          <>
            <FormGroup label="Method">
              <HTMLSelect value={outlierMethod} onChange={(e) => setOutlierMethod(e.target.value as typeof outlierMethod)} options={[{ value: 'hampel', label: 'Hampel' }, { value: 'iqr', label: 'IQR (Tukey)' }, { value: 'zscore', label: 'z-score' }]} data-testid="clean-outlier-method" />
            </FormGroup>
            {outlierMethod === 'iqr' ? (
              <FormGroup label="k">
                <NumericInput size="small" style={{ width: 60 }} min={0.1} stepSize={0.5} value={iqrK} onValueChange={setIqrK} />
              </FormGroup>
            ) : (
              <FormGroup label="Threshold σ">
                <NumericInput size="small" style={{ width: 60 }} min={0.5} stepSize={0.5} value={nSigma} onValueChange={setNSigma} data-testid="clean-nsigma" />
              </FormGroup>
            )}
            {outlierMethod === 'hampel' ? (
              <FormGroup label="Half window">
                <NumericInput size="small" style={{ width: 60 }} min={1} value={halfWindow} onValueChange={setHalfWindow} />
              </FormGroup>
            ) : null}
            <FormGroup label="Then">
              <HTMLSelect value={outlierAction} onChange={(e) => setOutlierAction(e.target.value as typeof outlierAction)} options={[{ value: 'blank', label: 'blank the value' }, { value: 'exclude', label: 'exclude the row' }]} data-testid="clean-outlier-action" />
            </FormGroup>
          </>
        ) : null}
        {kind === 'fill-gaps' ? (
          <>
            <FormGroup label="Method">
              <HTMLSelect value={fillMethod} onChange={(e) => setFillMethod(e.target.value as typeof fillMethod)} options={[{ value: 'linear', label: 'Linear' }, { value: 'spline', label: 'Cubic spline' }, { value: 'previous', label: 'Previous value' }]} data-testid="clean-fill-method" />
            </FormGroup>
            <FormGroup label="Longest gap (rows)" helperText="0 = any">
              <NumericInput size="small" style={{ width: 70 }} min={0} value={maxGap} onValueChange={setMaxGap} />
            </FormGroup>
          </>
        ) : null}
        {needsSteady ? (
          <>
            <FormGroup label="Column">
              <HTMLSelect value={steadyColumn} onChange={(e) => setSteadyColumn(e.target.value)} options={measured.map((c) => ({ value: c.key, label: c.name }))} data-testid="clean-steady-column" />
            </FormGroup>
            <FormGroup label="Window (s)">
              <NumericInput size="small" style={{ width: 70 }} min={0.001} value={windowSec} onValueChange={setWindowSec} />
            </FormGroup>
            <FormGroup label="Max std (%)">
              <NumericInput size="small" style={{ width: 70 }} min={0} stepSize={0.5} value={relStdPct} onValueChange={setRelStdPct} />
            </FormGroup>
            {kind === 'steady-state' ? (
              <FormGroup label="Then">
                <HTMLSelect value={steadyAction} onChange={(e) => setSteadyAction(e.target.value as typeof steadyAction)} options={[{ value: 'mark', label: "mark (column 'steady')" }, { value: 'keep', label: 'keep steady rows only' }]} />
              </FormGroup>
            ) : (
              <FormGroup label="Min rows">
                <NumericInput size="small" style={{ width: 60 }} min={2} value={minRows} onValueChange={setMinRows} />
              </FormGroup>
            )}
          </>
        ) : null}
        {kind === 'exclude-rows' ? (
          <FormGroup label="Rows (e.g. 10-20, 35)">
            <InputGroup size="small" value={ranges} onChange={(e) => setRanges(e.target.value)} data-testid="clean-ranges" />
          </FormGroup>
        ) : null}
      </div>
      {needsColumns ? (
        <div className="swb-toolbar" data-testid="clean-columns">
          <span className="swb-muted">Columns:</span>
          {measured.map((c) => (
            <Checkbox key={c.key} inline label={c.name} checked={columns.includes(c.key)} onChange={(e) => {
                const on = e.currentTarget.checked; // read now: the event is gone when the updater runs
                setColumns((cs) => (on ? [...cs, c.key] : cs.filter((k) => k !== c.key)));
              }} data-testid={`clean-col-${c.key}`} />
          ))}
        </div>
      ) : null}
      <Button intent="primary" icon="clean" text={kind === 'test-points' ? 'Create test points' : 'Apply'} disabled={!valid} loading={apply.isPending || derive.isPending} onClick={run} data-testid="clean-apply" />
      {message ? <div className="swb-small swb-data-message" data-testid="clean-message">{message}</div> : null}
      {error ? (
        <Callout intent="danger" className="swb-data-callout">
          {error.message}
        </Callout>
      ) : null}
      <h4 className="swb-data-subhead">Provenance</h4>
      <ol className="swb-data-provenance" data-testid="provenance">
        {dataset.provenance.map((p) => (
          <li key={p.id} data-testid="provenance-step">
            <div>
              <Tag minimal>{p.kind}</Tag> {p.summary}
            </div>
            <div className="swb-muted swb-small">
              {formatTime(p.at)}
              {p.reversible ? <Button size="small" variant="minimal" icon="undo" text="Undo" loading={undo.isPending && undo.variables?.stepId === p.id} onClick={() => undo.mutate({ id: dataset.id, stepId: p.id })} data-testid={`undo-${p.kind}`} /> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
