import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { lookupQueries } from '@/lib/lookup-queries';
import { routerQueries } from './router-queries';
import type { ConnectionBody, CreateRouterBody, UpdateRouterBody } from './types';

export function useCreateRouter() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRouterBody) => unwrap(api.POST('/api/v1/routers', { body })),
    onSuccess: (router) => {
      qc.setQueryData(routerQueries.detail(router.id).queryKey, router);
      void qc.invalidateQueries({ queryKey: routerQueries.lists() });
      void qc.invalidateQueries({ queryKey: lookupQueries.all() });
    },
  });
}

export function useUpdateRouter(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRouterBody) => unwrap(api.PATCH('/api/v1/routers/{id}', { params: { path: { id } }, body })),
    onSuccess: (router) => {
      qc.setQueryData(routerQueries.detail(id).queryKey, router);
      void qc.invalidateQueries({ queryKey: routerQueries.lists() });
      void qc.invalidateQueries({ queryKey: lookupQueries.all() });
    },
  });
}

export function useTestConnection() {
  return useMutation({ mutationFn: (body: ConnectionBody) => unwrap(api.POST('/api/v1/routers/test-connection', { body })) });
}

export function useTestSavedRouter(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/routers/{id}/test', { params: { path: { id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: routerQueries.detail(id).queryKey }),
  });
}

/** Accepts the new api-ssl certificate the router presented (the pending fingerprint, compared by the owner). */
export function useAcceptCertificate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (fingerprint: string) => unwrap(api.POST('/api/v1/routers/{id}/certificate/accept', { params: { path: { id } }, body: { fingerprint } })),
    onSuccess: (router) => {
      qc.setQueryData(routerQueries.detail(id).queryKey, router);
      void qc.invalidateQueries({ queryKey: routerQueries.lists() });
      void qc.invalidateQueries({ queryKey: routerQueries.events(id).queryKey });
    },
  });
}

/** Ends one hotspot session on a router (its sessions and "who is online" refresh afterwards). */
export function useKickSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ routerId, sessionId }: { routerId: string; sessionId: string }) =>
      unwrap(api.POST('/api/v1/routers/{id}/sessions/kick', { params: { path: { id: routerId } }, body: { sessionId } })),
    onSettled: (_data, _error, { routerId }) => {
      void qc.invalidateQueries({ queryKey: routerQueries.sessions(routerId).queryKey });
      void qc.invalidateQueries({ queryKey: routerQueries.online().queryKey });
    },
  });
}

export function useRetrySync(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (opId?: string) => unwrap(api.POST('/api/v1/routers/{id}/sync/retry', { params: { path: { id } }, body: opId ? { opId } : {} })),
    onSettled: () => void qc.invalidateQueries({ queryKey: routerQueries.sync(id).queryKey }),
  });
}

export function useReconcile(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/routers/{id}/reconcile', { params: { path: { id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: routerQueries.events(id).queryKey }),
  });
}

export function useImportRouters() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) => unwrap(api.POST('/api/v1/routers/import', { body: { csv } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: routerQueries.lists() });
      void qc.invalidateQueries({ queryKey: lookupQueries.all() });
    },
  });
}

/** Fetches the setup kit with the session's token and saves it as a file (a tunnel router's first step then shows done). */
export function useDownloadSetupKit(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ format, platformAddress, wanInterface, lanInterfaces }: { format: 'rsc' | 'zip'; platformAddress: string; wanInterface: string; lanInterfaces: string }) => {
      const query = { platformAddress: platformAddress || undefined, wanInterface: wanInterface || undefined, lanInterfaces: lanInterfaces || undefined };
      const result =
        format === 'rsc'
          ? await api.GET('/api/v1/routers/{id}/setup-kit.rsc', { params: { path: { id }, query }, parseAs: 'blob' })
          : await api.GET('/api/v1/routers/{id}/setup-kit.zip', { params: { path: { id }, query }, parseAs: 'blob' });
      const blob = await unwrap(Promise.resolve(result as { data?: Blob; error?: unknown; response: Response }));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = format === 'rsc' ? 'wavu-setup.rsc' : 'wavu-setup-kit.zip';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: routerQueries.detail(id).queryKey, exact: true }),
  });
}

/** Fetches the setup script as text and puts it on the clipboard (to paste into the router's terminal). */
export function useCopySetupScript(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ platformAddress, wanInterface, lanInterfaces }: { platformAddress: string; wanInterface: string; lanInterfaces: string }) => {
      const query = { platformAddress: platformAddress || undefined, wanInterface: wanInterface || undefined, lanInterfaces: lanInterfaces || undefined };
      const result = await api.GET('/api/v1/routers/{id}/setup-kit.rsc', { params: { path: { id }, query }, parseAs: 'text' });
      const script = await unwrap<string>(Promise.resolve(result as { data?: string; error?: unknown; response: Response }));
      await navigator.clipboard.writeText(script);
      return script.length;
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: routerQueries.detail(id).queryKey, exact: true }),
  });
}

export function useDeleteRouter(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/routers/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      qc.removeQueries({ queryKey: routerQueries.detail(id).queryKey });
      void qc.invalidateQueries({ queryKey: routerQueries.lists() });
      void qc.invalidateQueries({ queryKey: lookupQueries.all() });
    },
  });
}
