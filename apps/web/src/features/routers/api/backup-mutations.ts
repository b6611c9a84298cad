import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { backupQueries } from './backup-queries';
import { routerQueries } from './router-queries';
import type { BackupDto, BackupScheduleBody, TakeBackupKind } from './types';

/** Takes a backup now (owner and staff); a failure is also written to the router's events. */
export function useTakeBackup(routerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (kind: TakeBackupKind) => unwrap(api.POST('/api/v1/routers/{id}/backups', { params: { path: { id: routerId } }, body: { kind } })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: backupQueries.list(routerId).queryKey });
      void qc.invalidateQueries({ queryKey: routerQueries.events(routerId).queryKey });
      void qc.invalidateQueries({ queryKey: routerQueries.detail(routerId).queryKey, exact: true });
    },
  });
}

/** Changes the nightly schedule (owner only). */
export function useUpdateBackupSchedule(routerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BackupScheduleBody) => unwrap(api.PUT('/api/v1/routers/{id}/backups/schedule', { params: { path: { id: routerId } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: backupQueries.list(routerId).queryKey }),
  });
}

/** Fetches a backup with the session's token and saves it as a file (owner only, audited). */
export function useDownloadBackup(routerId: string) {
  return useMutation({
    mutationFn: async (backup: BackupDto) => {
      const result = await api.GET('/api/v1/routers/{id}/backups/{backupId}/download', { params: { path: { id: routerId, backupId: backup.id } }, parseAs: 'blob' });
      const blob = await unwrap(Promise.resolve(result as { data?: Blob; error?: unknown; response: Response }));
      const name = /filename="([^"]+)"/.exec(result.response.headers.get('Content-Disposition') ?? '')?.[1] ?? `wavu-backup-${backup.id}.${backup.kind === 'export' ? 'rsc' : 'backup'}`;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
}

/**
 * Restores a backup onto `targetId` (this router or, for an export, another of the provider's
 * routers). An export answers with its outcome; a binary backup answers "rebooting" and the page
 * follows the restore until the router is back.
 */
export function useRestoreBackup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ targetId, backupId, confirmName }: { targetId: string; backupId: string; confirmName: string }) =>
      unwrap(api.POST('/api/v1/routers/{id}/restores', { params: { path: { id: targetId } }, body: { backupId, confirmName } })),
    onSuccess: (restore) => qc.setQueryData(backupQueries.restore(restore.routerId, restore.id).queryKey, restore),
    onSettled: (_data, _error, { targetId }) => {
      void qc.invalidateQueries({ queryKey: backupQueries.all(targetId) });
      void qc.invalidateQueries({ queryKey: routerQueries.events(targetId).queryKey });
    },
  });
}
