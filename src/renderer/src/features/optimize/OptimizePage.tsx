import { Button, Callout, Checkbox, HTMLSelect, HTMLTable, InputGroup, NonIdealState, Tab, Tabs, Tag } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { parseStation, type Station } from '#shared/optimize/index';
import type { OptimizationRun, RunKind } from '#shared/rpc/domains/optimize';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { documentFromDraft, draftFromDocument, emptyDraft, validateDraft, type StationDraft } from './draft';
import { CompareView, DemandView, ParetoView, ScheduleResultView, TableResultView } from './Results';
import { RunPanel, RunProgress, typedSettings, type RunForm } from './RunPanel';
import { StationEditor } from './StationEditor';
import { useRun } from './useRun';
import './optimize.css';

type TabId = 'station' | 'optimize' | 'table' | 'schedule' | 'history';
const KIND_TAB: Record<RunKind, TabId> = { demand: 'optimize', pareto: 'optimize', compare: 'optimize', table: 'table', schedule: 'schedule' };

/** Pump stations: editor, single-demand optimum, Pareto front, comparison, operating table, 24-h schedule, history. */
export default function OptimizePage() {
  const queryClient = useQueryClient();
  const stations = useRpcQuery('optimize.stations.list', {});
  const fitsQuery = useRpcQuery('optimize.fits.list', {});
  const fits = fitsQuery.data ?? { available: false, fits: [] };
  const save = useRpcMutation('optimize.stations.save', ['optimize.stations.list']);
  const remove = useRpcMutation('optimize.stations.delete', ['optimize.stations.list']);
  const [stationId, setStationId] = useState<string | undefined>();
  const [draft, setDraft] = useState<StationDraft | undefined>();
  const [savedJson, setSavedJson] = useState<string>('');
  const [tab, setTab] = useState<TabId>('optimize');
  const [runs, setRuns] = useState<Partial<Record<TabId, OptimizationRun>>>({});

  // Pick the first station once the list arrives; load its document into the draft.
  useEffect(() => {
    if (stationId === undefined && draft === undefined && stations.data) {
      const first = stations.data.stations[0];
      if (first) setStationId(first.id);
      else {
        setDraft(emptyDraft());
        setTab('station');
      }
    }
  }, [stations.data, stationId, draft]);
  const record = useRpcQuery('optimize.stations.get', { id: stationId ?? '' }, { enabled: Boolean(stationId) });
  useEffect(() => {
    if (record.data && record.data.id === stationId) {
      const d = draftFromDocument(record.data.document);
      setDraft(d);
      setSavedJson(JSON.stringify(documentFromDraft(d)));
    }
  }, [record.data, stationId]);

  const issues = useMemo(() => (draft ? validateDraft(draft, fits.fits) : []), [draft, fits.fits]);
  const station: Station | undefined = useMemo(() => {
    if (!draft || issues.length > 0) return undefined;
    const parsed = parseStation(JSON.parse(JSON.stringify(documentFromDraft(draft, fits.fits))));
    return parsed.ok ? parsed.station : undefined;
  }, [draft, issues, fits.fits]);
  const dirty = draft !== undefined && (stationId === undefined || JSON.stringify(documentFromDraft(draft)) !== savedJson);

  /** Saves the draft when it changed (runs always use the saved station); returns its id. */
  const ensureSaved = async (): Promise<string | undefined> => {
    if (!draft || issues.length > 0) return undefined;
    if (!dirty && stationId) return stationId;
    const r = await save.mutateAsync({ ...(stationId ? { id: stationId } : {}), document: documentFromDraft(draft) });
    setStationId(r.id);
    setSavedJson(JSON.stringify(documentFromDraft(draft)));
    queryClient.setQueryData(['optimize.stations.get', { id: r.id }], r);
    return r.id;
  };

  const newStation = () => {
    setStationId(undefined);
    setDraft(emptyDraft());
    setSavedJson('');
    setRuns({});
    setTab('station');
  };

  const openRun = async (id: string) => {
    const run = await rpc.call('optimize.runs.get', { id });
    const target = KIND_TAB[run.kind];
    if (run.stationId !== stationId && stations.data?.stations.some((s) => s.id === run.stationId)) setStationId(run.stationId);
    setRuns((r) => ({ ...r, [target]: run }));
    setTab(target);
  };

  const stationOptions = stations.data?.stations ?? [];
  return (
    <div className="swb-page">
      <PageHeader
        title="Optimize"
        subtitle="Which pumps, at what speed, for the least energy — and the cheapest 24-hour schedule"
        actions={
          <>
            <HTMLSelect
              value={stationId ?? ''}
              onChange={(e) => {
                setStationId(e.target.value || undefined);
                setRuns({});
              }}
              data-testid="station-select"
              options={[...(stationId === undefined ? [{ value: '', label: draft ? `${draft.name || 'New station'} (unsaved)` : 'No station' }] : []), ...stationOptions.map((s) => ({ value: s.id, label: `${s.name} (${s.pumps} pumps)` }))]}
            />
            <Button icon="add" text="New station" onClick={newStation} data-testid="station-new" />
            <Button intent="primary" icon="floppy-disk" text={dirty ? 'Save station' : 'Saved'} disabled={!dirty || issues.length > 0} loading={save.isPending} onClick={() => void ensureSaved().catch(() => undefined)} data-testid="station-save" />
            <Button
              icon="trash"
              variant="minimal"
              aria-label="Delete station"
              disabled={!stationId}
              onClick={() => {
                if (!stationId || !window.confirm('Delete this station? Its runs stay in the history.')) return;
                remove.mutate({ id: stationId }, { onSuccess: () => { setStationId(undefined); setDraft(undefined); setRuns({}); } });
              }}
              data-testid="station-delete"
            />
          </>
        }
      />
      {save.error ? (
        <Callout intent="danger" compact className="swb-mb8" data-testid="station-save-error">
          {save.error.message}
        </Callout>
      ) : null}
      {!draft ? (
        <NonIdealState icon="predictive-analysis" title="Loading station…" />
      ) : (
        <Tabs id="optimize-tabs" selectedTabId={tab} onChange={(t) => setTab(t as TabId)} renderActiveTabPanelOnly animate={false}>
          <Tab id="station" title={<span data-testid="tab-station">Station{issues.length > 0 ? <Tag minimal intent="danger" className="swb-ml4">{issues.length}</Tag> : null}</span>} panel={<StationEditor draft={draft} onChange={setDraft} issues={issues} fits={fits} />} />
          <Tab id="optimize" title={<span data-testid="tab-optimize">Optimize demand</span>} panel={<OptimizeTab draft={draft} station={station} ensureSaved={ensureSaved} blocked={issues.length > 0 ? 'fix the station first' : undefined} run={runs.optimize} setRun={(r) => setRuns((x) => ({ ...x, optimize: r }))} />} />
          <Tab id="table" title={<span data-testid="tab-table">Operating table</span>} panel={<TableTab draft={draft} ensureSaved={ensureSaved} blocked={issues.length > 0 ? 'fix the station first' : undefined} run={runs.table} setRun={(r) => setRuns((x) => ({ ...x, table: r }))} />} />
          <Tab id="schedule" title={<span data-testid="tab-schedule">24-hour schedule</span>} panel={<ScheduleTab draft={draft} setDraft={setDraft} station={station} ensureSaved={ensureSaved} blocked={issues.length > 0 ? 'fix the station first' : undefined} run={runs.schedule} setRun={(r) => setRuns((x) => ({ ...x, schedule: r }))} />} />
          <Tab id="history" title={<span data-testid="tab-history">Runs</span>} panel={<HistoryTab onOpen={(id) => void openRun(id)} />} />
        </Tabs>
      )}
    </div>
  );
}

