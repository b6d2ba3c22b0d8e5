import { Button, Callout, FormGroup, HTMLTable, InputGroup, ProgressBar, Tag } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { StorageStats } from '#shared/rpc/domains/monitor';
import { formatBytes, formatTime } from '../../components/format';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { ageText } from './hooks';

/** Default sample budget when the settings carry none; mirrors DEFAULT_STORAGE_BUDGET_MIB in src/main/monitor/storageStats.ts. */
const DEFAULT_BUDGET_MIB = 192;
const NEAR = 0.8;

type FieldKey = 'rawRetentionHours' | 'rollup10sRetentionDays' | 'rollup5mRetentionDays' | 'storageBudgetMiB';

/** Bounds as in the contract (`monitorSettings`), repeated here for inline messages before saving. */
const FIELDS: Array<{ key: FieldKey; label: string; unit: string; min: number; max: number; integer?: boolean; help: string }> = [
  { key: 'rawRetentionHours', label: 'Raw samples', unit: 'hours', min: 0.1, max: 8760, help: 'Every sample as received; exact statistics and CSV export need these.' },
  { key: 'rollup10sRetentionDays', label: '10 s rollups', unit: 'days', min: 0.1, max: 3650, help: 'Min/max/mean per 10 s: charts of hours to days.' },
  { key: 'rollup5mRetentionDays', label: '5 min rollups', unit: 'days', min: 1, max: 36500, help: 'Min/max/mean per 5 min: charts of weeks to months.' },
  { key: 'storageBudgetMiB', label: 'Storage budget', unit: 'MiB', min: 16, max: 1_048_576, integer: true, help: 'Warn when raw + rollup storage nears this (default 192 MiB).' },
];

type Draft = Record<FieldKey, string>;

function parseField(f: (typeof FIELDS)[number], text: string): { value?: number; error?: string } {
  const t = text.trim().replace(',', '.');
  if (t === '') return f.key === 'storageBudgetMiB' ? {} : { error: 'Required.' };
  const v = Number(t);
  if (!Number.isFinite(v)) return { error: `“${text}” is not a number.` };
  if (f.integer && !Number.isInteger(v)) return { error: 'Whole MiB only.' };
  if (v < f.min || v > f.max) return { error: `Between ${f.min} and ${f.max.toLocaleString()} ${f.unit}.` };
  return { value: v };
}

/**
 * Where the sample tables settle with these retention settings at the measured per-channel ingest
 * rates: the same formula as the core's projection (src/main/monitor/storageStats.ts), so the
 * effect of a change is visible before it is saved.
 */
function projectBytes(stats: StorageStats, rawHours: number, r10Days: number, r5Days: number): number {
  let bytes = 0;
  for (const c of stats.channels) {
    const r = c.samplesPerSecond;
    bytes += r * rawHours * 3600 * stats.raw.bytesPerRow + (Math.min(r, 0.1) * r10Days * 86_400 + Math.min(r, 1 / 300) * r5Days * 86_400) * stats.rollup.bytesPerRow;
  }
  return bytes;
}

function fmtRows(n: number): string {
  return n.toLocaleString();
}

function fmtRate(perS: number): string {
  if (perS === 0) return '0 /s';
  if (perS < 0.1) return `${(perS * 60).toFixed(1)} /min`;
  return `${perS >= 100 ? Math.round(perS).toLocaleString() : perS.toFixed(1)} /s`;
}

/** Share of the budget: "0.3 %", "55 %", "7,135× the budget" (percentages in the ten-thousands read as noise). */
function fmtShare(f: number): string {
  if (f >= 10) return `${Math.round(f).toLocaleString()}× the budget`;
  if (f > 0 && f < 0.001) return '< 0.1 %';
  return `${(f * 100).toFixed(f < 0.1 ? 1 : 0)} %`;
}

function fmtSpan(oldest: number | null, newest: number | null): string {
  if (oldest === null || newest === null) return '—';
  return `${formatTime(oldest)} → ${formatTime(newest)}`;
}

const LEVEL_INTENT = { ok: 'success', near: 'warning', over: 'danger' } as const;

