import { Button, HTMLTable, NonIdealState, Tag } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useRpcQuery } from '../../queries/rpcQuery';
import { rpc } from '../../rpc/client';
import { DatasetView } from './DatasetView';
import { ImportWizard } from './ImportWizard';
import './data.css';

/** Datasets: list, import wizard, and the selected dataset with chart, quality report and cleaning. */
export default function DataPage() {
  const qc = useQueryClient();
  const list = useRpcQuery('data.datasets.list', {});
  const [selected, setSelected] = useState<string | undefined>();
  const [importing, setImporting] = useState(false);
  useEffect(
    () =>
      rpc.subscribe('data.datasets.changed', () => {
        void qc.invalidateQueries({ queryKey: ['data.datasets.list'] });
      }),
    [qc],
  );
  const datasets = list.data?.datasets ?? [];
  const current = selected && datasets.some((d) => d.id === selected) ? selected : datasets[0]?.id;

  return (
    <div className="swb-page">
      <PageHeader
        title="Data"
        subtitle="Logged operation data: import CSV/XLSX, check quality, clean with a recorded, reversible history"
        actions={<Button intent="primary" icon="import" text="Import…" onClick={() => setImporting(true)} data-testid="data-import-open" />}
      />
      {importing ? (
        <ImportWizard
          onClose={() => setImporting(false)}
          onDone={(id) => {
            setImporting(false);
            setSelected(id);
          }}
        />
      ) : null}
      <div className="swb-data-layout">
        <section className="swb-card swb-data-list">
          <h3>Datasets</h3>
          {list.data && datasets.length === 0 ? <NonIdealState icon="database" title="No datasets yet" description="Import a logger CSV or XLSX file, or record channels on the Monitor page." /> : null}
          <HTMLTable compact interactive className="swb-table-full" data-testid="dataset-list">
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id} className={d.id === current ? 'swb-data-selected' : undefined} onClick={() => setSelected(d.id)} data-testid="dataset-item">
                  <td>
                    <div className="swb-data-name">{d.name}</div>
                    <div className="swb-muted swb-small">
                      {d.rowCount.toLocaleString()} rows · {formatTime(d.createdAt)}
                    </div>
                  </td>
                  <td>
                    <Tag minimal>{d.source.split(':')[0]}</Tag>
                    {d.stepCount > 1 ? (
                      <Tag minimal intent="primary" className="swb-ml" title="cleaning steps">
                        {d.stepCount - 1}
                      </Tag>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </section>
        <div className="swb-data-detail">{current ? <DatasetView key={current} id={current} onDeleted={() => setSelected(undefined)} onSelect={setSelected} /> : null}</div>
      </div>
    </div>
  );
}
