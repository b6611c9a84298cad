import type { ReactNode } from 'react';
import { NotAllowed } from '@/components/ui/not-allowed';
import type { UserRole } from '@/lib/api/types';
import { homeFor } from '../../paths';
import { useMe } from './layout';

/**
 * A page only some roles may open. Anyone else sees the one "Not allowed" screen with a way back
 * to their own home page, never a silent redirect (a staff member following an owner's link
 * learns why nothing opened).
 */
export function RequireRole({ roles, children }: { roles: UserRole[]; children: ReactNode }) {
  const me = useMe();
  if (!roles.includes(me.role)) {
    const why = me.role === 'provider_staff' ? 'Only the account owner may open this page. Ask them if you need it.' : 'This page belongs to another kind of account.';
    return <NotAllowed why={why} backTo={homeFor(me.role)} backLabel="Back to your overview" />;
  }
  return <>{children}</>;
}
