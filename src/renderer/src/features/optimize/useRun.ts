import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { MethodParams } from '#shared/rpc/contract';
import type { OptimizationRun } from '#shared/rpc/domains/optimize';
import type { RpcError } from '#shared/rpc/errors';
import { rpc } from '../../rpc/client';

export type RunMethod = 'optimize.demand.run' | 'optimize.pareto.run' | 'optimize.schedule.run' | 'optimize.compare.run' | 'optimize.table.run';

export type RunState = { running: boolean; fraction: number; message?: string; error?: string; cancelled?: boolean };

let seq = 0;

/**
 * Runs one optimize method as a job with a client-chosen runId: progress arrives on
 * `optimize.progress`, Cancel calls `optimize.cancel`; the runs history refreshes afterwards.
 */
export function useRun<M extends RunMethod>(method: M) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<RunState>({ running: false, fraction: 0 });
  const runIdRef = useRef<string | undefined>(undefined);

  const run = useCallback(
    async (params: Omit<MethodParams<M>, 'runId'>): Promise<OptimizationRun | undefined> => {
      const runId = `ui-${Date.now().toString(36)}-${++seq}`;
      runIdRef.current = runId;
      setState({ running: true, fraction: 0, message: 'starting' });
      const off = rpc.subscribe('optimize.progress', (p) => {
        if (p.runId === runId) setState((s) => ({ ...s, fraction: p.fraction, ...(p.message ? { message: p.message } : {}) }));
      });
      try {
        const result = (await rpc.call(method, { ...params, runId } as MethodParams<M>)) as OptimizationRun;
        setState({ running: false, fraction: 1 });
        return result;
      } catch (error) {
        const e = error as RpcError;
        setState({ running: false, fraction: 0, ...(e.code === 'CANCELLED' ? { cancelled: true, message: 'Cancelled' } : { error: e.message ?? String(error) }) });
        return undefined;
      } finally {
        off();
        runIdRef.current = undefined;
        void queryClient.invalidateQueries({ queryKey: ['optimize.runs.list'] });
      }
    },
    [method, queryClient],
  );

  const cancel = useCallback(() => {
    const runId = runIdRef.current;
    if (runId) void rpc.call('optimize.cancel', { runId });
  }, []);

  return { run, cancel, state };
}
