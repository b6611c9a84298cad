import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { smsQueries } from './sms-queries';
import type { UpdateSmsSettingsBody } from './types';

/** Saves the SMS settings; the returned settings replace the cached ones. */
export function useSaveSmsSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSmsSettingsBody) => unwrap(api.PUT('/api/v1/sms/settings', { body })),
    onSuccess: (settings) => qc.setQueryData(smsQueries.settings().queryKey, settings),
  });
}

/** Queues a test SMS (202); the log and this month's usage refetch. */
export function useSendTestSms() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (phone: string) => unwrap(api.POST('/api/v1/sms/test', { body: { phone } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: smsQueries.logs() });
      void qc.invalidateQueries({ queryKey: smsQueries.usage().queryKey });
    },
  });
}
