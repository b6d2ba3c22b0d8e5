import { Button, Callout, Checkbox, FormGroup, HTMLSelect, InputGroup, NonIdealState, ProgressBar, Spinner, Tag, TextArea, Tooltip } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExportWhat, ReportSpecInput, SectionInfo, SignoffParty } from '#shared/rpc/domains/reports';
import type { RpcError } from '#shared/rpc/errors';
import { PageHeader } from '../../components/PageHeader';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { ItemExchange } from './ItemExchange';
import { ReportPreview } from './ReportPreview';
import './reports.css';

type Item = { id: string; on: boolean };

const DEFAULT_PARTIES: SignoffParty[] = [
  { role: 'Commissioning engineer', name: '', organisation: '' },
  { role: 'Client representative', name: '', organisation: '' },
];

/**
 * The value after it stopped changing for `ms`. Keyed on the JSON text: a structurally equal value
 * (a new object each render) neither restarts the timer nor re-renders the page.
 */
function useDebounced<T>(value: T, ms: number): T {
  const key = JSON.stringify(value);
  const [v, setV] = useState(value);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    const t = setTimeout(() => setV(latest.current), ms);
    return () => clearTimeout(t);
  }, [key, ms]);
  return v;
}

function ErrorNote({ error, testId }: { error: RpcError | null | undefined; testId?: string }) {
  return error ? (
    <Callout intent="danger" compact className="swb-report-note" data-testid={testId}>
      {error.message}
    </Callout>
  ) : null;
}