type TabProps = { draft: StationDraft; ensureSaved: () => Promise<string | undefined>; blocked?: string; run: OptimizationRun | undefined; setRun: (r: OptimizationRun) => void };

function OptimizeTab({ draft, station, ensureSaved, blocked, run, setRun }: TabProps & { station: Station | undefined }) {
  const [form, setForm] = useState<RunForm>({ demandM3h: draft.demandM3h || '400', mode: 'single', algorithm: 'exhaustive', objective: 'bepDistance', seed: '1', settings: {} });
  const single = useRun('optimize.demand.run');
  const pareto = useRun('optimize.pareto.run');
  const compare = useRun('optimize.compare.run');
  const active = form.mode === 'single' ? single : form.mode === 'pareto' ? pareto : compare;
  const [formError, setFormError] = useState<string | undefined>();

  const go = async () => {
    const demandM3h = Number(form.demandM3h);
    const seed = Number(form.seed);
    if (form.demandM3h.trim() === '' || !Number.isFinite(demandM3h) || demandM3h < 0) return setFormError('Demand must be a flow ≥ 0 m³/h');
    if (!Number.isInteger(seed) || seed < 0) return setFormError('Seed must be a whole number ≥ 0');
    setFormError(undefined);
    let stationId: string | undefined;
    try {
      stationId = await ensureSaved();
    } catch (error) {
      return setFormError((error as Error).message);
    }
    if (!stationId) return setFormError('Fix the station first');
    const settings = typedSettings(form);
    const r =
      form.mode === 'single'
        ? await single.run({ stationId, demandM3h, algorithm: form.algorithm, seed, ...(Object.keys(settings).length ? { settings } : {}) })
        : form.mode === 'pareto'
          ? await pareto.run({ stationId, demandM3h, objective: form.objective, seed, ...(Object.keys(settings).length ? { settings } : {}) })
          : await compare.run({ stationId, demandM3h, seed });
    if (r) setRun(r);
  };

  return (
    <div className="swb-run-layout">
      <div>
        <RunPanel form={form} onChange={setForm} onRun={() => void go()} state={active.state} onCancel={active.cancel} disabled={blocked} />
        {formError ? <Callout intent="danger" compact className="swb-mt8" data-testid="opt-form-error">{formError}</Callout> : null}
      </div>
      <section className="swb-card swb-result-card">
        <h3>Result</h3>
        {!run ? (
          <NonIdealState icon="lightning" title="No result yet" description="Choose a demand and a study, then Optimize. Every run is kept in the Runs tab." />
        ) : run.result.kind === 'demand' ? (
          <DemandView run={run} result={run.result.demand} station={station} />
        ) : run.result.kind === 'pareto' ? (
          <ParetoView key={run.id} run={run} result={run.result.pareto} station={station} />
        ) : run.result.kind === 'compare' ? (
          <CompareView run={run} rows={run.result.rows} />
        ) : null}
      </section>
    </div>
  );
}

