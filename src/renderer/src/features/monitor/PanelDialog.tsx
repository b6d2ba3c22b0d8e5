import { Button, Checkbox, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, NumericInput } from '@blueprintjs/core';
import { useState } from 'react';
import type { Channel, Panel } from '#shared/rpc/domains/monitor';

const KINDS: Array<{ value: Panel['kind']; label: string }> = [
  { value: 'timeChart', label: 'Time chart' },
  { value: 'valueTile', label: 'Value tiles' },
  { value: 'gauge', label: 'Gauges' },
  { value: 'table', label: 'Table' },
  { value: 'xyPlot', label: 'XY plot (e.g. head against flow)' },
];

/** Add or edit one dashboard panel. */
export function PanelDialog({ panel, channels, onClose, onSave }: { panel: Panel | undefined; channels: Channel[]; onClose: () => void; onSave: (p: Panel) => void }) {
  const [draft, setDraft] = useState<Panel>(
    () => panel ?? { id: `p-${Math.random().toString(36).slice(2, 8)}`, kind: 'timeChart', title: '', channelIds: [], width: 2, height: 1, windowS: 300 },
  );
  const toggle = (id: string) => setDraft((d) => ({ ...d, channelIds: d.channelIds.includes(id) ? d.channelIds.filter((c) => c !== id) : [...d.channelIds, id].slice(0, 16) }));
  const error =
    draft.channelIds.length === 0 ? 'Choose at least one channel.' : draft.kind === 'xyPlot' && !draft.xChannelId ? 'Choose the x channel.' : undefined;
  return (
    <Dialog isOpen onClose={onClose} title={panel ? 'Edit panel' : 'Add panel'} style={{ width: 520 }}>
      <DialogBody>
        <div className="swb-form-row">
          <FormGroup label="Kind" labelFor="panel-kind">
            <HTMLSelect id="panel-kind" data-testid="panel-kind" value={draft.kind} options={KINDS} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Panel['kind'] })} />
          </FormGroup>
          <FormGroup label="Title" labelFor="panel-title">
            <InputGroup id="panel-title" data-testid="panel-title" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
          </FormGroup>
        </div>
        <div className="swb-form-row">
          <FormGroup label="Width (columns)" labelFor="panel-width">
            <NumericInput id="panel-width" min={1} max={4} value={draft.width} onValueChange={(v) => setDraft({ ...draft, width: Math.min(4, Math.max(1, v || 1)) })} style={{ width: 60 }} />
          </FormGroup>
          <FormGroup label="Height (rows)" labelFor="panel-height">
            <NumericInput id="panel-height" min={1} max={3} value={draft.height} onValueChange={(v) => setDraft({ ...draft, height: Math.min(3, Math.max(1, v || 1)) })} style={{ width: 60 }} />
          </FormGroup>
          {draft.kind === 'timeChart' || draft.kind === 'xyPlot' || draft.kind === 'table' ? (
            <FormGroup label="Window" labelFor="panel-window">
              <HTMLSelect
                id="panel-window"
                value={draft.windowS}
                options={[60, 300, 900, 1800, 3600].map((s) => ({ value: s, label: s < 3600 ? `${s / 60} min` : '1 h' }))}
                onChange={(e) => setDraft({ ...draft, windowS: Number(e.target.value) })}
              />
            </FormGroup>
          ) : null}
        </div>
        {draft.kind === 'xyPlot' ? (
          <FormGroup label="X channel" labelFor="panel-x">
            <HTMLSelect
              id="panel-x"
              data-testid="panel-x"
              value={draft.xChannelId ?? ''}
              options={[{ value: '', label: 'Choose…' }, ...channels.map((c) => ({ value: c.id, label: `${c.name} [${c.unit}]` }))]}
              onChange={(e) => setDraft({ ...draft, ...(e.target.value ? { xChannelId: e.target.value } : { xChannelId: undefined }) })}
            />
          </FormGroup>
        ) : null}
        <FormGroup label={draft.kind === 'xyPlot' ? 'Y channels' : 'Channels'}>
          <div className="swb-check-grid" data-testid="panel-channels">
            {channels.map((c) => (
              <Checkbox key={c.id} label={`${c.name}${c.unit ? ` [${c.unit}]` : ''}`} checked={draft.channelIds.includes(c.id)} onChange={() => toggle(c.id)} data-testid={`panel-ch-${c.id}`} />
            ))}
          </div>
        </FormGroup>
      </DialogBody>
      <DialogFooter
        minimal
        actions={
          <>
            <span className="swb-muted swb-small">{error}</span>
            <Button text="Cancel" onClick={onClose} />
            <Button intent="primary" text={panel ? 'Apply' : 'Add'} disabled={error !== undefined} onClick={() => onSave(draft.kind === 'xyPlot' ? draft : { ...draft, xChannelId: undefined })} data-testid="panel-save" />
          </>
        }
      />
    </Dialog>
  );
}
