import { ApiError } from '@/lib/api-error';
import { useConfirmPasswordReset } from '../api/password-reset';
import { NewPasswordForm } from './new-password-form';

/** Sets the new password with the link's token; on success the session is stored (the route reacts to it). */
export function ResetPasswordForm({ token, onInvalidLink }: { token: string; onInvalidLink: () => void }) {
  const confirm = useConfirmPasswordReset();
  return (
    <NewPasswordForm
      submitLabel="Set the new password"
      pending={confirm.isPending}
      onSubmit={(newPassword, fail) =>
        confirm.mutate({ token, newPassword }, { onError: (error) => (error instanceof ApiError && error.code === 'INVALID_RESET_TOKEN' ? onInvalidLink() : fail(error)) })
      }
    />
  );
}
