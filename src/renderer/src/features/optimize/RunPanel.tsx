import { Button, HTMLSelect, InputGroup, ProgressBar } from '@blueprintjs/core';
import { DE_DEFAULTS, EXHAUSTIVE_DEFAULTS, GA_DEFAULTS, NSGA2_DEFAULTS, PSO_DEFAULTS } from '#shared/optimize/index';
import type { RunState } from './useRun';

export type Mode = 'single' | 'pareto' | 'compare';
export type AlgorithmChoice = 'exhaustive' | 'ga' | 'pso' | 'de';

/** Settings shown per algorithm, with their defaults as placeholders and a one-line meaning. */
const SETTINGS: Record<AlgorithmChoice | 'nsga2', Array<{ key: string; label: string; def: number | undefined }>> = {
  exhaustive: [
    { key: 'maxGridPerSubset', label: 'Grid points per pump set', def: EXHAUSTIVE_DEFAULTS.maxGridPerSubset },
    { key: 'refineTolerance', label: 'Refinement tolerance (speed ratio)', def: EXHAUSTIVE_DEFAULTS.refineTolerance },
  ],
  ga: [
    { key: 'population', label: 'Population', def: GA_DEFAULTS.population },
    { key: 'generations', label: 'Generations', def: GA_DEFAULTS.generations },
    { key: 'crossoverRate', label: 'Crossover rate', def: GA_DEFAULTS.crossoverRate },
    { key: 'elite', label: 'Elite', def: GA_DEFAULTS.elite },
  ],
  pso: [
    { key: 'swarmSize', label: 'Swarm size', def: PSO_DEFAULTS.swarmSize },
    { key: 'iterations', label: 'Iterations', def: PSO_DEFAULTS.iterations },
    { key: 'c1', label: 'Cognitive c1', def: PSO_DEFAULTS.c1 },
    { key: 'c2', label: 'Social c2', def: PSO_DEFAULTS.c2 },
  ],
  de: [
    { key: 'population', label: 'Population', def: DE_DEFAULTS.population },
    { key: 'generations', label: 'Generations', def: DE_DEFAULTS.generations },
    { key: 'f', label: 'Weight F', def: DE_DEFAULTS.f },
    { key: 'cr', label: 'Crossover CR', def: DE_DEFAULTS.cr },
  ],
  nsga2: [
    { key: 'population', label: 'Population', def: 60 },
    { key: 'generations', label: 'Generations', def: 120 },
    { key: 'crossoverRate', label: 'Crossover rate', def: NSGA2_DEFAULTS.crossoverRate },
  ],
};

export type RunForm = {
  demandM3h: string;
  mode: Mode;
  algorithm: AlgorithmChoice;
  objective: 'bepDistance' | 'pumpsRunning';
  seed: string;
  settings: Record<string, string>;
};

/** Numeric settings actually typed (empty = default); NaN is passed through so the core names the field. */
export function typedSettings(form: RunForm): Record<string, number> {
  const keys = SETTINGS[form.mode === 'pareto' ? 'nsga2' : form.algorithm].map((s) => s.key);
  const out: Record<string, number> = {};
  for (const k of keys) {
    const v = form.settings[k];
    if (v !== undefined && v.trim() !== '') out[k] = Number(v);
  }
  return out;
}

export function RunProgress({ state, onCancel, testId }: { state: RunState; onCancel: () => void; testId: string }) {
  if (!state.running && !state.error && !state.cancelled) return null;
  return (
    <div className="swb-run-progress" data-testid={`${testId}-progress`}>
      {state.running ? (
        <>
          <ProgressBar value={Math.max(0.02, state.fraction)} intent="primary" animate stripes={false} />
          <div className="swb-toolbar swb-mt6">
            <span className="swb-small swb-muted">
              {Math.round(state.fraction * 100)} % {state.message ? `· ${state.message}` : ''}
            </span>
            <Button size="small" icon="stop" text="Cancel" intent="danger" variant="outlined" onClick={onCancel} data-testid={`${testId}-cancel`} />
          </div>
        </>
      ) : state.cancelled ? (
        <div className="swb-small swb-warn" data-testid={`${testId}-cancelled`}>
          Run cancelled; nothing was kept.
        </div>
      ) : (
        <div className="swb-error-text" data-testid={`${testId}-error`}>
          {state.error}
        </div>
      )}
    </div>
  );
}

