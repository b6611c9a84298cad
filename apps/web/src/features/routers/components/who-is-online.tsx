import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { routerQueries } from '../api/router-queries';
import { SessionsTable, type RouterSession } from './sessions-table';
import './routers.css';

/**
 * Who is online: the active hotspot sessions of every router, live (refreshes every 10 s), with
 * kick. A router that cannot be read is named with its error above the table; the others still show.
 */
export function WhoIsOnline({ routerPath, routersPath }: { routerPath: (id: string) => string; routersPath: string }) {
  const query = useQuery(routerQueries.online());
  if (query.isPending) return <LoadingState label="Asking your routers who is online…" />;
  if (query.isError) return <ErrorState title="Could not load who is online" error={query.error} onRetry={() => void query.refetch()} />;
  const { routers, total } = query.data;
  if (routers.length === 0) {
    return (
      <EmptyState title="No routers yet">
        <Link to={routersPath}>Add your MikroTik router</Link> to see who is online.
      </EmptyState>
    );
  }
  const failed = routers.filter((r) => r.error);
  const sessions: RouterSession[] = routers.flatMap((r) => r.sessions.map((s) => ({ ...s, routerId: r.id, routerName: r.name })));
  const read = routers.length - failed.length;
  return (
    <>
      <p className="muted" role="status">
        {total} active session{total === 1 ? '' : 's'} on {read} of {routers.length} router{routers.length === 1 ? '' : 's'} · updates every 10 seconds
      </p>
      {failed.map((r) => (
        <Alert key={r.id} tone="warning" title={`Could not read ${r.name}`}>
          {r.error} <Link to={routerPath(r.id)}>Open the router</Link>
        </Alert>
      ))}
      <SessionsTable
        sessions={sessions}
        caption="Active sessions on all routers"
        routerPath={routerPath}
        empty={<EmptyState title="Nobody is online right now">{failed.length ? 'On the routers that answered.' : 'Sessions appear here as soon as a customer logs in.'}</EmptyState>}
      />
    </>
  );
}