/** The report builder: sections in order, notes and sign-off, templates, live preview, exports. */
export default function ReportsPage() {
  const queryClient = useQueryClient();
  const info = useRpcQuery('project.info', {});
  const sections = useRpcQuery('reports.sections', {});
  const templates = useRpcQuery('reports.listTemplates', {});
  const [items, setItems] = useState<Item[] | undefined>();
  const [title, setTitle] = useState('Commissioning report');
  const [notes, setNotes] = useState('');
  const [parties, setParties] = useState<SignoffParty[]>(DEFAULT_PARTIES);
  const [templateName, setTemplateName] = useState('');
  const [templateId, setTemplateId] = useState('');

  // A new project (or the first visit) starts from the registry's default selection.
  const projectPath = info.data?.path;
  useEffect(() => setItems(undefined), [projectPath]);
  useEffect(() => {
    if (!items && sections.data) setItems(sections.data.map((s) => ({ id: s.id, on: s.defaultOn })));
  }, [items, sections.data]);
  const byId = useMemo(() => new Map((sections.data ?? []).map((s) => [s.id, s])), [sections.data]);

  const spec: ReportSpecInput | undefined = items
    ? { title: title.trim() || 'Commissioning report', sections: items.filter((i) => i.on).map((i) => i.id), notes, signoff: parties }
    : undefined;
  const debounced = useDebounced(spec, 300);
  const canBuild = Boolean(debounced && debounced.sections.length > 0);
  const preview = useRpcQuery('reports.preview', { spec: debounced as ReportSpecInput }, { enabled: canBuild, placeholderData: (prev) => prev });

  const move = (index: number, delta: number) => {
    if (!items) return;
    const next = [...items];
    const [it] = next.splice(index, 1);
    next.splice(index + delta, 0, it!);
    setItems(next);
  };

  const saveTemplate = useRpcMutation('reports.saveTemplate', ['reports.listTemplates']);
  const deleteTemplate = useRpcMutation('reports.deleteTemplate', ['reports.listTemplates']);
  const loadTemplate = (id: string) => {
    const t = templates.data?.find((x) => x.id === id);
    if (!t || !sections.data) return;
    const chosen = t.spec.sections.filter((s) => byId.has(s));
    setItems([...chosen.map((s) => ({ id: s, on: true })), ...sections.data.filter((s) => !chosen.includes(s.id)).map((s) => ({ id: s.id, on: false }))]);
    setTitle(t.spec.title);
    setNotes(t.spec.notes);
    setParties(t.spec.signoff.length > 0 ? t.spec.signoff : DEFAULT_PARTIES);
    setTemplateName(t.name);
  };

  // PDF export with progress from 'reports.progress'; cancellable by its exportId.
  const [pdfPath, setPdfPath] = useState('');
  // `started`: the core has reported the export (Cancel is offered from then on; a cancel sent before the
  // export is registered would find nothing to cancel).
  const [progress, setProgress] = useState<{ exportId: string; fraction: number; message: string; started?: boolean; cancelling?: boolean } | undefined>();
  const exportPdf = useRpcMutation('reports.exportPdf', ['events.query']);
  const runPdf = () => {
    if (!spec) return;
    const exportId = `pdf-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    setProgress({ exportId, fraction: 0, message: 'Starting' });
    const off = rpc.subscribe('reports.progress', (p) => {
      if (p.exportId === exportId) setProgress((prev) => (prev?.cancelling ? { ...prev, fraction: p.fraction } : { exportId, fraction: p.fraction, message: p.message, started: true }));
    });
    exportPdf.mutate({ path: pdfPath, spec, exportId }, { onSettled: () => (off(), setProgress(undefined)) });
  };
  const cancelPdf = () => {
    if (!progress) return;
    setProgress({ ...progress, cancelling: true, message: 'Cancelling…' });
    rpc.call('reports.cancelExport', { exportId: progress.exportId }).catch(() => undefined);
  };
  const pdfCancelled = exportPdf.error?.code === 'CANCELLED';
  useEffect(() => {
    if (!pdfPath && info.data?.path) setPdfPath(info.data.path.replace(/\.swb$/i, '') + '-report.pdf');
  }, [info.data?.path, pdfPath]);

  // Data exports.
  const [what, setWhat] = useState<ExportWhat>('history');
  const [format, setFormat] = useState<'csv' | 'xlsx'>('xlsx');
  const [dataPath, setDataPath] = useState('');
  const exportData = useRpcMutation('reports.exportData');

  // Bundle exchange.
  const [bundlePath, setBundlePath] = useState('');
  const exportBundle = useRpcMutation('reports.exportBundle');
  const importBundle = useRpcMutation('reports.importBundle');
  const [confirmImport, setConfirmImport] = useState(false);
  const afterImport = () => void queryClient.invalidateQueries();

  const sectionRow = (item: Item, index: number, s: SectionInfo | undefined) => (
    <div key={item.id} className={`swb-report-row${item.on ? '' : ' swb-report-row-off'}`} data-testid={`section-${item.id}`}>
      <Checkbox
        className="swb-report-check"
        checked={item.on}
        onChange={() => setItems(items!.map((x) => (x.id === item.id ? { ...x, on: !x.on } : x)))}
        data-testid={`section-toggle-${item.id}`}
        labelElement={
          <span>
            {s?.title ?? item.id}
            {s && !s.available ? (
              <Tooltip content={s.reason ?? 'Nothing to report yet'}>
                <Tag minimal className="swb-ml">
                  empty
                </Tag>
              </Tooltip>
            ) : null}
          </span>
        }
      />
      <span className="swb-report-row-actions">
        <Button size="small" variant="minimal" icon="chevron-up" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${item.id} up`} data-testid={`section-up-${item.id}`} />
        <Button size="small" variant="minimal" icon="chevron-down" disabled={index === items!.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${item.id} down`} data-testid={`section-down-${item.id}`} />
      </span>
    </div>
  );

  return (
    <div className="swb-page swb-report-page">
      <PageHeader
        title="Reports"
        subtitle="Build the commissioning report, preview it, and export the PDF and the data behind it"
        actions={
          <Button intent="primary" icon="document-share" text="Export PDF" disabled={!spec || !pdfPath || spec.sections.length === 0} loading={exportPdf.isPending} onClick={runPdf} data-testid="report-export-pdf-top" />
        }
      />
      <div className="swb-report-layout">
        <div className="swb-report-side">
          <section className="swb-card">
            <h3>Sections</h3>
            {!items ? <Spinner size={20} /> : items.map((it, i) => sectionRow(it, i, byId.get(it.id)))}
          </section>

          <section className="swb-card">
            <h3>Content</h3>
            <FormGroup label="Report title" labelFor="report-title" className="swb-compact-form">
              <InputGroup id="report-title" size="small" value={title} onChange={(e) => setTitle(e.target.value)} data-testid="report-title" />
            </FormGroup>
            <FormGroup label="Notes and observations" labelFor="report-notes" helperText="Blank lines separate paragraphs; lines starting with “- ” become a list.">
              <TextArea id="report-notes" fill rows={5} value={notes} onChange={(e) => setNotes(e.target.value)} data-testid="report-notes" />
            </FormGroup>
            <div className="swb-report-caption-title">Sign-off</div>
            {parties.map((p, i) => (
              <div key={i} className="swb-report-party">
                <InputGroup size="small" placeholder="Role" value={p.role} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)))} data-testid={`party-role-${i}`} />
                <InputGroup size="small" placeholder="Name" value={p.name} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} data-testid={`party-name-${i}`} />
                <InputGroup size="small" placeholder="Organisation" value={p.organisation} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, organisation: e.target.value } : x)))} />
                <Button size="small" variant="minimal" icon="cross" aria-label="Remove party" onClick={() => setParties(parties.filter((_, j) => j !== i))} />
              </div>
            ))}
            <Button size="small" icon="add" text="Add party" disabled={parties.length >= 6} onClick={() => setParties([...parties, { role: '', name: '', organisation: '' }])} />
          </section>

          <section className="swb-card">
            <h3>Templates</h3>
            <div className="swb-form-row">
              <HTMLSelect value={templateId} onChange={(e) => setTemplateId(e.target.value)} data-testid="template-select">
                <option value="">Choose a template…</option>
                {templates.data?.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </HTMLSelect>
              <Button size="small" text="Load" disabled={!templateId} onClick={() => loadTemplate(templateId)} data-testid="template-load" />
              <Button size="small" icon="trash" disabled={!templateId} loading={deleteTemplate.isPending} onClick={() => deleteTemplate.mutate({ id: templateId }, { onSuccess: () => setTemplateId('') })} aria-label="Delete template" />
            </div>
            <div className="swb-form-row" style={{ marginTop: 6 }}>
              <InputGroup size="small" placeholder="Template name" value={templateName} onChange={(e) => setTemplateName(e.target.value)} data-testid="template-name" />
              <Button
                size="small"
                icon="floppy-disk"
                text="Save"
                disabled={!spec || !templateName.trim() || spec.sections.length === 0}
                loading={saveTemplate.isPending}
                onClick={() => spec && saveTemplate.mutate({ name: templateName.trim(), spec: spec as never }, { onSuccess: (t) => setTemplateId(t.id) })}
                data-testid="template-save"
              />
            </div>
            {saveTemplate.isSuccess ? <div className="swb-muted swb-small">Saved “{saveTemplate.data.name}” in this project.</div> : null}
            <ErrorNote error={saveTemplate.error ?? deleteTemplate.error} />
          </section>

          <section className="swb-card">
            <h3>Export</h3>
            <FormGroup label="PDF file" labelFor="report-pdf-path" className="swb-compact-form">
              <InputGroup id="report-pdf-path" size="small" className="swb-mono" value={pdfPath} onChange={(e) => setPdfPath(e.target.value)} placeholder="/path/to/report.pdf" data-testid="report-pdf-path" />
            </FormGroup>
            <Button intent="primary" size="small" icon="document-share" text="Export PDF" disabled={!spec || !pdfPath || spec.sections.length === 0} loading={exportPdf.isPending} onClick={runPdf} data-testid="report-export-pdf" />
            {progress ? (
              <div className="swb-report-note swb-report-progress" data-testid="report-pdf-progress">
                <div className="swb-form-row">
                  <ProgressBar className="swb-grow" value={progress.fraction} intent="primary" animate={false} />
                  <Button size="small" icon="stop" text="Cancel" disabled={!progress.started || progress.cancelling} onClick={cancelPdf} data-testid="report-pdf-cancel" />
                </div>
                <div className="swb-muted swb-small">{progress.message}</div>
              </div>
            ) : null}
            {exportPdf.data && !exportPdf.isPending ? (
              <Callout intent="success" compact className="swb-report-note" data-testid="report-pdf-result">
                Wrote <span className="swb-mono">{exportPdf.data.path}</span> — {exportPdf.data.pages} pages, {(exportPdf.data.bytes / 1024).toFixed(0)} KiB in {exportPdf.data.durationMs} ms
                {exportPdf.data.warnings?.map((w) => (
                  <div key={w} className="swb-small">
                    {w}
                  </div>
                ))}
              </Callout>
            ) : null}
            {pdfCancelled && !exportPdf.isPending ? (
              <Callout intent="warning" compact className="swb-report-note" data-testid="report-pdf-cancelled">
                Export cancelled; no file was written.
              </Callout>
            ) : null}
            <ErrorNote error={pdfCancelled ? undefined : exportPdf.error} testId="report-pdf-error" />

            <div className="swb-report-caption-title" style={{ marginTop: 12 }}>
              Data behind the report
            </div>
            <div className="swb-form-row">
              <HTMLSelect value={what} onChange={(e) => setWhat(e.target.value as ExportWhat)} data-testid="data-what">
                <option value="datasets">Datasets</option>
                <option value="fits">Fits</option>
                <option value="alarms">Alarm history</option>
                <option value="optimization">Optimization</option>
                <option value="history">Configuration history</option>
              </HTMLSelect>
              <HTMLSelect value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'xlsx')} data-testid="data-format">
                <option value="xlsx">XLSX</option>
                <option value="csv">CSV</option>
              </HTMLSelect>
            </div>
            <div className="swb-form-row" style={{ marginTop: 6 }}>
              <InputGroup size="small" className="swb-mono swb-grow" value={dataPath} onChange={(e) => setDataPath(e.target.value)} placeholder={`/path/to/${what}.${format}`} data-testid="data-path" />
              <Button size="small" icon="export" text="Export" disabled={!dataPath} loading={exportData.isPending} onClick={() => exportData.mutate({ what, format, path: dataPath })} data-testid="data-export" />
            </div>
            {exportData.data ? (
              <div className="swb-muted swb-small" data-testid="data-result">
                Wrote {exportData.data.files.join(', ')} ({exportData.data.tables.map((t) => `${t.name}: ${t.rows}`).join(', ')})
              </div>
            ) : null}
            <ErrorNote error={exportData.error} testId="data-error" />
          </section>

          <section className="swb-card">
            <h3>Project bundle</h3>
            <div className="swb-muted swb-small" style={{ marginBottom: 6 }}>
              One file with the whole project: configuration, data and history. Importing replaces this project’s content after checking the whole bundle first.
            </div>
            <InputGroup size="small" className="swb-mono" value={bundlePath} onChange={(e) => setBundlePath(e.target.value)} placeholder="/path/to/station.swbundle.json" data-testid="bundle-path" />
            <div className="swb-toolbar" style={{ marginTop: 6 }}>
              <Button size="small" icon="export" text="Export bundle" disabled={!bundlePath} loading={exportBundle.isPending} onClick={() => exportBundle.mutate({ path: bundlePath })} data-testid="bundle-export" />
              {confirmImport ? (
                <>
                  <Button
                    size="small"
                    intent="danger"
                    icon="import"
                    text="Replace this project"
                    loading={importBundle.isPending}
                    onClick={() => importBundle.mutate({ path: bundlePath }, { onSettled: () => setConfirmImport(false), onSuccess: afterImport })}
                    data-testid="bundle-import-confirm"
                  />
                  <Button size="small" text="Cancel" onClick={() => setConfirmImport(false)} />
                </>
              ) : (
                <Button size="small" icon="import" text="Import bundle…" disabled={!bundlePath} onClick={() => setConfirmImport(true)} data-testid="bundle-import" />
              )}
            </div>
            {exportBundle.data ? (
              <div className="swb-muted swb-small" data-testid="bundle-result">
                Exported {exportBundle.data.tables.length} tables, {exportBundle.data.rows} rows to {exportBundle.data.path}
              </div>
            ) : null}
            {importBundle.data ? (
              <Callout intent="success" compact data-testid="bundle-import-result">
                Imported “{importBundle.data.projectName}”: {importBundle.data.rows} rows in {importBundle.data.tables.length} tables.
              </Callout>
            ) : null}
            <ErrorNote error={exportBundle.error ?? importBundle.error} testId="bundle-error" />
          </section>

          <ItemExchange />
        </div>

        <div className="swb-report-main">
          {!canBuild ? (
            <NonIdealState icon="document" title="No sections chosen" description="Tick at least one section to preview the report." />
          ) : preview.error ? (
            <Callout intent="danger" title="The preview could not be built">
              {preview.error.message}
            </Callout>
          ) : preview.data ? (
            <div className={preview.isFetching ? 'swb-report-refreshing' : undefined}>
              <ReportPreview doc={preview.data} />
            </div>
          ) : (
            <Spinner />
          )}
        </div>
      </div>
    </div>
  );
}
