import { useState } from 'react';
import { Link } from 'react-router-dom';
import { SignupForm } from '@/features/auth/components/signup-form';
import type { SignupResult } from '@/lib/api/types';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { AuthLayout } from './auth-layout';

export function SignupRoute() {
  const [result, setResult] = useState<SignupResult | null>(null);
  useTitle(result ? 'Application received' : 'Create a provider account');

  if (result) {
    return (
      <AuthLayout title="Application received — awaiting approval by the Wavu team">
        <div className="alert alert-success" role="status">
          <p>
            Thank you, <strong>{result.provider.businessName}</strong>. Your application is awaiting approval by the Wavu team.
          </p>
          {result.message ? <p className="small">{result.message}</p> : null}
          <p className="small">
            We will contact you at <strong>{result.provider.contactEmail}</strong>. You can log in now to see your application's status.
          </p>
        </div>
        <p>
          <Link className="btn btn-primary btn-block" to={paths.login}>
            Go to log in
          </Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Create a provider account"
      subtitle="Sell WiFi access on your MikroTik hotspot. The Wavu team reviews every application."
      footer={
        <>
          Already have an account? <Link to={paths.login}>Log in</Link>
        </>
      }
    >
      <SignupForm
        onSuccess={(r) => {
          setResult(r);
          window.scrollTo(0, 0);
        }}
      />
    </AuthLayout>
  );
}
