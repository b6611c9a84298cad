import { Card } from '@/components/ui/card';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { ROLE_LABELS } from '../../paths';
import { useTitle } from '../../use-title';
import { useMe } from './layout';

export function AccountRoute() {
  useTitle('Account');
  const me = useMe();
  return (
    <>
      <h1 className="page-title">Account</h1>
      <Card title="Your login">
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
        </dl>
      </Card>
      <Card title="Change password">
        <p className="muted small">Changing your password signs you out everywhere else.</p>
        <ChangePasswordForm />
      </Card>
    </>
  );
}
