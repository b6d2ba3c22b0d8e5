import { Button, Callout, Checkbox, FormGroup, HTMLTable, InputGroup, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { formatTime } from '../../components/format';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';
import { useChannels } from './hooks';

/** Start/stop named recordings of chosen channels; a stopped recording is a dataset for the curve workbench. */
export function RecordingsView() {
  const { list: channels } = useChannels();
  const recordings = useRpcQuery('monitor.recordings.list', {}, { refetchInterval: 2000 });
  const start = useRpcMutation('monitor.recordings.start', ['monitor.recordings.list']);
  const stop = useRpcMutation('monitor.recordings.stop', ['monitor.recordings.list']);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const error = start.error ?? stop.error;
  return (
    <div className="swb-grid-2">
      <section className="swb-card">
        <h3>New recording</h3>
        <FormGroup label="Name" labelFor="rec-name">
          <InputGroup id="rec-name" data-testid="rec-name" placeholder="e.g. Pump 1 step test 40–50 Hz" value={name} onChange={(e) => setName(e.target.value)} />
        </FormGroup>
        <FormGroup label="Channels">
          <div className="swb-check-grid" data-testid="rec-channels">
            {channels.map((c) => (
              <Checkbox key={c.id} label={`${c.name}${c.unit ? ` [${c.unit}]` : ''}`} checked={chosen.includes(c.id)} onChange={() => setChosen(chosen.includes(c.id) ? chosen.filter((x) => x !== c.id) : [...chosen, c.id])} data-testid={`rec-ch-${c.id}`} />
            ))}
          </div>
        </FormGroup>
        <Button intent="primary" icon="record" text="Start recording" disabled={!name.trim() || chosen.length === 0} loading={start.isPending} onClick={() => start.mutate({ name: name.trim(), channelIds: chosen }, { onSuccess: () => setName('') })} data-testid="rec-start" />
        {error ? (
          <Callout intent="danger" style={{ marginTop: 8 }}>
            {error.message}
          </Callout>
        ) : null}
      </section>
      <section className="swb-card">
        <h3>Recordings</h3>
        <HTMLTable compact className="swb-table-full" data-testid="rec-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>State</th>
              <th>Started</th>
              <th className="swb-num">Rows</th>
              <th>Dataset</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(recordings.data ?? []).map((r) => (
              <tr key={r.id}>
                <td>
                  {r.name}
                  <div className="swb-muted swb-small">{r.channelIds.join(', ')}</div>
                </td>
                <td>
                  <Tag minimal intent={r.state === 'recording' ? 'danger' : r.state === 'failed' ? 'warning' : 'success'} icon={r.state === 'recording' ? 'record' : undefined} title={r.error}>
                    {r.state}
                  </Tag>
                </td>
                <td className="swb-small">{formatTime(r.startedAt)}</td>
                <td className="swb-num">{r.rowCount}</td>
                <td className="swb-mono swb-small" data-testid={`rec-dataset-${r.name}`}>
                  {r.datasetId ? r.datasetId.slice(0, 8) : '—'}
                </td>
                <td>{r.state === 'recording' ? <Button size="small" icon="stop" text="Stop" loading={stop.isPending} onClick={() => stop.mutate({ id: r.id })} data-testid={`rec-stop-${r.name}`} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
        {(recordings.data ?? []).length === 0 ? <p className="swb-muted">No recordings yet.</p> : null}
        <p className="swb-muted swb-small">A stopped recording is saved as a dataset (time plus one column per channel) and opens in Data and Curves.</p>
      </section>
    </div>
  );
}
