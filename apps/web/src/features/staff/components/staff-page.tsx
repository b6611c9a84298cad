import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { staffQueries, useCreateStaff, useRemoveStaff } from '../api/staff-queries';

const FIELDS = ['name', 'email'] as const;

/** Owner only: the team. Staff can run the hotspot but not payment settings, API keys, subscription or staff. */
export function StaffPage() {
  const query = useQuery(staffQueries.list());
  const create = useCreateStaff();
  const remove = useRemoveStaff();
  const [form, setForm] = useState({ name: '', email: '' });
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
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
          setCreated({ email: r.user.email, password: r.temporaryPassword });
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
    <>
      <Card title="Add a staff member">
        <p className="muted">Staff can manage routers, plans, vouchers and see sales and customers. They cannot open payment settings, API keys, the subscription or this page.</p>
        <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="Add a staff member">
          <Input label="Name" value={form.name} onChange={(e) => (setForm({ ...form, name: e.target.value }), errors.clearField('name'))} error={errors.errors.name} autoComplete="off" />
          <Input
            label="E-mail"
            type="email"
            value={form.email}
            onChange={(e) => (setForm({ ...form, email: e.target.value }), errors.clearField('email'))}
            error={errors.errors.email}
            autoComplete="off"
          />
          {errors.formError ? <Alert tone="danger">{errors.formError}</Alert> : null}
          <div className="form-actions">
            <Button type="submit" loading={create.isPending}>
              Create staff user
            </Button>
          </div>
        </form>
        {created ? (
          <Alert tone="success" title="Staff user created">
            Give {created.email} this temporary password (shown only now); they change it under Account after logging in:
            <code className="secret" data-testid="temporary-password">
              {created.password}
            </code>
          </Alert>
        ) : null}
      </Card>
      <Card title="Team">
        {query.isPending ? (
          <LoadingState label="Loading your team…" />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.items.length <= 1 ? (
          <EmptyState title="No staff yet">Add someone who runs your hotspot day to day.</EmptyState>
        ) : null}
        {query.data && query.data.items.length > 0 ? (
          <Table caption="Team">
            <thead>
              <Tr>
                <Th>Name</Th>
                <Th>E-mail</Th>
                <Th>Role</Th>
                <Th>Last login</Th>
                <Th>Action</Th>
              </Tr>
            </thead>
            <tbody>
              {query.data.items.map((u) => (
                <Tr key={u.id}>
                  <Td label="Name">{u.name}</Td>
                  <Td label="E-mail">{u.email}</Td>
                  <Td label="Role">{u.role === 'provider_owner' ? <Badge tone="info">owner</Badge> : u.active ? <Badge tone="success">staff</Badge> : <Badge tone="neutral">removed</Badge>}</Td>
                  <Td label="Last login">{formatDateTime(u.lastLoginAt)}</Td>
                  <Td label="Action">
                    {u.role === 'provider_staff' && u.active ? (
                      <Button size="sm" variant="danger" onClick={() => setRemoving({ id: u.id, name: u.name })} aria-label={`Remove ${u.name}`}>
                        Remove
                      </Button>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        ) : null}
      </Card>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        description="They are signed out everywhere at once and can no longer log in."
        confirmLabel="Remove"
        tone="danger"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onCancel={() => {
          remove.reset();
          setRemoving(null);
        }}
        onConfirm={() => remove.mutate(removing!.id, { onSuccess: () => setRemoving(null) })}
      />
    </>
  );
}
