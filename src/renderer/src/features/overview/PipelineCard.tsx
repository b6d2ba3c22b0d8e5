import { HTMLTable, Tag } from '@blueprintjs/core';
import { formatRate } from '../../components/format';
import { fmtNum, useGatewayStatus } from '../sources/useGatewayStatus';

/** Overview: the gateway's stages with counts, rates, errors by reason and latency. */
export function PipelineCard() {
  const s = useGatewayStatus();
  const p = s?.pipeline;
  const delivered = s?.targets.reduce((a, t) => a + t.delivered, 0) ?? 0;
  const queued = s?.targets.reduce((a, t) => a + t.queueDepth, 0) ?? 0;
  const dead = s?.targets.reduce((a, t) => a + t.deadLetters, 0) ?? 0;
  const running = s?.sources.filter((x) => x.state === 'running').length ?? 0;
  const stages: Array<[string, number | undefined, string]> = [
    ['Received', p?.received, `${running}/${s?.sources.length ?? 0} sources running · ${formatRate(p?.framesPerSec ?? 0)}`],
    ['Decoded', p?.decoded, `${fmtNum(p?.decodeErrors)} rejected · decode p99 ${fmtNum(p?.latency.decode.p99Us)} µs`],
    ['Routed', p?.routed, `${fmtNum(p?.unrouted)} matched no rule · route p99 ${fmtNum(p?.latency.route.p99Us)} µs`],
    ['Queued to targets', p?.deliveriesEnqueued, `${fmtNum(p?.transformErrors)} transform / ${fmtNum(p?.encodeErrors)} encode errors`],
    ['Delivered', delivered, `${fmtNum(queued)} waiting · ${fmtNum(dead)} dead letters`],
  ];
  const reasons = Object.entries(p?.errorsByReason ?? {});
  return (
    <section className="swb-card" data-testid="pipeline-card">
      <h3>Gateway pipeline</h3>
      <HTMLTable compact className="swb-table-full">
        <tbody>
          {stages.map(([name, n, detail]) => (
            <tr key={name}>
              <td>{name}</td>
              <td style={{ textAlign: 'right' }} data-testid={`pipeline-${name.split(' ')[0]!.toLowerCase()}`}>
                <b>{fmtNum(n)}</b>
              </td>
              <td className="swb-small swb-muted">{detail}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <div style={{ marginTop: 6 }}>
        {reasons.length === 0 ? <span className="swb-small swb-muted">No errors.</span> : reasons.map(([k, v]) => <Tag key={k} minimal intent="danger" style={{ marginRight: 4 }}>{k} {v}</Tag>)}
      </div>
      <div className="swb-small swb-muted" style={{ marginTop: 4 }}>
        In-core latency p50 {fmtNum(p?.latency.total.p50Us)} µs · p99 {fmtNum(p?.latency.total.p99Us)} µs · errors {formatRate(p?.errorsPerSec ?? 0)} · config v{p?.configVersion ?? 0}
      </div>
    </section>
  );
}
