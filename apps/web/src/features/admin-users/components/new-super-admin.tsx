import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/field';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { useCreateSuperAdmin } from '../api/admin-user-queries';

const FIELDS = ['name', 'email'] as const;

/** Another member of the Wavu team; the temporary password is shown once, here. */
export function NewSuperAdmin({ userPath }: { userPath: (id: string) => string }) {
  const create = useCreateSuperAdmin();
  const [form, setForm] = useState({ name: '', email: '' });
  const [created, setCreated] = useState<{ id: string; email: string; password: string } | null>(null);
  const errors = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = errors.check({ name: form.name.trim() ? undefined : 'Enter a name.', email: /^\S+@\S+\.\S+$/.test(form.email.trim()) ? undefined : 'Enter an e-mail address.' });
    if (!ok) return focusFirstInvalid(formRef.current);
    create.mutate(
      { name: form.name.trim(), email: form.email.trim() },
      {
        onSuccess: (r) => {
          setCreated({ id: r.user.id, email: r.user.email, password: r.temporaryPassword });
          setForm({ name: '', email: '' });
        },
        onError: (e) => {
          errors.fromServer(e, { EMAIL_TAKEN: 'email' });
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <Card>
      <p className="muted">A super admin runs the whole platform: every provider, payout and setting. They get a temporary password and must choose their own at the first login.</p>
      <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="New super admin">
        <Input label="Name" value={form.name} maxLength={120} onChange={(e) => (setForm({ ...form, name: e.target.value }), errors.clearField('name'))} error={errors.errors.name} autoComplete="off" />
        <Input
          label="E-mail"
          type="email"
          maxLength={254}
          value={form.email}
          onChange={(e) => (setForm({ ...form, email: e.target.value }), errors.clearField('email'))}
          error={errors.errors.email}
          autoComplete="off"
        />
        {errors.formError ? <Alert tone="danger">{errors.formError}</Alert> : null}
        <div className="form-actions">
          <Button type="submit" loading={create.isPending}>
            Create super admin
          </Button>
        </div>
      </form>
      {created ? (
        <Alert tone="success" title="Super admin created">
          Give {created.email} this temporary password (shown only now); they replace it when they first log in:
          <code className="secret" data-testid="temporary-password">
            {created.password}
          </code>
          <Link to={userPath(created.id)}>Open {created.email}</Link>
        </Alert>
      ) : null}
    </Card>
  );
}
