import type { BadgeTone } from '@/components/ui/badge';
import type { VoucherAction, VoucherStatus } from '../api/types';

export const STATUS_LABELS: Record<VoucherStatus, string> = {
  available: 'Available',
  sold: 'Sold',
  in_use: 'In use',
  expired: 'Expired',
  disabled: 'Disabled',
  refunded: 'Refunded',
};

export const STATUS_TONES: Record<VoucherStatus, BadgeTone> = {
  available: 'info',
  sold: 'success',
  in_use: 'success',
  expired: 'neutral',
  disabled: 'danger',
  refunded: 'warning',
};

export const ACTION_LABELS: Record<VoucherAction, string> = {
  disable: 'Disable',
  enable: 'Re-enable',
  refund: 'Refund',
  transfer: 'Transfer',
  extend: 'Extend validity',
  push: 'Push to router',
  resend_sms: 'Text code to buyer',
};
