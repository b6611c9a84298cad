import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { useSetInterfaceDisabled, type RouterInterface } from '../api/router-hotspot-users';
import { routerQueries } from '../api/router-queries';
import { formatBytes } from './router-status';

/**
 * The router's interfaces with traffic, and (for owners) enable/disable after a confirmation. The
 * interface Wavu reaches the router through is marked and cannot be disabled; the API refuses it
 * too, and refuses any disable while it cannot tell which interface that is (docs/routers.md).
 */
export function RouterInterfaces({ id, canManage }: { id: string; canManage: boolean }) {
  const query = useQuery(routerQueries.interfaces(id));
  const toggle = useSetInterfaceDisabled(id);
  const [pending, setPending] = useState<RouterInterface | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (query.isPending) return <LoadingState label="Loading interfaces…" />;
  if (query.isError) return <ErrorState title="Could not read the interfaces" error={query.error} onRetry={() => void query.refetch()} />;
  const disabling = pending ? !pending.disabled : false;
  return (
    <>
      {done ? <Alert tone="success">{done}</Alert> : null}
      <Table caption="Interfaces">
        <thead>
          <Tr>
            <Th>Name</Th>
            <Th>Type</Th>
            <Th>Status</Th>
            <Th>Received</Th>
            <Th>Sent</Th>
            {canManage ? (
              <Th>
                <span className="visually-hidden">Actions</span>
              </Th>
            ) : null}
          </Tr>
        </thead>
        <tbody>
          {query.data.map((i) => (
            <Tr key={i.name}>
              <Td label="Name" className="cell-primary">
                {i.name} {i.management ? <Badge tone="info">Wavu connects here</Badge> : null}
              </Td>
              <Td label="Type">{i.type}</Td>
              <Td label="Status">{i.disabled ? 'disabled' : i.running ? 'running' : 'down'}</Td>
              <Td label="Received">{formatBytes(i.rxBytes)}</Td>
              <Td label="Sent">{formatBytes(i.txBytes)}</Td>
              {canManage ? (
                <Td label="Actions" className="cell-actions">
                  {i.management && !i.disabled ? (
                    <span className="muted small">Cannot be disabled from Wavu</span>
                  ) : (
                    <Button
                      size="sm"
                      variant={i.disabled ? 'secondary' : 'danger'}
                      aria-label={`${i.disabled ? 'Enable' : 'Disable'} ${i.name}`}
                      onClick={() => {
                        toggle.reset();
                        setDone(null);
                        setPending(i);
                      }}
                    >
                      {i.disabled ? 'Enable' : 'Disable'}
                    </Button>
                  )}
                </Td>
              ) : null}
            </Tr>
          ))}
        </tbody>
      </Table>
      <ConfirmDialog
        open={pending !== null}
        title={`${disabling ? 'Disable' : 'Enable'} ${pending?.name ?? ''}?`}
        description={
          disabling
            ? 'Everything connected through this interface loses its connection until it is enabled again (hotspot guests on it are cut off). Wavu refuses to disable the interface it reaches the router through.'
            : 'The interface comes back up with its previous settings.'
        }
        confirmLabel={disabling ? 'Disable interface' : 'Enable interface'}
        tone={disabling ? 'danger' : 'primary'}
        pending={toggle.isPending}
        error={toggle.isError ? errorMessage(toggle.error) : undefined}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (!pending) return;
          const name = pending.name;
          toggle.mutate({ name, disabled: disabling }, { onSuccess: () => (setDone(`${name} was ${disabling ? 'disabled' : 'enabled'}.`), setPending(null)) });
        }}
      />
    </>
  );
}
