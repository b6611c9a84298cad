import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import type { UserRole } from '@/lib/api/types';
import { homeFor } from '../../paths';
import { useMe } from './layout';

/** Sends users whose role may not see a page to their own home page. */
export function RequireRole({ roles, children }: { roles: UserRole[]; children: ReactNode }) {
  const me = useMe();
  if (!roles.includes(me.role)) return <Navigate to={homeFor(me.role)} replace />;
  return <>{children}</>;
}
