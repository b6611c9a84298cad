import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { SignupBody } from '@/lib/api/types';

export function useSignup() {
  return useMutation({
    mutationFn: (body: SignupBody) => unwrap(api.POST('/api/v1/providers/signup', { body })),
  });
}
