import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { formatAmount } from '@/lib/format';
import { useSetPlanArchived } from '../api/plan-mutations';
import { planQueries } from '../api/plan-queries';
import type { PlanDto, PlanStatus } from '../api/types';
import { formatLimits, formatSpeed, formatValidity, KIND_LABELS } from './format';
import './plans.css';

const FILTERS: { value: PlanStatus | undefined; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: undefined, label: 'All' },
];

/** The provider's plans with archive/restore (confirmed). */
export function PlansList({ editPath, canManage }: { editPath: (id: string) => string; canManage: boolean }) {
  const [status, setStatus] = useState<PlanStatus | undefined>('active');
  const query = useQuery(planQueries.list(status));
  const routers = useQuery(planQueries.routers());
  const [pending, setPending] = useState<PlanDto | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const archive = useSetPlanArchived();
  const routerName = (id: string) => routers.data?.find((r) => r.id === id)?.name ?? 'Unknown router';

  let body;
  if (query.isPending) body = <LoadingState label="Loading plans…" />;
  else if (query.isError) body = <ErrorState title="Could not load your plans" error={query.error} onRetry={() => void query.refetch()} />;
  else if (query.data.items.length === 0)
    body = <EmptyState title={status === 'archived' ? 'No archived plans' : 'No plans yet'}>{status === 'archived' ? null : 'Create a plan to start generating and selling vouchers.'}</EmptyState>;
  else
    body = (
      <Table caption="Plans">
        <thead>
          <Tr>
            <Th>Name</Th>
            <Th>Price</Th>
            <Th>Kind</Th>
            <Th>Limits</Th>
            <Th>Speed</Th>
            <Th>Validity</Th>
            <Th>Portal</Th>
            <Th>Routers</Th>
            <Th>
              <span className="visually-hidden">Actions</span>
            </Th>
          </Tr>
        </thead>
        <tbody>
          {query.data.items.map((p) => (
            <Tr key={p.id}>
              <Td label="Name" className="cell-primary">
                <strong>{p.name}</strong> {p.status === 'archived' ? <Badge>archived</Badge> : null}
                <div className="muted small">
                  Order {p.sortOrder} · {p.sharedUsers} device{p.sharedUsers === 1 ? '' : 's'}
                </div>
              </Td>
              <Td label="Price">{formatAmount(p.price, p.currency)}</Td>
              <Td label="Kind">{KIND_LABELS[p.kind]}</Td>
              <Td label="Limits">{formatLimits(p)}</Td>
              <Td label="Speed">{formatSpeed(p)}</Td>
              <Td label="Validity">
                {formatValidity(p)}
                {p.activationExpiryDays ? <div className="muted small">Unsold expire after {p.activationExpiryDays} days</div> : null}
              </Td>
              <Td label="Portal">{p.portalVisible ? <Badge tone="success">visible</Badge> : <Badge>hidden</Badge>}</Td>
              <Td label="Routers">{p.routerScope === 'all' ? 'All routers' : p.routerIds.map(routerName).join(', ') || 'None'}</Td>
              <Td label="Actions" className="cell-actions">
                {canManage ? (
                  <>
                    <Link className="btn btn-secondary btn-sm" to={editPath(p.id)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </Link>
                    <Button size="sm" variant="secondary" onClick={() => setPending(p)} aria-label={`${p.status === 'active' ? 'Archive' : 'Restore'} ${p.name}`}>
                      {p.status === 'active' ? 'Archive' : 'Restore'}
                    </Button>
                  </>
                ) : (
                  <span className="muted small">View only</span>
                )}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    );

  const archiving = pending?.status === 'active';
  return (
    <Card>
      <div className="filters">
        <div className="segmented" role="group" aria-label="Filter plans by status">
          {FILTERS.map((f) => (
            <button key={f.label} type="button" className="segmented-item" aria-pressed={status === f.value} onClick={() => setStatus(f.value)}>
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {done ? <Alert tone="success">{done}</Alert> : null}
      {body}
      <ConfirmDialog
        open={pending !== null}
        title={archiving ? `Archive ${pending?.name ?? ''}?` : `Restore ${pending?.name ?? ''}?`}
        description={
          archiving ? 'The plan stops being sold on the portal and cannot be used for new batches. Vouchers already generated keep working.' : 'The plan can be sold and used for new batches again.'
        }
        confirmLabel={archiving ? 'Archive' : 'Restore'}
        tone={archiving ? 'danger' : 'primary'}
        pending={archive.isPending}
        error={archive.isError ? errorMessage(archive.error) : undefined}
        onCancel={() => {
          archive.reset();
          setPending(null);
        }}
        onConfirm={() => {
          if (!pending) return;
          const name = pending.name;
          archive.mutate(
            { id: pending.id, archived: archiving },
            {
              onSuccess: () => {
                setDone(archiving ? `Plan “${name}” archived: it is no longer sold.` : `Plan “${name}” restored: it can be sold again.`);
                setPending(null);
              },
            },
          );
        }}
      />
    </Card>
  );
}
