import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import type { MethodName, MethodParams, MethodResult } from '#shared/rpc/contract';
import type { RpcError } from '#shared/rpc/errors';
import { rpc } from '../rpc/client';

/** Query key convention: [method, params]; invalidating [method] refreshes every variant. */
export function rpcQueryOptions<M extends MethodName>(method: M, params: MethodParams<M>) {
  return {
    queryKey: [method, params] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) => rpc.call(method, params, { signal }),
  };
}

export function useRpcQuery<M extends MethodName>(
  method: M,
  params: MethodParams<M>,
  options: Omit<UseQueryOptions<MethodResult<M>, RpcError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<MethodResult<M>, RpcError>({ ...rpcQueryOptions(method, params), ...options } as UseQueryOptions<MethodResult<M>, RpcError>);
}

/** A mutation over one contract method; `invalidates` lists methods whose queries to refresh after success. */
export function useRpcMutation<M extends MethodName>(method: M, invalidates: MethodName[] = []) {
  const queryClient = useQueryClient();
  return useMutation<MethodResult<M>, RpcError, MethodParams<M>>({
    mutationFn: (params) => rpc.call(method, params),
    onSuccess: () => Promise.all(invalidates.map((m) => queryClient.invalidateQueries({ queryKey: [m] }))),
  });
}
