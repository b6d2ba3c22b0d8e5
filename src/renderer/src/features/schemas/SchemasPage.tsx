import { Alert, Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { rpc } from '../../rpc/client';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { isDirty, useSchemaDraft } from '../../stores/schemaDraft';
import { Designer } from './Designer';
import './schemas.css';

/** Largest schema file accepted by Import (the contract's bound). */
const MAX_IMPORT_CHARS = 1 << 20;

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Frame schemas: pick, create, import/export, delete; the designer edits the selected draft. */
export default function SchemasPage() {
  const list = useRpcQuery('schemas.list', {});
  const queryClient = useQueryClient();
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [pendingId, setPendingId] = useState<string | undefined>();
  const [reloadToken, setReloadToken] = useState(0);
  const [createOpen, setCreateOpen] = useState(false);
  const [newName, setNewName] = useState('');
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [message, setMessage] = useState<{ intent: 'danger' | 'success'; text: string } | undefined>();
  const importInput = useRef<HTMLInputElement>(null);
  const create = useRpcMutation('schemas.create', ['schemas.list']);
  const importSchema = useRpcMutation('schemas.import', ['schemas.list']);
  const remove = useRpcMutation('schemas.delete', ['schemas.list']);
  const id = selectedId ?? list.data?.[0]?.id;
  const detail = useRpcQuery('schemas.get', { id: id ?? '' }, { enabled: id !== undefined });
  const loadedId = useSchemaDraft((s) => s.schemaId);
  const dirty = useSchemaDraft(isDirty);
  const load = useSchemaDraft((s) => s.load);
  const [loadedToken, setLoadedToken] = useState(-1);

  // Load the draft into the editor when the schema changes or after a rollback/import, never on a plain refetch (keeps undo history).
  useEffect(() => {
    if (detail.data && (detail.data.id !== loadedId || reloadToken !== loadedToken)) {
      load(detail.data.id, detail.data.draft);
      setLoadedToken(reloadToken);
    }
  }, [detail.data, loadedId, load, reloadToken, loadedToken]);

  useEffect(
    () =>
      rpc.subscribe('schemas.changed', () => {
        void queryClient.invalidateQueries({ queryKey: ['schemas.list'] });
        void queryClient.invalidateQueries({ queryKey: ['schemas.versions'] });
      }),
    [queryClient],
  );

  const choose = (next: string) => {
    if (next === id) return;
    if (dirty) setPendingId(next);
    else setSelectedId(next);
  };
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ['schemas.get'] }).then(() => setReloadToken((t) => t + 1));
  };
  const current = list.data?.find((s) => s.id === id);

  return (
    <div className="swb-page swb-schemas-page">
      <PageHeader
        title="Schemas"
        subtitle="Frame layouts: build, test against sample frames, publish versions for sources"
        actions={
          <>
            <HTMLSelect value={id ?? ''} onChange={(e) => choose(e.target.value)} disabled={!list.data?.length} data-testid="schema-select" aria-label="Schema">
              {list.data?.length ? null : <option value="">no schemas</option>}
              {list.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id}
                  {s.latestVersion ? ` (v${s.latestVersion}${s.draftChanged ? ', draft changed' : ''})` : ' (draft)'}
                </option>
              ))}
            </HTMLSelect>
            {current ? (
              <Tag minimal intent={current.latestVersion ? 'primary' : 'warning'} data-testid="schema-published-tag">
                {current.latestVersion ? `published v${current.latestVersion}` : 'never published'}
              </Tag>
            ) : null}
            <Button icon="add" text="New" onClick={() => setCreateOpen(true)} data-testid="schema-new" />
            <Button icon="import" text="Import" onClick={() => importInput.current?.click()} data-testid="schema-import" />
            <input
              ref={importInput}
              type="file"
              accept=".json,application/json"
              hidden
              data-testid="schema-import-input"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (!f) return;
                if (f.size > MAX_IMPORT_CHARS) {
                  setMessage({ intent: 'danger', text: `${f.name} is too large (${f.size} bytes; at most ${MAX_IMPORT_CHARS})` });
                  return;
                }
                void f.text().then((json) =>
                  importSchema.mutate(
                    { json },
                    {
                      onSuccess: (d) => {
                        setMessage({ intent: 'success', text: `Imported ${f.name} as draft '${d.id}'${d.issues.length ? ` (${d.issues.length} issues to fix)` : ''}` });
                        setSelectedId(d.id);
                      },
                      onError: (err) => setMessage({ intent: 'danger', text: `${f.name}: ${err.message}` }),
                    },
                  ),
                );
              }}
            />
            <Button
              icon="export"
              text="Export"
              disabled={!id}
              onClick={() => id && void rpc.call('schemas.export', { id }).then((r) => download(r.fileName, r.json), (err: unknown) => setMessage({ intent: 'danger', text: String(err) }))}
              data-testid="schema-export"
            />
            <Button icon="trash" variant="minimal" intent="danger" disabled={!id} onClick={() => setDeleteOpen(true)} data-testid="schema-delete" aria-label="Delete schema" />
          </>
        }
      />
      {message ? (
        <Callout intent={message.intent} compact className="swb-designer-callout" data-testid="schemas-message">
          {message.text} <Button size="small" variant="minimal" icon="cross" onClick={() => setMessage(undefined)} aria-label="Dismiss" />
        </Callout>
      ) : null}
      {list.isLoading || (id && !detail.data && detail.isLoading) ? <Spinner size={24} /> : null}
      {list.data && list.data.length === 0 ? (
        <NonIdealState icon="th-derived" title="No frame schemas yet" description="Create one from a vendor's protocol table, or import a schema JSON file." action={<Button intent="primary" icon="add" text="New schema" onClick={() => setCreateOpen(true)} />} />
      ) : null}
      {detail.error ? <Callout intent="danger">{detail.error.message}</Callout> : null}
      {detail.data && loadedId === detail.data.id ? <Designer key={detail.data.id} detail={detail.data} onReload={reload} /> : null}

      <Dialog isOpen={createOpen} onClose={() => setCreateOpen(false)} title="New frame schema" icon="add">
        <DialogBody>
          <FormGroup label="Name (becomes the schema id sources refer to)" labelFor="new-schema-name">
            <InputGroup id="new-schema-name" autoFocus value={newName} placeholder="e.g. pump-telemetry" onChange={(e) => setNewName(e.target.value)} data-testid="new-schema-name" />
          </FormGroup>
          {create.error ? <Callout intent="danger" compact>{create.error.message}</Callout> : null}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={() => setCreateOpen(false)} />
              <Button
                intent="primary"
                text="Create"
                disabled={newName.trim() === ''}
                loading={create.isPending}
                onClick={() =>
                  create.mutate(
                    { name: newName.trim() },
                    {
                      onSuccess: (d) => {
                        setCreateOpen(false);
                        setNewName('');
                        if (dirty) setPendingId(d.id);
                        else setSelectedId(d.id);
                      },
                    },
                  )
                }
                data-testid="new-schema-create"
              />
            </>
          }
        />
      </Dialog>
      <Alert
        isOpen={pendingId !== undefined}
        intent="warning"
        icon="warning-sign"
        cancelButtonText="Keep editing"
        confirmButtonText="Discard changes"
        onCancel={() => setPendingId(undefined)}
        onConfirm={() => {
          setSelectedId(pendingId);
          setPendingId(undefined);
        }}
      >
        The draft of <b>{id}</b> has unsaved changes. Discard them?
      </Alert>
      <Alert
        isOpen={deleteOpen}
        intent="danger"
        icon="trash"
        cancelButtonText="Cancel"
        confirmButtonText="Delete"
        onCancel={() => setDeleteOpen(false)}
        onConfirm={() => {
          setDeleteOpen(false);
          if (id) remove.mutate({ id }, { onSuccess: () => setSelectedId(undefined), onError: (err) => setMessage({ intent: 'danger', text: err.message }) });
        }}
      >
        Delete <b>{id}</b> with all its published versions? Sources that use it stop decoding.
      </Alert>
    </div>
  );
}
