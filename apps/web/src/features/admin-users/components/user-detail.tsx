import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorState } from '@/components/ui/error-state';
import { Textarea } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { StatusBadge } from '@/components/ui/status-badge';
import type { AdminUserDto } from '@/lib/api/types';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { adminUserQueries, useDeactivateUser, useReactivateUser, useSendPasswordReset } from '../api/admin-user-queries';
import { ROLE_NAMES, STATUS_TONES } from './user-labels';

const row = (label: string, value: ReactNode) => (
  <div>
    <dt>{label}</dt>
    <dd>{value}</dd>
  </div>
);

/** What deactivating this user does, in the confirmation dialog. */
function consequences(user: AdminUserDto): string {
  const base = `${user.name} is signed out everywhere at once and can no longer log in until reactivated.`;
  if (user.role === 'provider_owner' && user.provider) {
    return `${base} ${user.provider.businessName} itself keeps running: its portal keeps selling, its staff and API keys keep working, but nobody can open its owner-only settings. To stop the business, suspend the provider instead.`;
  }
  return base;
}

interface Props {
  id: string;
  /** the signed-in super admin: they cannot deactivate themselves */
  selfId: string;
  /** where the provider's row is (the providers page searched by name) */
  providerPath: (businessName: string) => string;
}

/** One account: its facts, Send password reset, Deactivate (with a reason) or Reactivate, each confirmed. */
export function UserDetail({ id, selfId, providerPath }: Props) {
  const query = useQuery(adminUserQueries.detail(id));
  const deactivate = useDeactivateUser();
  const reactivate = useReactivateUser();
  const sendReset = useSendPasswordReset();
  const [dialog, setDialog] = useState<'deactivate' | 'reactivate' | 'reset' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);

  if (query.isPending) return <LoadingState label="Loading user…" />;
  if (query.isError) return <ErrorState title="Could not load this user" error={query.error} onRetry={() => void query.refetch()} />;
  const user = query.data;
  const self = user.id === selfId;
  const mutation = dialog === 'reactivate' ? reactivate : dialog === 'reset' ? sendReset : deactivate;

  const close = () => {
    deactivate.reset();
    reactivate.reset();
    sendReset.reset();
    setDialog(null);
    setReason('');
    setReasonError(undefined);
  };
  const confirm = () => {
    if (dialog === 'reactivate') {
      reactivate.mutate(user.id, { onSuccess: () => (close(), setDone(`${user.name} can log in again.`)) });
      return;
    }
    if (dialog === 'reset') {
      sendReset.mutate(user.id, { onSuccess: (r) => (close(), setDone(r.message)) });
      return;
    }
    if (reason.trim().length < 3) {
      setReasonError('Give a short reason (at least 3 characters).');
      return;
    }
    deactivate.mutate({ id: user.id, reason: reason.trim() }, { onSuccess: () => (close(), setDone(`${user.name} is deactivated and signed out everywhere.`)) });
  };
  const serverReasonError = deactivate.error instanceof ApiError ? deactivate.error.fieldErrors().reason : undefined;

  return (
    <Card title={user.name} actions={<Badge tone={STATUS_TONES[user.status]}>{user.status}</Badge>}>
      {done ? (
        <Alert tone="success" title="Done">
          {done}
        </Alert>
      ) : null}
      <dl className="details" aria-label="User details">
        {row('E-mail', <span className="break">{user.email}</span>)}
        {row('Role', ROLE_NAMES[user.role])}
        {row(
          'Provider',
          user.provider ? (
            <>
              <Link to={providerPath(user.provider.businessName)}>{user.provider.businessName}</Link> <StatusBadge status={user.provider.status} />
            </>
          ) : (
            'Wavu team'
          ),
        )}
        {row('Last login', user.lastLoginAt ? formatDateTime(user.lastLoginAt) : 'Never')}
        {row('Created', formatDateTime(user.createdAt))}
        {user.mustChangePassword ? row('Password', 'Temporary: must be replaced at the next login') : null}
        {user.invitationPending ? row('Password', 'Not set yet: invited by e-mail, cannot log in until they choose one') : null}
        {user.status === 'deactivated'
          ? row(
              'Deactivated',
              <>
                {formatDateTime(user.deactivatedAt)}
                <div className="muted small">{user.deactivationReason ?? 'Removed by the business owner'}</div>
              </>,
            )
          : null}
      </dl>
      <div className="form-actions">
        {user.status === 'active' ? (
          <Button variant="secondary" onClick={() => (setDone(null), setDialog('reset'))}>
            Send password reset
          </Button>
        ) : null}
        {user.status === 'active' && !self ? (
          <Button variant="danger" onClick={() => (setDone(null), setDialog('deactivate'))}>
            Deactivate
          </Button>
        ) : null}
        {user.status === 'deactivated' ? <Button onClick={() => (setDone(null), setDialog('reactivate'))}>Reactivate</Button> : null}
      </div>
      {self ? <p className="muted small">This is your own account: another super admin would have to deactivate it.</p> : null}
      <ConfirmDialog
        open={dialog !== null}
        title={dialog === 'reactivate' ? `Reactivate ${user.name}?` : dialog === 'reset' ? `Send ${user.name} a password reset?` : `Deactivate ${user.name}?`}
        description={
          dialog === 'reactivate'
            ? `${user.name} can log in again with their existing password.`
            : dialog === 'reset'
              ? `${user.email} gets a link to choose a new password. It works once, for 30 minutes, and ends every session when used; until then the current password keeps working.`
              : consequences(user)
        }
        confirmLabel={dialog === 'reactivate' ? 'Reactivate' : dialog === 'reset' ? 'Send the e-mail' : 'Deactivate'}
        tone={dialog === 'deactivate' ? 'danger' : 'primary'}
        pending={mutation.isPending}
        error={mutation.isError && !serverReasonError ? errorMessage(mutation.error) : undefined}
        onConfirm={confirm}
        onCancel={close}
      >
        {dialog === 'deactivate' ? (
          <Textarea
            label="Reason"
            hint="Kept in the audit log."
            rows={3}
            required
            autoFocus
            maxLength={500}
            value={reason}
            error={reasonError ?? serverReasonError}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(undefined);
            }}
          />
        ) : null}
      </ConfirmDialog>
    </Card>
  );
}
