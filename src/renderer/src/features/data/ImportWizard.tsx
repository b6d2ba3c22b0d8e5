import { Button, Callout, Checkbox, FormGroup, HTMLSelect, HTMLTable, InputGroup, NumericInput, ProgressBar, Tag } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { DATA_QUANTITIES, TEXT_ENCODINGS, TIME_FORMATS, sourceUnitsFor, type DataQuantity } from '#shared/dataimport/index';
import type { ColumnMappingInput, ImportPreview, ImportProgress, ImportResult, ImportSource } from '#shared/rpc/domains/data';
import type { RpcError } from '#shared/rpc/errors';
import { formatBytes } from '../../components/format';
import { rpc } from '../../rpc/client';
import { uploadFile } from './upload';

const DELIMITER_LABEL: Record<string, string> = { ',': 'Comma ,', ';': 'Semicolon ;', '\t': 'Tab', '|': 'Pipe |' };
const QUANTITY_LABEL: Record<DataQuantity, string> = { time: 'Time', flow: 'Flow', head: 'Head', pressure: 'Pressure', power: 'Power', speed: 'Speed', efficiency: 'Efficiency', temperature: 'Temperature', other: 'Other' };

type Options = { encoding?: string; delimiter?: string; decimal?: '.' | ','; headerRow?: number; sheet?: string };

function initialMappings(p: ImportPreview): ColumnMappingInput[] {
  return p.columns.map((c) => ({
    sourceIndex: c.index,
    include: c.parseable > 0 || c.quantity !== 'other',
    key: '',
    name: c.header.replace(/\s*[[(][^\])]*[\])]\s*$/, '') || c.header,
    quantity: c.quantity,
    unit: c.unit,
    ...(c.timeFormat ? { timeFormat: c.timeFormat as ColumnMappingInput['timeFormat'] } : {}),
  }));
}