function TableTab({ draft, ensureSaved, blocked, run, setRun }: TabProps) {
  const flows = draft.pumps.map((p) => Number(p.flowMax)).filter(Number.isFinite);
  const [from, setFrom] = useState('50');
  const [to, setTo] = useState(String(Math.round(flows.reduce((s, v) => s + v, 0) || 600)));
  const [count, setCount] = useState('12');
  const [error, setError] = useState<string | undefined>();
  const table = useRun('optimize.table.run');
  const go = async () => {
    const fromM3h = Number(from);
    const toM3h = Number(to);
    const n = Number(count);
    if (!(Number.isFinite(fromM3h) && fromM3h >= 0 && toM3h > fromM3h)) return setError('Give demands from ≥ 0 up to a larger value, m³/h');
    if (!(Number.isInteger(n) && n >= 2 && n <= 200)) return setError('Rows must be a whole number from 2 to 200');
    setError(undefined);
    const stationId = await ensureSaved().catch((e: Error) => void setError(e.message));
    if (!stationId) return;
    const r = await table.run({ stationId, fromM3h, toM3h, count: n });
    if (r) setRun(r);
  };
  return (
    <div>
      <div className="swb-toolbar">
        <span>Demands from</span>
        <InputGroup size="small" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 70 }} data-testid="table-from" />
        <span>to</span>
        <InputGroup size="small" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 70 }} data-testid="table-to" />
        <span>m³/h in</span>
        <InputGroup size="small" value={count} onChange={(e) => setCount(e.target.value)} style={{ width: 50 }} data-testid="table-count" />
        <span>rows</span>
        <Button intent="primary" icon="th" text="Build table" onClick={() => void go()} loading={table.state.running} disabled={Boolean(blocked)} data-testid="table-run" />
        <span className="swb-small swb-muted">exhaustive optimum per row</span>
      </div>
      {error ? <Callout intent="danger" compact className="swb-mb8">{error}</Callout> : null}
      <RunProgress state={table.state} onCancel={table.cancel} testId="table-run" />
      <section className="swb-card">
        {run && run.result.kind === 'table' ? <TableResultView run={run} rows={run.result.rows} /> : <NonIdealState icon="th" title="No operating table yet" description="Build one for the range of demands the station sees." />}
      </section>
    </div>
  );
}

