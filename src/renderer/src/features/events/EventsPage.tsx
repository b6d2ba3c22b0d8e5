import { Button, HTMLTable, InputGroup, NonIdealState, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcQuery } from '../../queries/rpcQuery';

const PAGE = 100;

/** The durable event store: every configuration change (audit) and notable event, newest first. */
export default function EventsPage() {
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const query = useRpcQuery('events.query', { limit, ...(type ? { type } : {}), ...(text ? { text } : {}) });
  const [expanded, setExpanded] = useState<number | undefined>();
  return (
    <div className="swb-page">
      <PageHeader title="Events" subtitle="Audit trail of configuration changes and notable events, kept in the project file." />
      <div className="swb-toolbar">
        <InputGroup leftIcon="filter" placeholder="Type, e.g. config.* or project.created" value={type} onChange={(e) => setType(e.target.value)} data-testid="events-type-filter" />
        <InputGroup leftIcon="search" placeholder="Text in data" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="swb-muted">{query.data ? `${query.data.events.length} of ${query.data.total}` : ''}</span>
      </div>
      {query.data && query.data.events.length === 0 ? <NonIdealState icon="history" title="No events match" /> : null}
      <HTMLTable compact striped interactive className="swb-table-full" data-testid="events-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Time</th>
            <th>Type</th>
            <th>Source</th>
            <th>Data</th>
          </tr>
        </thead>
        <tbody>
          {query.data?.events.map((e) => (
            <tr key={e.id} onClick={() => setExpanded(expanded === e.id ? undefined : e.id)}>
              <td className="swb-muted">{e.id}</td>
              <td className="swb-small">{formatTime(e.time)}</td>
              <td>
                <Tag minimal intent={e.type.startsWith('config.') ? 'primary' : 'none'}>
                  {e.type}
                </Tag>
                {e.version > 1 ? <span className="swb-muted swb-small"> v{e.version}</span> : null}
              </td>
              <td>{e.source}</td>
              <td className="swb-mono swb-small">{expanded === e.id ? <pre>{JSON.stringify(e.data, null, 2)}</pre> : JSON.stringify(e.data).slice(0, 140)}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      {query.data && query.data.total > query.data.events.length ? <Button text="Load more" onClick={() => setLimit(limit + PAGE)} /> : null}
    </div>
  );
}
