import { Link, Navigate, useLocation } from 'react-router-dom';
import { LoginForm } from '@/features/auth/components/login-form';
import { useSession } from '@/lib/auth-store';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { AuthLayout } from './auth-layout';

export function LoginRoute() {
  useTitle('Log in');
  const session = useSession();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  // Signed in (already, or just now): go back where the user was heading, else to /app,
  // which sends each role to its home page.
  if (session) {
    const target = from && from.startsWith(paths.app + '/') ? from : paths.app;
    return <Navigate to={target} replace />;
  }

  return (
    <AuthLayout
      title="Log in"
      subtitle="Manage your WiFi hotspot business."
      footer={
        <>
          New hotspot provider? <Link to={paths.signup}>Create an account</Link>
        </>
      }
    >
      <LoginForm />
      <p className="auth-aside">
        <Link to={paths.forgotPassword}>Forgot password?</Link>
      </p>
    </AuthLayout>
  );
}
