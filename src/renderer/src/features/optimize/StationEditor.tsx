import { Button, Callout, Checkbox, HTMLSelect, HTMLTable, InputGroup, Tooltip } from '@blueprintjs/core';
import type { StationIssue } from '#shared/optimize/index';
import type { FitOption } from '#shared/rpc/domains/optimize';
import { defaultPump, issueAt, nextPumpId, type DraftPump, type StationDraft } from './draft';

type Props = {
  draft: StationDraft;
  onChange: (next: StationDraft) => void;
  issues: StationIssue[];
  fits: { available: boolean; fits: FitOption[] };
};

/** A dense text input with its validation message as intent + tooltip. */
function Field({ value, onChange, error, testId, width = 70, placeholder, disabled }: { value: string; onChange: (v: string) => void; error?: string; testId?: string; width?: number; placeholder?: string; disabled?: boolean }) {
  const input = (
    <InputGroup
      size="small"
      value={value}
      placeholder={placeholder}
      disabled={disabled}
      intent={error ? 'danger' : 'none'}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testId}
      style={{ width }}
      className="swb-mono"
    />
  );
  return error ? (
    <Tooltip content={error} placement="top" compact>
      {input}
    </Tooltip>
  ) : (
    input
  );
}

/** Pumps table (curves, speeds, windows, efficiencies), system curve, fluid and constraints. */
export function StationEditor({ draft, onChange, issues, fits }: Props) {
  const setPump = (i: number, patch: Partial<DraftPump>) => onChange({ ...draft, pumps: draft.pumps.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const set = (patch: Partial<StationDraft>) => onChange({ ...draft, ...patch });
  const at = (path: string) => issueAt(issues, path);
  const headFits = fits.fits.filter((f) => f.curveKind === 'head');
  const effFits = fits.fits.filter((f) => f.curveKind === 'efficiency');
  const fitLabel = (f: FitOption) => `${f.pumpName ? `${f.pumpName}: ` : ''}${f.name}${f.refitted ? ' (cubic refit)' : ''}`;

  return (
    <div className="swb-station-editor">
      <div className="swb-form-row swb-mb8">
        <label className="swb-field-label">
          Station name
          <Field value={draft.name} onChange={(v) => set({ name: v })} width={280} testId="station-name" error={at('name')} />
        </label>
      </div>
      <section className="swb-card swb-mb8">
        <h3>Pumps</h3>
        <div className="swb-scroll-x">
          <HTMLTable compact bordered className="swb-pump-table" data-testid="pump-table">
            <thead>
              <tr>
                <th>ID</th>
                <th>Name</th>
                <th>Curve source</th>
                <th>
                  Head H(Q), m<div className="swb-th-sub">c0, c1, c2… (Q in m³/h)</div>
                </th>
                <th>
                  Efficiency η(Q)<div className="swb-th-sub">fraction, c0, c1, c2…</div>
                </th>
                <th>Rated rpm</th>
                <th>VSD</th>
                <th>
                  Speed range<div className="swb-th-sub">ratio min – max</div>
                </th>
                <th>
                  Flow window<div className="swb-th-sub">m³/h at rated speed</div>
                </th>
                <th>η motor</th>
                <th>η drive</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.pumps.map((p, i) => {
                const base = `pumps[${i}]`;
                return (
                  <tr key={p.key} data-testid={`pump-row-${i}`}>
                    <td>
                      <Field value={p.id} onChange={(v) => setPump(i, { id: v })} width={48} testId={`pump-${i}-id`} error={at(`${base}.id`)} />
                    </td>
                    <td>
                      <Field value={p.name} onChange={(v) => setPump(i, { name: v })} width={120} testId={`pump-${i}-name`} placeholder="optional" />
                    </td>
                    <td>
                      <HTMLSelect
                        minimal
                        value={p.source}
                        onChange={(e) => setPump(i, { source: e.target.value as DraftPump['source'] })}
                        data-testid={`pump-${i}-source`}
                        options={[
                          { value: 'manual', label: 'Entered by hand' },
                          { value: 'fit', label: fits.available ? 'From a saved fit' : 'From a saved fit (none in project)', disabled: !fits.available || fits.fits.length === 0 },
                        ]}
                      />
                    </td>
                    <td>
                      {p.source === 'fit' ? (
                        <HTMLSelect minimal value={p.headFitId} onChange={(e) => setPump(i, { headFitId: e.target.value })} className={at(`${base}.curveSource.headFitId`) ? 'swb-select-error' : undefined}>
                          <option value="">choose a head fit…</option>
                          {headFits.map((f) => (
                            <option key={f.id} value={f.id}>
                              {fitLabel(f)}
                            </option>
                          ))}
                        </HTMLSelect>
                      ) : (
                        <Field value={p.head} onChange={(v) => setPump(i, { head: v })} width={190} testId={`pump-${i}-head`} error={at(`${base}.head`)} />
                      )}
                    </td>
                    <td>
                      {p.source === 'fit' ? (
                        <HTMLSelect minimal value={p.efficiencyFitId} onChange={(e) => setPump(i, { efficiencyFitId: e.target.value })} className={at(`${base}.curveSource.efficiencyFitId`) ? 'swb-select-error' : undefined}>
                          <option value="">choose an efficiency fit…</option>
                          {effFits.map((f) => (
                            <option key={f.id} value={f.id}>
                              {fitLabel(f)}
                            </option>
                          ))}
                        </HTMLSelect>
                      ) : (
                        <Field value={p.efficiency} onChange={(v) => setPump(i, { efficiency: v })} width={190} testId={`pump-${i}-efficiency`} error={at(`${base}.efficiency`)} />
                      )}
                    </td>
                    <td>
                      <Field value={p.ratedSpeedRpm} onChange={(v) => setPump(i, { ratedSpeedRpm: v })} width={58} testId={`pump-${i}-rpm`} error={at(`${base}.ratedSpeedRpm`)} />
                    </td>
                    <td>
                      <Checkbox className="swb-inline-check" checked={p.variableSpeed} onChange={(e) => setPump(i, { variableSpeed: e.currentTarget.checked })} data-testid={`pump-${i}-vsd`} />
                    </td>
                    <td className="swb-nowrap">
                      <Field value={p.speedMin} onChange={(v) => setPump(i, { speedMin: v })} width={46} testId={`pump-${i}-speed-min`} disabled={!p.variableSpeed} error={at(`${base}.speedRange`)} />
                      <span className="swb-dash">–</span>
                      <Field value={p.speedMax} onChange={(v) => setPump(i, { speedMax: v })} width={46} testId={`pump-${i}-speed-max`} disabled={!p.variableSpeed} error={at(`${base}.speedRange`)} />
                    </td>
                    <td className="swb-nowrap">
                      <Field value={p.flowMin} onChange={(v) => setPump(i, { flowMin: v })} width={50} testId={`pump-${i}-flow-min`} error={at(`${base}.flowRange`)} />
                      <span className="swb-dash">–</span>
                      <Field value={p.flowMax} onChange={(v) => setPump(i, { flowMax: v })} width={50} testId={`pump-${i}-flow-max`} error={at(`${base}.flowRange`)} />
                    </td>
                    <td>
                      <Field value={p.motorEfficiency} onChange={(v) => setPump(i, { motorEfficiency: v })} width={50} testId={`pump-${i}-motor`} error={at(`${base}.motorEfficiency`)} />
                    </td>
                    <td>
                      <Field value={p.driveEfficiency} onChange={(v) => setPump(i, { driveEfficiency: v })} width={50} testId={`pump-${i}-drive`} disabled={!p.variableSpeed} error={at(`${base}.driveEfficiency`)} />
                    </td>
                    <td className="swb-nowrap">
                      <Tooltip content="Copy this pump" compact>
                        <Button size="small" variant="minimal" icon="duplicate" aria-label="Copy pump" onClick={() => onChange({ ...draft, pumps: [...draft.pumps.slice(0, i + 1), { ...p, key: defaultPump(0).key, id: nextPumpId(draft.pumps) }, ...draft.pumps.slice(i + 1)] })} />
                      </Tooltip>
                      <Tooltip content="Remove this pump" compact>
                        <Button size="small" variant="minimal" icon="trash" aria-label="Remove pump" disabled={draft.pumps.length <= 1} onClick={() => onChange({ ...draft, pumps: draft.pumps.filter((_, j) => j !== i) })} data-testid={`pump-${i}-remove`} />
                      </Tooltip>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </HTMLTable>
        </div>
        <div className="swb-toolbar swb-mt6">
          <Button size="small" icon="add" text="Add pump" data-testid="pump-add" disabled={draft.pumps.length >= 16} onClick={() => onChange({ ...draft, pumps: [...draft.pumps, { ...defaultPump(draft.pumps.length), id: nextPumpId(draft.pumps) }] })} />
          <span className="swb-muted swb-small">Head strictly decreasing and efficiency in (0, 1] over the flow window. At speed ratio s the window scales to s·min … s·max (affinity laws).</span>
        </div>
      </section>
      <div className="swb-grid">
        <section className="swb-card">
          <h3>System curve and fluid</h3>
          <div className="swb-form-grid">
            <label>Static head, m</label>
            <Field value={draft.staticHeadM} onChange={(v) => set({ staticHeadM: v })} testId="system-static" error={at('system.staticHeadM') ?? at('system')} />
            <label>Friction k, m/(m³/h)²</label>
            <Field value={draft.k} onChange={(v) => set({ k: v })} testId="system-k" error={at('system.k')} width={100} />
            <label>Fluid density, kg/m³</label>
            <Field value={draft.densityKgM3} onChange={(v) => set({ densityKgM3: v })} testId="fluid-density" error={at('fluid.densityKgM3')} />
          </div>
          <p className="swb-muted swb-small swb-mt6">H = H₀ + k·Q²; every running pump delivers the station head at the demand.</p>
        </section>
        <section className="swb-card">
          <h3>Constraints</h3>
          <div className="swb-form-grid">
            <label>Most pumps running</label>
            <Field value={draft.maxPumpsRunning} onChange={(v) => set({ maxPumpsRunning: v })} placeholder="all" testId="constraint-max-pumps" error={at('constraints.maxPumpsRunning')} />
            <label>Minimum run time, h</label>
            <Field value={draft.minRunTimeH} onChange={(v) => set({ minRunTimeH: v })} placeholder="0" testId="constraint-min-run" error={at('constraints.minRunTimeH')} />
            <label>Most starts per day</label>
            <Field value={draft.maxSwitchesPerDay} onChange={(v) => set({ maxSwitchesPerDay: v })} placeholder="plan's limit" testId="constraint-max-switches" error={at('constraints.maxSwitchesPerDay')} />
          </div>
          <p className="swb-muted swb-small swb-mt6">Run time and starts apply to the 24-hour schedule.</p>
        </section>
      </div>
      {issues.length > 0 ? (
        <Callout intent="danger" compact className="swb-mt8" data-testid="station-issues" title={`${issues.length} problem${issues.length > 1 ? 's' : ''} to fix before saving`}>
          <ul className="swb-issue-list">
            {issues.slice(0, 8).map((i) => (
              <li key={`${i.path}:${i.message}`}>
                <span className="swb-mono">{i.path || 'station'}</span>: {i.message}
              </li>
            ))}
            {issues.length > 8 ? <li>… and {issues.length - 8} more</li> : null}
          </ul>
        </Callout>
      ) : null}
    </div>
  );
}
