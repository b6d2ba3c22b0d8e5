import { Button, ButtonGroup, Callout, Dialog, DialogBody, DialogFooter, HTMLSelect, Tab, Tabs, Tag, TextArea, Tooltip } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SchemaIssue } from '#shared/frame/plan';
import type { SchemaDetail } from '#shared/rpc/domains/schemas';
import { HexView } from '../../components/HexView';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { isDirty, useSchemaDraft } from '../../stores/schemaDraft';
import { analyze, parseSample, staticPathOf, unitsByPath } from './analysis';
import { DecodedTable } from './DecodedTable';
import { addField, containerOf, duplicateAt, FIELD_TYPES, flattenTree, moveBy, ptrKey, ptrPointer, removeAt, type FieldTypeName, type TreeRow } from './fieldOps';
import { FieldTree } from './FieldTree';
import { PropertyPanel } from './PropertyPanel';
import { SamplePanel } from './SamplePanel';
import { VectorsPanel } from './VectorsPanel';
import { VersionsPanel } from './VersionsPanel';

/** The decoder/encoder the core compiles for this draft (read-only, for debugging). */
function GeneratedSource({ doc, active }: { doc: unknown; active: boolean }) {
  const source = useRpcQuery('schemas.source', { schema: doc as never }, { enabled: active });
  if (!source.data) return <div className="swb-muted">{source.error ? source.error.message : 'Compiling…'}</div>;
  if (!source.data.ok) return <div className="swb-error-text">Cannot compile: {source.data.message}</div>;
  return (
    <pre className="swb-json swb-mono" data-testid="schema-source">
      {source.data.source}
    </pre>
  );
}

/** Assigns each validation issue to the deepest tree row its JSON pointer falls in. */
function issuesByRow(rows: TreeRow[], issues: SchemaIssue[]): { byRow: Map<string, SchemaIssue[]>; schemaLevel: SchemaIssue[] } {
  const byRow = new Map<string, SchemaIssue[]>();
  const schemaLevel: SchemaIssue[] = [];
  const pointers = rows.map((r) => ({ key: r.key, pointer: ptrPointer(r.ptr) }));
  for (const issue of issues) {
    let best: { key: string; pointer: string } | undefined;
    for (const p of pointers) {
      const rest = issue.pointer.slice(p.pointer.length);
      if (issue.pointer.startsWith(p.pointer) && (rest === '' || rest.startsWith('.') || rest.startsWith('[')) && (!best || p.pointer.length > best.pointer.length)) best = p;
    }
    if (!best && issue.path !== '') {
      const row = rows.find((r) => r.staticPath === issue.path);
      if (row) best = { key: row.key, pointer: '' };
    }
    if (best) byRow.set(best.key, [...(byRow.get(best.key) ?? []), issue]);
    else schemaLevel.push(issue);
  }
  return { byRow, schemaLevel };
}

function rowForPath(rows: TreeRow[], path: string): TreeRow | undefined {
  let sp = staticPathOf(path);
  for (;;) {
    const row = rows.find((r) => r.staticPath === sp && (r.kind === 'field' || r.kind === 'items'));
    if (row || sp === '') return row;
    const cut = Math.max(sp.lastIndexOf('.'), sp.endsWith('[]') ? sp.length - 2 : -1);
    sp = cut > 0 ? sp.slice(0, cut) : '';
  }
}

