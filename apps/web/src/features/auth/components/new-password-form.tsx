import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { MIN_PASSWORD } from '@/lib/validation';

const FIELDS = ['newPassword', 'confirmPassword'] as const;

interface Props {
  submitLabel: string;
  pending: boolean;
  /** called with a password that passed the checks here; `fail` shows the server's answer on the form */
  onSubmit: (newPassword: string, fail: (error: unknown) => void) => void;
}

/** A new password typed twice (an e-mailed link's page: reset or invitation), checked before it is sent. */
export function NewPasswordForm({ submitLabel, pending, onSubmit }: Props) {
  const [newPassword, setNew] = useState('');
  const [confirmPassword, setConfirm] = useState('');
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = form.check({
      newPassword: newPassword.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters.` : undefined,
      confirmPassword: confirmPassword !== newPassword ? 'The passwords do not match.' : undefined,
    });
    if (!ok) return focusFirstInvalid(formRef.current);
    onSubmit(newPassword, (error) => {
      form.fromServer(error);
      focusFirstInvalid(formRef.current);
    });
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
      <Button type="submit" loading={pending} className="btn-block">
        {submitLabel}
      </Button>
    </form>
  );
}
