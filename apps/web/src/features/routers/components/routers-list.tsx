import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format';
import { routerQueries } from '../api/router-queries';
import { RouterStatusBadge } from './router-status';
import { TunnelTag } from './router-tunnel';
import './routers.css';

/** The provider's routers with live status (polled); a tunnel router's address carries a "tunnel" tag and the tunnel's state. */
export function RoutersList({ detailPath }: { detailPath: (id: string) => string }) {
  const query = useQuery(routerQueries.list());
  if (query.isPending) return <LoadingState label="Loading routers…" />;
  if (query.isError) return <ErrorState title="Could not load your routers" error={query.error} onRetry={() => void query.refetch()} />;
  const routers = query.data.items;
  if (routers.length === 0) return <EmptyState title="No routers yet">Add your MikroTik router to start selling WiFi.</EmptyState>;
  const alerts = routers.filter((r) => r.alert);
  return (
    <>
      {alerts.map((r) => (
        <Alert key={r.id} tone="danger" title={r.name}>
          {r.alert}
        </Alert>
      ))}
      <Table caption="Routers">
        <thead>
          <Tr>
            <Th>Name</Th>
            <Th>Status</Th>
            <Th>Address</Th>
            <Th>Sessions</Th>
            <Th>Sync</Th>
            <Th>Last seen</Th>
          </Tr>
        </thead>
        <tbody>
          {routers.map((r) => (
            <Tr key={r.id}>
              <Td label="Name">
                <Link to={detailPath(r.id)}>{r.name}</Link>
                {r.location ? <div className="muted small">{r.location}</div> : null}
              </Td>
              <Td label="Status">
                <RouterStatusBadge status={r.status} />
              </Td>
              <Td label="Address" className="routers-address">
                {r.host}:{r.apiPort}
                {r.tunnel ? <TunnelTag tunnel={r.tunnel} /> : null}
              </Td>
              <Td label="Sessions">{r.activeSessions ?? '—'}</Td>
              <Td label="Sync">{r.sync.failed ? `${r.sync.failed} failed` : r.sync.pending ? `${r.sync.pending} waiting` : 'up to date'}</Td>
              <Td label="Last seen">{formatDateTime(r.lastSeenAt)}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
