import { Button, ButtonGroup, Callout, HTMLSelect, InputGroup, NonIdealState, Tag, Tooltip } from '@blueprintjs/core';
import { memo, useEffect, useState } from 'react';
import type { Dashboard, Panel } from '#shared/rpc/domains/monitor';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { bumpTelemetry, useTelemetryStore } from '../../stores/telemetry';
import { useChannels } from './hooks';
import { PanelDialog } from './PanelDialog';
import { PanelBody, ROW_PX } from './panels';

type Draft = Omit<Dashboard, 'createdAt' | 'updatedAt' | 'id'> & { id?: string };

/**
 * The dashboard grid: choose, add panels, arrange (order and size), save per project, pause/resume.
 * Memoised (it takes no props): a parent re-rendering on live counters does not re-render the grid,
 * its toolbar and the panel headers' tooltips; panels follow the live data on their own.
 */
export const DashboardView = memo(function DashboardView() {
  const dashboards = useRpcQuery('monitor.dashboards.list', {});
  const { list: channels, byId } = useChannels();
  const save = useRpcMutation('monitor.dashboards.save', ['monitor.dashboards.list']);
  const remove = useRpcMutation('monitor.dashboards.delete', ['monitor.dashboards.list']);
  const paused = useTelemetryStore((s) => s.paused);
  const setPaused = useTelemetryStore((s) => s.setPaused);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [draft, setDraft] = useState<Draft | undefined>();
  const [editing, setEditing] = useState<Panel | 'new' | undefined>();
  const selected = dashboards.data?.find((d) => d.id === selectedId) ?? dashboards.data?.[0];
  const dirty = draft !== undefined && (!selected || draft.id !== selected.id || JSON.stringify(draft.panels) !== JSON.stringify(selected.panels) || draft.name !== selected.name);

  // Load the chosen dashboard (again when it was saved elsewhere); an unsaved new dashboard is kept.
  useEffect(() => {
    if (selected && draft?.id !== undefined) setDraft({ id: selected.id, name: selected.name, panels: selected.panels });
    else if (selected && !draft) setDraft({ id: selected.id, name: selected.name, panels: selected.panels });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected?.id, selected?.updatedAt]);

  const view = draft ?? (selected ? { id: selected.id, name: selected.name, panels: selected.panels } : undefined);
  const setPanels = (panels: Panel[]) => view && setDraft({ ...view, panels });
  const move = (i: number, d: number) => {
    if (!view) return;
    const p = [...view.panels];
    const j = i + d;
    if (j < 0 || j >= p.length) return;
    [p[i], p[j]] = [p[j]!, p[i]!];
    setPanels(p);
  };
  const resize = (i: number, dw: number) => view && setPanels(view.panels.map((p, k) => (k === i ? { ...p, width: Math.min(4, Math.max(1, p.width + dw)) } : p)));

  return (
    <div>
      <div className="swb-toolbar">
        <HTMLSelect
          data-testid="dashboard-select"
          value={view?.id ?? ''}
          options={[...(dashboards.data ?? []).map((d) => ({ value: d.id, label: d.name })), ...(view && view.id === undefined ? [{ value: '', label: `${view.name} (unsaved)` }] : [])]}
          onChange={(e) => {
            setSelectedId(e.target.value);
            const d = dashboards.data?.find((x) => x.id === e.target.value);
            if (d) setDraft({ id: d.id, name: d.name, panels: d.panels });
          }}
        />
        {view ? <InputGroup size="small" value={view.name} onChange={(e) => setDraft({ ...view, name: e.target.value })} aria-label="Dashboard name" data-testid="dashboard-name" style={{ width: 180 }} /> : null}
        <Button size="small" icon="add" text="Add panel" disabled={!view || channels.length === 0} onClick={() => setEditing('new')} data-testid="panel-add" />
        <Button
          size="small"
          icon="floppy-disk"
          intent={dirty ? 'primary' : 'none'}
          text={dirty ? 'Save dashboard' : 'Saved'}
          disabled={!dirty || !view?.name}
          loading={save.isPending}
          onClick={() => view && save.mutate({ ...(view.id ? { id: view.id } : {}), name: view.name, panels: view.panels }, { onSuccess: (d) => { setSelectedId(d.id); setDraft({ id: d.id, name: d.name, panels: d.panels }); } })}
          data-testid="dashboard-save"
        />
        <Button size="small" icon="new-grid-item" text="New dashboard" onClick={() => setDraft({ name: 'New dashboard', panels: [] })} data-testid="dashboard-new" />
        {selected ? (
          <Button size="small" variant="minimal" icon="trash" intent="danger" aria-label="Delete dashboard" onClick={() => window.confirm(`Delete dashboard '${selected.name}'?`) && remove.mutate({ id: selected.id }, { onSuccess: () => { setSelectedId(undefined); setDraft(undefined); } })} />
        ) : null}
        <span className="swb-status-spacer" />
        <Button
          size="small"
          icon={paused ? 'play' : 'pause'}
          text={paused ? 'Resume' : 'Pause'}
          intent={paused ? 'warning' : 'none'}
          onClick={() => {
            setPaused(!paused);
            if (paused) bumpTelemetry();
          }}
          data-testid="monitor-pause"
        />
        {paused ? <Tag intent="warning">Paused — data is still recorded</Tag> : null}
      </div>
      {save.error ? <Callout intent="danger">{save.error.message}</Callout> : null}
      {!view ? (
        <NonIdealState icon="dashboard" title="No dashboard yet" description="Create a dashboard and add panels for your channels." action={<Button icon="add" text="New dashboard" onClick={() => setDraft({ name: 'Station', panels: [] })} />} />
      ) : view.panels.length === 0 ? (
        <NonIdealState icon="grid-view" title="This dashboard is empty" description={channels.length === 0 ? 'Create channels first (Channels tab).' : 'Add a panel: time chart, value tiles, gauges, table or an XY plot.'} />
      ) : (
        <div className="swb-dash-grid" data-testid="dashboard-grid">
          {view.panels.map((p, i) => (
            <section key={p.id} className="swb-card swb-dash-panel" style={{ gridColumn: `span ${p.width}`, gridRow: `span ${p.height}`, minHeight: p.height * ROW_PX }} data-testid={`panel-${p.id}`}>
              <header className="swb-dash-panel-head">
                <span className="swb-dash-panel-title">{p.title || p.channelIds.map((c) => byId.get(c)?.name ?? c).join(', ')}</span>
                <ButtonGroup variant="minimal" size="small" className="swb-dash-panel-actions">
                  <Tooltip content="Move earlier">
                    <Button icon="arrow-left" onClick={() => move(i, -1)} aria-label="Move earlier" />
                  </Tooltip>
                  <Tooltip content="Move later">
                    <Button icon="arrow-right" onClick={() => move(i, 1)} aria-label="Move later" />
                  </Tooltip>
                  <Tooltip content="Narrower">
                    <Button icon="minimize" onClick={() => resize(i, -1)} aria-label="Narrower" />
                  </Tooltip>
                  <Tooltip content="Wider">
                    <Button icon="maximize" onClick={() => resize(i, 1)} aria-label="Wider" />
                  </Tooltip>
                  <Tooltip content="Edit panel">
                    <Button icon="edit" onClick={() => setEditing(p)} aria-label="Edit panel" />
                  </Tooltip>
                  <Tooltip content="Remove panel">
                    <Button icon="cross" onClick={() => setPanels(view.panels.filter((x) => x.id !== p.id))} aria-label="Remove panel" />
                  </Tooltip>
                </ButtonGroup>
              </header>
              <PanelBody panel={p} channels={byId} />
            </section>
          ))}
        </div>
      )}
      {editing ? (
        <PanelDialog
          panel={editing === 'new' ? undefined : editing}
          channels={channels}
          onClose={() => setEditing(undefined)}
          onSave={(p) => {
            if (view) setPanels(editing === 'new' ? [...view.panels, p] : view.panels.map((x) => (x.id === p.id ? p : x)));
            setEditing(undefined);
          }}
        />
      ) : null}
    </div>
  );
});
