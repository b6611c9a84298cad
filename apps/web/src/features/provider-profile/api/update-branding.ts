import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { UpdateBrandingBody } from '@/lib/api/types';
import { providerQueries } from '@/lib/provider-queries';

/** PUT /provider/branding: omitted fields are kept, null clears. Writes the result into the cache. */
export function useUpdateBranding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateBrandingBody) => unwrap(api.PUT('/api/v1/provider/branding', { body })),
    onSuccess: (branding) => {
      queryClient.setQueryData(providerQueries.branding().queryKey, branding);
    },
  });
}
