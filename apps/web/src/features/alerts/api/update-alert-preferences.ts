import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { UpdateAlertPreferencesBody } from '@/lib/api/types';
import { alertQueries } from './alert-queries';

export function useUpdateAlertPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAlertPreferencesBody) => unwrap(api.PUT('/api/v1/auth/me/alert-preferences', { body })),
    onSuccess: (saved) => queryClient.setQueryData(alertQueries.preferences().queryKey, saved),
  });
}
