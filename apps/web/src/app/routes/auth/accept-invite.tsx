import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { invitationQueries, useAcceptInvitation } from '@/features/auth/api/invitation';
import { AcceptInviteForm, type InvitationProblem } from '@/features/auth/components/accept-invite-form';
import { ApiError } from '@/lib/api-error';
import { useSession } from '@/lib/auth-store';
import { formatDateTime } from '@/lib/format';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { AuthLayout } from './auth-layout';

/** Why the link cannot be used: from the check before the form, or from the answer to it. */
function problemOf(error: unknown): InvitationProblem | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'INVITATION_EXPIRED') return 'INVITATION_EXPIRED';
  return error.code === 'INVALID_INVITATION' || error.code === 'VALIDATION_FAILED' ? 'INVALID_INVITATION' : null;
}

/**
 * A staff invitation's e-mailed link lands here (/accept-invite?token=…): who is invited to which
 * business, then their own password, which signs them in. A link that no longer works says why.
 */
export function AcceptInviteRoute() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const wellFormed = token.length >= 20;
  // the route owns the mutation: signing in clears the query cache (this page's check included)
  const accept = useAcceptInvitation();
  const check = useQuery({ ...invitationQueries.check(token), enabled: wellFormed && !accept.isSuccess });
  const [problem, setProblem] = useState<InvitationProblem | null>(null);
  const session = useSession();
  const shown = !wellFormed ? 'INVALID_INVITATION' : (problem ?? problemOf(check.error));
  useTitle(shown === 'INVITATION_EXPIRED' ? 'Invitation expired' : shown ? 'Invitation link not valid' : 'Join your team on Wavu');

  // signed in by the new password: every role's home is behind /app
  if (accept.isSuccess && session) return <Navigate to={paths.app} replace />;

  if (shown === 'INVITATION_EXPIRED') {
    return (
      <AuthLayout title="This invitation has expired" footer={<Link to={paths.login}>Go to log in</Link>}>
        <div className="alert alert-warning" role="alert" data-testid="invite-expired">
          <p>Invitation links work for 72 hours.</p>
          <p>Ask the owner of the business that invited you to send a new one: they can do it from their Staff page.</p>
        </div>
      </AuthLayout>
    );
  }
  if (shown === 'INVALID_INVITATION') {
    return (
      <AuthLayout title="This invitation link does not work" footer={<Link to={paths.forgotPassword}>Forgot your password?</Link>}>
        <div className="alert alert-warning" role="alert" data-testid="invite-invalid">
          <p>It was already used, or a newer invitation replaced it.</p>
          <p className="small">If you already chose your password, log in with it. Otherwise ask the business owner to send you a new invitation.</p>
        </div>
        <p>
          <Link className="btn btn-primary btn-block" to={paths.login}>
            Go to log in
          </Link>
        </p>
      </AuthLayout>
    );
  }
  if (check.isPending) {
    return (
      <AuthLayout title="Join your team on Wavu">
        <LoadingState label="Checking your invitation…" />
      </AuthLayout>
    );
  }
  if (check.isError) {
    return (
      <AuthLayout title="Join your team on Wavu">
        <ErrorState title="Could not check your invitation" error={check.error} onRetry={() => void check.refetch()} />
      </AuthLayout>
    );
  }

  const invitation = check.data;
  return (
    <AuthLayout
      title={`Join ${invitation.businessName} on Wavu`}
      subtitle={
        <>
          Hello {invitation.name}. Choose the password you will sign in with as <strong className="break">{invitation.email}</strong>.
        </>
      }
      footer={<span className="muted small">This link works once, until {formatDateTime(invitation.expiresAt)}.</span>}
    >
      <AcceptInviteForm token={token} accept={accept} onLinkProblem={setProblem} />
    </AuthLayout>
  );
}
