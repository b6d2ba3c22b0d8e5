import { Button, ButtonGroup, Callout, Checkbox, FormGroup, HTMLSelect, InputGroup, NumericInput, ProgressBar, SegmentedControl, Switch, Tag } from '@blueprintjs/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { makePredictor, type FitSuccess } from '#shared/fitting/index';
import type { CurveKind, FitRunResult, IsoResultJson, ModelSpec } from '#shared/rpc/domains/curves';
import { PageHeader } from '../../components/PageHeader';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { useUiStore } from '../../stores/ui';
import { exportPng, exportSvg } from './exportChart';
import { FIT_COLORS, FitChart, ResidualChart, type SelectMode } from './FitChart';
import { IsoVerdict, KIND_LABEL, PumpDialog, SavedFits, ToleranceDialog } from './PumpPanel';
import { ComparisonTable, MetricsList, ParameterTable, Warnings } from './ResultTables';
import './curves.css';

const PRESETS: Record<CurveKind, { label: string; quantity: string; models: string[] }> = {
  head: { label: 'H-Q', quantity: 'head', models: ['pump-head-poly2', 'pump-head-quadratic', 'poly3'] },
  efficiency: { label: 'η-Q', quantity: 'efficiency', models: ['pump-efficiency-cubic-origin', 'pump-efficiency-bep', 'poly2'] },
  power: { label: 'P-Q', quantity: 'power', models: ['power-poly2', 'power-poly3'] },
};

type CustomModel = Extract<ModelSpec, { kind: 'custom' }>;
type ParamDraft = { name: string; start: string; min: string; max: string };

const NO_FUNCTIONS: string[] = [];
const RESERVED = new Set(['x', 'pi', 'e', 'E', 'PI']);

