import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { useReconcile, useRetrySync } from '../api/router-mutations';
import { routerQueries } from '../api/router-queries';

/** The router's Sync tab: what the platform wants on it, what is waiting, what failed (retry). */
export function RouterSync({ id }: { id: string }) {
  const query = useQuery(routerQueries.sync(id));
  const retry = useRetrySync(id);
  const reconcile = useReconcile(id);
  const qc = useQueryClient();
  if (query.isPending) return <LoadingState label="Loading sync status…" />;
  if (query.isError) return <ErrorState title="Could not load the sync status" error={query.error} onRetry={() => void query.refetch()} />;
  const s = query.data;
  const rows = [...s.failures, ...s.backlog];
  const unconfirmed = s.desiredUsers - s.confirmedUsers;
  const failedPush = s.bulkSyncs.find((b) => b.status === 'failed');
  const putBack = () => reconcile.mutate(undefined, { onSettled: () => void qc.invalidateQueries({ queryKey: routerQueries.sync(id).queryKey }) });
  return (
    <Card
      title={s.inSync ? 'Sync: everything is on the router' : `Sync: ${s.pending} waiting, ${s.failed} failed, ${unconfirmed} user${unconfirmed === 1 ? '' : 's'} not confirmed`}
      actions={
        <Button size="sm" onClick={() => retry.mutate(undefined)} loading={retry.isPending} disabled={s.pending + s.failed === 0}>
          Retry now
        </Button>
      }
    >
      <p className="muted">
        The platform wants {s.desiredUsers} users and {s.desiredProfiles} profiles on this router; the router confirmed {s.confirmedUsers} of the users.
      </p>
      {unconfirmed > 0 ? (
        <Alert tone="warning" title={`${unconfirmed} user${unconfirmed === 1 ? ' is' : 's are'} not confirmed on the router`}>
          <p>
            {s.pending > 0 ? 'Some are still waiting to be sent. ' : ''}
            {failedPush?.error ? `The last push failed: ${failedPush.error}. ` : ''}
            Codes that are not on the router are refused at the hotspot login.
          </p>
          <Button size="sm" variant="secondary" loading={reconcile.isPending} onClick={putBack}>
            Check the router and put them back
          </Button>
          {reconcile.isSuccess ? (
            <p className="small">
              Put back {reconcile.data.missingAdded.length}, corrected {reconcile.data.updated.length}
              {reconcile.data.errors.length ? `; ${reconcile.data.errors.length} could not be fixed: ${reconcile.data.errors[0]}` : ''}.
            </p>
          ) : null}
          {reconcile.isError ? <p className="field-error">{errorMessage(reconcile.error)}</p> : null}
        </Alert>
      ) : null}
      {s.bulkSyncs.length ? (
        <ul className="plain-list small">
          {s.bulkSyncs.map((b) => (
            <li key={b.id}>
              Bulk push: {b.done} of {b.total} taken by the router{' '}
              {b.status === 'failed' ? <Badge tone="danger">failed</Badge> : b.status === 'succeeded' ? <Badge tone="success">done</Badge> : <Badge tone="info">{b.status}</Badge>}
              {b.status === 'failed' && b.error ? <span className="muted"> — {b.error}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title={s.inSync ? 'Everything is on the router' : 'No changes waiting'} />
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
