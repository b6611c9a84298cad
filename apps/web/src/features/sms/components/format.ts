import type { BadgeTone } from '@/components/ui/badge';
import type { DeliveryFilter, MessageStatus, SmsMessageDto } from '../api/types';

/** The customer texts in plain words (docs/sms.md §9). */
export const TEMPLATE_LABELS: Record<string, string> = {
  voucher_code: 'Code after purchase',
  voucher_resend: 'Resent code',
  voucher_batch: 'Batch code',
  voucher_recovery: 'Recovery',
  sms_test: 'Test',
};

export const templateLabel = (key: string): string => TEMPLATE_LABELS[key] ?? key.replace(/_/g, ' ');

/** The queue's statuses as a customer-care person says them (`failed` is retried, `dead` is not). */
export const STATUS_LABELS: Record<MessageStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Retrying',
  dead: 'Failed for good',
};

export const STATUS_TONES: Record<MessageStatus, BadgeTone> = {
  queued: 'info',
  sending: 'info',
  sent: 'success',
  failed: 'warning',
  dead: 'danger',
};

export const DELIVERY_FILTER_LABELS: Record<DeliveryFilter, string> = {
  delivered: 'Delivered',
  failed: 'Not delivered',
  in_transit: 'On its way',
  none: 'No report yet',
};

/** The delivery report in words: delivered, failed (with the telco's reason), or still waiting. */
export function deliveryOf(m: SmsMessageDto): { label: string; tone: BadgeTone; detail: string | null } | null {
  if (m.delivery === 'delivered') return { label: 'Delivered', tone: 'success', detail: null };
  if (m.delivery === 'failed') return { label: 'Not delivered', tone: 'danger', detail: m.deliveryDetail };
  if (m.delivery === 'in_transit') return { label: 'Waiting', tone: 'info', detail: m.deliveryDetail ? `The gateway says: ${m.deliveryDetail}` : null };
  // no report: only a sent message waits for one
  return m.status === 'sent' ? { label: 'Waiting', tone: 'neutral', detail: 'No delivery report yet' } : null;
}

/** Whether a message may still change (sending, retrying, or sent without a final report). */
export function stillMoving(m: SmsMessageDto): boolean {
  if (m.status === 'queued' || m.status === 'sending' || m.status === 'failed') return true;
  return m.status === 'sent' && m.delivery !== 'delivered' && m.delivery !== 'failed';
}
