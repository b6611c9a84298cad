import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';
import { useSession } from '@/lib/auth-store';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { AuthLayout } from './auth-layout';

/** The e-mailed link lands here (/reset-password?token=…); a new password signs the user in. */
export function ResetPasswordRoute() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [invalid, setInvalid] = useState(token.length < 20);
  const session = useSession();
  useTitle(invalid ? 'Reset link not valid' : 'Choose a new password');

  // signed in by the new password: every role's home is behind /app
  if (session && !invalid) return <Navigate to={paths.app} replace />;

  if (invalid) {
    return (
      <AuthLayout title="This reset link does not work" footer={<Link to={paths.login}>Back to log in</Link>}>
        <div className="alert alert-warning" role="alert" data-testid="reset-invalid">
          <p>It was already used, replaced by a newer one, or it expired (links work for 30 minutes).</p>
        </div>
        <p>
          <Link className="btn btn-primary btn-block" to={paths.forgotPassword}>
            Send me a new link
          </Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Choose a new password" subtitle="Setting it signs you out on every other device.">
      <ResetPasswordForm token={token} onInvalidLink={() => setInvalid(true)} />
    </AuthLayout>
  );
}
