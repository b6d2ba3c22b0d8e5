import { BlueprintProvider } from '@blueprintjs/core';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { rpc } from '../rpc/client';

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } },
});

/** Core events that make cached queries stale. */
function EventInvalidation() {
  const qc = useQueryClient();
  useEffect(() => {
    const offs = [
      rpc.subscribe('project.changed', () => void qc.invalidateQueries()),
      rpc.subscribe('events.appended', () => void qc.invalidateQueries({ queryKey: ['events.query'] })),
    ];
    return () => offs.forEach((off) => off());
  }, [qc]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <BlueprintProvider>
        <EventInvalidation />
        {children}
      </BlueprintProvider>
    </QueryClientProvider>
  );
}
