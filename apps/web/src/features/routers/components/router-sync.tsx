import { useQuery } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { useRetrySync } from '../api/router-mutations';
import { routerQueries } from '../api/router-queries';

/** The router's Sync tab: what the platform wants on it, what is waiting, what failed (retry). */
export function RouterSync({ id }: { id: string }) {
  const query = useQuery(routerQueries.sync(id));
  const retry = useRetrySync(id);
  if (query.isPending) return <LoadingState label="Loading sync status…" />;
  if (query.isError) return <ErrorState title="Could not load the sync status" error={query.error} onRetry={() => void query.refetch()} />;
  const s = query.data;
  const rows = [...s.failures, ...s.backlog];
  return (
    <Card
      title={`Sync: ${s.pending} waiting, ${s.failed} failed`}
      actions={
        <Button size="sm" onClick={() => retry.mutate(undefined)} loading={retry.isPending} disabled={s.pending + s.failed === 0}>
          Retry now
        </Button>
      }
    >
      <p className="muted">
        The platform wants {s.desiredUsers} users and {s.desiredProfiles} profiles on this router.
      </p>
      {rows.length === 0 ? (
        <EmptyState title="Everything is applied" />
      ) : (
        <Table caption="Waiting and failed changes">
          <thead>
            <Tr>
              <Th>Change</Th>
              <Th>Status</Th>
              <Th>Attempts</Th>
              <Th>Error</Th>
              <Th>
                <span className="visually-hidden">Actions</span>
              </Th>
            </Tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <Tr key={o.id}>
                <Td label="Change">
                  {o.type.replace('_', ' ')} {o.target}
                </Td>
                <Td label="Status">{o.status === 'dead' ? 'failed' : o.status}</Td>
                <Td label="Attempts">{o.attempts}</Td>
                <Td label="Error">{o.lastError ?? '—'}</Td>
                <Td label="Actions">
                  {o.status === 'dead' ? (
                    <Button size="sm" variant="secondary" onClick={() => retry.mutate(o.id)}>
                      Retry
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
