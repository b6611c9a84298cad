import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './api-client';

/**
 * The signed-in provider's own profile (tenant comes from the token). The profile page edits it; the
 * status banner and the vouchers' print preview read it, so it lives here rather than in a feature.
 */
export const providerQueries = {
  all: () => ['provider'] as const,
  detail: () =>
    queryOptions({
      queryKey: [...providerQueries.all(), 'detail'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/provider')),
    }),
  /** Name, logo and accent colour on the captive portal and printed vouchers. */
  branding: () =>
    queryOptions({
      queryKey: [...providerQueries.all(), 'branding'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/provider/branding')),
    }),
};
