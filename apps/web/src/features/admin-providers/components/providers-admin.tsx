import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import type { ProviderDto, ProviderStatus } from '@/lib/api/types';
import { adminProviderQueries } from '../api/admin-provider-queries';
import { ProviderActionDialog, type PendingAction } from './provider-action-dialog';
import { ProviderFilters } from './provider-filters';
import { ProviderPaymentsDialog } from './provider-payments-dialog';
import { ProvidersTable } from './providers-table';

interface Props {
  status: ProviderStatus | undefined;
  search: string;
  onStatusChange: (status: ProviderStatus | undefined) => void;
  onSearchChange: (search: string) => void;
}

/** Super-admin providers screen: filters, table/cards, cursor pagination, status actions. */
export function ProvidersAdmin({ status, search, onStatusChange, onSearchChange }: Props) {
  const query = useInfiniteQuery(adminProviderQueries.list({ status, search }));
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [money, setMoney] = useState<ProviderDto | null>(null);

  const providers = query.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (query.isPending) {
    body = <LoadingState label="Loading providers…" />;
  } else if (query.isError && !query.data) {
    body = <ErrorState title="Could not load providers" error={query.error} onRetry={() => void query.refetch()} />;
  } else if (providers.length === 0) {
    body = (
      <EmptyState title={search || status ? 'No providers match these filters' : 'No providers yet'}>
        {search || status ? (
          <Button
            variant="secondary"
            onClick={() => {
              onStatusChange(undefined);
              onSearchChange('');
            }}
          >
            Clear filters
          </Button>
        ) : (
          'Providers appear here when they sign up.'
        )}
      </EmptyState>
    );
  } else {
    body = (
      <>
        <ProvidersTable providers={providers} onAction={(provider, action) => setPending({ provider, action })} onPayments={setMoney} />
        <ListFooter
          query={query}
          shown={`${providers.length} provider${providers.length === 1 ? '' : 's'}`}
          errorPrefix={query.isFetchNextPageError ? 'Could not load more: ' : 'Could not refresh: '}
        />
      </>
    );
  }

  return (
    <Card>
      <ProviderFilters status={status} search={search} onStatusChange={onStatusChange} onSearchChange={onSearchChange} />
      {body}
      <ProviderActionDialog pending={pending} onClose={() => setPending(null)} />
      <ProviderPaymentsDialog provider={money} onClose={() => setMoney(null)} />
    </Card>
  );
}
