import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadMore } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatCount, formatDateTime } from '@/lib/format';
import { voucherQueries } from '../api/voucher-queries';
import { BatchDownloads, BatchStatusBadge } from './batch-view';
import './vouchers.css';

/** Recent batches with status, progress and downloads. */
export function BatchesList({ batchPath }: { batchPath: (id: string) => string }) {
  const query = useInfiniteQuery(voucherQueries.batches());
  const batches = query.data?.pages.flatMap((p) => p.items) ?? [];
  let body;
  if (query.isPending) body = <LoadingState label="Loading batches…" />;
  else if (query.isError && !query.data) body = <ErrorState title="Could not load batches" error={query.error} onRetry={() => void query.refetch()} />;
  else if (batches.length === 0) body = <EmptyState title="No batches yet">Generate vouchers to create your first batch.</EmptyState>;
  else
    body = (
      <>
        <Table caption="Voucher batches">
          <thead>
            <Tr>
              <Th>Batch</Th>
              <Th>Plan</Th>
              <Th>Vouchers</Th>
              <Th>Status</Th>
              <Th>Created</Th>
              <Th>Downloads</Th>
            </Tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <Tr key={b.id}>
                <Td label="Batch" className="cell-primary">
                  <Link to={batchPath(b.id)}>{b.label ?? `${b.planName} batch`}</Link>
                </Td>
                <Td label="Plan">{b.planName}</Td>
                <Td label="Vouchers">
                  {formatCount(b.generated)} of {formatCount(b.quantity)}
                </Td>
                <Td label="Status">
                  <BatchStatusBadge batch={b} />
                </Td>
                <Td label="Created">{formatDateTime(b.createdAt)}</Td>
                <Td label="Downloads">{b.status === 'ready' ? <BatchDownloads batch={b} compact /> : <span className="muted small">When ready</span>}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
        <LoadMore query={query} />
      </>
    );
  return <Card>{body}</Card>;
}
