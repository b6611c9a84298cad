import { ApiError } from '@/lib/api-error';
import type { useAcceptInvitation } from '../api/invitation';
import { NewPasswordForm } from './new-password-form';

export type InvitationProblem = 'INVALID_INVITATION' | 'INVITATION_EXPIRED';

/**
 * Sets the invited member's password with the link's token. The route owns the mutation: on
 * success the session is stored and the route leaves for the dashboard.
 */
export function AcceptInviteForm({ token, accept, onLinkProblem }: { token: string; accept: ReturnType<typeof useAcceptInvitation>; onLinkProblem: (problem: InvitationProblem) => void }) {
  return (
    <NewPasswordForm
      submitLabel="Set my password and sign in"
      pending={accept.isPending}
      onSubmit={(newPassword, fail) =>
        accept.mutate(
          { token, newPassword },
          {
            onError: (error) => (error instanceof ApiError && (error.code === 'INVALID_INVITATION' || error.code === 'INVITATION_EXPIRED') ? onLinkProblem(error.code) : fail(error)),
          },
        )
      }
    />
  );
}
