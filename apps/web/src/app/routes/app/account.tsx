import { useEffect } from 'react';
import { Card } from '@/components/ui/card';
import { AlertPreferences } from '@/features/alerts/components/alert-preferences';
import { useUpdateMe } from '@/features/auth/api/update-me';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { formatPhone } from '@/lib/format';
import { ROLE_LABELS } from '../../paths';
import { useTitle } from '../../use-title';
import { useMe } from './layout';

export function AccountRoute() {
  useTitle('Account');
  const me = useMe();
  const updateMe = useUpdateMe();
  const member = me.role === 'provider_owner' || me.role === 'provider_staff';
  // the alert e-mails link to /app/account#alerts: the card exists only once this page rendered
  useEffect(() => {
    if (window.location.hash === '#alerts') document.getElementById('alerts')?.scrollIntoView();
  }, []);
  return (
    <>
      <h1 className="page-title">Account</h1>
      <Card title="Your login" aria-label="Your login">
        <dl className="details">
          <div>
            <dt>Name</dt>
            <dd>{me.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{ROLE_LABELS[me.role] ?? me.role}</dd>
          </div>
          {member ? (
            <div>
              <dt>Mobile</dt>
              <dd>{me.phone ? formatPhone(me.phone.replace(/^\+/, '')) : 'None (set one under Alerts for SMS)'}</dd>
            </div>
          ) : null}
        </dl>
      </Card>
      {member ? (
        <Card title="Alerts" aria-label="Alerts" id="alerts">
          <AlertPreferences phone={me.phone} isOwner={me.role === 'provider_owner'} savePhone={(phone) => updateMe.mutateAsync({ phone })} />
        </Card>
      ) : null}
      <Card title="Change password">
        <p className="muted small">Changing your password signs you out everywhere else.</p>
        <ChangePasswordForm />
      </Card>
    </>
  );
}
