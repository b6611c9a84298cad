import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { RequestBody } from '@/lib/api/types';

export type CreateApiKeyBody = RequestBody<'/api/v1/api-keys', 'post'>;

export const apiKeyQueries = {
  all: () => ['api-keys'] as const,
  list: () => queryOptions({ queryKey: [...apiKeyQueries.all(), 'list'] as const, queryFn: () => unwrap(api.GET('/api/v1/api-keys')) }),
};

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => unwrap(api.POST('/api/v1/api-keys', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiKeyQueries.list().queryKey }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiKeyQueries.list().queryKey }),
  });
}
