import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { PasswordResetBody, PasswordResetConfirmBody, TokenPairDto } from '@/lib/api/types';
import { authStore } from '@/lib/auth-store';
import { authQueries } from './auth-queries';

/** Asks for a reset e-mail: the answer is the same whether or not the account exists. */
export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (body: PasswordResetBody) => unwrap(api.POST('/api/v1/auth/password-reset', { body })) });
}

/** Sets the new password with the e-mailed token; every other session ends and this one starts signed in. */
export function useConfirmPasswordReset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordResetConfirmBody) => unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body })),
    onSuccess: (pair: TokenPairDto) => {
      queryClient.clear();
      authStore.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      queryClient.setQueryData(authQueries.me().queryKey, pair.user);
    },
  });
}
