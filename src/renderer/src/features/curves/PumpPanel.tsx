import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, HTMLTable, InputGroup, Tag, TextArea } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { ISO9906_GRADES, type CurveKind, type IsoResultJson, type PumpRecord, type ToleranceFactorsInput } from '#shared/rpc/domains/curves';
import { formatTime } from '../../components/format';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { num } from './ResultTables';

const KIND_LABEL: Record<CurveKind, string> = { head: 'H-Q (head)', efficiency: 'η-Q (efficiency)', power: 'P-Q (power)' };

/** ISO 9906 verdict for the current head fit against the pump's guarantee point. */
export function IsoVerdict({ iso, error, pump, applicable }: { iso: IsoResultJson | undefined; error: string | undefined; pump: PumpRecord | undefined; applicable: string | undefined }) {
  if (applicable) return <p className="swb-muted swb-small">{applicable}</p>;
  if (!pump) return <p className="swb-muted swb-small">Choose a pump to check the fitted head curve against its guarantee point.</p>;
  if (error) return <Callout intent="warning" className="swb-small">{error}</Callout>;
  if (!iso) return <p className="swb-muted swb-small">Checking…</p>;
  return (
    <div data-testid="iso-verdict">
      <Callout intent={iso.pass ? 'success' : 'danger'} icon={iso.pass ? 'endorsed' : 'error'} title={`ISO 9906 grade ${iso.grade}: ${iso.pass ? 'ACCEPTED' : 'NOT ACCEPTED'}`} className="swb-small">
        <ul className="swb-curves-messages">
          {iso.messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      </Callout>
      <dl className="swb-kv swb-small" style={{ marginTop: 6 }}>
        <dt>Guarantee point</dt>
        <dd>
          Q {num(iso.guarantee.flowM3h, 4)} m³/h, H {num(iso.guarantee.headM, 4)} m{iso.guarantee.efficiency ? `, η ${num(iso.guarantee.efficiency * 100, 3)} %` : ''}
        </dd>
        <dt>Cross</dt>
        <dd>
          Q {num(iso.cross.flowMinM3h, 4)}…{num(iso.cross.flowMaxM3h, 4)} m³/h, H {num(iso.cross.headMinM, 4)}…{num(iso.cross.headMaxM, 4)} m
        </dd>
        <dt>Tolerances</dt>
        <dd>
          {iso.tolerancesEdited ? <Tag minimal intent="warning">edited</Tag> : <Tag minimal>default</Tag>} <span className="swb-muted">{iso.toleranceSource}</span>
        </dd>
      </dl>
    </div>
  );
}

/** Saved fits of a pump, with delete and CSV export. */
export function SavedFits({ pumpId }: { pumpId: string | undefined }) {
  const list = useRpcQuery('curves.fits.list', pumpId ? { pumpId } : {}, { enabled: !!pumpId });
  const del = useRpcMutation('curves.fits.delete', ['curves.fits.list', 'curves.pumps.list']);
  const csv = useRpcMutation('curves.export.csv');
  if (!pumpId) return null;
  const fits = list.data?.fits ?? [];
  return (
    <div data-testid="saved-fits">
      <div className="swb-toolbar swb-curves-card-head">
        <strong className="swb-small">Saved curves of {pumpId}</strong>
        <Button
          size="small"
          variant="minimal"
          icon="download"
          text="CSV"
          disabled={fits.length === 0}
          loading={csv.isPending}
          onClick={() =>
            csv.mutate(
              { pumpId },
              {
                onSuccess: (r) => {
                  const url = URL.createObjectURL(new Blob(['\uFEFF', r.csv], { type: 'text/csv' }));
                  const a = document.createElement('a');
                  a.href = url;
                  a.download = r.fileName;
                  a.click();
                  setTimeout(() => URL.revokeObjectURL(url), 2000);
                },
              },
            )
          }
          data-testid="saved-fits-csv"
        />
      </div>
      {fits.length === 0 ? (
        <p className="swb-muted swb-small">No saved curves yet.</p>
      ) : (
        <HTMLTable compact className="swb-table-full swb-small">
          <tbody>
            {fits.map((f) => (
              <tr key={f.id} data-testid="saved-fit-row">
                <td>
                  <Tag minimal>{f.curveKind}</Tag>
                </td>
                <td>{f.name}</td>
                <td className="swb-mono">R² {num(f.metrics.r2, 5)}</td>
                <td className="swb-muted">{formatTime(f.createdAt)}</td>
                <td>
                  <Button size="small" variant="minimal" icon="trash" aria-label="Delete saved fit" onClick={() => del.mutate({ id: f.id })} />
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
    </div>
  );
}

function pointsToText(p: PumpRecord): string {
  return ['flow_m3h, head_m, efficiency_pct, power_kW', ...p.manufacturerPoints.map((m) => [m.flowM3h, m.headM ?? '', m.efficiency !== undefined ? Number((m.efficiency * 100).toFixed(3)) : '', m.powerKw ?? ''].join(', '))].join('\n');
}

/** Parses "Q, H, η %, P" lines (comma, semicolon or tab separated; a header line is skipped). */
export function parsePoints(text: string): { points: Array<{ flowM3h: number; headM?: number; efficiency?: number; powerKw?: number }>; errors: string[] } {
  const points: Array<{ flowM3h: number; headM?: number; efficiency?: number; powerKw?: number }> = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || /^[A-Za-z#]/.test(t)) return;
    const f = t.split(/[;,\t]/).map((s) => s.trim());
    const v = f.map((s) => (s === '' ? undefined : Number(s)));
    if (v.some((x) => x !== undefined && !Number.isFinite(x))) return errors.push(`Line ${i + 1}: '${t}' has a value that is not a number`);
    if (v[0] === undefined || v[0] < 0) return errors.push(`Line ${i + 1}: flow is missing or negative`);
    if (v[2] !== undefined && (v[2] < 0 || v[2] > 100)) return errors.push(`Line ${i + 1}: efficiency must be 0..100 %`);
    points.push({ flowM3h: v[0], ...(v[1] !== undefined ? { headM: v[1] } : {}), ...(v[2] !== undefined ? { efficiency: v[2] / 100 } : {}), ...(v[3] !== undefined ? { powerKw: v[3] } : {}) });
  });
  return { points, errors };
}

/** Edit a pump: name, rated speed, guarantee point, grade, manufacturer points (typed or pasted). */
export function PumpDialog({ pump, isOpen, onClose }: { pump: PumpRecord | undefined; isOpen: boolean; onClose: () => void }) {
  const save = useRpcMutation('curves.pumps.save', ['curves.pumps.list']);
  const [draft, setDraft] = useState({ id: '', name: '', speed: '1450', q: '', h: '', eta: '', p: '', grade: '2B', points: 'flow_m3h, head_m, efficiency_pct, power_kW\n' });
  useEffect(() => {
    if (!isOpen) return;
    save.reset();
    setDraft(
      pump
        ? { id: pump.id, name: pump.name, speed: String(pump.ratedSpeedRpm), q: String(pump.guarantee?.flowM3h ?? ''), h: String(pump.guarantee?.headM ?? ''), eta: pump.guarantee?.efficiency !== undefined ? String(Number((pump.guarantee.efficiency * 100).toFixed(3))) : '', p: String(pump.guarantee?.powerKw ?? ''), grade: pump.grade, points: pointsToText(pump) }
        : { id: '', name: '', speed: '1450', q: '', h: '', eta: '', p: '', grade: '2B', points: 'flow_m3h, head_m, efficiency_pct, power_kW\n' },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isOpen, pump]);
  const parsed = parsePoints(draft.points);
  const n = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const guarantee = n(draft.q) !== undefined && n(draft.h) !== undefined ? { flowM3h: n(draft.q)!, headM: n(draft.h)!, ...(n(draft.eta) !== undefined ? { efficiency: n(draft.eta)! / 100 } : {}), ...(n(draft.p) !== undefined ? { powerKw: n(draft.p)! } : {}) } : undefined;
  const field = (key: keyof typeof draft, label: string, testId: string, placeholder?: string) => (
    <FormGroup label={label} className="swb-compact-form" labelFor={testId}>
      <InputGroup id={testId} size="small" data-testid={testId} value={draft[key]} placeholder={placeholder} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </FormGroup>
  );
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={pump ? `Pump ${pump.id}` : 'New pump'} style={{ width: 560 }}>
      <DialogBody>
        <div className="swb-curves-form-grid">
          {pump ? null : field('id', 'Id', 'pump-id', 'P4')}
          {field('name', 'Name', 'pump-name')}
          {field('speed', 'Rated speed [rpm]', 'pump-speed')}
          <FormGroup label="ISO 9906 grade" className="swb-compact-form">
            <HTMLSelect value={draft.grade} onChange={(e) => setDraft({ ...draft, grade: e.target.value })} options={[...ISO9906_GRADES]} data-testid="pump-grade" />
          </FormGroup>
          {field('q', 'Guarantee Q [m³/h]', 'pump-gq')}
          {field('h', 'Guarantee H [m]', 'pump-gh')}
          {field('eta', 'Guarantee η [%] (optional)', 'pump-geta')}
          {field('p', 'Guarantee P [kW] (optional)', 'pump-gp')}
        </div>
        <FormGroup label="Manufacturer curve points (paste from a data sheet: Q, H, η %, P per line)" labelFor="pump-points">
          <TextArea id="pump-points" fill rows={8} className="swb-mono" value={draft.points} onChange={(e) => setDraft({ ...draft, points: e.target.value })} data-testid="pump-points" />
        </FormGroup>
        <p className="swb-small swb-muted">{parsed.points.length} points read.</p>
        {parsed.errors.length > 0 ? <Callout intent="warning" className="swb-small">{parsed.errors.slice(0, 5).join('\n')}</Callout> : null}
        {save.error ? (
          <Callout intent="danger" className="swb-small" data-testid="pump-error">
            {save.error.message}
          </Callout>
        ) : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={onClose} />
            <Button
              intent="primary"
              text="Save pump"
              data-testid="pump-save"
              loading={save.isPending}
              disabled={parsed.errors.length > 0 || !(pump?.id ?? draft.id) || !draft.name}
              onClick={() =>
                save.mutate(
                  { id: pump?.id ?? draft.id.trim(), name: draft.name, ratedSpeedRpm: Number(draft.speed), manufacturerPoints: parsed.points, ...(guarantee ? { guarantee } : {}), grade: draft.grade as PumpRecord['grade'], notes: pump?.notes ?? '' },
                  { onSuccess: onClose },
                )
              }
            />
          </>
        }
      />
    </Dialog>
  );
}

const FACTOR_KEYS: Array<[keyof ToleranceFactorsInput, string]> = [
  ['flowMinus', 'Q −'],
  ['flowPlus', 'Q +'],
  ['headMinus', 'H −'],
  ['headPlus', 'H +'],
  ['powerPlus', 'P +'],
  ['efficiencyMinus', 'η −'],
];

/** The project's ISO 9906 tolerance table: defaults with their source, editable per grade. */
export function ToleranceDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const table = useRpcQuery('curves.tolerances.get', {}, { enabled: isOpen });
  const set = useRpcMutation('curves.tolerances.set', ['curves.tolerances.get', 'curves.iso9906.check']);
  const [edit, setEdit] = useState<{ grade: string; values: Record<string, string>; source: string } | undefined>();
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="ISO 9906 tolerance table (this project)" style={{ width: 760 }}>
      <DialogBody>
        <p className="swb-small swb-muted">Public sources disagree on some values. The defaults are cited below; edit a grade to use your contract's values (state their source). Every acceptance result and report names the values used.</p>
        <HTMLTable compact className="swb-table-full swb-small" data-testid="tolerance-table">
          <thead>
            <tr>
              <th>Grade</th>
              {FACTOR_KEYS.map(([, l]) => (
                <th key={l}>{l} %</th>
              ))}
              <th>Source</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {table.data?.rows.map((r) =>
              edit?.grade === r.grade ? (
                <tr key={r.grade}>
                  <td>{r.grade}</td>
                  {FACTOR_KEYS.map(([k]) => (
                    <td key={k}>
                      <InputGroup size="small" style={{ width: 52 }} value={edit.values[k]} onChange={(e) => setEdit({ ...edit, values: { ...edit.values, [k]: e.target.value } })} data-testid={`tol-${k}`} />
                    </td>
                  ))}
                  <td>
                    <InputGroup size="small" value={edit.source} placeholder="e.g. contract annex C" onChange={(e) => setEdit({ ...edit, source: e.target.value })} data-testid="tol-source" />
                  </td>
                  <td>
                    <Button
                      size="small"
                      intent="primary"
                      text="Save"
                      data-testid="tol-save"
                      onClick={() =>
                        set.mutate(
                          { grade: r.grade, factors: Object.fromEntries(FACTOR_KEYS.map(([k]) => [k, Number(edit.values[k]) / 100])) as ToleranceFactorsInput, source: edit.source },
                          { onSuccess: () => setEdit(undefined) },
                        )
                      }
                    />
                  </td>
                </tr>
              ) : (
                <tr key={r.grade}>
                  <td>{r.grade}</td>
                  {FACTOR_KEYS.map(([k]) => (
                    <td key={k} className="swb-mono">
                      {num(r.factors[k] * 100, 3)}
                    </td>
                  ))}
                  <td className="swb-muted" style={{ maxWidth: 240 }}>
                    {r.isDefault ? 'default' : <Tag intent="warning" minimal>edited</Tag>} {r.isDefault ? '' : r.source}
                  </td>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <Button size="small" variant="minimal" icon="edit" aria-label={`Edit grade ${r.grade}`} onClick={() => setEdit({ grade: r.grade, values: Object.fromEntries(FACTOR_KEYS.map(([k]) => [k, String(Number((r.factors[k] * 100).toFixed(3)))])), source: r.isDefault ? '' : r.source })} />
                    {r.isDefault ? null : <Button size="small" variant="minimal" icon="reset" aria-label={`Reset grade ${r.grade}`} onClick={() => set.mutate({ grade: r.grade, reset: true })} />}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </HTMLTable>
        <p className="swb-small swb-muted">Default source: {table.data?.defaultSource}</p>
        {set.error ? <Callout intent="danger" className="swb-small">{set.error.message}</Callout> : null}
      </DialogBody>
      <DialogFooter actions={<Button text="Close" onClick={onClose} />} />
    </Dialog>
  );
}

export { KIND_LABEL };
