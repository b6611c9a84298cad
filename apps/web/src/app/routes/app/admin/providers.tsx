import { useCallback } from 'react';
import { ProvidersAdmin } from '@/features/admin-providers/components/providers-admin';
import type { ProviderStatus } from '@/lib/api/types';
import { useUrlParams } from '@/lib/use-url-params';
import { useTitle } from '../../../use-title';

const STATUSES: readonly ProviderStatus[] = ['pending', 'active', 'suspended', 'rejected'];

/** Filters live in the URL (?status=pending&q=…) so they survive reloads and can be shared. */
export function AdminProvidersRoute() {
  useTitle('Providers');
  const { params, update } = useUrlParams<'status' | 'q'>();
  const rawStatus = params.get('status');
  const status = STATUSES.find((s) => s === rawStatus);
  const search = params.get('q') ?? '';

  const onStatusChange = useCallback((status: ProviderStatus | undefined) => update({ status }), [update]);
  const onSearchChange = useCallback((q: string) => update({ q }), [update]);

  return (
    <>
      <h1 className="page-title">Providers</h1>
      <ProvidersAdmin status={status} search={search} onStatusChange={onStatusChange} onSearchChange={onSearchChange} />
    </>
  );
}
