import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { UpdateMeBody } from '@/lib/api/types';
import { authQueries } from './auth-queries';

/** The signed-in person's own profile (their mobile number for SMS alerts). */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeBody) => unwrap(api.PATCH('/api/v1/auth/me', { body })),
    onSuccess: (me) => queryClient.setQueryData(authQueries.me().queryKey, me),
  });
}
