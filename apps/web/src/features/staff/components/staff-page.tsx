import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
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
import { staffQueries, useCreateStaff, useRemoveStaff, useResendInvitation } from '../api/staff-queries';
import { StaffStatus } from './staff-status';

const FIELDS = ['name', 'email'] as const;

/**
 * Owner only: the team. New members are invited by e-mail and choose their own password through
 * the link; the list says where each invitation stands and can send it again. Staff can run the
 * hotspot but not payment settings, API keys, subscription or staff.
 */
export function StaffPage() {
  const query = useQuery(staffQueries.list());
  const create = useCreateStaff();
  const remove = useRemoveStaff();
  const resend = useResendInvitation();
  const [form, setForm] = useState({ name: '', email: '' });
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; title: string; text: string } | null>(null);
  const [resending, setResending] = useState<string | null>(null);
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
          setNotice({
            tone: 'success',
            title: 'Invitation sent',
            text: `${r.user.name} gets an e-mail at ${r.user.email} with a link to choose their password (it works once, for 72 hours). They can sign in once they have.`,
          });
          setForm({ name: '', email: '' });
        },
        onError: (e) => {
          errors.fromServer(e, { EMAIL_TAKEN: 'email' });
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  const resendTo = (id: string, name: string) => {
    setResending(id);
    resend.mutate(id, {
      onSuccess: (u) => setNotice({ tone: 'success', title: 'Invitation sent again', text: `A new link is on its way to ${u.email}; the one sent before no longer works.` }),
      onError: (e) => setNotice({ tone: 'danger', title: `Could not send ${name} a new invitation`, text: errorMessage(e) }),
      onSettled: () => setResending(null),
    });
  };

  return (
    <>
      <Card title="Invite a staff member">
        <p className="muted">
          Staff can manage routers, plans, vouchers and see sales and customers. They cannot open payment settings, API keys, the subscription or this page. They get an e-mail with a link to choose
          their own password.
        </p>
        <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="Invite a staff member">
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
              Send invitation
            </Button>
          </div>
        </form>
      </Card>
      {notice ? (
        <Alert tone={notice.tone} title={notice.title}>
          <span data-testid="staff-notice">{notice.text}</span>
        </Alert>
      ) : null}
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
                <Th>Status</Th>
                <Th>Last login</Th>
                <Th>Action</Th>
              </Tr>
            </thead>
            <tbody>
              {query.data.items.map((u) => (
                <Tr key={u.id}>
                  <Td label="Name">{u.name}</Td>
                  <Td label="E-mail">{u.email}</Td>
                  <Td label="Role">{u.role === 'provider_owner' ? 'Owner' : 'Staff'}</Td>
                  <Td label="Status">
                    <StaffStatus user={u} />
                  </Td>
                  <Td label="Last login">{formatDateTime(u.lastLoginAt)}</Td>
                  <Td label="Action" className="cell-actions">
                    {u.role === 'provider_staff' && u.active ? (
                      <>
                        {u.status === 'invited' ? (
                          <Button size="sm" variant="secondary" loading={resending === u.id} onClick={() => resendTo(u.id, u.name)} aria-label={`Resend the invitation to ${u.name}`}>
                            Resend invitation
                          </Button>
                        ) : null}
                        <Button size="sm" variant="danger" onClick={() => setRemoving({ id: u.id, name: u.name })} aria-label={`Remove ${u.name}`}>
                          Remove
                        </Button>
                      </>
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
        description="They are signed out everywhere at once and can no longer log in. An invitation they have not used stops working."
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
