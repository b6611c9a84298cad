import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { UpdateProviderBody } from '@/lib/api/types';
import { providerQueries } from '@/lib/provider-queries';

export function useUpdateProvider({ onSaved }: { onSaved?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProviderBody) => unwrap(api.PATCH('/api/v1/provider', { body })),
    onSuccess: (provider) => {
      queryClient.setQueryData(providerQueries.detail().queryKey, provider);
      onSaved?.();
    },
  });
}