/** Import wizard: choose a file (upload or core path), adjust reading options, map columns, run with progress and cancel, read the invalid-rows report. */
export function ImportWizard({ onDone, onClose }: { onDone: (datasetId: string) => void; onClose: () => void }) {
  const qc = useQueryClient();
  const [source, setSource] = useState<ImportSource | undefined>();
  const [path, setPath] = useState('');
  const [uploading, setUploading] = useState<number | undefined>();
  const [options, setOptions] = useState<Options>({});
  const [preview, setPreview] = useState<ImportPreview | undefined>();
  const [loadingPreview, setLoadingPreview] = useState(false);
  const [mappings, setMappings] = useState<ColumnMappingInput[]>([]);
  const [name, setName] = useState('');
  const [density, setDensity] = useState(998.2);
  const [zone, setZone] = useState<'local' | 'utc'>('local');
  const [error, setError] = useState<string | undefined>();
  const [progress, setProgress] = useState<ImportProgress | undefined>();
  const [running, setRunning] = useState<string | undefined>();
  const [result, setResult] = useState<ImportResult | undefined>();
  const [failedRows, setFailedRows] = useState<ImportResult['invalidRows']>([]);
  const uploadAbort = useRef<AbortController | undefined>(undefined);

  useEffect(() => rpc.subscribe('data.import.progress', (p) => setProgress((cur) => (p.importId === running || (cur && cur.importId === p.importId) ? p : cur))), [running]);

  const loadPreview = async (src: ImportSource, opts: Options) => {
    setLoadingPreview(true);
    setError(undefined);
    try {
      const p = await rpc.call('data.import.preview', { source: src, options: opts });
      setPreview(p);
      setMappings(initialMappings(p));
      setOptions({ encoding: p.options.encoding, delimiter: p.options.delimiter, decimal: p.options.decimal, headerRow: p.options.headerRow, ...(p.options.sheet ? { sheet: p.options.sheet } : {}) });
    } catch (e) {
      setError((e as RpcError).message);
    } finally {
      setLoadingPreview(false);
    }
  };

  const chooseFile = async (file: File) => {
    setError(undefined);
    setResult(undefined);
    setName(file.name.replace(/\.[^.]+$/, ''));
    uploadAbort.current = new AbortController();
    setUploading(0);
    try {
      const uploadId = await uploadFile(file, setUploading, uploadAbort.current.signal);
      const src: ImportSource = { kind: 'upload', uploadId };
      setSource(src);
      await loadPreview(src, {});
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setUploading(undefined);
    }
  };

  const choosePath = async () => {
    const src: ImportSource = { kind: 'path', path: path.trim() };
    setResult(undefined);
    setName(path.trim().split(/[\\/]/).pop()?.replace(/\.[^.]+$/, '') ?? 'Imported data');
    setSource(src);
    await loadPreview(src, {});
  };

  const changeOption = (patch: Options) => {
    const next = { ...options, ...patch };
    setOptions(next);
    if (source) void loadPreview(source, next);
  };

  const setMapping = (i: number, patch: Partial<ColumnMappingInput>) => setMappings((ms) => ms.map((m, k) => (k === i ? { ...m, ...patch } : m)));

  const run = async () => {
    if (!source || !preview) return;
    const importId = crypto.randomUUID();
    setRunning(importId);
    setProgress({ importId, phase: 'parsing', fraction: 0, rows: 0, invalid: 0 });
    setError(undefined);
    setFailedRows([]);
    try {
      const r = await rpc.call('data.import.run', { importId, source, name: name.trim() || preview.fileName, options: { ...options }, mappings, densityKgM3: density, zone });
      setResult(r);
      await qc.invalidateQueries({ queryKey: ['data.datasets.list'] });
    } catch (e) {
      const err = e as RpcError;
      setError(err.message);
      const details = err.details as { invalidRows?: ImportResult['invalidRows'] } | undefined;
      if (details?.invalidRows) setFailedRows(details.invalidRows);
    } finally {
      setRunning(undefined);
    }
  };

  const usesHead = mappings.some((m) => m.include && m.quantity === 'pressure' && m.pressureAsHead);
  const samples = useMemo(() => preview?.rows.slice(0, 3) ?? [], [preview]);
  const invalidRows = result?.invalidRows ?? failedRows;

  return (
    <section className="swb-card swb-data-wizard" data-testid="import-wizard">
      <div className="swb-data-wizard-head">
        <h3>Import data</h3>
        <Button size="small" variant="minimal" icon="cross" aria-label="Close import" onClick={onClose} data-testid="import-close" />
      </div>
      <div className="swb-form-row">
        <FormGroup label="File from this computer" helperText="Sent to the core in 1 MiB chunks (limit 512 MiB).">
          <input type="file" accept=".csv,.txt,.tsv,.dat,.xlsx,.xlsm" data-testid="import-file" onChange={(e) => e.target.files?.[0] && void chooseFile(e.target.files[0])} />
        </FormGroup>
        <FormGroup label="…or a path on the core machine" labelFor="import-path">
          <InputGroup id="import-path" size="small" style={{ width: 360 }} placeholder="/data/logger/p1-test.csv" value={path} onChange={(e) => setPath(e.target.value)} data-testid="import-path" />
        </FormGroup>
        <FormGroup label=" ">
          <Button size="small" text="Preview" disabled={!path.trim()} loading={loadingPreview && source?.kind === 'path'} onClick={() => void choosePath()} data-testid="import-path-preview" />
        </FormGroup>
      </div>
      {uploading !== undefined ? (
        <div className="swb-toolbar">
          <span className="swb-muted">Uploading… {(uploading * 100).toFixed(0)} %</span>
          <ProgressBar value={uploading} stripes={false} className="swb-data-progress" />
          <Button size="small" text="Cancel" onClick={() => uploadAbort.current?.abort()} />
        </div>
      ) : null}
      {error ? (
        <Callout intent="danger" className="swb-data-callout" data-testid="import-error">
          {error}
        </Callout>
      ) : null}
      {preview ? (
        <>
          <div className="swb-muted swb-small" data-testid="import-detected">
            {preview.fileName} · {formatBytes(preview.sizeBytes)} · {preview.format.toUpperCase()} · detected {preview.detected.encoding} ({preview.detected.encodingReason}), delimiter {DELIMITER_LABEL[preview.detected.delimiter] ?? preview.detected.delimiter}, decimal '{preview.detected.decimal}', header row {preview.detected.headerRow || 'none'}
            {preview.detected.notes.map((n) => (
              <div key={n} className="swb-warn">
                {n}
              </div>
            ))}
          </div>
          <div className="swb-form-row swb-data-options">
            {preview.format === 'csv' ? (
              <>
                <FormGroup label="Encoding">
                  <HTMLSelect value={options.encoding} onChange={(e) => changeOption({ encoding: e.target.value })} data-testid="import-encoding" options={TEXT_ENCODINGS.map((x) => ({ value: x, label: x }))} />
                </FormGroup>
                <FormGroup label="Delimiter">
                  <HTMLSelect value={options.delimiter} onChange={(e) => changeOption({ delimiter: e.target.value })} data-testid="import-delimiter" options={Object.entries(DELIMITER_LABEL).map(([value, label]) => ({ value, label }))} />
                </FormGroup>
                <FormGroup label="Decimal">
                  <HTMLSelect value={options.decimal} onChange={(e) => changeOption({ decimal: e.target.value as '.' | ',' })} data-testid="import-decimal" options={[{ value: '.', label: 'Point 1.5' }, { value: ',', label: 'Comma 1,5' }]} />
                </FormGroup>
              </>
            ) : (
              <FormGroup label="Sheet">
                <HTMLSelect value={options.sheet} onChange={(e) => changeOption({ sheet: e.target.value })} data-testid="import-sheet" options={preview.sheets} />
              </FormGroup>
            )}
            <FormGroup label="Header row" helperText="0 = no header">
              <NumericInput size="small" style={{ width: 60 }} min={0} max={10000} value={options.headerRow ?? 0} onValueChange={(v) => Number.isInteger(v) && v >= 0 && changeOption({ headerRow: v })} data-testid="import-header-row" />
            </FormGroup>
            <FormGroup label="Times without offset">
              <HTMLSelect value={zone} onChange={(e) => setZone(e.target.value as 'local' | 'utc')} options={[{ value: 'local', label: 'Local time' }, { value: 'utc', label: 'UTC' }]} data-testid="import-zone" />
            </FormGroup>
            {usesHead ? (
              <FormGroup label="Fluid density (kg/m³)" helperText="for pressure → head">
                <NumericInput size="small" style={{ width: 90 }} min={1} max={30000} stepSize={0.1} value={density} onValueChange={(v) => Number.isFinite(v) && setDensity(v)} data-testid="import-density" />
              </FormGroup>
            ) : null}
          </div>
          <details className="swb-data-raw">
            <summary>First lines of the file</summary>
            <pre className="swb-mono" data-testid="import-raw">
              {preview.rawLines.map((l) => (
                <div key={l.line} className={l.line === options.headerRow ? 'swb-data-raw-header' : undefined}>
                  <span className="swb-muted">{String(l.line).padStart(4)} </span>
                  {l.text}
                </div>
              ))}
            </pre>
          </details>
          <div className="swb-data-scroll">
            <HTMLTable compact className="swb-data-mapping" data-testid="import-mapping">
              <thead>
                <tr>
                  <th />
                  {preview.headers.map((h, i) => (
                    <th key={i} title={preview.columns[i]?.reason}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="swb-muted">Import</td>
                  {mappings.map((m, i) => (
                    <td key={i}>
                      <Checkbox checked={m.include} onChange={(e) => setMapping(i, { include: e.currentTarget.checked })} data-testid={`map-include-${i}`} />
                    </td>
                  ))}
                </tr>
                <tr>
                  <td className="swb-muted">Name</td>
                  {mappings.map((m, i) => (
                    <td key={i}>
                      <InputGroup size="small" value={m.name} disabled={!m.include} onChange={(e) => setMapping(i, { name: e.target.value })} data-testid={`map-name-${i}`} />
                    </td>
                  ))}
                </tr>
                <tr>
                  <td className="swb-muted">Quantity</td>
                  {mappings.map((m, i) => (
                    <td key={i}>
                      <HTMLSelect
                        value={m.quantity}
                        disabled={!m.include}
                        onChange={(e) => {
                          const q = e.target.value as DataQuantity;
                          setMapping(i, { quantity: q, unit: sourceUnitsFor(q)[0] ?? '', ...(q === 'time' ? { timeFormat: m.timeFormat ?? 'iso' } : {}) });
                        }}
                        options={DATA_QUANTITIES.map((q) => ({ value: q, label: QUANTITY_LABEL[q] }))}
                        data-testid={`map-quantity-${i}`}
                      />
                    </td>
                  ))}
                </tr>
                <tr>
                  <td className="swb-muted">Unit</td>
                  {mappings.map((m, i) => (
                    <td key={i}>
                      {m.quantity === 'time' ? (
                        <HTMLSelect value={m.timeFormat ?? 'iso'} disabled={!m.include} onChange={(e) => setMapping(i, { timeFormat: e.target.value as ColumnMappingInput['timeFormat'] })} options={TIME_FORMATS.map((f) => ({ value: f, label: f }))} data-testid={`map-timeformat-${i}`} />
                      ) : m.quantity === 'other' ? (
                        <span className="swb-muted">as read</span>
                      ) : (
                        <HTMLSelect value={m.unit} disabled={!m.include} onChange={(e) => setMapping(i, { unit: e.target.value })} options={sourceUnitsFor(m.quantity).map((u) => ({ value: u, label: u }))} data-testid={`map-unit-${i}`} />
                      )}
                      {m.quantity === 'pressure' ? <Checkbox className="swb-small" label="as head" checked={m.pressureAsHead ?? false} disabled={!m.include} onChange={(e) => setMapping(i, { pressureAsHead: e.currentTarget.checked })} data-testid={`map-head-${i}`} /> : null}
                    </td>
                  ))}
                </tr>
                {samples.map((r) => (
                  <tr key={r.line} className="swb-data-sample">
                    <td className="swb-muted swb-mono">line {r.line}</td>
                    {preview.headers.map((_, i) => (
                      <td key={i} className="swb-mono">
                        {r.fields[i] ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
          </div>
          <div className="swb-form-row">
            <FormGroup label="Dataset name" labelFor="import-name">
              <InputGroup id="import-name" size="small" style={{ width: 300 }} value={name} onChange={(e) => setName(e.target.value)} data-testid="import-name" />
            </FormGroup>
            <FormGroup label=" ">
              <Button intent="primary" icon="import" text="Import" disabled={running !== undefined || !mappings.some((m) => m.include) || !name.trim()} onClick={() => void run()} data-testid="import-run" />
            </FormGroup>
          </div>
        </>
      ) : null}
      {running && progress ? (
        <div className="swb-toolbar" data-testid="import-progress">
          <span className="swb-muted">
            {progress.phase === 'writing' ? 'Storing' : 'Reading'} … {progress.rows.toLocaleString()} rows{progress.invalid > 0 ? `, ${progress.invalid} invalid` : ''}
          </span>
          <ProgressBar value={progress.fraction} stripes={false} intent="primary" className="swb-data-progress" />
          <Button size="small" text="Cancel" icon="stop" onClick={() => void rpc.call('data.import.cancel', { importId: running })} data-testid="import-cancel" />
        </div>
      ) : null}
      {result ? (
        <Callout intent={result.invalidCount > 0 ? 'warning' : 'success'} className="swb-data-callout" data-testid="import-result">
          Imported {result.rowCount.toLocaleString()} rows in {(result.durationMs / 1000).toFixed(1)} s
          {result.invalidCount > 0 ? `; ${result.invalidCount.toLocaleString()} invalid rows were skipped (listed below)` : '; no invalid rows'}.
          <div style={{ marginTop: 6 }}>
            <Button size="small" intent="primary" text="Open dataset" onClick={() => onDone(result.datasetId)} data-testid="import-open" />
          </div>
        </Callout>
      ) : null}
      {invalidRows.length > 0 ? <InvalidRowsTable rows={invalidRows} total={result?.invalidCount ?? invalidRows.length} /> : null}
    </section>
  );
}

export function InvalidRowsTable({ rows, total, testId = 'import-invalid-table' }: { rows: ImportResult['invalidRows']; total: number; testId?: string }) {
  return (
    <div>
      <h4 className="swb-data-subhead">
        Invalid rows <Tag minimal intent="warning">{total.toLocaleString()}</Tag>
        {total > rows.length ? <span className="swb-muted swb-small"> first {rows.length} shown</span> : null}
      </h4>
      <div className="swb-data-scroll swb-data-issues">
        <HTMLTable compact striped className="swb-table-full" data-testid={testId}>
          <thead>
            <tr>
              <th>Line</th>
              <th>Reasons</th>
              <th>Row text</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.line}-${i}`}>
                <td className="swb-mono" data-testid="invalid-line">
                  {r.line}
                </td>
                <td>{r.reasons.join('; ')}</td>
                <td className="swb-mono swb-small swb-data-text">{r.text}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
    </div>
  );
}
