import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { cleanRange, resellerQueries } from './reseller-queries';
import type { CollectionBody, CreateResellerBody, HandoverBody, ResellerRange, ReturnBody, UpdateResellerBody } from './types';

/** Every reseller figure and statement refetches after a change (they are small). */
function useRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: resellerQueries.all() });
}

export function useCreateReseller() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: CreateResellerBody) => unwrap(api.POST('/api/v1/resellers', { body })), onSuccess: refresh });
}

export function useUpdateReseller(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: UpdateResellerBody) => unwrap(api.PATCH('/api/v1/resellers/{id}', { params: { path: { id } }, body })), onSuccess: refresh });
}

export function useHandOver(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: HandoverBody) => unwrap(api.POST('/api/v1/resellers/{id}/handovers', { params: { path: { id } }, body })), onSuccess: refresh });
}

export function useTakeBack(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: ReturnBody) => unwrap(api.POST('/api/v1/resellers/{id}/returns', { params: { path: { id } }, body })), onSuccess: refresh });
}

export function useCollect(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: CollectionBody) => unwrap(api.POST('/api/v1/resellers/{id}/collections', { params: { path: { id } }, body })), onSuccess: refresh });
}

export function useReverseCollection(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ collectionId, reason }: { collectionId: string; reason: string }) =>
      unwrap(api.POST('/api/v1/resellers/{id}/collections/{collectionId}/reverse', { params: { path: { id, collectionId } }, body: { reason } })),
    onSuccess: refresh,
  });
}

/** The statement as a CSV download. */
export function useDownloadResellerStatement(id: string) {
  return useMutation({
    mutationFn: async (range: ResellerRange) => {
      const result: { data?: unknown; error?: unknown; response: Response } = await api.GET('/api/v1/resellers/{id}/statement.csv', {
        params: { path: { id }, query: cleanRange(range) },
        parseAs: 'blob',
      });
      const blob = (await unwrap(Promise.resolve(result))) as Blob;
      const m = /filename="([^"]+)"/.exec(result.response.headers.get('Content-Disposition') ?? '');
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = m?.[1] ?? 'reseller-statement.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
