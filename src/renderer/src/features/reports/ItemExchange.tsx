import { Button, Callout, FileInput, HTMLSelect, InputGroup, Radio, RadioGroup, Tag } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { MAX_ITEM_TEXT_CHARS, type ItemCheck, type ItemConflict, type ItemKind } from '#shared/rpc/domains/reports';
import type { RpcError } from '#shared/rpc/errors';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { downloadText } from './download';

const KIND_LABEL: Record<ItemKind, string> = { schema: 'Frame schema', ruleSet: 'Gateway rule set' };

type Upload = { fileName: string; text: string };

/**
 * Exchange of one frame schema or the gateway rule set as a JSON file: export (browser download, or a
 * path on the station computer) and import (upload → check → choose what to do on a clash → import).
 * The core checks the whole file first; a bad file shows every reason and imports nothing.
 */
export function ItemExchange() {
  const queryClient = useQueryClient();
  const schemas = useRpcQuery('schemas.list', {});

  // ------------------------------------------------------------ export
  const [exportKind, setExportKind] = useState<ItemKind>('schema');
  const [schemaId, setSchemaId] = useState('');
  const [ruleSetName, setRuleSetName] = useState('Gateway rule set');
  const [exportPath, setExportPath] = useState('');
  const [exported, setExported] = useState<string | undefined>();
  const [exportError, setExportError] = useState<RpcError | undefined>();
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    if (!schemaId && schemas.data?.[0]) setSchemaId(schemas.data[0].id);
  }, [schemas.data, schemaId]);
  const exportName = exportKind === 'schema' ? schemaId : ruleSetName.trim();

  const runExport = async (toPath: boolean) => {
    setExporting(true);
    setExported(undefined);
    setExportError(undefined);
    try {
      const res = await rpc.call('reports.exportItem', { kind: exportKind, name: exportName, ...(toPath ? { path: exportPath } : {}) });
      if (res.text !== undefined) {
        downloadText(res.fileName, res.text, 'application/json');
        setExported(`Downloaded ${res.fileName} (${res.bytes} bytes)`);
      } else setExported(`Wrote ${res.path} (${res.bytes} bytes)`);
    } catch (error) {
      setExportError(error as RpcError);
    } finally {
      setExporting(false);
    }
  };

  // ------------------------------------------------------------ import
  const [importKind, setImportKind] = useState<ItemKind>('schema');
  const [upload, setUpload] = useState<Upload | undefined>();
  const [uploadError, setUploadError] = useState<string | undefined>();
  const [check, setCheck] = useState<ItemCheck | undefined>();
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<RpcError | undefined>();
  const [choice, setChoice] = useState<ItemConflict>('rename');
  const [newName, setNewName] = useState('');
  const importItem = useRpcMutation('reports.importItem', ['schemas.list', 'gateway.config.get', 'events.query']);

  const runCheck = async (kind: ItemKind, file: Upload) => {
    setChecking(true);
    setCheck(undefined);
    setCheckError(undefined);
    importItem.reset();
    try {
      const res = await rpc.call('reports.checkItem', { kind, text: file.text, fileName: file.fileName });
      setCheck(res);
      setChoice('rename');
      setNewName(res.clash?.suggestion && kind === 'schema' ? res.clash.suggestion : '');
    } catch (error) {
      setCheckError(error as RpcError);
    } finally {
      setChecking(false);
    }
  };

  const onFile = async (files: FileList | null) => {
    const f = files?.[0];
    setUploadError(undefined);
    setUpload(undefined);
    setCheck(undefined);
    if (!f) return;
    if (f.size > MAX_ITEM_TEXT_CHARS) {
      setUploadError(`${f.name} is ${f.size} bytes; the limit is ${MAX_ITEM_TEXT_CHARS} bytes.`);
      return;
    }
    const text = await f.text();
    if (text.trim() === '') {
      setUploadError(`${f.name} is empty.`);
      return;
    }
    const next = { fileName: f.name, text };
    setUpload(next);
    await runCheck(importKind, next);
  };

  useEffect(() => {
    if (upload) void runCheck(importKind, upload);
    // Re-check when the kind changes for the same file.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [importKind]);

  const runImport = () => {
    if (!upload || !check?.ok) return;
    const onConflict: ItemConflict = check.clash ? choice : 'refuse';
    importItem.mutate(
      {
        kind: importKind,
        text: upload.text,
        fileName: upload.fileName,
        onConflict,
        ...(importKind === 'schema' && check.clash && choice === 'rename' && newName.trim() ? { newName: newName.trim() } : {}),
      },
      {
        onSuccess: () => {
          // The project changed: the check (and its clash) no longer applies; the report sections may.
          setCheck(undefined);
          setUpload(undefined);
          void queryClient.invalidateQueries({ queryKey: ['reports.sections'] });
          void queryClient.invalidateQueries({ queryKey: ['reports.preview'] });
        },
      },
    );
  };

  const validNewName = /^[A-Za-z0-9_.-]{1,100}$/.test(newName.trim());
  const canImport = Boolean(upload && check?.ok && !importItem.isPending && !(importKind === 'schema' && check.clash && choice === 'rename' && !validNewName));

  return (
    <section className="swb-card" data-testid="item-exchange">
      <h3>Schema and rule-set exchange</h3>
      <div className="swb-muted swb-small" style={{ marginBottom: 6 }}>
        One frame schema or the gateway rule set as a JSON file, to reuse on another station. Imports are checked whole first; nothing is imported from a file with a problem.
      </div>

      <div className="swb-report-caption-title">Export</div>
      <div className="swb-form-row">
        <HTMLSelect value={exportKind} onChange={(e) => setExportKind(e.target.value as ItemKind)} data-testid="item-export-kind" aria-label="What to export">
          <option value="schema">{KIND_LABEL.schema}</option>
          <option value="ruleSet">{KIND_LABEL.ruleSet}</option>
        </HTMLSelect>
        {exportKind === 'schema' ? (
          <HTMLSelect className="swb-grow" value={schemaId} onChange={(e) => setSchemaId(e.target.value)} disabled={!schemas.data?.length} data-testid="item-export-schema" aria-label="Schema to export">
            {schemas.data?.length ? null : <option value="">No schemas in this project</option>}
            {schemas.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
                {s.title ? ` — ${s.title}` : ''}
              </option>
            ))}
          </HTMLSelect>
        ) : (
          <InputGroup size="small" className="swb-grow" value={ruleSetName} onChange={(e) => setRuleSetName(e.target.value)} placeholder="Name of the rule set" data-testid="item-export-name" aria-label="Rule set name" />
        )}
      </div>
      <div className="swb-form-row" style={{ marginTop: 6 }}>
        <Button size="small" icon="download" text="Download" disabled={!exportName || exporting} onClick={() => void runExport(false)} data-testid="item-download" />
        <InputGroup size="small" className="swb-mono swb-grow" value={exportPath} onChange={(e) => setExportPath(e.target.value)} placeholder="or save to /path/on/station.json" data-testid="item-export-path" />
        <Button size="small" icon="floppy-disk" text="Save" disabled={!exportName || !exportPath || exporting} onClick={() => void runExport(true)} data-testid="item-export-save" />
      </div>
      {exported ? (
        <div className="swb-muted swb-small swb-report-note" data-testid="item-export-result">
          {exported}
        </div>
      ) : null}
      {exportError ? (
        <Callout intent="danger" compact className="swb-report-note" data-testid="item-export-error">
          {exportError.message}
        </Callout>
      ) : null}

      <div className="swb-report-caption-title" style={{ marginTop: 12 }}>
        Import
      </div>
      <div className="swb-form-row">
        <HTMLSelect value={importKind} onChange={(e) => setImportKind(e.target.value as ItemKind)} data-testid="item-import-kind" aria-label="What to import">
          <option value="schema">{KIND_LABEL.schema}</option>
          <option value="ruleSet">{KIND_LABEL.ruleSet}</option>
        </HTMLSelect>
        <FileInput
          className="swb-grow"
          small
          text={upload?.fileName ?? 'Choose a JSON file…'}
          hasSelection={Boolean(upload)}
          inputProps={{ accept: '.json,application/json', onChange: (e) => void onFile((e.target as HTMLInputElement).files), ...({ 'data-testid': 'item-import-file' } as object) }}
        />
      </div>
      {uploadError ? (
        <Callout intent="danger" compact className="swb-report-note" data-testid="item-upload-error">
          {uploadError}
        </Callout>
      ) : null}
      {checking ? <div className="swb-muted swb-small swb-report-note">Checking {upload?.fileName}…</div> : null}
      {checkError ? (
        <Callout intent="danger" compact className="swb-report-note" data-testid="item-check-error">
          {checkError.message}
        </Callout>
      ) : null}
      {check && !check.ok ? (
        <Callout intent="danger" compact className="swb-report-note" title={`${upload?.fileName ?? 'The file'} cannot be imported`} data-testid="item-issues">
          <ul className="swb-item-issues">
            {check.issues.slice(0, 12).map((i, k) => (
              <li key={k}>
                <span className="swb-mono">{i.path}</span>: {i.message}
              </li>
            ))}
          </ul>
          {check.issues.length > 12 ? <div className="swb-small">…and {check.issues.length - 12} more.</div> : null}
          <div className="swb-small">Nothing was imported.</div>
        </Callout>
      ) : null}
      {check?.ok ? (
        <div className="swb-report-note" data-testid="item-check-result">
          <div className="swb-small">
            <Tag minimal intent="success">
              valid
            </Tag>{' '}
            {KIND_LABEL[check.kind]} <span className="swb-mono">{check.name}</span> — {check.summary}
          </div>
          {check.clash ? (
            <div className="swb-item-clash" data-testid="item-clash">
              <div className="swb-small">
                {check.kind === 'schema' ? (
                  <>
                    A schema <span className="swb-mono">{check.clash.existing}</span> exists in this project.
                  </>
                ) : (
                  <>
                    The gateway has {check.clash.currentCount} rule{check.clash.currentCount === 1 ? '' : 's'}
                    {check.clash.ids?.length ? `; ${check.clash.ids.length} id${check.clash.ids.length === 1 ? '' : 's'} clash (${check.clash.ids.slice(0, 4).join(', ')}${check.clash.ids.length > 4 ? ', …' : ''})` : ''}.
                  </>
                )}
              </div>
              <RadioGroup selectedValue={choice} onChange={(e) => setChoice(e.currentTarget.value as ItemConflict)} className="swb-item-choice">
                <Radio value="rename" label={check.kind === 'schema' ? 'Import as a copy named' : 'Add these rules to the current ones (clashing ids renamed)'} data-testid="item-conflict-rename" />
                {check.kind === 'schema' && choice === 'rename' ? (
                  <InputGroup
                    size="small"
                    className="swb-mono swb-item-newname"
                    value={newName}
                    onChange={(e) => setNewName(e.target.value)}
                    intent={validNewName ? 'none' : 'danger'}
                    data-testid="item-newname"
                    aria-label="Name of the copy"
                  />
                ) : null}
                <Radio value="replace" label={check.kind === 'schema' ? `Replace the draft of ${check.clash.existing}` : `Replace the ${check.clash.currentCount} current rules`} data-testid="item-conflict-replace" />
              </RadioGroup>
            </div>
          ) : null}
          <Button size="small" intent="primary" icon="import" text="Import" disabled={!canImport} loading={importItem.isPending} onClick={runImport} data-testid="item-import" />
        </div>
      ) : null}
      {importItem.data ? (
        <Callout intent="success" compact className="swb-report-note" data-testid="item-import-result">
          {importItem.data.kind === 'schema'
            ? `Schema ${importItem.data.name} ${importItem.data.action === 'replaced' ? 'replaced' : importItem.data.action === 'renamed' ? 'imported as a copy' : 'imported'} (${importItem.data.count} fields). Open Schemas to review and publish it.`
            : `Rule set “${importItem.data.name}”: ${importItem.data.count} rules ${importItem.data.action === 'merged' ? 'added' : importItem.data.action === 'replaced' ? 'replaced the previous ones' : 'imported'} and deployed.`}
        </Callout>
      ) : null}
      {importItem.error ? (
        <Callout intent="danger" compact className="swb-report-note" data-testid="item-import-error">
          {importItem.error.message}
        </Callout>
      ) : null}
    </section>
  );
}