function isTextInput(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function Designer({ detail, onReload }: { detail: SchemaDetail; onReload: () => void }) {
  const doc = useSchemaDraft((s) => s.doc);
  const selected = useSchemaDraft((s) => s.selected);
  const hovered = useSchemaDraft((s) => s.hovered);
  const past = useSchemaDraft((s) => s.past.length);
  const future = useSchemaDraft((s) => s.future.length);
  const dirty = useSchemaDraft(isDirty);
  const { edit, undo, redo, select, hover, markSaved } = useSchemaDraft.getState();
  const sampleText = useSchemaDraft((s) => s.sampleText);
  const sampleFormat = useSchemaDraft((s) => s.sampleFormat);
  const [newType, setNewType] = useState<FieldTypeName>('u16');
  const [tab, setTab] = useState<string>('vectors');
  const [publishOpen, setPublishOpen] = useState(false);
  const [note, setNote] = useState('');
  const save = useRpcMutation('schemas.update', ['schemas.list', 'schemas.versions']);
  const publish = useRpcMutation('schemas.publish', ['schemas.list', 'schemas.versions', 'schemas.get']);

  const sample = useMemo(() => (sampleText.trim() === '' ? undefined : parseSample(sampleText, sampleFormat)), [sampleText, sampleFormat]);
  const sampleBytes = sample?.ok ? sample.bytes : undefined;
  const a = useMemo(() => analyze(doc, sampleBytes), [doc, sampleBytes]);
  const rows = useMemo(() => flattenTree(doc), [doc]);
  const { byRow, schemaLevel } = useMemo(() => issuesByRow(rows, a.issues), [rows, a.issues]);
  const units = useMemo(() => unitsByPath(a.schema), [a.schema]);
  const selectedRow = selected ? rows.find((r) => r.key === ptrKey(selected)) : undefined;
  const decodeError = a.decode && !a.decode.ok ? a.decode.error : undefined;
  const errorRow = decodeError && decodeError.path !== '' ? rowForPath(rows, decodeError.path) : undefined;
  const livePositions = useMemo(() => {
    const m = new Map<string, { offset: number; length: number }>();
    for (const l of a.layout) {
      const row = rows.find((r) => r.staticPath === staticPathOf(l.path) && (r.kind === 'field' || r.kind === 'items'));
      if (row && !m.has(row.key)) m.set(row.key, { offset: l.offset, length: l.length });
    }
    return m;
  }, [a.layout, rows]);

  const doSave = useCallback(() => {
    const current = useSchemaDraft.getState().doc;
    save.mutate({ id: detail.id, draft: current }, { onSuccess: () => markSaved(current) });
  }, [detail.id, save, markSaved]);

  const add = useCallback(() => {
    const r = addField(useSchemaDraft.getState().doc, useSchemaDraft.getState().selected, newType);
    edit(r.doc, { select: r.ptr });
  }, [newType, edit]);
  const canEditSelection = selected !== undefined && containerOf(selected) !== undefined;
  const remove = useCallback(() => {
    const s = useSchemaDraft.getState();
    if (!s.selected || !containerOf(s.selected)) return;
    const c = containerOf(s.selected)!;
    const next = removeAt(s.doc, s.selected);
    const siblings = flattenTree(next).filter((r) => ptrKey(r.ptr.slice(0, -1)) === ptrKey(c.list));
    edit(next, { select: siblings[Math.min(c.index, siblings.length - 1)]?.ptr ?? (c.list.length > 1 ? c.list.slice(0, -1) : undefined) });
  }, [edit]);
  const duplicate = useCallback(() => {
    const s = useSchemaDraft.getState();
    if (!s.selected) return;
    const r = duplicateAt(s.doc, s.selected);
    edit(r.doc, { select: r.ptr });
  }, [edit]);
  const move = useCallback(
    (delta: number) => {
      const s = useSchemaDraft.getState();
      if (!s.selected) return;
      const r = moveBy(s.doc, s.selected, delta);
      if (r.doc !== s.doc) edit(r.doc, { select: r.ptr });
    },
    [edit],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const inText = isTextInput(e.target);
      const inSample = (e.target as HTMLElement | null)?.dataset?.testid === 'sample-input';
      if (mod && !inSample && (e.key === 'z' || e.key === 'Z')) {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && !inSample && (e.key === 'y' || e.key === 'Y')) {
        e.preventDefault();
        redo();
      } else if (mod && (e.key === 's' || e.key === 'S')) {
        e.preventDefault();
        doSave();
      } else if (e.altKey && (e.key === 'n' || e.key === 'N')) {
        e.preventDefault();
        add();
      } else if (mod && (e.key === 'd' || e.key === 'D')) {
        e.preventDefault();
        duplicate();
      } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        e.preventDefault();
        move(e.key === 'ArrowUp' ? -1 : 1);
      } else if (!inText && e.key === 'Delete') {
        e.preventDefault();
        remove();
      } else if (!inText && e.key === 'Escape') select(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, doSave, add, duplicate, move, remove, select]);

  const vectorsFailing = a.vectors.filter((v) => !v.ok).length;
  const selectedStatic = selectedRow?.staticPath;
  const selectPath = (path: string) => {
    const row = rowForPath(rows, path);
    if (row) select(row.ptr);
  };

  return (
    <div className="swb-designer" data-testid="schema-designer">
      <div className="swb-toolbar swb-designer-toolbar">
        <HTMLSelect value={newType} onChange={(e) => setNewType(e.target.value as FieldTypeName)} options={FIELD_TYPES.map((t) => ({ value: t, label: t }))} data-testid="add-type" aria-label="Type of the new field" />
        <Tooltip content="Add field after the selection, or inside a struct/case (Alt+N)" compact>
          <Button size="small" icon="add" text="Add field" onClick={add} data-testid="add-field" />
        </Tooltip>
        <ButtonGroup size="small">
          <Button icon="duplicate" title="Duplicate (Ctrl+D)" disabled={!canEditSelection} onClick={duplicate} data-testid="field-duplicate" />
          <Button icon="arrow-up" title="Move up (Alt+↑)" disabled={!canEditSelection} onClick={() => move(-1)} data-testid="field-up" />
          <Button icon="arrow-down" title="Move down (Alt+↓)" disabled={!canEditSelection} onClick={() => move(1)} data-testid="field-down" />
          <Button icon="trash" title="Delete (Del)" disabled={!canEditSelection} onClick={remove} data-testid="field-delete" />
        </ButtonGroup>
        <ButtonGroup size="small">
          <Button icon="undo" title="Undo (Ctrl+Z)" disabled={past === 0} onClick={undo} data-testid="undo" />
          <Button icon="redo" title="Redo (Ctrl+Shift+Z)" disabled={future === 0} onClick={redo} data-testid="redo" />
        </ButtonGroup>
        <span className="swb-toolbar-spacer" />
        {a.issues.length > 0 ? (
          <Tag intent="danger" data-testid="schema-status">
            {a.issues.length} issue{a.issues.length === 1 ? '' : 's'}
          </Tag>
        ) : (
          <Tag intent="success" minimal data-testid="schema-status">
            valid{a.staticSize !== undefined ? ` · ${a.staticSize} bytes` : ' · variable size'}
          </Tag>
        )}
        {a.vectors.length > 0 ? (
          <Tag minimal intent={vectorsFailing > 0 ? 'danger' : 'success'} data-testid="vectors-status">
            vectors {a.vectors.length - vectorsFailing}/{a.vectors.length}
          </Tag>
        ) : null}
        <span className="swb-muted swb-small" title="validation + decode + test vectors in the renderer">{a.elapsedMs.toFixed(1)} ms</span>
        <Button size="small" icon="floppy-disk" text={dirty ? 'Save' : 'Saved'} intent={dirty ? 'primary' : 'none'} disabled={!dirty} loading={save.isPending} onClick={doSave} data-testid="schema-save" title="Save draft (Ctrl+S)" />
        <Button size="small" icon="cloud-upload" text="Publish…" onClick={() => setPublishOpen(true)} data-testid="schema-publish" />
      </div>
      {save.error ? <Callout intent="danger" compact>{save.error.message}</Callout> : null}
      {schemaLevel.length > 0 ? (
        <Callout intent="danger" compact className="swb-designer-callout" data-testid="schema-issues">
          {schemaLevel.slice(0, 3).map((i, k) => (
            <div key={k}>
              <b>{i.path || i.pointer || 'schema'}</b>: {i.message}
            </div>
          ))}
        </Callout>
      ) : null}

      <div className="swb-designer-main">
        <section className="swb-card swb-designer-tree">
          <h3>
            Fields <span className="swb-muted swb-small">{rows.filter((r) => r.kind === 'field').length}</span>
          </h3>
          <div className="swb-tree-root" onClick={() => select(undefined)} data-testid="tree-root">
            <span className={selected === undefined ? 'is-selected' : undefined}>{String(doc.name ?? 'schema')}</span>
          </div>
          <FieldTree doc={doc} rows={rows} issuesByRow={byRow} errorRow={errorRow && decodeError ? { key: errorRow.key, message: `${decodeError.code} at byte ${decodeError.offset}: ${decodeError.message}` } : undefined} livePositions={livePositions} />
        </section>
        <section className="swb-card swb-designer-props">
          <PropertyPanel row={selectedRow} rows={rows} issues={selectedRow ? (byRow.get(selectedRow.key) ?? []) : schemaLevel} />
        </section>
        <section className="swb-card swb-designer-sample">
          <h3>Sample frame</h3>
          <SamplePanel error={sample && !sample.ok ? sample.message : undefined} byteCount={sampleBytes?.length} />
          {decodeError ? (
            <Callout intent="danger" compact className="swb-decode-error" data-testid="decode-error">
              <b>{decodeError.code}</b> at {decodeError.path === '' ? 'the frame' : <b>{decodeError.path}</b>}, byte {decodeError.offset}: {decodeError.message}
            </Callout>
          ) : a.decode?.ok ? (
            <div className="swb-decode-ok swb-small" data-testid="decode-ok">
              Decoded {a.decode.byteLength} bytes{a.ranges.length > 0 ? ` · ${a.ranges.length} value(s) outside their valid range` : ''}
            </div>
          ) : null}
          {sampleBytes ? (
            <HexView bytes={sampleBytes} spans={a.spans} hovered={hovered} selected={selectedStatic} errorOffset={decodeError?.offset} onHover={hover} onSelect={selectPath} />
          ) : (
            <div className="swb-muted swb-small swb-sample-hint">Paste a frame to see its bytes coloured by field and the decoded values.</div>
          )}
          {sampleBytes ? <DecodedTable layout={a.layout} bytes={sampleBytes} units={units} ranges={a.ranges} onSelectPath={selectPath} /> : null}
        </section>
      </div>

      <section className="swb-card swb-designer-bottom">
        <Tabs id="schema-bottom" selectedTabId={tab} onChange={(t) => setTab(String(t))}>
          <Tab id="vectors" title={`Test vectors (${a.vectors.length || (Array.isArray(doc.testVectors) ? doc.testVectors.length : 0)})`} panel={<VectorsPanel results={a.vectors} decode={a.decode} sampleBytes={sampleBytes} />} data-testid="tab-vectors" />
          <Tab id="versions" title={`Versions${detail.latestVersion ? ` (v${detail.latestVersion})` : ''}`} panel={<VersionsPanel schemaId={detail.id} onRolledBack={onReload} />} data-testid="tab-versions" />
          <Tab id="json" title="JSON" panel={<pre className="swb-json swb-mono" data-testid="schema-json">{JSON.stringify(doc, null, 2)}</pre>} data-testid="tab-json" />
          <Tab id="source" title="Generated code" panel={<GeneratedSource doc={doc} active={tab === 'source'} />} data-testid="tab-source" />
        </Tabs>
      </section>

      <Dialog isOpen={publishOpen} onClose={() => setPublishOpen(false)} title={`Publish ${detail.id} v${(detail.latestVersion ?? 0) + 1}`} icon="cloud-upload">
        <DialogBody>
          <p>
            Publishing runs the {a.vectors.length} test vector{a.vectors.length === 1 ? '' : 's'} in the core; a failing vector or an invalid schema blocks it.{dirty ? ' Unsaved changes are saved first.' : ''}
          </p>
          <TextArea fill rows={3} placeholder="What changed and why (shown in the version history)" value={note} onChange={(e) => setNote(e.target.value)} data-testid="publish-note" />
          {publish.error ? (
            <Callout intent="danger" compact data-testid="publish-error">
              {publish.error.message}
            </Callout>
          ) : null}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={() => setPublishOpen(false)} />
              <Button
                intent="primary"
                text="Publish"
                loading={publish.isPending || save.isPending}
                onClick={() => {
                  const current = useSchemaDraft.getState().doc;
                  const go = () =>
                    publish.mutate(
                      { id: detail.id, note },
                      {
                        onSuccess: () => {
                          setPublishOpen(false);
                          setNote('');
                          setTab('versions');
                        },
                      },
                    );
                  if (isDirty(useSchemaDraft.getState())) save.mutate({ id: detail.id, draft: current }, { onSuccess: () => (markSaved(current), go()) });
                  else go();
                }}
                data-testid="publish-confirm"
              />
            </>
          }
        />
      </Dialog>
    </div>
  );
}
