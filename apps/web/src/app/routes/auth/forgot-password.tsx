import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { AuthLayout } from './auth-layout';

export function ForgotPasswordRoute() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  useTitle(sentTo ? 'Check your e-mail' : 'Forgot password');

  if (sentTo) {
    return (
      <AuthLayout title="Check your e-mail" footer={<Link to={paths.login}>Back to log in</Link>}>
        <div className="alert alert-success" role="status" data-testid="reset-sent">
          <p>
            If an account uses <strong>{sentTo}</strong>, we sent it a link to choose a new password.
          </p>
          <p className="small">The link works once, for 30 minutes. Nothing arrived? Check the spam folder, or ask again in a few minutes.</p>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Forgot your password?" subtitle="Enter your account's e-mail and we will send you a link to choose a new password." footer={<Link to={paths.login}>Back to log in</Link>}>
      <ForgotPasswordForm onSent={setSentTo} />
    </AuthLayout>
  );
}
