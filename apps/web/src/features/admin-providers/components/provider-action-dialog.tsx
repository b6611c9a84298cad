import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Select, Textarea } from '@/components/ui/field';
import type { ProviderDto, ProviderType } from '@/lib/api/types';
import { ApiError, errorMessage } from '@/lib/api-error';
import { PROVIDER_TYPE_LABELS } from '@/lib/format';
import { useChangeProviderStatus } from '../api/change-provider-status';
import { ACTION_NEEDS_REASON, type ProviderAction } from '../api/provider-transitions';

export const ACTION_LABELS: Record<ProviderAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  suspend: 'Suspend',
  reactivate: 'Reactivate',
};

const DESCRIPTIONS: Record<ProviderAction, (name: string) => string> = {
  approve: (name) => `${name} will be able to use Wavu straight away, and its owner is told by e-mail. Confirm the type of business: the platform commission follows it from now on.`,
  reject: (name) => `${name}'s application will be rejected. The reason is shown to the provider and e-mailed to its owner.`,
  suspend: (name) => `${name} will lose access until reactivated. The reason is shown to the provider.`,
  reactivate: (name) => `${name} will get access to Wavu again.`,
};

export interface PendingAction {
  provider: ProviderDto;
  action: ProviderAction;
}

/** Confirms a status change (asking for a reason where needed) and performs it. */
export function ProviderActionDialog({ pending, onClose }: { pending: PendingAction | null; onClose: () => void }) {
  const mutation = useChangeProviderStatus();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  // approve: the type to confirm (unset = the one the provider declared)
  const [type, setType] = useState<ProviderType | ''>('');

  const close = () => {
    setReason('');
    setType('');
    setReasonError(undefined);
    mutation.reset();
    onClose();
  };

  const action = pending?.action ?? 'approve';
  const name = pending?.provider.businessName ?? '';
  const needsReason = ACTION_NEEDS_REASON[action];

  const confirm = () => {
    if (!pending) return;
    if (needsReason && reason.trim().length < 3) {
      setReasonError('Give a short reason (at least 3 characters).');
      return;
    }
    mutation.mutate(
      { id: pending.provider.id, action, ...(needsReason ? { reason: reason.trim() } : {}), ...(action === 'approve' ? { type: type || pending.provider.type } : {}) },
      { onSuccess: close },
    );
  };

  const serverReasonError = mutation.error instanceof ApiError ? mutation.error.fieldErrors().reason : undefined;

  return (
    <ConfirmDialog
      open={pending !== null}
      title={`${ACTION_LABELS[action]} ${name}?`}
      description={DESCRIPTIONS[action](name)}
      confirmLabel={ACTION_LABELS[action]}
      tone={action === 'approve' || action === 'reactivate' ? 'primary' : 'danger'}
      pending={mutation.isPending}
      error={mutation.isError ? errorMessage(mutation.error) : undefined}
      onConfirm={confirm}
      onCancel={close}
    >
      {action === 'approve' && pending ? (
        <Select
          label="Type of business"
          hint={`Declared at sign-up: ${PROVIDER_TYPE_LABELS[pending.provider.type] ?? pending.provider.type}`}
          value={type || pending.provider.type}
          onChange={(e) => setType(e.target.value as ProviderType)}
        >
          {Object.entries(PROVIDER_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      ) : null}
      {needsReason ? (
        <Textarea
          label="Reason"
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
  );
}
