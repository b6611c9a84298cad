import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { StaffUserDto } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';

/**
 * Where a team member stands: active (has their own password), removed, or invited — and then
 * what became of the invitation: its e-mail still waiting to be sent ("pending"), sent
 * ("invited"), not delivered, or its link expired.
 */
function describe(user: StaffUserDto): { tone: BadgeTone; label: string; hint?: string } {
  if (user.status === 'removed') return { tone: 'neutral', label: 'removed' };
  if (user.status === 'active') return { tone: 'success', label: 'active' };
  const invitation = user.invitation;
  if (!invitation) return { tone: 'warning', label: 'invited', hint: 'No invitation on record: send one.' };
  if (invitation.expired) return { tone: 'warning', label: 'link expired', hint: `The invitation expired ${formatDateTime(invitation.expiresAt)}. Send a new one.` };
  if (invitation.delivery === 'failed') return { tone: 'danger', label: 'not delivered', hint: 'The e-mail could not be delivered. Check the address, or send it again.' };
  if (invitation.delivery === 'waiting') return { tone: 'neutral', label: 'pending', hint: 'The invitation e-mail is waiting to be sent.' };
  return { tone: 'info', label: 'invited', hint: `E-mailed ${formatDateTime(invitation.sentAt)}; the link works until ${formatDateTime(invitation.expiresAt)}.` };
}

export function StaffStatus({ user }: { user: StaffUserDto }) {
  const { tone, label, hint } = describe(user);
  return (
    <>
      <Badge tone={tone}>{label}</Badge>
      {hint ? <div className="muted small">{hint}</div> : null}
    </>
  );
}