/** Demand, mode, algorithm, seed and settings, with Run / progress / Cancel. */
export function RunPanel({ form, onChange, onRun, state, onCancel, disabled }: { form: RunForm; onChange: (f: RunForm) => void; onRun: () => void; state: RunState; onCancel: () => void; disabled?: string }) {
  const settingKey = form.mode === 'pareto' ? 'nsga2' : form.algorithm;
  const settings = form.mode === 'compare' ? [] : SETTINGS[settingKey];
  return (
    <section className="swb-card">
      <h3>Run</h3>
      <div className="swb-form-grid">
        <label htmlFor="opt-demand">Demand, m³/h</label>
        <InputGroup id="opt-demand" size="small" value={form.demandM3h} onChange={(e) => onChange({ ...form, demandM3h: e.target.value })} data-testid="opt-demand" style={{ width: 100 }} />
        <label htmlFor="opt-mode">Study</label>
        <HTMLSelect
          id="opt-mode"
          value={form.mode}
          onChange={(e) => onChange({ ...form, mode: e.target.value as Mode })}
          data-testid="opt-mode"
            fill
          options={[
            { value: 'single', label: 'Least power (one algorithm)' },
            { value: 'pareto', label: 'Pareto front (NSGA-II)' },
            { value: 'compare', label: 'Compare all algorithms' },
          ]}
        />
        {form.mode === 'single' ? (
          <>
            <label htmlFor="opt-algorithm">Algorithm</label>
            <HTMLSelect
              id="opt-algorithm"
              value={form.algorithm}
              onChange={(e) => onChange({ ...form, algorithm: e.target.value as AlgorithmChoice, settings: {} })}
              data-testid="opt-algorithm"
              fill
              options={[
                { value: 'exhaustive', label: 'Exhaustive (reference)' },
                { value: 'ga', label: 'Genetic algorithm' },
                { value: 'pso', label: 'Particle swarm' },
                { value: 'de', label: 'Differential evolution' },
              ]}
            />
          </>
        ) : null}
        {form.mode === 'pareto' ? (
          <>
            <label htmlFor="opt-objective">Second objective</label>
            <HTMLSelect
              id="opt-objective"
              value={form.objective}
              onChange={(e) => onChange({ ...form, objective: e.target.value as RunForm['objective'] })}
              data-testid="opt-objective"
              fill
              options={[
                { value: 'bepDistance', label: 'Distance from BEP (wear)' },
                { value: 'pumpsRunning', label: 'Pumps running' },
              ]}
            />
          </>
        ) : null}
        {form.mode !== 'single' || form.algorithm !== 'exhaustive' ? (
          <>
            <label htmlFor="opt-seed">Seed</label>
            <InputGroup id="opt-seed" size="small" value={form.seed} onChange={(e) => onChange({ ...form, seed: e.target.value })} data-testid="opt-seed" style={{ width: 100 }} />
          </>
        ) : null}
        {settings.map((s) => (
          <SettingInput key={`${settingKey}-${s.key}`} label={s.label} def={s.def} value={form.settings[s.key] ?? ''} onChange={(v) => onChange({ ...form, settings: { ...form.settings, [s.key]: v } })} testId={`opt-setting-${s.key}`} />
        ))}
      </div>
      <div className="swb-toolbar swb-mt8">
        <Button intent="primary" icon="play" text={form.mode === 'compare' ? 'Compare' : 'Optimize'} onClick={onRun} loading={state.running} disabled={Boolean(disabled)} data-testid="opt-run" />
        {disabled ? <span className="swb-small swb-muted">{disabled}</span> : null}
      </div>
      <RunProgress state={state} onCancel={onCancel} testId="opt-run" />
    </section>
  );
}

function SettingInput({ label, def, value, onChange, testId }: { label: string; def: number | undefined; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <>
      <label className="swb-small">{label}</label>
      <InputGroup size="small" value={value} placeholder={def === undefined ? 'auto' : String(def)} onChange={(e) => onChange(e.target.value)} data-testid={testId} style={{ width: 100 }} />
    </>
  );
}