/** Retention settings (edited, validated, saved and audited by the core) and what the samples take up. */
export function StorageView() {
  const settings = useRpcQuery('monitor.settings.get', {});
  const stats = useRpcQuery('monitor.storage.stats', {}, { refetchInterval: 10_000 });
  const project = useRpcQuery('project.info', {});
  const save = useRpcMutation('monitor.settings.set', ['monitor.settings.get', 'monitor.storage.stats']);
  const [draft, setDraft] = useState<Draft | undefined>();
  const [saved, setSaved] = useState(false);

  const fromSettings = useMemo<Draft | undefined>(
    () =>
      settings.data
        ? {
            rawRetentionHours: String(settings.data.rawRetentionHours),
            rollup10sRetentionDays: String(settings.data.rollup10sRetentionDays),
            rollup5mRetentionDays: String(settings.data.rollup5mRetentionDays),
            storageBudgetMiB: settings.data.storageBudgetMiB === undefined ? '' : String(settings.data.storageBudgetMiB),
          }
        : undefined,
    [settings.data],
  );
  // Until the user edits, the form follows the saved settings (another window or the CLI may change them).
  const current = draft ?? fromSettings;
  const parsed = current ? FIELDS.map((f) => ({ f, ...parseField(f, current[f.key]) })) : [];
  const errors = parsed.filter((p) => p.error);
  const values = Object.fromEntries(parsed.map((p) => [p.f.key, p.value])) as Partial<Record<FieldKey, number>>;
  const dirty = !!current && !!fromSettings && FIELDS.some((f) => current[f.key].trim() !== fromSettings[f.key]);
  const warnings: string[] = [];
  if (values.rawRetentionHours !== undefined && values.rollup10sRetentionDays !== undefined && values.rollup10sRetentionDays * 24 < values.rawRetentionHours)
    warnings.push('10 s rollups expire before the raw samples: zoomed-out charts of the oldest raw period will come from 5 min rollups.');
  if (values.rollup10sRetentionDays !== undefined && values.rollup5mRetentionDays !== undefined && values.rollup5mRetentionDays < values.rollup10sRetentionDays)
    warnings.push('5 min rollups expire before the 10 s rollups, so the longest history is the 10 s one.');
  if (settings.data && values.rawRetentionHours !== undefined && values.rawRetentionHours < settings.data.rawRetentionHours)
    warnings.push(`Raw samples older than ${values.rawRetentionHours} h are deleted at the next retention sweep (within a minute); rollups keep their min/max/mean.`);

  const onSave = () => {
    if (!current || errors.length > 0) return;
    const patch: { rawRetentionHours: number; rollup10sRetentionDays: number; rollup5mRetentionDays: number; storageBudgetMiB?: number } = {
      rawRetentionHours: values.rawRetentionHours!,
      rollup10sRetentionDays: values.rollup10sRetentionDays!,
      rollup5mRetentionDays: values.rollup5mRetentionDays!,
    };
    // An emptied budget keeps the stored one (the contract has no "unset"); typing the default restores it in effect.
    if (values.storageBudgetMiB !== undefined) patch.storageBudgetMiB = values.storageBudgetMiB;
    save.mutate(patch, {
      onSuccess: () => {
        setDraft(undefined);
        setSaved(true);
      },
    });
  };

  const s = stats.data;
  const sampleBytes = s ? s.raw.bytes + s.rollup.bytes : 0;
  const draftProjection =
    s && dirty && values.rawRetentionHours !== undefined && values.rollup10sRetentionDays !== undefined && values.rollup5mRetentionDays !== undefined
      ? projectBytes(s, values.rawRetentionHours, values.rollup10sRetentionDays, values.rollup5mRetentionDays)
      : undefined;
  const draftBudget = (values.storageBudgetMiB ?? settings.data?.storageBudgetMiB ?? DEFAULT_BUDGET_MIB) * 1024 * 1024;

  return (
    <div className="swb-grid-2" data-testid="storage-view">
      <section className="swb-card">
        <h3>Retention</h3>
        {settings.error ? <Callout intent="danger">Settings could not be loaded: {settings.error.message}</Callout> : null}
        {current
          ? parsed.map(({ f, error }) => (
              <FormGroup key={f.key} label={f.label} labelFor={`storage-${f.key}`} intent={error ? 'danger' : 'none'} helperText={error ?? f.help}>
                <div style={{ maxWidth: 200 }}>
                  <InputGroup
                    id={`storage-${f.key}`}
                    data-testid={`storage-${f.key}`}
                    inputMode="decimal"
                    intent={error ? 'danger' : 'none'}
                    placeholder={f.key === 'storageBudgetMiB' ? String(DEFAULT_BUDGET_MIB) : undefined}
                    value={current[f.key]}
                    onChange={(e) => {
                      setSaved(false);
                      setDraft({ ...current, [f.key]: e.target.value });
                    }}
                    onKeyDown={(e) => e.key === 'Enter' && onSave()}
                    rightElement={<Tag minimal>{f.unit}</Tag>}
                  />
                </div>
              </FormGroup>
            ))
          : null}
        {warnings.map((w) => (
          <Callout key={w} intent="warning" icon="warning-sign" style={{ marginBottom: 8 }} className="swb-small">
            {w}
          </Callout>
        ))}
        {draftProjection !== undefined ? (
          <p className="swb-small" data-testid="storage-draft-projection">
            With these settings the sample tables settle at about <strong>{formatBytes(Math.round(draftProjection))}</strong> at the current ingest rate
            {draftProjection >= draftBudget ? <Tag intent="danger" minimal style={{ marginLeft: 6 }}>over budget</Tag> : draftProjection >= NEAR * draftBudget ? <Tag intent="warning" minimal style={{ marginLeft: 6 }}>near budget</Tag> : null}.
          </p>
        ) : null}
        <div className="swb-toolbar">
          <Button intent="primary" icon="floppy-disk" text="Save" disabled={!dirty || errors.length > 0} loading={save.isPending} onClick={onSave} data-testid="storage-save" />
          <Button
            icon="undo"
            text="Revert"
            disabled={!dirty}
            onClick={() => {
              setDraft(undefined);
              save.reset();
            }}
            data-testid="storage-revert"
          />
          {saved && !dirty ? (
            <Tag minimal intent="success" icon="tick" data-testid="storage-saved">
              Saved — recorded in the audit trail
            </Tag>
          ) : null}
        </div>
        {save.error ? (
          <Callout intent="danger" style={{ marginTop: 8 }} data-testid="storage-error">
            Not saved: {save.error.message}
          </Callout>
        ) : null}
        <p className="swb-small swb-muted" style={{ marginTop: 10, marginBottom: 0 }}>
          The project database is held in memory, so retention is what keeps it bounded: a sweep every minute deletes raw samples and rollups older than these
          limits. Raw samples cost about {s?.raw.bytesPerRow ?? 25} bytes each; a rollup row about {s?.rollup.bytesPerRow ?? 52} bytes.
        </p>
      </section>

      <section className="swb-card" data-testid="storage-usage">
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <h3>Storage use</h3>
          <Button size="small" variant="minimal" icon="refresh" text={s ? `as of ${new Date(s.at).toLocaleTimeString()}` : 'Refresh'} loading={stats.isFetching} onClick={() => void stats.refetch()} data-testid="storage-refresh" />
        </div>
        {stats.error ? <Callout intent="danger">Storage figures could not be read: {stats.error.message}</Callout> : null}
        {s ? (
          <>
            <BudgetCallout stats={s} />
            <div style={{ margin: '8px 0 4px' }} className="swb-small">
              Sample storage {formatBytes(sampleBytes)} of {formatBytes(s.budget.bytes)} budget ({fmtShare(s.budget.usedFraction)})
              {s.budget.isDefault ? <span className="swb-muted"> · default budget</span> : null}
            </div>
            <ProgressBar value={Math.min(1, s.budget.usedFraction)} intent={LEVEL_INTENT[s.budget.usedFraction >= 1 ? 'over' : s.budget.usedFraction >= NEAR ? 'near' : 'ok']} stripes={false} animate={false} />
            <div style={{ margin: '8px 0 4px' }} className="swb-small">
              Projected at the current rate: {formatBytes(Math.round(s.projectedBytes))} ({fmtShare(s.budget.projectedFraction)}{s.budget.projectedFraction < 10 ? ' of budget' : ''})
            </div>
            <ProgressBar value={Math.min(1, s.budget.projectedFraction)} intent={LEVEL_INTENT[s.budget.projectedFraction >= 1 ? 'over' : s.budget.projectedFraction >= NEAR ? 'near' : 'ok']} stripes={false} animate={false} />
            <dl className="swb-kv" style={{ marginTop: 12 }} data-testid="storage-kv">
              <dt>Raw samples</dt>
              <dd data-testid="storage-raw">
                {fmtRows(s.raw.rows)} rows · {formatBytes(s.raw.bytes)}
              </dd>
              <dt>Raw span</dt>
              <dd>{fmtSpan(s.raw.oldest, s.raw.newest)}</dd>
              <dt>Rollups</dt>
              <dd data-testid="storage-rollup">
                {fmtRows(s.rollup.rows)} rows ({fmtRows(s.rollup.rows10s)} × 10 s, {fmtRows(s.rollup.rows5m)} × 5 min) · {formatBytes(s.rollup.bytes)}
              </dd>
              <dt>Rollup span</dt>
              <dd>{fmtSpan(s.rollup.oldest, s.rollup.newest)}</dd>
              <dt>Ingest rate</dt>
              <dd data-testid="storage-rate">
                {fmtRate(s.ingest.samplesPerSecond)} samples
                {s.ingest.windowMs > 0 ? <span className="swb-muted"> (over the last {Math.round(s.ingest.windowMs / 60_000) || '<1'} min)</span> : null}
              </dd>
              <dt>Growth</dt>
              <dd data-testid="storage-growth">{formatBytes(Math.round(s.ingest.growthBytesPerDay))} / day before retention</dd>
              <dt>Project database</dt>
              <dd data-testid="storage-db">
                {formatBytes(s.database.bytes)} in memory ({formatBytes(s.database.freeBytes)} free pages)
                {project.data ? <span className="swb-muted"> · project budget {formatBytes(project.data.budgetBytes)}</span> : null}
              </dd>
            </dl>
          </>
        ) : stats.isLoading ? (
          <p className="swb-muted">Reading storage figures…</p>
        ) : null}
      </section>

      {s ? (
        <section className="swb-card" style={{ gridColumn: '1 / -1' }}>
          <h3>Per channel</h3>
          {s.channels.length === 0 ? (
            <p className="swb-muted" data-testid="storage-no-channels">
              No samples stored yet. Channels start storing as soon as bound messages arrive.
            </p>
          ) : (
            <HTMLTable compact className="swb-table-full" data-testid="storage-channels">
              <thead>
                <tr>
                  <th>Channel</th>
                  <th className="swb-num">Raw rows</th>
                  <th className="swb-num">Rollup rows</th>
                  <th>Oldest raw</th>
                  <th>Newest</th>
                  <th>Rollups from</th>
                  <th className="swb-num">Rate</th>
                  <th className="swb-num">Size (est.)</th>
                </tr>
              </thead>
              <tbody>
                {[...s.channels]
                  .sort((a, b) => b.bytes - a.bytes)
                  .map((c) => (
                    <tr key={c.channelId} data-testid={`storage-ch-${c.channelId}`}>
                      <td className="swb-mono">{c.channelId}</td>
                      <td className="swb-num">{fmtRows(c.rawRows)}</td>
                      <td className="swb-num">{fmtRows(c.rollupRows)}</td>
                      <td className="swb-small">{c.oldest === null ? '— (expired)' : formatTime(c.oldest)}</td>
                      <td className="swb-small">{c.newest === null ? '—' : ageText(c.newest, s.at)}</td>
                      <td className="swb-small">{c.rollupOldest === null ? '—' : formatTime(c.rollupOldest)}</td>
                      <td className="swb-num">{fmtRate(c.samplesPerSecond)}</td>
                      <td className="swb-num">{formatBytes(c.bytes)}</td>
                    </tr>
                  ))}
              </tbody>
            </HTMLTable>
          )}
        </section>
      ) : null}
    </div>
  );
}

