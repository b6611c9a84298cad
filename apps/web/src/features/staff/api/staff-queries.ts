import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { RequestBody } from '@/lib/api/types';

export type CreateStaffBody = RequestBody<'/api/v1/staff', 'post'>;

export const staffQueries = {
  all: () => ['staff'] as const,
  list: () => queryOptions({ queryKey: [...staffQueries.all(), 'list'] as const, queryFn: () => unwrap(api.GET('/api/v1/staff')) }),
};

export function useCreateStaff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateStaffBody) => unwrap(api.POST('/api/v1/staff', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: staffQueries.list().queryKey }),
  });
}

/** A new invitation e-mail (the older link stops working); the answer is the member's new row. */
export function useResendInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/staff/{id}/invitation', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: staffQueries.list().queryKey }),
  });
}

export function useRemoveStaff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/staff/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: staffQueries.list().queryKey }),
  });
}
