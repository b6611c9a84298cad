import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { MIN_PASSWORD } from '@/lib/validation';
import { useChangePassword } from '../api/change-password';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/**
 * `temporary`: the first screen of a user created with a temporary password (staff), who must
 * choose their own before anything else opens; the session continues with the new one.
 */
export function ChangePasswordForm({ temporary = false }: { temporary?: boolean }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirmPassword, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const change = useChangePassword();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const ok = form.check({
      currentPassword: !currentPassword ? (temporary ? 'Enter the temporary password you were given.' : 'Enter your current password.') : undefined,
      newPassword: newPassword.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters.` : newPassword === currentPassword ? 'Choose a password different from the current one.' : undefined,
      confirmPassword: confirmPassword !== newPassword ? 'The passwords do not match.' : undefined,
    });
    if (!ok) return focusFirstInvalid(formRef.current);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setDone(true);
          setCurrent('');
          setNew('');
          setConfirm('');
        },
        onError: (error) => {
          form.fromServer(error, { WRONG_PASSWORD: 'currentPassword' });
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {done ? <Alert tone="success">Password changed. Your other sessions have been signed out.</Alert> : null}
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <Input
        label={temporary ? 'Temporary password' : 'Current password'}
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => {
          setCurrent(e.target.value);
          form.clearField('currentPassword');
        }}
        error={form.errors.currentPassword}
      />
      <Input
        label="New password"
        type="password"
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
        autoComplete="new-password"
        required
        value={confirmPassword}
        onChange={(e) => {
          setConfirm(e.target.value);
          form.clearField('confirmPassword');
        }}
        error={form.errors.confirmPassword}
      />
      <Button type="submit" loading={change.isPending}>
        {temporary ? 'Set password and continue' : 'Change password'}
      </Button>
    </form>
  );
}