function ScheduleTab({ draft, setDraft, station, ensureSaved, blocked, run, setRun }: TabProps & { setDraft: (d: StationDraft) => void; station: Station | undefined }) {
  const [maxStarts, setMaxStarts] = useState(draft.maxSwitchesPerDay || '6');
  const [initial, setInitial] = useState<string[]>(draft.pumps[0] ? [draft.pumps[0].id] : []);
  const [error, setError] = useState<string | undefined>();
  const schedule = useRun('optimize.schedule.run');
  const setHour = (key: 'profileM3h' | 'pricePerKwh', h: number, v: string) => setDraft({ ...draft, [key]: draft[key].map((x, i) => (i === h ? v : x)) });
  const fillFlat = () => setDraft({ ...draft, profileM3h: draft.profileM3h.map((v) => (v.trim() === '' ? draft.demandM3h || '0' : v)), pricePerKwh: draft.pricePerKwh.map((v) => (v.trim() === '' ? '0.2' : v)) });
  const go = async () => {
    const demand = draft.profileM3h.map(Number);
    const price = draft.pricePerKwh.map(Number);
    const badD = draft.profileM3h.findIndex((v, i) => v.trim() === '' || !Number.isFinite(demand[i]!) || demand[i]! < 0);
    const badP = draft.pricePerKwh.findIndex((v, i) => v.trim() === '' || !Number.isFinite(price[i]!) || price[i]! < 0);
    if (badD >= 0) return setError(`Demand for hour ${badD} must be a flow ≥ 0 m³/h`);
    if (badP >= 0) return setError(`Price for hour ${badP} must be ≥ 0`);
    const k = Number(maxStarts);
    if (!Number.isInteger(k) || k < 0) return setError('Most starts must be a whole number ≥ 0');
    setError(undefined);
    const stationId = await ensureSaved().catch((e: Error) => void setError(e.message));
    if (!stationId) return;
    const r = await schedule.run({ stationId, plan: { demandM3h: demand, pricePerKwh: price, maxStarts: k, initialRunning: initial.filter((id) => draft.pumps.some((p) => p.id === id)) } });
    if (r) setRun(r);
  };
  const plan = run?.result.kind === 'schedule' ? run.result.plan : undefined;
  return (
    <div>
      <section className="swb-card swb-mb8">
        <h3>Demand profile and tariff</h3>
        <div className="swb-hours" data-testid="schedule-hours">
          <div className="swb-hours-label">Hour</div>
          {draft.profileM3h.map((_, h) => (
            <div key={h} className="swb-hours-head">
              {String(h).padStart(2, '0')}
            </div>
          ))}
          <div className="swb-hours-label">Q, m³/h</div>
          {draft.profileM3h.map((v, h) => (
            <input key={h} className="swb-hour-input" value={v} onChange={(e) => setHour('profileM3h', h, e.target.value)} aria-label={`Demand hour ${h}`} data-testid={`demand-${h}`} />
          ))}
          <div className="swb-hours-label">Price{draft.currency ? `, ${draft.currency}` : ''}/kWh</div>
          {draft.pricePerKwh.map((v, h) => (
            <input key={h} className="swb-hour-input" value={v} onChange={(e) => setHour('pricePerKwh', h, e.target.value)} aria-label={`Price hour ${h}`} data-testid={`price-${h}`} />
          ))}
        </div>
        <div className="swb-toolbar swb-mt8">
          <Button size="small" text="Fill empty hours" icon="flows" onClick={fillFlat} disabled={!draft.profileM3h.some((v) => v.trim() === '') && !draft.pricePerKwh.some((v) => v.trim() === '')} />
          <span>Currency</span>
          <InputGroup size="small" value={draft.currency} onChange={(e) => setDraft({ ...draft, currency: e.target.value })} style={{ width: 60 }} />
          <span>Most starts per day</span>
          <InputGroup size="small" value={maxStarts} onChange={(e) => setMaxStarts(e.target.value)} style={{ width: 50 }} data-testid="schedule-max-starts" />
          <span>Running before 00:00</span>
          {draft.pumps.map((p) => (
            <Checkbox key={p.key} inline className="swb-inline-check" label={p.id} checked={initial.includes(p.id)} onChange={(e) => setInitial(e.currentTarget.checked ? [...initial, p.id] : initial.filter((x) => x !== p.id))} />
          ))}
          <Button intent="primary" icon="timeline-bar-chart" text="Optimize schedule" onClick={() => void go()} loading={schedule.state.running} disabled={Boolean(blocked)} data-testid="schedule-run" />
        </div>
        <p className="swb-small swb-muted">
          Each hour runs at constant demand. A start is a pump off in the hour before and on in this one (before 00:00: the pumps ticked). Stops and speed changes are free. The profile and prices are saved with the station.
        </p>
        {error ? <Callout intent="danger" compact>{error}</Callout> : null}
        <RunProgress state={schedule.state} onCancel={schedule.cancel} testId="schedule-run" />
      </section>
      <section className="swb-card">
        <h3>Schedule</h3>
        {run && run.result.kind === 'schedule' ? (
          <ScheduleResultView run={run} result={run.result.schedule} pumpIds={station?.pumps.map((p) => p.id) ?? draft.pumps.map((p) => p.id)} prices={plan?.pricePerKwh ?? []} initialRunning={plan?.initialRunning ?? []} currency={draft.currency} />
        ) : (
          <NonIdealState icon="timeline-bar-chart" title="No schedule yet" description="Enter 24 hourly demands and prices, then Optimize schedule." />
        )}
      </section>
    </div>
  );
}

