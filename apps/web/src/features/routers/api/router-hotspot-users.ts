import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { routerQueries } from './router-queries';

// "Hotspot users on the router" and interface enable/disable (docs/routers.md): queries and mutations.

type S = components['schemas'];
export type RouterHotspotUser = S['RouterHotspotUserDto'];
export type HotspotUserKind = RouterHotspotUser['kind'];
export type RouterInterface = S['InterfaceDto'];

export const hotspotUserQueries = {
  list: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'hotspot-users'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/routers/{id}/hotspot-users', { params: { path: { id } }, signal })),
      retry: false,
    }),
};

function useRefreshUsers(id: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: hotspotUserQueries.list(id).queryKey });
    void qc.invalidateQueries({ queryKey: routerQueries.sessions(id).queryKey });
  };
}

/** Deletes a hotspot user Wavu does not manage from the router. */
export function useDeleteHotspotUser(id: string) {
  const refresh = useRefreshUsers(id);
  return useMutation({
    mutationFn: (name: string) => unwrap(api.DELETE('/api/v1/routers/{id}/hotspot-users/{name}', { params: { path: { id, name } } })),
    onSettled: refresh,
  });
}

/** Turns a hotspot user Wavu does not manage into a voucher on a plan of this router. */
export function useAdoptHotspotUser(id: string) {
  const qc = useQueryClient();
  const refresh = useRefreshUsers(id);
  return useMutation({
    mutationFn: ({ name, planId, price }: { name: string; planId: string; price?: number }) =>
      unwrap(api.POST('/api/v1/routers/{id}/hotspot-users/{name}/adopt', { params: { path: { id, name } }, body: price ? { planId, price } : { planId } })),
    onSettled: () => {
      refresh();
      void qc.invalidateQueries({ queryKey: ['vouchers'] });
    },
  });
}

/** A zero-price voucher on a plan of this router, with the reason (audited). */
export function useComplimentaryVoucher(id: string) {
  const qc = useQueryClient();
  const refresh = useRefreshUsers(id);
  return useMutation({
    mutationFn: (body: { planId: string; reason: string }) => unwrap(api.POST('/api/v1/routers/{id}/complimentary-vouchers', { params: { path: { id } }, body })),
    onSettled: () => {
      refresh();
      void qc.invalidateQueries({ queryKey: ['vouchers'] });
    },
  });
}

/** Enables or disables one interface (the platform's own interface is refused by the API). */
export function useSetInterfaceDisabled(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, disabled }: { name: string; disabled: boolean }) =>
      unwrap(api.POST(disabled ? '/api/v1/routers/{id}/interfaces/{name}/disable' : '/api/v1/routers/{id}/interfaces/{name}/enable', { params: { path: { id, name } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: routerQueries.interfaces(id).queryKey }),
  });
}
