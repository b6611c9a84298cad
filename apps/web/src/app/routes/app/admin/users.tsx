import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { NewSuperAdmin } from '@/features/admin-users/components/new-super-admin';
import { UserDetail } from '@/features/admin-users/components/user-detail';
import { UsersAdmin } from '@/features/admin-users/components/users-admin';
import type { UserRole, UserStatus } from '@/lib/api/types';
import { useUrlParams } from '@/lib/use-url-params';
import { paths } from '../../../paths';
import { useTitle } from '../../../use-title';
import { useMe } from '../layout';

const ROLES: readonly UserRole[] = ['super_admin', 'provider_owner', 'provider_staff'];
const STATUSES: readonly UserStatus[] = ['active', 'deactivated'];

/** Filters live in the URL (?q=…&role=provider_staff&status=deactivated). */
export function AdminUsersRoute() {
  useTitle('Users');
  const { params, update, clear } = useUrlParams<'q' | 'role' | 'status'>();
  const q = params.get('q') ?? '';
  const role = ROLES.find((r) => r === params.get('role'));
  const status = STATUSES.find((s) => s === params.get('status'));

  const onSearchChange = useCallback((value: string) => update({ q: value }), [update]);
  const onRoleChange = useCallback((value: UserRole | undefined) => update({ role: value }), [update]);
  const onStatusChange = useCallback((value: UserStatus | undefined) => update({ status: value }), [update]);

  return (
    <>
      <h1 className="page-title">Users</h1>
      <p className="muted">Every account on Wavu: the Wavu team, provider owners and their staff.</p>
      <div className="form-actions">
        <Link className="btn btn-primary" to={paths.adminUserNew}>
          New super admin
        </Link>
      </div>
      <UsersAdmin q={q} role={role} status={status} onSearchChange={onSearchChange} onRoleChange={onRoleChange} onStatusChange={onStatusChange} onClear={clear} userPath={paths.adminUser} />
    </>
  );
}

export function AdminUserRoute() {
  useTitle('User');
  const { id = '' } = useParams();
  const me = useMe();
  return (
    <>
      <p>
        <Link to={paths.adminUsers}>← Back to users</Link>
      </p>
      <h1 className="page-title">User</h1>
      <UserDetail id={id} selfId={me.id} providerPath={(name) => `${paths.adminProviders}?q=${encodeURIComponent(name)}`} />
    </>
  );
}

export function NewSuperAdminRoute() {
  useTitle('New super admin');
  return (
    <>
      <p>
        <Link to={paths.adminUsers}>← Back to users</Link>
      </p>
      <h1 className="page-title">New super admin</h1>
      <NewSuperAdmin userPath={paths.adminUser} />
    </>
  );
}
