import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import type { MeDto } from '@/lib/api/types';
import { ApiError } from '@/lib/api-error';
import { authStore } from '@/lib/auth-store';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { isEmail } from '@/lib/validation';
import { useLogin } from '../api/login';

const FIELDS = ['email', 'password'] as const;

/** On success the session is stored; the route reacts to it (see app/routes/auth/login.tsx). */
export function LoginForm({ onSuccess }: { onSuccess?: (user: MeDto) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const login = useLogin();
  // read once: the flag is cleared by the next successful login
  const [expired] = useState(() => authStore.expired());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = form.check({
      email: !email.trim() ? 'Enter your email address.' : !isEmail(email) ? 'Enter a valid email address.' : undefined,
      password: !password ? 'Enter your password.' : undefined,
    });
    if (!ok) return focusFirstInvalid(formRef.current);
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (pair) => onSuccess?.(pair.user),
        onError: (error) => {
          form.fromServer(error);
          if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') setPassword('');
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {expired && !form.formError ? <Alert tone="warning">Your session expired — log in again.</Alert> : null}
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
      <Input
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => {
          setPassword(e.target.value);
          form.clearField('password');
        }}
        error={form.errors.password}
        required
      />
      <Button type="submit" loading={login.isPending} className="btn-block">
        Log in
      </Button>
    </form>
  );
}
