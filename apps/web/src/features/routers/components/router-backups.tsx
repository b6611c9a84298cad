import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
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
import { RouterPicker } from '@/components/router-picker/router-picker';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import { useDownloadBackup, useRestoreBackup, useTakeBackup, useUpdateBackupSchedule } from '../api/backup-mutations';
import { backupQueries, restoreFinished } from '../api/backup-queries';
import { routerQueries } from '../api/router-queries';
import type { BackupDto, BackupSchedule, RestoreDto, RouterDto, RouterEventDto, TakeBackupKind } from '../api/types';
import { formatBytes } from './router-status';
import './router-backups.css';

const KIND_LABELS: Record<BackupDto['kind'], string> = { export: 'Export (text)', binary: 'Binary' };
const TRIGGER_LABELS: Record<BackupDto['trigger'], string> = { manual: 'Taken by hand', schedule: 'Nightly schedule', before_restore: 'Before a restore' };
const TAKE_OPTIONS: { value: TakeBackupKind; label: string }[] = [
  { value: 'export', label: 'Export (text)' },
  { value: 'binary', label: 'Binary (RouterOS backup)' },
  { value: 'both', label: 'Both' },
];
const TAKE_HINT: Record<TakeBackupKind, string> = {
  export: 'The configuration as commands: you can see what changed and restore it onto any of your routers.',
  binary: "RouterOS' own backup file: restores onto this router only, which reboots to load it.",
  both: 'An export and a binary backup.',
};
/** Backups are often minutes apart: their times carry seconds (East Africa Time, like every time on the dashboard). */
const secondsTime = new Intl.DateTimeFormat('en-KE', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Africa/Nairobi' });
const takenAt = (iso: string) => secondsTime.format(new Date(iso));
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * What the owner does about each error the backups API answers (docs/backups.md §3 and §5), in
 * plain words; anything else shows the server's own message.
 */
const PLAIN_WORDS: Record<string, { title: string; text: string }> = {
  BACKUP_ROUTER_UNREACHABLE: { title: 'The router is offline', text: 'Wavu could not reach the router, so nothing was stored. Check that it is powered and online, then try again.' },
  BACKUP_ROUTER_TIMEOUT: { title: 'The router did not answer in time', text: 'It may be busy or hung. Nothing was stored; try again in a few minutes.' },
  BACKUP_SETUP_KIT_OUTDATED: {
    title: 'The router needs the new setup kit',
    text: "The router's Wavu user is not allowed to make or load backups. Download the setup kit again (Setup kit tab) and run it on the router, then try again.",
  },
  BACKUP_ROUTEROS_TOO_OLD: { title: 'RouterOS is too old for backups', text: 'Backups need RouterOS 7.13 or newer. Upgrade RouterOS on the router, then try again.' },
  BACKUP_FAILED: { title: 'The router refused the backup', text: 'Nothing was stored.' },
  RESTORE_CONFIRMATION_MISMATCH: { title: 'The name does not match', text: "Type the router's name exactly as it is shown to confirm which router is overwritten." },
  RESTORE_TARGET_NOT_ALLOWED: { title: 'Not onto this router', text: 'A binary backup goes back onto the router it was taken from only. Restore an export instead.' },
  RESTORE_IN_PROGRESS: { title: 'A restore is already under way', text: 'Wait for it to finish (the restores below follow it), then try again.' },
  RESTORE_FAILED: { title: 'The restore failed', text: 'The router could not fetch or load the file.' },
};

/** An API error as a title and a sentence the owner can act on (the router's own words follow where they add something). */
function ProblemAlert({ error, fallbackTitle }: { error: unknown; fallbackTitle: string }) {
  const plain = error instanceof ApiError ? PLAIN_WORDS[error.code] : undefined;
  const detail = error instanceof ApiError && (error.code === 'BACKUP_FAILED' || error.code === 'RESTORE_FAILED') ? error.message : null;
  return (
    <Alert tone="danger" title={plain?.title ?? fallbackTitle}>
      {plain ? plain.text : errorMessage(error)}
      {detail ? <div className="small">The router said: {detail}</div> : null}
    </Alert>
  );
}

/**
 * A router's backups (docs/backups.md): take one now, the nightly schedule, the list, what
 * changed between two exports, download (owner), restore with a typed confirmation (owner) and
 * the restores' outcome followed live.
 */
export function RouterBackups({ router, canManage }: { router: RouterDto; canManage: boolean }) {
  const { params, update } = useUrlParams<'diff'>();
  const diffId = params.get('diff');
  const query = useQuery(backupQueries.list(router.id));
  const [restoring, setRestoring] = useState<BackupDto | null>(null);
  const [followed, setFollowed] = useState<{ restore: RestoreDto; onto: string } | null>(null);
  const diffRef = useRef<HTMLDivElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  // the diff opens below the list: bring it into view (on a phone it is far down)
  useEffect(() => {
    if (diffId && query.data) window.requestAnimationFrame(() => diffRef.current?.scrollIntoView({ block: 'start' }));
  }, [diffId, query.data]);

  if (query.isPending) return <LoadingState label="Loading backups…" />;
  if (query.isError) return <ErrorState title="Could not load the backups" error={query.error} onRetry={() => void query.refetch()} />;
  const { items, schedule } = query.data;
  const diffBackup = diffId ? items.find((b) => b.id === diffId) : undefined;

  return (
    <div className="router-backups">
      <div className="backup-settings">
        <TakeBackup router={router} />
        <ScheduleCard routerId={router.id} schedule={schedule} canManage={canManage} />
      </div>
      {followed ? (
        <div ref={outcomeRef}>
          <RestoreOutcome restore={followed.restore} onto={followed.onto} thisRouter={router} onDismiss={() => setFollowed(null)} />
        </div>
      ) : null}
      <Card title="Backups">
        {items.length === 0 ? (
          <EmptyState title="No backups yet">Take one now, or wait for the nightly schedule.</EmptyState>
        ) : (
          <BackupsTable routerId={router.id} items={items} canManage={canManage} selected={diffId} onDiff={(b) => update({ diff: b.id })} onRestore={setRestoring} />
        )}
      </Card>
      {diffId ? (
        <div ref={diffRef}>
          <DiffView routerId={router.id} backupId={diffId} backup={diffBackup} items={items} onClose={() => update({ diff: undefined })} />
        </div>
      ) : null}
      <RestoresCard routerId={router.id} />
      {restoring ? (
        <RestoreDialog
          router={router}
          backup={restoring}
          onCancel={() => setRestoring(null)}
          onStarted={(restore, onto) => {
            setRestoring(null);
            setFollowed({ restore, onto });
            window.requestAnimationFrame(() => outcomeRef.current?.scrollIntoView({ block: 'nearest' }));
          }}
        />
      ) : null}
    </div>
  );
}

function TakeBackup({ router }: { router: RouterDto }) {
  const [kind, setKind] = useState<TakeBackupKind>('export');
  const take = useTakeBackup(router.id);
  return (
    <Card title="Take a backup now">
      <form
        className="backup-take"
        onSubmit={(event) => {
          event.preventDefault();
          take.mutate(kind);
        }}
        noValidate
      >
        <Select label="What to save" hint={TAKE_HINT[kind]} value={kind} onChange={(e) => setKind(e.target.value as TakeBackupKind)}>
          {TAKE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
        <div className="form-actions">
          <Button type="submit" loading={take.isPending}>
            Take a backup now
          </Button>
        </div>
      </form>
      <div role="status" aria-live="polite">
        {take.data ? (
          <Alert tone="success" title="Backup stored">
            {take.data.map((b) => `${KIND_LABELS[b.kind]}, ${formatBytes(b.sizeBytes)}`).join('; ')}. Stored encrypted; the router keeps no copy.
          </Alert>
        ) : null}
      </div>
      {take.isError ? <ProblemAlert error={take.error} fallbackTitle="The backup failed" /> : null}
    </Card>
  );
}

function ScheduleCard({ routerId, schedule, canManage }: { routerId: string; schedule: BackupSchedule; canManage: boolean }) {
  const [enabled, setEnabled] = useState(schedule.enabled);
  const [hour, setHour] = useState(schedule.hour);
  const [keep, setKeep] = useState(String(schedule.keep));
  const save = useUpdateBackupSchedule(routerId);
  const keepNumber = Number(keep);
  const keepError = Number.isInteger(keepNumber) && keepNumber >= 1 && keepNumber <= 50 ? undefined : 'Keep between 1 and 50 versions.';
  const summary = schedule.enabled
    ? `Every night at ${hourLabel(schedule.hour)} (Nairobi time): an export and a binary backup; the newest ${schedule.keep} of each kind are kept.`
    : 'Off: backups are taken only by hand.';
  if (!canManage) {
    return (
      <Card title="Nightly backups">
        <p className="backup-schedule-summary">{summary}</p>
        <p className="muted small">Only the owner changes the schedule.</p>
      </Card>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (keepError) return;
    save.mutate({ enabled, hour, keep: keepNumber });
  };
  return (
    <Card title="Nightly backups">
      <p className="backup-schedule-summary">{summary}</p>
      <form className="backup-schedule" onSubmit={submit} noValidate>
        <label className="backup-check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>Back up this router every night</span>
        </label>
        <Select label="At (Nairobi time)" value={String(hour)} onChange={(e) => setHour(Number(e.target.value))} disabled={!enabled}>
          {Array.from({ length: 24 }, (_, h) => (
            <option key={h} value={h}>
              {hourLabel(h)}
            </option>
          ))}
        </Select>
        <Input
          label="Versions kept"
          hint="Of each kind, 1–50; older ones are deleted."
          type="number"
          inputMode="numeric"
          min={1}
          max={50}
          value={keep}
          onChange={(e) => setKeep(e.target.value)}
          error={keepError}
        />
        <div className="form-actions">
          <Button type="submit" variant="secondary" loading={save.isPending}>
            Save schedule
          </Button>
        </div>
      </form>
      <div role="status" aria-live="polite">
        {save.isSuccess ? <Alert tone="success">Schedule saved.</Alert> : null}
      </div>
      {save.isError ? <ProblemAlert error={save.error} fallbackTitle="The schedule was not saved" /> : null}
    </Card>
  );
}

function BackupsTable({
  routerId,
  items,
  canManage,
  selected,
  onDiff,
  onRestore,
}: {
  routerId: string;
  items: BackupDto[];
  canManage: boolean;
  selected: string | null;
  onDiff: (backup: BackupDto) => void;
  onRestore: (backup: BackupDto) => void;
}) {
  const download = useDownloadBackup(routerId);
  return (
    <>
      {download.isError ? <ProblemAlert error={download.error} fallbackTitle="The download failed" /> : null}
      <Table caption="Backups of this router, newest first">
        <thead>
          <Tr>
            <Th>Taken</Th>
            <Th>Kind</Th>
            <Th>Size</Th>
            <Th>RouterOS</Th>
            <Th>Why</Th>
            <Th>By</Th>
            <Th>
              <span className="visually-hidden">Actions</span>
            </Th>
          </Tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <Tr key={b.id} aria-current={b.id === selected ? 'true' : undefined} className={b.id === selected ? 'backup-row-selected' : undefined}>
              <Td label="Taken">{takenAt(b.takenAt)}</Td>
              <Td label="Kind">{KIND_LABELS[b.kind]}</Td>
              <Td label="Size">{formatBytes(b.sizeBytes)}</Td>
              <Td label="RouterOS">{b.routerosVersion ?? '—'}</Td>
              <Td label="Why">{TRIGGER_LABELS[b.trigger]}</Td>
              <Td label="By">{b.takenBy ?? 'Wavu (schedule)'}</Td>
              <Td label="Actions">
                <div className="backup-actions">
                  {b.kind === 'export' ? (
                    <Button size="sm" variant="secondary" onClick={() => onDiff(b)} aria-label={`What changed in the backup of ${takenAt(b.takenAt)}`}>
                      What changed
                    </Button>
                  ) : null}
                  {canManage ? (
                    <>
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => download.mutate(b)}
                        loading={download.isPending && download.variables?.id === b.id}
                        aria-label={`Download the ${b.kind} backup of ${takenAt(b.takenAt)}`}
                      >
                        Download
                      </Button>
                      <Button size="sm" variant="secondary" onClick={() => onRestore(b)} aria-label={`Restore the ${b.kind} backup of ${takenAt(b.takenAt)}`}>
                        Restore…
                      </Button>
                    </>
                  ) : null}
                </div>
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

type DiffLine = { kind: 'add' | 'del' | 'ctx' | 'hunk'; text: string };

/** The unified diff's body as lines to colour; the file header lines (---/+++) and "\ No newline" notes are left out. */
function diffLines(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const line of diff.split('\n')) {
    if (line.startsWith('===') || line.startsWith('Index:') || line.startsWith('--- ') || line.startsWith('+++ ') || line.startsWith('\\')) continue;
    if (line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      const from = Number(m?.[1] ?? 0);
      const count = Number(m?.[2] ?? 1);
      out.push({ kind: 'hunk', text: count > 1 ? `Lines ${from}–${from + count - 1}` : `Line ${from}` });
    } else if (line.startsWith('+')) out.push({ kind: 'add', text: line.slice(1) });
    else if (line.startsWith('-')) out.push({ kind: 'del', text: line.slice(1) });
    else if (line.startsWith(' ')) out.push({ kind: 'ctx', text: line.slice(1) });
  }
  return out;
}

const MARK: Record<DiffLine['kind'], string> = { add: '+', del: '−', ctx: ' ', hunk: '' };
const SPOKEN: Record<DiffLine['kind'], string> = { add: 'added: ', del: 'removed: ', ctx: '', hunk: '' };

function DiffView({ routerId, backupId, backup, items, onClose }: { routerId: string; backupId: string; backup: BackupDto | undefined; items: BackupDto[]; onClose: () => void }) {
  const query = useQuery(backupQueries.diff(routerId, backupId));
  const against = query.data?.againstId ? items.find((b) => b.id === query.data.againstId) : undefined;
  const title = backup ? `What changed in the backup of ${takenAt(backup.takenAt)}` : 'What changed';
  const close = (
    <Button size="sm" variant="secondary" onClick={onClose}>
      Close
    </Button>
  );
  let body: ReactNode;
  if (query.isPending) body = <LoadingState label="Comparing…" />;
  else if (query.isError) body = <ProblemAlert error={query.error} fallbackTitle="Could not compare this backup" />;
  else if (query.data.againstId === null) body = <p>This is the first export of this router: there is no earlier one to compare it with.</p>;
  else if (query.data.changedLines === 0) {
    body = (
      <Alert tone="success" title="Nothing changed">
        The configuration is the same as in the export of {against ? takenAt(against.takenAt) : 'before'}.
      </Alert>
    );
  } else {
    const lines = diffLines(query.data.diff);
    const added = lines.filter((l) => l.kind === 'add').length;
    const removed = lines.filter((l) => l.kind === 'del').length;
    body = (
      <>
        <p className="diff-summary">
          Compared with the export of {against ? takenAt(against.takenAt) : 'before'}:{' '}
          <span className="diff-count-add">
            {added} line{added === 1 ? '' : 's'} added
          </span>
          ,{' '}
          <span className="diff-count-del">
            {removed} line{removed === 1 ? '' : 's'} removed
          </span>
          . Passwords and keys are shown as ********.
        </p>
        <div className="diff" role="region" aria-label="Changed lines" tabIndex={0}>
          <div className="diff-lines">
            {lines.map((l, i) => (
              <div key={i} className={`diff-line diff-${l.kind}`}>
                {l.kind === 'hunk' ? (
                  l.text
                ) : (
                  <>
                    <span className="diff-mark" aria-hidden="true">
                      {MARK[l.kind]}
                    </span>
                    <span className="visually-hidden">{SPOKEN[l.kind]}</span>
                    <span className="diff-text">{l.text}</span>
                  </>
                )}
              </div>
            ))}
          </div>
        </div>
      </>
    );
  }
  return (
    <Card title={title} actions={close} className="backup-diff" aria-label="What changed">
      {body}
    </Card>
  );
}

/** The restore dialog: which router is overwritten (an export: this one or another of the provider's), what happens, and the router's name typed to confirm. */
function RestoreDialog({ router, backup, onCancel, onStarted }: { router: RouterDto; backup: BackupDto; onCancel: () => void; onStarted: (restore: RestoreDto, onto: string) => void }) {
  const [targetId, setTargetId] = useState(router.id);
  const [typed, setTyped] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const restore = useRestoreBackup();
  // another router (exports only) is picked with the shared router picker; its name comes from its own record
  const other = useQuery({ ...routerQueries.detail(targetId), enabled: targetId !== router.id });
  const targetName = targetId === router.id ? router.name : (other.data?.name ?? '');
  const confirm = () => {
    if (typed.trim() !== targetName) {
      setMismatch(true);
      return;
    }
    restore.mutate({ targetId, backupId: backup.id, confirmName: typed.trim() }, { onSuccess: (restore) => onStarted(restore, targetName) });
  };
  return (
    <ConfirmDialog
      open
      title={`Restore the ${backup.kind === 'export' ? 'export' : 'binary backup'} of ${takenAt(backup.takenAt)}`}
      confirmLabel="Restore"
      tone="danger"
      pending={restore.isPending}
      error={restore.isError ? <ProblemText error={restore.error} /> : undefined}
      onCancel={onCancel}
      onConfirm={confirm}
      description={
        backup.kind === 'export' ? (
          <p>The router runs the export&apos;s commands. If one fails it stops there: the lines before it stay applied. Wavu first saves an export of the router it overwrites, so you can go back.</p>
        ) : (
          <p>
            <strong>The router reboots</strong> to load a binary backup: it is offline for a minute or two and everyone connected is disconnected. A binary backup goes back onto this router only. Wavu
            first saves an export of the router, so you can go back.
          </p>
        )
      }
    >
      {backup.kind === 'export' ? (
        <RouterPicker
          label="Restore onto"
          value={targetId}
          onChange={(id) => {
            setTargetId(id || router.id);
            setMismatch(false);
          }}
          hint="This router, or another of your routers (a replacement unit, for example)."
        />
      ) : (
        <p className="small">
          Onto: <strong>{router.name}</strong> (this router)
        </p>
      )}
      <Input
        label={`Type the router's name, ${targetName}, to confirm`}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          setTyped(e.target.value);
          setMismatch(false);
        }}
        error={mismatch ? `That is not the router's name. Type ${targetName} exactly.` : undefined}
      />
    </ConfirmDialog>
  );
}

function ProblemText({ error }: { error: unknown }) {
  const plain = error instanceof ApiError ? PLAIN_WORDS[error.code] : undefined;
  return (
    <>
      <strong>{plain?.title ?? 'The restore did not start'}.</strong> {plain?.text ?? errorMessage(error)}
      {error instanceof ApiError && error.code === 'RESTORE_FAILED' ? <> The router said: {error.message}</> : null}
    </>
  );
}

/** One restore followed live (polled every second while it runs or the router reboots). */
function RestoreOutcome({ restore, onto, thisRouter, onDismiss }: { restore: RestoreDto; onto: string; thisRouter: RouterDto; onDismiss: () => void }) {
  const query = useQuery(backupQueries.restore(restore.routerId, restore.id));
  const r = query.data ?? restore;
  const actions = restoreFinished(r) ? (
    <Button size="sm" variant="secondary" onClick={onDismiss}>
      Close
    </Button>
  ) : undefined;
  return (
    <Card title="Restore" actions={actions} aria-label="Restore outcome">
      <div role="status" aria-live="polite">
        <RestoreState restore={r} onto={onto} />
      </div>
      {r.routerId !== thisRouter.id ? (
        <p className="small">
          <Link to={`../../${r.routerId}/backups`} relative="path">
            Open {onto}
          </Link>
        </p>
      ) : null}
    </Card>
  );
}

function RestoreState({ restore: r, onto }: { restore: RestoreDto; onto: string }) {
  if (r.kind === 'binary') {
    const steps = [
      { label: `Backup loaded onto ${onto}`, done: r.status !== 'running' },
      { label: 'Rebooting', done: r.status === 'succeeded' },
      { label: 'Back online', done: r.status === 'succeeded' },
    ];
    return (
      <>
        {r.status === 'failed' ? (
          <Alert tone="danger" title="The restore failed">
            {restoreError(r)}
          </Alert>
        ) : (
          <ol className="restore-steps" aria-label="Restore steps">
            {steps.map((s, i) => {
              const current = !s.done && (i === 0 || steps[i - 1]!.done);
              return (
                <li key={s.label} className={s.done ? 'is-done' : current ? 'is-current' : 'is-later'}>
                  <span className="restore-step-mark" aria-hidden="true">
                    {s.done ? '✓' : i + 1}
                  </span>
                  <span>
                    {s.label}
                    {current && s.label === 'Rebooting' ? '…' : ''}
                    <span className="visually-hidden">{s.done ? ' (done)' : current ? ' (now)' : ''}</span>
                  </span>
                </li>
              );
            })}
          </ol>
        )}
        {r.status === 'succeeded' ? <Alert tone="success" title="Rebooting → back online">{`${onto} is back online with the backup loaded (${formatDateTime(r.finishedAt)}).`}</Alert> : null}
      </>
    );
  }
  if (r.status === 'running') return <LoadingState label={`Restoring onto ${onto}…`} />;
  if (r.status === 'succeeded') {
    return (
      <Alert tone="success" title="Restored">
        The export was imported onto {onto} ({formatDateTime(r.finishedAt)}).
      </Alert>
    );
  }
  return (
    <Alert tone="danger" title={r.line !== null ? `The import stopped at line ${r.line}` : 'The restore failed'}>
      {r.line !== null ? `The router said: “${restoreError(r)}”. The lines before line ${r.line} were applied; the rest were not.` : restoreError(r)}
      {r.beforeBackupId ? <div className="small">Wavu saved an export of the router just before the restore (“Before a restore” in the list): restore it to go back.</div> : null}
    </Alert>
  );
}

/** The stored error ("CODE: message" for a failure before the import) in plain words. */
function restoreError(r: RestoreDto): string {
  const m = /^([A-Z_]+): (.*)$/s.exec(r.error ?? '');
  const plain = m ? PLAIN_WORDS[m[1]!] : undefined;
  if (plain) return `${plain.title}. ${plain.text}`;
  return m ? m[2]! : (r.error ?? 'The router did not say why.');
}

const RESTORE_STATUS: Record<RestoreDto['status'], { label: string; tone: 'info' | 'warning' | 'success' | 'danger' }> = {
  running: { label: 'running', tone: 'info' },
  rebooting: { label: 'rebooting', tone: 'warning' },
  succeeded: { label: 'succeeded', tone: 'success' },
  failed: { label: 'failed', tone: 'danger' },
};

function RestoresCard({ routerId }: { routerId: string }) {
  const query = useQuery(backupQueries.restores(routerId));
  if (query.isPending || query.isError || query.data.length === 0) return null;
  return (
    <Card title="Restores onto this router">
      <Table caption="Restores onto this router, newest first">
        <thead>
          <Tr>
            <Th>Started</Th>
            <Th>Kind</Th>
            <Th>Outcome</Th>
            <Th>By</Th>
          </Tr>
        </thead>
        <tbody>
          {query.data.map((r) => (
            <Tr key={r.id}>
              <Td label="Started">{formatDateTime(r.createdAt)}</Td>
              <Td label="Kind">{KIND_LABELS[r.kind]}</Td>
              <Td label="Outcome">
                <Badge tone={RESTORE_STATUS[r.status].tone}>{RESTORE_STATUS[r.status].label}</Badge>
                {r.status === 'failed' ? <div className="small">{r.line !== null ? `Stopped at line ${r.line}: ${restoreError(r)}` : restoreError(r)}</div> : null}
              </Td>
              <Td label="By">{r.requestedBy ?? '—'}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

/** A router event's text; a "configuration changed outside Wavu" event links to the backup's diff. */
export function RouterEventText({ event, backupsPath }: { event: RouterEventDto; backupsPath: string }) {
  const backupId = event.type === 'config_changed' && typeof event.metadata.backupId === 'string' ? event.metadata.backupId : null;
  if (!backupId) return <>{event.message}</>;
  return (
    <>
      {event.message}{' '}
      <Link to={`${backupsPath}?diff=${encodeURIComponent(backupId)}`} className="event-link">
        See what changed
      </Link>
    </>
  );
}