/** Parameter names in an expression: identifiers that are not x, a constant or a function call. */
function detectParameters(expression: string, functions: string[]): string[] {
  const names: string[] = [];
  for (const m of expression.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const name = m[0];
    const after = expression.slice((m.index ?? 0) + name.length).trimStart();
    if (RESERVED.has(name) || (functions.includes(name) && after.startsWith('('))) continue;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function newRunId(): string {
  return `fit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Curve-fitting workbench: dataset → columns → models → fit (compute job) → judge → ISO 9906 → save to a pump. */
export default function CurvesPage() {
  const datasets = useRpcQuery('data.datasets.list', {});
  const library = useRpcQuery('curves.models.list', {});
  const pumps = useRpcQuery('curves.pumps.list', {});
  const saveFit = useRpcMutation('curves.fits.save', ['curves.fits.list', 'curves.pumps.list']);
  const theme = useUiStore((s) => s.theme);

  const [datasetId, setDatasetId] = useState('');
  const [kind, setKind] = useState<CurveKind>('head');
  const [xCol, setXCol] = useState('');
  const [yCol, setYCol] = useState('');
  const [weightsCol, setWeightsCol] = useState('');
  const [checked, setChecked] = useState<string[]>(PRESETS.head.models);
  const [showAll, setShowAll] = useState(false);
  const [customs, setCustoms] = useState<CustomModel[]>([]);
  const [expr, setExpr] = useState('');
  const [params, setParams] = useState<ParamDraft[]>([]);
  const [multiStart, setMultiStart] = useState(4);
  const [engine, setEngine] = useState<'lm' | 'ml-levenberg-marquardt'>('lm');
  const [level, setLevel] = useState(0.95);
  const [folds, setFolds] = useState(5);
  const [excluded, setExcluded] = useState<number[]>([]);
  const [run, setRun] = useState<FitRunResult | undefined>();
  const [running, setRunning] = useState<{ runId: string; fraction: number; message?: string } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState(0);
  const [mode, setMode] = useState<SelectMode>('click');
  const [showBands, setShowBands] = useState(true);
  const [showPrediction, setShowPrediction] = useState(false);
  const [showManufacturer, setShowManufacturer] = useState(true);
  const [pumpId, setPumpId] = useState('');
  const [saveName, setSaveName] = useState('');
  const [iso, setIso] = useState<{ result?: IsoResultJson; error?: string }>({});
  const [pumpDialog, setPumpDialog] = useState<'new' | 'edit' | undefined>();
  const [tolDialog, setTolDialog] = useState(false);
  const [exportError, setExportError] = useState<string | undefined>();
  const chartRef = useRef<HTMLDivElement | null>(null);
  const residualRef = useRef<HTMLDivElement | null>(null);
  const abortRef = useRef<AbortController | undefined>(undefined);

  const dataset = datasets.data?.datasets.find((d) => d.id === datasetId);
  const columns = dataset?.columns ?? [];
  const pump = pumps.data?.pumps.find((p) => p.id === pumpId);
  const functions = useMemo(() => library.data?.allowedFunctions ?? NO_FUNCTIONS, [library.data]);

  // Defaults: first dataset, first pump.
  useEffect(() => {
    if (!datasetId && datasets.data?.datasets[0]) setDatasetId(datasets.data.datasets[0].id);
  }, [datasets.data, datasetId]);
  useEffect(() => {
    if (!pumpId && pumps.data?.pumps[0]) setPumpId(pumps.data.pumps[0].id);
  }, [pumps.data, pumpId]);
  // Columns follow the preset when the dataset or preset changes.
  useEffect(() => {
    if (!dataset) return;
    const flow = dataset.columns.find((c) => c.quantity === 'flow');
    const y = dataset.columns.find((c) => c.quantity === PRESETS[kind].quantity);
    setXCol(flow?.key ?? dataset.columns[0]?.key ?? '');
    setYCol(y?.key ?? dataset.columns[1]?.key ?? '');
    setExcluded([]);
    setRun(undefined);
  }, [dataset, kind]);
  // Custom-model parameters follow the expression; typed start values and bounds are kept.
  useEffect(() => {
    const names = detectParameters(expr, functions);
    setParams((old) => (old.length === names.length && old.every((p, i) => p.name === names[i]) ? old : names.map((n) => old.find((p) => p.name === n) ?? { name: n, start: '1', min: '', max: '' })));
  }, [expr, functions]);
  useEffect(
    () =>
      rpc.subscribe('curves.fit.progress', (p) => {
        setRunning((r) => (r && r.runId === p.runId && (p.phase === 'fitting' || p.phase === 'loading') ? { ...r, fraction: p.fraction, ...(p.message ? { message: p.message } : {}) } : r));
      }),
    [],
  );

  const models: ModelSpec[] = useMemo(() => [...checked.map((name): ModelSpec => ({ kind: 'library', name })), ...customs], [checked, customs]);
  const visibleLibrary = (library.data?.models ?? []).filter((m) => showAll || m.suits.includes(kind) && (!/^poly\d+$/.test(m.name) || Number(m.name.slice(4)) <= 5) || checked.includes(m.name));

  const fit = async (excl: number[] = excluded) => {
    if (!dataset || !xCol || !yCol || models.length === 0) return;
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    const runId = newRunId();
    setRunning({ runId, fraction: 0, message: 'Loading data' });
    setError(undefined);
    try {
      const result = await rpc.call(
        'curves.fit.run',
        {
          runId,
          datasetId: dataset.id,
          xColumn: xCol,
          yColumn: yCol,
          curveKind: kind,
          excluded: excl,
          models,
          options: { multiStart, engine, confidenceLevel: level, cvFolds: folds, ...(weightsCol ? { weightsColumn: weightsCol } : {}) },
        },
        { signal: controller.signal },
      );
      setRun(result);
      setSelected((s) => (s < result.fits.length ? s : 0));
    } catch (e) {
      if (!controller.signal.aborted) setError((e as Error).message);
    } finally {
      if (abortRef.current === controller) {
        abortRef.current = undefined;
        setRunning(undefined);
      }
    }
  };
  const cancel = () => {
    if (running) void rpc.call('curves.fit.cancel', { runId: running.runId }).catch(() => undefined);
    abortRef.current?.abort();
    setRunning(undefined);
  };

  const toggleRows = (rows: number[], exclude: boolean) => {
    const set = new Set(excluded);
    for (const r of rows) {
      if (exclude) set.add(r);
      else set.delete(r);
    }
    const next = [...set].sort((a, b) => a - b);
    setExcluded(next);
    void fit(next);
  };

  const selectedFit = run?.fits[selected];
  const selectedOk = selectedFit?.result.ok ? (selectedFit.result as unknown as FitSuccess) : undefined;
  const predictor = useMemo(() => (selectedOk ? makePredictor(selectedOk) : undefined), [selectedOk]);
  const xRange = useMemo((): [number, number] | undefined => {
    if (!run) return undefined;
    const xs = run.points.filter((p) => p[4] === 0).map((p) => p[1]);
    return xs.length ? [Math.min(...xs), Math.max(...xs)] : undefined;
  }, [run]);

  // ISO 9906 verdict of the selected head fit against the chosen pump (recomputed on the core).
  const isoApplicable = !run ? 'Fit a curve first.' : run.curveKind !== 'head' ? 'ISO 9906 acceptance is judged on the head curve (H-Q preset).' : !selectedOk ? 'The selected fit failed.' : undefined;
  useEffect(() => {
    if (isoApplicable || !pump || !selectedOk || !xRange) {
      setIso({});
      return;
    }
    let live = true;
    setIso({});
    rpc
      .call('curves.iso9906.check', {
        pumpId: pump.id,
        head: { expression: selectedOk.expression, parameters: Object.fromEntries(selectedOk.parameters.map((p) => [p.name, p.value])), flowRangeM3h: xRange },
      })
      .then(
        (r) => live && setIso({ result: r }),
        (e: Error) => live && setIso({ error: e.message }),
      );
    return () => {
      live = false;
    };
  }, [isoApplicable, pump, selectedOk, xRange]);

  const manufacturer = useMemo(() => {
    if (!pump || !showManufacturer || !run?.curveKind) return [];
    const key = run.curveKind === 'head' ? 'headM' : run.curveKind === 'efficiency' ? 'efficiency' : 'powerKw';
    return pump.manufacturerPoints.filter((p) => p[key] !== undefined).map((p) => ({ x: p.flowM3h, y: p[key] as number }));
  }, [pump, showManufacturer, run?.curveKind]);

  const fileBase = `${dataset?.name ?? 'fit'}-${run?.yLabel ?? ''}`.replace(/[^\w.-]+/g, '_');
  const background = theme === 'dark' ? '#252a31' : '#ffffff';
  const doExport = async (what: 'svg' | 'png', ref: HTMLDivElement | null, suffix: string) => {
    setExportError(undefined);
    try {
      if (!ref) throw new Error('Nothing to export');
      if (what === 'svg') exportSvg(ref, `${fileBase}-${suffix}.svg`, background);
      else await exportPng(ref, `${fileBase}-${suffix}.png`, background);
    } catch (e) {
      setExportError((e as Error).message);
    }
  };

  const addCustom = () => {
    const parameters = params.map((p) => ({ name: p.name, start: Number(p.start), ...(p.min.trim() !== '' ? { min: Number(p.min) } : {}), ...(p.max.trim() !== '' ? { max: Number(p.max) } : {}) }));
    setCustoms([...customs, { kind: 'custom', expression: expr.trim(), parameters }]);
    setExpr('');
  };
  const customError = (() => {
    if (!expr.trim()) return undefined;
    if (params.length === 0) return 'The expression has no parameters to fit.';
    for (const p of params) {
      if (!Number.isFinite(Number(p.start)) || p.start.trim() === '') return `Start value of ${p.name} is not a number.`;
      if (p.min.trim() !== '' && !Number.isFinite(Number(p.min))) return `Lower bound of ${p.name} is not a number.`;
      if (p.max.trim() !== '' && !Number.isFinite(Number(p.max))) return `Upper bound of ${p.name} is not a number.`;
      if (p.min.trim() !== '' && Number(p.start) < Number(p.min)) return `Start value of ${p.name} is below its lower bound.`;
      if (p.max.trim() !== '' && Number(p.start) > Number(p.max)) return `Start value of ${p.name} is above its upper bound.`;
    }
    return undefined;
  })();

  return (
    <div className="swb-page swb-curves">
      <PageHeader
        title="Curves"
        subtitle="Fit pump curves to test data, judge the uncertainty, check ISO 9906 acceptance and save the curves to a pump"
        actions={<Button size="small" icon="th" text="Tolerance table" onClick={() => setTolDialog(true)} data-testid="tolerances-open" />}
      />
      <div className="swb-curves-layout">
        <aside className="swb-card swb-curves-setup">
          <h3>Data</h3>
          {datasets.data && datasets.data.datasets.length === 0 ? <Callout intent="primary" className="swb-small">No datasets yet: import a CSV or XLSX on the Data page.</Callout> : null}
          <FormGroup label="Dataset" className="swb-compact-form" labelFor="curves-dataset">
            <HTMLSelect id="curves-dataset" fill value={datasetId} onChange={(e) => setDatasetId(e.target.value)} data-testid="curves-dataset">
              {datasets.data?.datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.rowCount} rows)
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          <SegmentedControl
            size="small"
            fill
            value={kind}
            onValueChange={(v) => {
              setKind(v as CurveKind);
              setChecked(PRESETS[v as CurveKind].models);
              setSelected(0);
            }}
            options={(Object.keys(PRESETS) as CurveKind[]).map((k) => ({ value: k, label: PRESETS[k].label }))}
            data-testid="curves-preset"
          />
          <div className="swb-curves-form-grid" style={{ marginTop: 6 }}>
            <FormGroup label="x" className="swb-compact-form">
              <HTMLSelect fill value={xCol} onChange={(e) => setXCol(e.target.value)} data-testid="curves-x">
                {columns.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name} {c.unit ? `[${c.unit}]` : ''}
                  </option>
                ))}
              </HTMLSelect>
            </FormGroup>
            <FormGroup label="y" className="swb-compact-form">
              <HTMLSelect fill value={yCol} onChange={(e) => setYCol(e.target.value)} data-testid="curves-y">
                {columns.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name} {c.unit ? `[${c.unit}]` : ''}
                  </option>
                ))}
              </HTMLSelect>
            </FormGroup>
            <FormGroup label="Weights" className="swb-compact-form">
              <HTMLSelect fill value={weightsCol} onChange={(e) => setWeightsCol(e.target.value)} data-testid="curves-weights">
                <option value="">none (equal)</option>
                {columns.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name}
                  </option>
                ))}
              </HTMLSelect>
            </FormGroup>
          </div>

          <h3>Models</h3>
          <div className="swb-curves-models" data-testid="model-list">
            {visibleLibrary.map((m) => (
              <Checkbox
                key={m.name}
                className="swb-small"
                checked={checked.includes(m.name)}
                onChange={(e) => setChecked(e.currentTarget.checked ? [...checked, m.name] : checked.filter((n) => n !== m.name))}
                data-testid={`model-${m.name}`}
                title={`${m.description}\n${m.expression}`}
                labelElement={
                  <span>
                    {m.label} {m.kind === 'nonlinear' ? <Tag minimal>LM</Tag> : null}
                  </span>
                }
              />
            ))}
            <Switch className="swb-small" checked={showAll} label="Show every library model" onChange={(e) => setShowAll(e.currentTarget.checked)} />
            {customs.map((c, i) => (
              <div key={i} className="swb-curves-custom-row">
                <span className="swb-mono swb-small">{c.expression}</span>
                <Button size="small" variant="minimal" icon="cross" aria-label="Remove custom model" onClick={() => setCustoms(customs.filter((_, j) => j !== i))} />
              </div>
            ))}
          </div>
          <FormGroup label="Custom model (mathjs expression in x)" className="swb-compact-form" labelFor="custom-expression" helperText={`Functions: ${functions.slice(0, 10).join(', ')}…`}>
            <InputGroup id="custom-expression" size="small" className="swb-mono" placeholder="H0 - k*x^n" value={expr} onChange={(e) => setExpr(e.target.value)} data-testid="custom-expression" />
          </FormGroup>
          {params.length > 0 ? (
            <table className="swb-curves-param-edit">
              <thead>
                <tr>
                  <th>Param</th>
                  <th>Start</th>
                  <th>Min</th>
                  <th>Max</th>
                </tr>
              </thead>
              <tbody>
                {params.map((p, i) => (
                  <tr key={p.name}>
                    <td className="swb-mono">{p.name}</td>
                    {(['start', 'min', 'max'] as const).map((k) => (
                      <td key={k}>
                        <InputGroup size="small" value={p[k]} onChange={(e) => setParams(params.map((q, j) => (j === i ? { ...q, [k]: e.target.value } : q)))} data-testid={`custom-${p.name}-${k}`} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {customError ? <p className="swb-error-text">{customError}</p> : null}
          <Button size="small" icon="add" text="Add custom model" disabled={!expr.trim() || !!customError} onClick={addCustom} data-testid="custom-add" />

          <h3 style={{ marginTop: 10 }}>Options</h3>
          <div className="swb-curves-form-grid">
            <FormGroup label="Extra starts" className="swb-compact-form">
              <NumericInput size="small" fill min={0} max={50} value={multiStart} onValueChange={(v) => setMultiStart(Number.isFinite(v) ? Math.max(0, Math.min(50, Math.round(v))) : 0)} />
            </FormGroup>
            <FormGroup label="Nonlinear engine" className="swb-compact-form">
              <HTMLSelect fill value={engine} onChange={(e) => setEngine(e.target.value as typeof engine)}>
                <option value="lm">Built-in LM</option>
                <option value="ml-levenberg-marquardt">ml-levenberg-marquardt</option>
              </HTMLSelect>
            </FormGroup>
            <FormGroup label="Confidence" className="swb-compact-form">
              <HTMLSelect fill value={level} onChange={(e) => setLevel(Number(e.target.value))} options={[{ value: 0.9, label: '90 %' }, { value: 0.95, label: '95 %' }, { value: 0.99, label: '99 %' }]} />
            </FormGroup>
            <FormGroup label="CV folds" className="swb-compact-form">
              <NumericInput size="small" fill min={0} max={20} value={folds} onValueChange={(v) => setFolds(Number.isFinite(v) ? Math.max(0, Math.min(20, Math.round(v))) : 0)} />
            </FormGroup>
          </div>
          <div className="swb-toolbar">
            <Button intent="primary" icon="function" text={`Fit ${models.length} model${models.length === 1 ? '' : 's'}`} disabled={!dataset || models.length === 0 || !!running} onClick={() => void fit()} data-testid="fit-run" />
            {running ? <Button icon="stop" text="Cancel" onClick={cancel} data-testid="fit-cancel" /> : null}
          </div>
          {running ? (
            <div className="swb-curves-progress" data-testid="fit-progress">
              <ProgressBar value={Math.max(0.05, running.fraction)} intent="primary" />
              <span className="swb-small swb-muted">{running.message ?? 'Fitting…'}</span>
            </div>
          ) : null}
          {error ? (
            <Callout intent="danger" className="swb-small" data-testid="fit-error">
              {error}
            </Callout>
          ) : null}
        </aside>

        <section className="swb-curves-results">
          {!run ? (
            <div className="swb-card swb-curves-empty">
              <p className="swb-muted">Choose a dataset and a preset, tick models and press Fit. Fits run as compute jobs; the page stays responsive and you can cancel.</p>
            </div>
          ) : (
            <>
              <div className="swb-card">
                <div className="swb-toolbar swb-curves-card-head">
                  <strong>
                    {run.yLabel} over {run.xLabel} <span className="swb-muted swb-small">· {run.datasetName} · {run.fittedPoints} of {run.totalPoints} points · {Math.round(run.durationMs)} ms</span>
                  </strong>
                  <span className="swb-toolbar">
                    <SegmentedControl
                      size="small"
                      value={mode}
                      onValueChange={(v) => setMode(v as SelectMode)}
                      options={[
                        { value: 'click', label: 'Click' },
                        { value: 'box', label: 'Box' },
                        { value: 'lasso', label: 'Lasso' },
                      ]}
                      data-testid="select-mode"
                    />
                    <Button size="small" icon="eraser" text={`Restore ${excluded.length}`} disabled={excluded.length === 0 || !!running} onClick={() => { setExcluded([]); void fit([]); }} data-testid="exclusions-clear" />
                    <ButtonGroup>
                      <Button size="small" icon="media" text="PNG" onClick={() => void doExport('png', chartRef.current, 'chart')} data-testid="export-png" />
                      <Button size="small" icon="code" text="SVG" onClick={() => void doExport('svg', chartRef.current, 'chart')} data-testid="export-svg" />
                    </ButtonGroup>
                  </span>
                </div>
                <div className="swb-toolbar swb-small">
                  <Switch checked={showBands} label="Confidence band" onChange={(e) => setShowBands(e.currentTarget.checked)} inline data-testid="toggle-bands" />
                  <Switch checked={showPrediction} label="Prediction band" onChange={(e) => setShowPrediction(e.currentTarget.checked)} inline />
                  <Switch checked={showManufacturer} label="Manufacturer curve" onChange={(e) => setShowManufacturer(e.currentTarget.checked)} inline />
                  <span className="swb-muted">
                    {mode === 'click' ? 'Click a point to exclude it, a cross to restore it.' : `Drag a ${mode} around points to exclude them; hold Shift to restore.`}
                  </span>
                </div>
                <FitChart run={run} selectedFit={selected} showBands={showBands} showPrediction={showPrediction} manufacturer={manufacturer} iso={iso.result} mode={mode} onToggle={toggleRows} containerRef={chartRef} />
                <div className="swb-toolbar swb-curves-card-head">
                  <span className="swb-small swb-muted">Residuals of {selectedFit?.label}</span>
                  <Button size="small" variant="minimal" icon="media" text="PNG" onClick={() => void doExport('png', residualRef.current, 'residuals')} />
                </div>
                <ResidualChart run={run} predict={predictor ? (xs) => predictor(xs) : undefined} color={FIT_COLORS[selected % FIT_COLORS.length]!} containerRef={residualRef} />
                {exportError ? <Callout intent="danger" className="swb-small">{exportError}</Callout> : null}
              </div>

              <div className="swb-curves-row">
                <div className="swb-card">
                  <h3>Parameters</h3>
                  {selectedFit ? <ParameterTable fit={selectedFit} fileBase={fileBase} /> : null}
                </div>
                <div className="swb-card">
                  <h3>Fit quality</h3>
                  {selectedFit ? <MetricsList fit={selectedFit} /> : null}
                  <h3 style={{ marginTop: 8 }}>Physics checks</h3>
                  {selectedFit ? <Warnings fit={selectedFit} /> : null}
                </div>
              </div>

              <div className="swb-card">
                <h3>Model comparison</h3>
                <ComparisonTable run={run} selected={selected} onSelect={setSelected} fileBase={fileBase} />
              </div>

              <div className="swb-curves-row">
                <div className="swb-card">
                  <div className="swb-toolbar swb-curves-card-head">
                    <h3>Pump and ISO 9906 acceptance</h3>
                    <span className="swb-toolbar">
                      <HTMLSelect value={pumpId} onChange={(e) => setPumpId(e.target.value)} data-testid="curves-pump">
                        {pumps.data?.pumps.map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.id} · {p.name}
                          </option>
                        ))}
                      </HTMLSelect>
                      <Button size="small" icon="edit" aria-label="Edit pump" disabled={!pump} onClick={() => setPumpDialog('edit')} data-testid="pump-edit" />
                      <Button size="small" icon="add" aria-label="New pump" onClick={() => setPumpDialog('new')} data-testid="pump-new" />
                    </span>
                  </div>
                  <IsoVerdict iso={iso.result} error={iso.error} pump={pump} applicable={isoApplicable} />
                </div>
                <div className="swb-card">
                  <h3>Save to pump</h3>
                  <p className="swb-small">
                    Saves <strong>{selectedFit?.label ?? '—'}</strong> as the {run.curveKind ? KIND_LABEL[run.curveKind] : '—'} curve of {pump ? `${pump.id} (${pump.name})` : '—'}, with the dataset, the {excluded.length} excluded points, parameters, errors, metrics, engine and provenance.
                  </p>
                  <FormGroup label="Name (optional)" className="swb-compact-form">
                    <InputGroup size="small" value={saveName} onChange={(e) => setSaveName(e.target.value)} placeholder="e.g. Site test 14 Jan" data-testid="fit-save-name" />
                  </FormGroup>
                  <Button
                    intent="success"
                    icon="floppy-disk"
                    text="Save fit to pump"
                    disabled={!pump || !selectedOk || !run.curveKind || saveFit.isPending}
                    loading={saveFit.isPending}
                    data-testid="fit-save"
                    onClick={() =>
                      selectedFit &&
                      run.curveKind &&
                      pump &&
                      saveFit.mutate({ pumpId: pump.id, curveKind: run.curveKind, ...(saveName.trim() ? { name: saveName.trim() } : {}), datasetId: run.datasetId, xColumn: run.xColumn, yColumn: run.yColumn, excluded, model: selectedFit.model, options: { multiStart, engine, confidenceLevel: level, cvFolds: folds, ...(weightsCol ? { weightsColumn: weightsCol } : {}) } }, { onSuccess: () => setSaveName('') })
                    }
                  />
                  {saveFit.data ? (
                    <Callout intent="success" className="swb-small" data-testid="fit-saved" style={{ marginTop: 6 }}>
                      Saved “{saveFit.data.name}”.
                    </Callout>
                  ) : null}
                  {saveFit.error ? <Callout intent="danger" className="swb-small">{saveFit.error.message}</Callout> : null}
                  <div style={{ marginTop: 8 }}>
                    <SavedFits pumpId={pump?.id} />
                  </div>
                </div>
              </div>
            </>
          )}
        </section>
      </div>
      <PumpDialog pump={pumpDialog === 'edit' ? pump : undefined} isOpen={!!pumpDialog} onClose={() => setPumpDialog(undefined)} />
      <ToleranceDialog isOpen={tolDialog} onClose={() => setTolDialog(false)} />
    </div>
  );
}