function HistoryTab({ onOpen }: { onOpen: (id: string) => void }) {
  const [kind, setKind] = useState<RunKind | ''>('');
  const runs = useRpcQuery('optimize.runs.list', kind ? { kind } : {});
  const del = useRpcMutation('optimize.runs.delete', ['optimize.runs.list']);
  return (
    <section className="swb-card">
      <div className="swb-toolbar">
        <HTMLSelect
          value={kind}
          onChange={(e) => setKind(e.target.value as RunKind | '')}
          options={[
            { value: '', label: 'All runs' },
            { value: 'demand', label: 'Least power' },
            { value: 'pareto', label: 'Pareto fronts' },
            { value: 'compare', label: 'Comparisons' },
            { value: 'table', label: 'Operating tables' },
            { value: 'schedule', label: 'Schedules' },
          ]}
        />
        <span className="swb-small swb-muted">{runs.data?.runs.length ?? 0} runs; click one to open it</span>
      </div>
      {runs.data && runs.data.runs.length === 0 ? (
        <NonIdealState icon="history" title="No runs yet" />
      ) : (
        <HTMLTable compact striped interactive className="swb-table-full" data-testid="runs-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Kind</th>
              <th>Station</th>
              <th>Algorithm</th>
              <th>Result</th>
              <th>Evaluations</th>
              <th>ms</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.data?.runs.map((r) => (
              <tr key={r.id} onClick={() => onOpen(r.id)}>
                <td className="swb-nowrap">{formatTime(r.createdAt)}</td>
                <td>{r.kind}</td>
                <td>{r.stationName}</td>
                <td>{r.algorithm}</td>
                <td>
                  {r.feasible ? null : <Tag minimal intent="warning" className="swb-mr4">infeasible</Tag>}
                  {r.summary}
                </td>
                <td>{r.evaluations.toLocaleString('en')}</td>
                <td>{r.ms.toFixed(0)}</td>
                <td>
                  <Button
                    size="small"
                    variant="minimal"
                    icon="trash"
                    aria-label="Delete run"
                    onClick={(e) => {
                      e.stopPropagation();
                      del.mutate({ id: r.id });
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
    </section>
  );
}
