import { Button, Callout, FormGroup, HTMLTable, InputGroup, TextArea } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { ProjectMeta } from '#shared/rpc/domains/project';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { useUiStore } from '../../stores/ui';

const FIELDS: Array<{ key: keyof ProjectMeta; label: string }> = [
  { key: 'name', label: 'Project name' },
  { key: 'stationName', label: 'Station' },
  { key: 'client', label: 'Client' },
  { key: 'location', label: 'Location' },
  { key: 'engineer', label: 'Commissioning engineer' },
];

/** Project metadata, project files (new, open, save as, recent) and appearance. */
export default function SettingsPage() {
  const info = useRpcQuery('project.info', {});
  const recent = useRpcQuery('project.recent', {});
  const update = useRpcMutation('project.update', ['project.info']);
  const create = useRpcMutation('project.new', ['project.info', 'project.recent']);
  const open = useRpcMutation('project.open', ['project.info', 'project.recent']);
  const saveAs = useRpcMutation('project.saveAs', ['project.info', 'project.recent']);
  const checkpoint = useRpcMutation('project.checkpoint', ['project.info']);
  const theme = useUiStore((s) => s.theme);
  const toggleTheme = useUiStore((s) => s.toggleTheme);
  const [draft, setDraft] = useState<ProjectMeta | undefined>();
  const [filePath, setFilePath] = useState('');
  useEffect(() => setDraft(info.data?.meta), [info.data]);
  const fileError = create.error ?? open.error ?? saveAs.error;
  const dirty = draft && info.data && JSON.stringify(draft) !== JSON.stringify(info.data.meta);

  return (
    <div className="swb-page">
      <PageHeader title="Settings" subtitle="Station details, project files and appearance" />
      <div className="swb-grid">
        <section className="swb-card">
          <h3>Station details</h3>
          {draft
            ? FIELDS.map((f) => (
                <FormGroup key={f.key} label={f.label} labelFor={`meta-${f.key}`} className="swb-compact-form">
                  <InputGroup id={`meta-${f.key}`} data-testid={`meta-${f.key}`} value={draft[f.key]} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} />
                </FormGroup>
              ))
            : null}
          {draft ? (
            <FormGroup label="Notes" labelFor="meta-notes">
              <TextArea id="meta-notes" fill value={draft.notes} onChange={(e) => setDraft({ ...draft, notes: e.target.value })} />
            </FormGroup>
          ) : null}
          {update.error ? <Callout intent="danger">{update.error.message}</Callout> : null}
          <Button intent="primary" text="Save details" disabled={!dirty || !draft?.name} loading={update.isPending} onClick={() => draft && update.mutate(draft)} data-testid="meta-save" />
        </section>
        <section className="swb-card">
          <h3>Project file</h3>
          <p className="swb-mono swb-small" data-testid="project-path">
            {info.data?.path ?? 'not saved'}
          </p>
          <FormGroup label="File path (.swb)" labelFor="project-file" helperText="On the desktop, File › New/Open/Save As use the system dialogs.">
            <InputGroup id="project-file" data-testid="project-file" placeholder="/path/to/station.swb" value={filePath} onChange={(e) => setFilePath(e.target.value)} />
          </FormGroup>
          <div className="swb-toolbar">
            <Button icon="add" text="New" disabled={!filePath} loading={create.isPending} onClick={() => create.mutate({ path: filePath })} data-testid="project-new" />
            <Button icon="folder-open" text="Open" disabled={!filePath} loading={open.isPending} onClick={() => open.mutate({ path: filePath })} data-testid="project-open" />
            <Button icon="floppy-disk" text="Save as" disabled={!filePath} loading={saveAs.isPending} onClick={() => saveAs.mutate({ path: filePath })} data-testid="project-save-as" />
            <Button icon="saved" text="Checkpoint now" loading={checkpoint.isPending} onClick={() => checkpoint.mutate({})} data-testid="project-checkpoint" />
          </div>
          {fileError ? (
            <Callout intent="danger" data-testid="project-file-error">
              {fileError.message}
            </Callout>
          ) : null}
          <h3 style={{ marginTop: 12 }}>Recent projects</h3>
          <HTMLTable compact interactive className="swb-table-full">
            <tbody>
              {recent.data?.map((r) => (
                <tr key={r.path} onClick={() => open.mutate({ path: r.path })}>
                  <td>{r.name}</td>
                  <td className="swb-mono swb-small">{r.path}</td>
                  <td className="swb-small swb-muted">{formatTime(r.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </section>
        <section className="swb-card">
          <h3>Appearance</h3>
          <Button icon={theme === 'dark' ? 'flash' : 'moon'} text={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'} onClick={toggleTheme} />
        </section>
      </div>
    </div>
  );
}
