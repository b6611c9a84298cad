import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { ProviderDto, ProviderPage, ProviderType } from '@/lib/api/types';
import { adminProviderQueries } from './admin-provider-queries';
import type { ProviderAction } from './provider-transitions';

interface ChangeStatusInput {
  id: string;
  action: ProviderAction;
  reason?: string;
  /** approve: the business type the Wavu team confirms (commission follows it) */
  type?: ProviderType;
}

function send({ id, action, reason, type }: ChangeStatusInput) {
  const path = { params: { path: { id } } };
  switch (action) {
    case 'approve':
      return unwrap(api.POST('/api/v1/admin/providers/{id}/approve', { ...path, body: type ? { type } : {} }));
    case 'reactivate':
      return unwrap(api.POST('/api/v1/admin/providers/{id}/reactivate', path));
    case 'reject':
      return unwrap(api.POST('/api/v1/admin/providers/{id}/reject', { ...path, body: { reason: reason ?? '' } }));
    case 'suspend':
      return unwrap(api.POST('/api/v1/admin/providers/{id}/suspend', { ...path, body: { reason: reason ?? '' } }));
  }
}

/**
 * Approve / reject / suspend / reactivate. The returned provider replaces the row in every
 * cached list (so it stays in view with its new status, even under a status filter it no
 * longer matches) and the lists are marked stale, refetching on the next filter change or visit.
 */
export function useChangeProviderStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (provider: ProviderDto) => {
      queryClient.setQueryData(adminProviderQueries.detail(provider.id).queryKey, provider);
      queryClient.setQueriesData<InfiniteData<ProviderPage, string | null>>({ queryKey: adminProviderQueries.lists() }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((item) => (item.id === provider.id ? provider : item)),
              })),
            }
          : data,
      );
      void queryClient.invalidateQueries({ queryKey: adminProviderQueries.lists(), refetchType: 'none' });
    },
  });
}
