import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { backupQueries, useDownloadBackup, useRestoreBackup, useTakeBackup, useUpdateBackupSchedule } from '../api/router-backups';
import { routerQueries } from '../api/router-queries';
import type { BackupDto, RestoreDto, RouterDto, TakeBackupKind } from '../api/types';
import { formatBytes } from './router-status';
import './router-backups.css';

const TRIGGER_WORDS: Record<string, string> = { manual: 'Taken by hand', schedule: 'Nightly', before_restore: 'Before a restore' };
const RESTORE_TONES: Record<string, 'success' | 'danger' | 'info'> = { succeeded: 'success', failed: 'danger', running: 'info', rebooting: 'info' };

/** The router's Backups tab (docs/backups.md): take, list, compare, download, restore, schedule. */
export function RouterBackups({ router, canManage }: { router: RouterDto; canManage: boolean }) {
  const id = router.id;
  const query = useQuery(backupQueries.list(id));
  const restores = useQuery(backupQueries.restores(id));
  const take = useTakeBackup(id);
  const download = useDownloadBackup(id);
  const [kind, setKind] = useState<TakeBackupKind>('both');
  const [diffOf, setDiffOf] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<BackupDto | null>(null);
  if (query.isPending) return <LoadingState label="Loading backups…" />;
  if (query.isError) return <ErrorState title="Could not load the backups" error={query.error} onRetry={() => void query.refetch()} />;
  const { items, schedule } = query.data;
  return (
    <>
      <Card
        title="Backups"
        actions={
          <form
            className="backup-take"
            onSubmit={(e) => {
              e.preventDefault();
              take.mutate(kind);
            }}
          >
            <Select label="Kind" value={kind} onChange={(e) => setKind(e.target.value as TakeBackupKind)}>
              <option value="both">Export and binary</option>
              <option value="export">Text export</option>
              <option value="binary">Binary backup</option>
            </Select>
            <Button type="submit" size="sm" loading={take.isPending}>
              Back up now
            </Button>
          </form>
        }
      >
        <p className="muted">
          A text export can be compared and restored onto any of your routers; a binary backup only onto this router. Both are stored encrypted. {scheduleWords(schedule)} Needs RouterOS 7.13 or newer.
        </p>
        {take.isError ? (
          <Alert tone="danger" title="The backup failed; nothing was stored">
            {errorMessage(take.error)}
          </Alert>
        ) : null}
        {take.isSuccess ? <Alert tone="success">Backup stored.</Alert> : null}
        {items.length === 0 ? (
          <EmptyState title="No backups yet">The first nightly backup runs at the scheduled hour, or back up now.</EmptyState>
        ) : (
          <Table caption="Backups, newest first">
            <thead>
              <Tr>
                <Th>Taken</Th>
                <Th>Kind</Th>
                <Th>Size</Th>
                <Th>RouterOS</Th>
                <Th>By</Th>
                <Th>
                  <span className="visually-hidden">Actions</span>
                </Th>
              </Tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <Tr key={b.id}>
                  <Td label="Taken">
                    {formatDateTime(b.takenAt)}
                    <div className="muted small">{TRIGGER_WORDS[b.trigger] ?? b.trigger}</div>
                  </Td>
                  <Td label="Kind">{b.kind === 'export' ? 'Text export' : 'Binary'}</Td>
                  <Td label="Size">{formatBytes(b.sizeBytes)}</Td>
                  <Td label="RouterOS">{b.routerosVersion ?? '—'}</Td>
                  <Td label="By">{b.takenBy ?? 'Schedule'}</Td>
                  <Td label="Actions" className="cell-actions">
                    {b.kind === 'export' ? (
                      <Button size="sm" variant="secondary" onClick={() => setDiffOf(diffOf === b.id ? null : b.id)} aria-expanded={diffOf === b.id}>
                        {diffOf === b.id ? 'Hide changes' : 'Changes'}
                      </Button>
                    ) : null}
                    {canManage ? (
                      <>
                        <Button size="sm" variant="secondary" onClick={() => download.mutate(b)} loading={download.isPending && download.variables?.id === b.id}>
                          Download
                        </Button>
                        <Button size="sm" variant="secondary" onClick={() => setRestoring(b)}>
                          Restore…
                        </Button>
                      </>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
        {download.isError ? <Alert tone="danger">{errorMessage(download.error)}</Alert> : null}
      </Card>
      {diffOf ? <BackupDiff routerId={id} backupId={diffOf} /> : null}
      <RestoresList restores={restores.data ?? []} />
      {canManage ? <ScheduleForm routerId={id} schedule={schedule} /> : null}
      {restoring ? <RestoreDialog router={router} backup={restoring} onClose={() => setRestoring(null)} /> : null}
    </>
  );
}

function scheduleWords(s: { enabled: boolean; hour: number; keep: number }): string {
  return s.enabled ? `Nightly at ${String(s.hour).padStart(2, '0')}:00 (Nairobi time), keeping ${s.keep} of each kind.` : 'Nightly backups are turned off.';
}

function BackupDiff({ routerId, backupId }: { routerId: string; backupId: string }) {
  const query = useQuery(backupQueries.diff(routerId, backupId));
  if (query.isPending) return <LoadingState label="Comparing…" />;
  if (query.isError) return <ErrorState title="Could not compare this backup" error={query.error} />;
  const d = query.data;
  return (
    <Card title={d.againstId ? `Changes since the previous export: ${d.changedLines} line${d.changedLines === 1 ? '' : 's'}` : 'The first export: every line is new'}>
      <p className="muted small">Passwords, secrets and keys are hidden; header comments are left out.</p>
      <pre className="backup-diff" aria-label="Unified diff">
        {d.diff.split('\n').map((line, i) => (
          <span key={i} className={line.startsWith('+') && !line.startsWith('+++') ? 'diff-add' : line.startsWith('-') && !line.startsWith('---') ? 'diff-del' : undefined}>
            {line}
            {'\n'}
          </span>
        ))}
      </pre>
    </Card>
  );
}

function ScheduleForm({ routerId, schedule }: { routerId: string; schedule: { enabled: boolean; hour: number; keep: number } }) {
  const save = useUpdateBackupSchedule(routerId);
  const [enabled, setEnabled] = useState(schedule.enabled);
  const [hour, setHour] = useState(String(schedule.hour));
  const [keep, setKeep] = useState(String(schedule.keep));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ enabled, hour: Number(hour), keep: Number(keep) });
  };
  return (
    <Card title="Nightly backup">
      <form className="form backup-schedule" onSubmit={submit} noValidate>
        <label className="backup-check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>Back this router up every night</span>
        </label>
        <Select label="Hour (Nairobi time)" value={hour} onChange={(e) => setHour(e.target.value)}>
          {Array.from({ length: 24 }, (_, h) => (
            <option key={h} value={h}>
              {String(h).padStart(2, '0')}:00
            </option>
          ))}
        </Select>
        <Input label="Versions kept of each kind" type="number" min={1} max={50} value={keep} onChange={(e) => setKeep(e.target.value)} />
        {save.isError ? <Alert tone="danger">{errorMessage(save.error)}</Alert> : null}
        {save.isSuccess ? <p className="small">Saved.</p> : null}
        <div className="form-actions">
          <Button type="submit" loading={save.isPending}>
            Save schedule
          </Button>
        </div>
      </form>
    </Card>
  );
}

function RestoresList({ restores }: { restores: RestoreDto[] }) {
  if (restores.length === 0) return null;
  return (
    <Card title="Restores onto this router">
      <Table caption="Restores onto this router">
        <thead>
          <Tr>
            <Th>Started</Th>
            <Th>Kind</Th>
            <Th>Result</Th>
            <Th>By</Th>
          </Tr>
        </thead>
        <tbody>
          {restores.map((r) => (
            <Tr key={r.id}>
              <Td label="Started">{formatDateTime(r.createdAt)}</Td>
              <Td label="Kind">{r.kind === 'export' ? 'Text export' : 'Binary'}</Td>
              <Td label="Result">
                <Badge tone={RESTORE_TONES[r.status] ?? 'info'}>{r.status === 'rebooting' ? 'rebooting…' : r.status}</Badge>
                {r.error ? (
                  <span className="muted small">
                    {' '}
                    {r.line ? `line ${r.line}: ` : ''}
                    {r.error}
                  </span>
                ) : null}
              </Td>
              <Td label="By">{r.requestedBy ?? '—'}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

function RestoreDialog({ router, backup, onClose }: { router: RouterDto; backup: BackupDto; onClose: () => void }) {
  const routers = useQuery(routerQueries.list());
  const restore = useRestoreBackup();
  const [targetId, setTargetId] = useState(router.id);
  const [confirmName, setConfirmName] = useState('');
  const targets = backup.kind === 'export' ? (routers.data?.items ?? [router]) : [router];
  const target = targets.find((r) => r.id === targetId) ?? router;
  const done = restore.data;
  return (
    <ConfirmDialog
      open
      title={`Restore this ${backup.kind === 'export' ? 'text export' : 'binary backup'}`}
      tone="danger"
      confirmLabel={done ? 'Close' : 'Restore'}
      pending={restore.isPending}
      error={restore.isError ? errorMessage(restore.error) : undefined}
      onCancel={onClose}
      onConfirm={() => (done ? onClose() : restore.mutate({ targetId: target.id, backupId: backup.id, confirmName }))}
      description={
        <p>
          The router downloads the backup from Wavu and applies it over its current configuration. An export taken first keeps what is there now.{' '}
          {backup.kind === 'binary' ? 'A binary backup restarts the router; it is offline for a minute or two.' : 'An export stops at the first line the router refuses; the lines before it stay.'}
        </p>
      }
    >
      {done ? (
        <Alert tone={done.status === 'failed' ? 'danger' : 'success'}>
          {done.status === 'succeeded'
            ? 'Restored.'
            : done.status === 'rebooting'
              ? 'The router is restarting with the backup; the restores list follows it until it is back.'
              : `The restore stopped${done.line ? ` at line ${done.line}` : ''}: ${done.error ?? ''}`}
        </Alert>
      ) : (
        <>
          {backup.kind === 'export' ? (
            <Select label="Restore onto" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
              {targets.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </Select>
          ) : null}
          <Input label={`Type the router's name, ${target.name}, to confirm`} value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" />
        </>
      )}
    </ConfirmDialog>
  );
}
