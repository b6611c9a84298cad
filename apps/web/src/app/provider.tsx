import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { authStore } from '@/lib/auth-store';
import { queryClient } from '@/lib/query-client';

/** App-wide providers. Cached data is dropped whenever the session ends. */
export function AppProvider({ children }: { children: ReactNode }) {
  useEffect(
    () =>
      authStore.subscribe(() => {
        if (!authStore.get()) queryClient.clear();
      }),
    [],
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
