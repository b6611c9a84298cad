import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ProvidersAdmin } from '@/features/admin-providers/components/providers-admin';
import type { ProviderStatus } from '@/lib/api/types';
import { useTitle } from '../../../use-title';

const STATUSES: readonly ProviderStatus[] = ['pending', 'active', 'suspended', 'rejected'];

/** Filters live in the URL (?status=pending&q=…) so they survive reloads and can be shared. */
export function AdminProvidersRoute() {
  useTitle('Providers');
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get('status');
  const status = STATUSES.find((s) => s === rawStatus);
  const search = params.get('q') ?? '';

  const update = useCallback(
    (key: 'status' | 'q', value: string | undefined) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const onStatusChange = useCallback((s: ProviderStatus | undefined) => update('status', s), [update]);
  const onSearchChange = useCallback((q: string) => update('q', q), [update]);

  return (
    <>
      <h1 className="page-title">Providers</h1>
      <ProvidersAdmin
        status={status}
        search={search}
        onStatusChange={onStatusChange}
        onSearchChange={onSearchChange}
      />
    </>
  );
}
