import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { LoginBody, TokenPairDto } from '@/lib/api/types';
import { authStore } from '@/lib/auth-store';
import { authQueries } from './auth-queries';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (pair: TokenPairDto) => {
      queryClient.clear();
      authStore.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      queryClient.setQueryData(authQueries.me().queryKey, pair.user);
    },
  });
}
