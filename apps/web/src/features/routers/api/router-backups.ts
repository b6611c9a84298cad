import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { routerQueries } from './router-queries';
import type { BackupDto, BackupScheduleBody, TakeBackupKind } from './types';

/** Backups, restores and diffs of one router (docs/backups.md). */
export const backupQueries = {
  list: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'backups'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/backups', { params: { path: { id } } })),
    }),
  restores: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'restores'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/restores', { params: { path: { id } } })),
      // a binary restore is followed until the router is back
      refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'rebooting' || r.status === 'running') ? 2_000 : false),
    }),
  diff: (id: string, backupId: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'backups', backupId, 'diff'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/backups/{backupId}/diff', { params: { path: { id, backupId } } })),
      retry: false,
    }),
};

export function useTakeBackup(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (kind: TakeBackupKind) => unwrap(api.POST('/api/v1/routers/{id}/backups', { params: { path: { id } }, body: { kind } })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: backupQueries.list(id).queryKey });
      void qc.invalidateQueries({ queryKey: routerQueries.events(id).queryKey });
    },
  });
}

export function useUpdateBackupSchedule(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BackupScheduleBody) => unwrap(api.PUT('/api/v1/routers/{id}/backups/schedule', { params: { path: { id } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: backupQueries.list(id).queryKey }),
  });
}

/** Downloads a backup file (owner only; the API audits it). */
export function useDownloadBackup(id: string) {
  return useMutation({
    mutationFn: async (backup: BackupDto) => {
      const result = await api.GET('/api/v1/routers/{id}/backups/{backupId}/download', { params: { path: { id, backupId: backup.id } }, parseAs: 'blob' });
      const blob = await unwrap(Promise.resolve(result as { data?: Blob; error?: unknown; response: Response }));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `wavu-backup-${backup.takenAt.slice(0, 10)}.${backup.kind === 'export' ? 'rsc' : 'backup'}`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
}

/** Restores a backup onto `targetId` (the router whose name was typed). */
export function useRestoreBackup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ targetId, backupId, confirmName }: { targetId: string; backupId: string; confirmName: string }) =>
      unwrap(api.POST('/api/v1/routers/{id}/restores', { params: { path: { id: targetId } }, body: { backupId, confirmName } })),
    onSettled: (_data, _error, { targetId }) => {
      void qc.invalidateQueries({ queryKey: backupQueries.restores(targetId).queryKey });
      void qc.invalidateQueries({ queryKey: backupQueries.list(targetId).queryKey });
      void qc.invalidateQueries({ queryKey: routerQueries.events(targetId).queryKey });
    },
  });
}
