import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';

/** Revokes the refresh token on the server (best effort), then forgets the session locally. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const session = authStore.get();
      if (!session) return;
      try {
        await api.POST('/api/v1/auth/logout', { body: { refreshToken: session.refreshToken } });
      } catch {
        /* offline: the local session is still cleared */
      }
    },
    onSettled: () => {
      authStore.clear();
      queryClient.clear();
    },
  });
}