function BudgetCallout({ stats: s }: { stats: StorageStats }) {
  const { level, daysToBudget, projectedFraction, usedFraction } = s.budget;
  if (level === 'ok')
    return (
      <Callout intent="success" icon="tick-circle" data-testid="storage-budget-ok" className="swb-small">
        Within budget: the sample tables settle at {fmtShare(projectedFraction)} of it with the current retention and ingest rate.
      </Callout>
    );
  const when =
    daysToBudget === 0 ? 'The budget is already exceeded.' : daysToBudget !== null ? `At the current rate it is reached in about ${daysToBudget < 2 ? `${(daysToBudget * 24).toFixed(1)} hours` : `${daysToBudget.toFixed(1)} days`}.` : '';
  return (
    <Callout intent={level === 'over' ? 'danger' : 'warning'} icon="warning-sign" title={level === 'over' ? 'Sample storage will exceed its budget' : 'Sample storage is nearing its budget'} data-testid="storage-budget-warning">
      Now {fmtShare(usedFraction)}, projected {fmtShare(projectedFraction)}{projectedFraction < 10 ? ` of ${formatBytes(s.budget.bytes)}` : ` (${formatBytes(s.budget.bytes)})`}. {when} Lower the raw-sample retention (the
      largest share), decimate fast channels, or raise the budget if this machine has the memory.
    </Callout>
  );
}
