import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { isEmail } from '@/lib/validation';
import { useRequestPasswordReset } from '../api/password-reset';

const FIELDS = ['email'] as const;

/** Asks for a reset link; `onSent` gets the address (the page then says to check the mailbox). */
export function ForgotPasswordForm({ onSent }: { onSent: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const request = useRequestPasswordReset();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = form.check({ email: !email.trim() ? 'Enter your email address.' : !isEmail(email) ? 'Enter a valid email address.' : undefined });
    if (!ok) return focusFirstInvalid(formRef.current);
    request.mutate({ email: email.trim() }, { onSuccess: () => onSent(email.trim()), onError: (error) => form.fromServer(error) });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <Input
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        inputMode="email"
        value={email}
        onChange={(e) => {
          setEmail(e.target.value);
          form.clearField('email');
        }}
        error={form.errors.email}
        required
      />
      <Button type="submit" loading={request.isPending} className="btn-block">
        Send the reset link
      </Button>
    </form>
  );
}
