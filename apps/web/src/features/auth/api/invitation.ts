import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { AcceptInvitationBody, TokenPairDto } from '@/lib/api/types';
import { authStore } from '@/lib/auth-store';
import { authQueries } from './auth-queries';

/** A staff invitation link's details (who, which business, until when); the API refuses a link that no longer works. */
export const invitationQueries = {
  check: (token: string) =>
    queryOptions({
      queryKey: ['invitation', token] as const,
      queryFn: () => unwrap(api.POST('/api/v1/auth/invitation/check', { body: { token } })),
      retry: false,
      staleTime: Infinity,
    }),
};

/** Sets the invited member's password with the e-mailed token; this session starts signed in. */
export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInvitationBody) => unwrap(api.POST('/api/v1/auth/invitation/accept', { body })),
    onSuccess: (pair: TokenPairDto) => {
      queryClient.clear();
      authStore.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      queryClient.setQueryData(authQueries.me().queryKey, pair.user);
    },
  });
}
