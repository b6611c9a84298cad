import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { ChangePasswordBody } from '@/lib/api/types';
import { authStore } from '@/lib/auth-store';
import { authQueries } from './auth-queries';

/** Other sessions are signed out by the server; this one continues with the new token pair. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => unwrap(api.POST('/api/v1/auth/change-password', { body })),
    onSuccess: (pair) => {
      authStore.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      queryClient.setQueryData(authQueries.me().queryKey, pair.user);
    },
  });
}
