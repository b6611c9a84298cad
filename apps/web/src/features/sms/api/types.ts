import type { components } from '@/lib/api/schema';
import type { QueryParams, RequestBody } from '@/lib/api/types';

type S = components['schemas'];
export type SmsSettingsDto = S['SmsSettingsDto'];
export type SmsMode = S['SmsMode'];
export type SmsLocale = S['SmsLocale'];
export type UpdateSmsSettingsBody = RequestBody<'/api/v1/sms/settings', 'put'>;
export type SmsUsageDto = S['SmsUsageDto'];
export type SmsMessageDto = S['SmsMessageDto'];
export type MessageStatus = S['MessageStatus'];
type SmsLogQuery = QueryParams<'/api/v1/sms/messages', 'get'>;
export type DeliveryFilter = NonNullable<SmsLogQuery['delivery']>;

/** The message log's filters (all optional), as the API takes them. */
export interface SmsLogFilters {
  status?: MessageStatus | undefined;
  delivery?: DeliveryFilter | undefined;
  /** digits anywhere in the number (3–12) */
  phone?: string | undefined;
  /** template key, e.g. voucher_batch */
  template?: string | undefined;
  voucherId?: string | undefined;
}
