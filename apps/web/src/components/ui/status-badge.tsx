import type { ProviderStatus } from '@/lib/api/types';
import { Badge, type BadgeTone } from './badge';

const TONES: Record<ProviderStatus, BadgeTone> = {
  pending: 'warning',
  active: 'success',
  suspended: 'danger',
  rejected: 'neutral',
};

/** A provider's status as a coloured badge; the text is the status itself (e.g. "active"). */
export function StatusBadge({ status }: { status: ProviderStatus }) {
  return <Badge tone={TONES[status] ?? 'neutral'}>{status}</Badge>;
}
