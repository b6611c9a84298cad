import { Badge } from '@/components/ui/badge';
import type { SettledVia } from '../api/types';
import { SETTLED_VIA_HINTS, SETTLED_VIA_LABELS, SETTLED_VIA_TONES } from './format';

/** "via [Statement]" under a paid payment's status badge; the tooltip says what that means. */
export function SettledViaBadge({ via }: { via: SettledVia }) {
  return (
    <div className="pay-via small" title={SETTLED_VIA_HINTS[via]}>
      <span className="muted">via </span>
      <Badge tone={SETTLED_VIA_TONES[via]}>{SETTLED_VIA_LABELS[via]}</Badge>
    </div>
  );
}
