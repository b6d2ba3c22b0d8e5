import { Button, Callout, FormGroup, HTMLSelect, NumericInput, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { SimConfig, SimStatus } from '#shared/rpc/domains/gateway';
import { simConfigSchema } from '#shared/rpc/domains/gateway';
import { useRpcMutation, useRpcQuery } from '../../queries/rpcQuery';

const DEFAULT_SIM: SimConfig = simConfigSchema.parse({ port: 5020 });

/** Station simulator: destination, rate, pump speed and faults; start/stop. */
export function SimulatorCard({ status }: { status: SimStatus | undefined }) {
  const cfg = useRpcQuery('gateway.config.get', {});
  const configure = useRpcMutation('gateway.sim.configure', ['gateway.config.get', 'gateway.config.history']);
  const control = useRpcMutation('gateway.sim.control', ['gateway.status']);
  const [draft, setDraft] = useState<SimConfig>(DEFAULT_SIM);
  useEffect(() => {
    const s = cfg.data?.config.simulator;
    if (s) setDraft(s);
    else {
      const udp = cfg.data?.config.sources.find((x) => x.kind === 'udp');
      if (udp && udp.kind === 'udp' && udp.port > 0) setDraft({ ...DEFAULT_SIM, port: udp.port });
    }
  }, [cfg.data]);
  const num = (label: string, value: number, onChange: (v: number) => void, testid: string, step = 1) => (
    <FormGroup label={label} className="swb-compact-form">
      <NumericInput size="small" buttonPosition="none" data-testid={testid} stepSize={step} minorStepSize={0.001} value={value} onValueChange={(v) => Number.isFinite(v) && onChange(v)} style={{ width: 90 }} />
    </FormGroup>
  );
  const f = draft.faults;
  const dirty = JSON.stringify(draft) !== JSON.stringify(cfg.data?.config.simulator);
  return (
    <section className="swb-card" data-testid="sim-card">
      <h3>
        Station simulator{' '}
        <Tag minimal intent={status?.running ? 'success' : 'none'} data-testid="sim-state">
          {status?.running ? 'running' : 'stopped'}
        </Tag>
      </h3>
      <p className="swb-muted swb-small">Pump-station telemetry that follows pump physics (affinity laws, system curve, wet-well level), encoded with the schema and sent to a source.</p>
      <div className="swb-form-row">
        <FormGroup label="Protocol" className="swb-compact-form">
          <HTMLSelect value={draft.protocol} onChange={(e) => setDraft({ ...draft, protocol: e.target.value as 'udp' | 'tcp' })} options={['udp', 'tcp']} />
        </FormGroup>
        {num('Port', draft.port, (v) => setDraft({ ...draft, port: v }), 'sim-port')}
        {num('Frames/s', draft.ratePerSec, (v) => setDraft({ ...draft, ratePerSec: v }), 'sim-rate')}
        {num('Speed %', draft.speedPct, (v) => setDraft({ ...draft, speedPct: v }), 'sim-speed')}
      </div>
      <div className="swb-form-row">
        {num('Bad CRC share', f.badCrc, (v) => setDraft({ ...draft, faults: { ...f, badCrc: v } }), 'sim-badcrc', 0.01)}
        {num('Truncated share', f.truncated, (v) => setDraft({ ...draft, faults: { ...f, truncated: v } }), 'sim-truncated', 0.01)}
        {num('Burst every s', f.burstEverySec, (v) => setDraft({ ...draft, faults: { ...f, burstEverySec: v } }), 'sim-burst-every')}
        {num('Burst size', f.burstSize, (v) => setDraft({ ...draft, faults: { ...f, burstSize: v } }), 'sim-burst-size')}
        {num('Silence every s', f.silenceEverySec, (v) => setDraft({ ...draft, faults: { ...f, silenceEverySec: v } }), 'sim-silence-every')}
        {num('Silent for s', f.silenceForSec, (v) => setDraft({ ...draft, faults: { ...f, silenceForSec: v } }), 'sim-silence-for')}
      </div>
      {configure.error || control.error ? <Callout intent="danger" compact>{(configure.error ?? control.error)?.message}</Callout> : null}
      <div className="swb-toolbar">
        <Button icon="floppy-disk" text="Save settings" disabled={!dirty} loading={configure.isPending} data-testid="sim-save" onClick={() => configure.mutate({ config: draft })} />
        {status?.running ? (
          <Button icon="stop" text="Stop" data-testid="sim-stop" onClick={() => control.mutate({ action: 'stop' })} />
        ) : (
          <Button
            icon="play"
            intent="success"
            text="Start"
            data-testid="sim-start"
            onClick={() => (dirty ? configure.mutate({ config: draft }, { onSuccess: () => control.mutate({ action: 'start' }) }) : control.mutate({ action: 'start' }))}
          />
        )}
        <span className="swb-small swb-muted" data-testid="sim-counters">
          sent {status?.sent ?? 0} · bad CRC {status?.badCrc ?? 0} · truncated {status?.truncated ?? 0} · burst {status?.burstFrames ?? 0}
          {status?.silent ? ' · silent' : ''}
          {status?.lastError ? ` · ${status.lastError}` : ''}
        </span>
      </div>
    </section>
  );
}
