import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { ApiError } from '@/lib/api-error';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { MIN_PASSWORD } from '@/lib/validation';
import { useConfirmPasswordReset } from '../api/password-reset';

const FIELDS = ['newPassword', 'confirmPassword'] as const;

/** Sets the new password with the link's token; on success the session is stored (the route reacts to it). */
export function ResetPasswordForm({ token, onInvalidLink }: { token: string; onInvalidLink: () => void }) {
  const [newPassword, setNew] = useState('');
  const [confirmPassword, setConfirm] = useState('');
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const confirm = useConfirmPasswordReset();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = form.check({
      newPassword: newPassword.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters.` : undefined,
      confirmPassword: confirmPassword !== newPassword ? 'The passwords do not match.' : undefined,
    });
    if (!ok) return focusFirstInvalid(formRef.current);
    confirm.mutate(
      { token, newPassword },
      {
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'INVALID_RESET_TOKEN') return onInvalidLink();
          form.fromServer(error);
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <Input
        label="New password"
        type="password"
        name="newPassword"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD} characters.`}
        value={newPassword}
        onChange={(e) => {
          setNew(e.target.value);
          form.clearField('newPassword');
        }}
        error={form.errors.newPassword}
      />
      <Input
        label="Confirm password"
        type="password"
        name="confirmPassword"
        autoComplete="new-password"
        required
        value={confirmPassword}
        onChange={(e) => {
          setConfirm(e.target.value);
          form.clearField('confirmPassword');
        }}
        error={form.errors.confirmPassword}
      />
      <Button type="submit" loading={confirm.isPending} className="btn-block">
        Set the new password
      </Button>
    </form>
  );
}
