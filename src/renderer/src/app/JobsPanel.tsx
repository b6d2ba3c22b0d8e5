import { Button, Drawer, HTMLTable, Intent, NonIdealState, ProgressBar, Tag } from '@blueprintjs/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { JobInfo } from '#shared/rpc/domains/jobs';
import { formatTime } from '../components/format';
import { useRpcMutation, useRpcQuery } from '../queries/rpcQuery';
import { rpc } from '../rpc/client';
import { useUiStore } from '../stores/ui';

const stateIntent: Record<JobInfo['state'], Intent> = { queued: 'none', running: 'primary', done: 'success', failed: 'danger', cancelled: 'warning' };

/** Compute jobs (fits, optimizations, imports) with progress and cancel. */
export function JobsPanel() {
  const open = useUiStore((s) => s.jobsOpen);
  const setOpen = useUiStore((s) => s.setJobsOpen);
  const jobs = useRpcQuery('jobs.list', {}, { enabled: open });
  const cancel = useRpcMutation('jobs.cancel', ['jobs.list']);
  const qc = useQueryClient();
  useEffect(() => {
    if (!open) return;
    return rpc.subscribe('jobs.changed', () => void qc.invalidateQueries({ queryKey: ['jobs.list'] }));
  }, [open, qc]);
  return (
    <Drawer isOpen={open} onClose={() => setOpen(false)} title="Jobs" icon="build" size="480px">
      <div className="swb-drawer-body" data-testid="jobs-panel">
        <p className="swb-muted">Compute pool: {jobs.data?.poolSize ?? '…'} worker threads.</p>
        {jobs.data && jobs.data.jobs.length === 0 ? <NonIdealState icon="build" title="No jobs yet" description="Fits, optimizations and imports appear here while they run." /> : null}
        <HTMLTable compact striped className="swb-table-full">
          <tbody>
            {jobs.data?.jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  <div>{job.title}</div>
                  <div className="swb-muted swb-small">
                    {job.kind} · {formatTime(job.createdAt)}
                    {job.error ? ` · ${job.error}` : ''}
                  </div>
                  {job.state === 'running' ? <ProgressBar value={job.progress} intent="primary" stripes={false} /> : null}
                </td>
                <td>
                  <Tag intent={stateIntent[job.state]} minimal>
                    {job.state}
                  </Tag>
                </td>
                <td>{job.state === 'running' || job.state === 'queued' ? <Button size="small" text="Cancel" onClick={() => cancel.mutate({ id: job.id })} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
    </Drawer>
  );
}
