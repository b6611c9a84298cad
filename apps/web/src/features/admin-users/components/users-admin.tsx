import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { UserRole, UserStatus } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { adminUserQueries } from '../api/admin-user-queries';
import { UserFilters } from './user-filters';
import { ROLE_NAMES, STATUS_TONES } from './user-labels';

interface Props {
  q: string;
  role: UserRole | undefined;
  status: UserStatus | undefined;
  onSearchChange: (q: string) => void;
  onRoleChange: (role: UserRole | undefined) => void;
  onStatusChange: (status: UserStatus | undefined) => void;
  onClear: () => void;
  userPath: (id: string) => string;
}

/** Every account on the platform: search, filters, a table (cards on a phone) and "Load more". */
export function UsersAdmin({ q, role, status, onSearchChange, onRoleChange, onStatusChange, onClear, userPath }: Props) {
  const query = useInfiniteQuery(adminUserQueries.list({ q, role, status }));
  const users = query.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(q || role || status);

  let body;
  if (query.isPending) {
    body = <LoadingState label="Loading users…" />;
  } else if (query.isError && !query.data) {
    body = <ErrorState title="Could not load users" error={query.error} onRetry={() => void query.refetch()} />;
  } else if (users.length === 0) {
    body = (
      <EmptyState title={filtered ? 'No users match these filters' : 'No users yet'}>
        {filtered ? (
          <Button variant="secondary" onClick={onClear}>
            Clear filters
          </Button>
        ) : null}
      </EmptyState>
    );
  } else {
    body = (
      <>
        <Table caption="Users">
          <thead>
            <Tr>
              <Th>User</Th>
              <Th>Role</Th>
              <Th>Provider</Th>
              <Th>Status</Th>
              <Th>Last login</Th>
              <Th>Created</Th>
            </Tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <Tr key={u.id}>
                <Td label="User" className="cell-primary">
                  <Link to={userPath(u.id)} aria-label={`Open ${u.email}`}>
                    <strong>{u.name}</strong>
                  </Link>
                  <div className="muted small break">{u.email}</div>
                </Td>
                <Td label="Role">{ROLE_NAMES[u.role]}</Td>
                <Td label="Provider">{u.provider ? u.provider.businessName : <span className="muted">Wavu team</span>}</Td>
                <Td label="Status">
                  <Badge tone={STATUS_TONES[u.status]}>{u.status}</Badge>
                  {u.mustChangePassword && u.status === 'active' ? <div className="muted small">temporary password</div> : null}
                  {u.invitationPending && u.status === 'active' ? <div className="muted small">invited, no password yet</div> : null}
                </Td>
                <Td label="Last login">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <span className="muted">never</span>}</Td>
                <Td label="Created">{formatDateTime(u.createdAt)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
        <ListFooter query={query} shown={`${users.length} user${users.length === 1 ? '' : 's'}`} errorPrefix={query.isFetchNextPageError ? 'Could not load more: ' : 'Could not refresh: '} />
      </>
    );
  }

  return (
    <Card>
      <UserFilters q={q} role={role} status={status} onSearchChange={onSearchChange} onRoleChange={onRoleChange} onStatusChange={onStatusChange} />
      {body}
    </Card>
  );
}
