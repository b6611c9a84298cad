import { useState } from 'react';
import { Link } from 'react-router-dom';
import { SignupForm } from '@/features/auth/components/signup-form';
import type { SignupBody, SignupResult } from '@/lib/api/types';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { AuthLayout } from './auth-layout';

export function SignupRoute() {
  const [result, setResult] = useState<{ answer: SignupResult; sent: SignupBody } | null>(null);
  useTitle(result ? 'Application received' : 'Create a provider account');

  if (result) {
    return (
      <AuthLayout title="Application received — awaiting approval by the Wavu team">
        <div className="alert alert-success" role="status">
          <p>
            Thank you, <strong>{result.sent.businessName}</strong>.
          </p>
          <p className="small">{result.answer.message}</p>
          <p className="small">
            Log in with <strong>{result.sent.contactEmail}</strong> to follow your application.
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
        onSuccess={(answer, sent) => {
          setResult({ answer, sent });
          window.scrollTo(0, 0);
        }}
      />
    </AuthLayout>
  );
}
