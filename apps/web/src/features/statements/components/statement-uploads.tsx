import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatCount, formatDateTime, formatPeriod } from '@/lib/format';
import { statementQueries } from '../api/statement-queries';
import type { StatementScope, StatementUploadDto } from '../api/types';
import { plural, UPLOAD_STATUS } from './format';

function summary(u: StatementUploadDto): string {
  const c = u.result ?? u.preview;
  const settled = u.result ? `${plural(c.settled, 'payment')} settled` : `${plural(c.settled, 'payment')} to settle`;
  return `${plural(c.lines, 'line')}: ${settled}, ${formatCount(c.recorded)} already recorded, ${formatCount(c.unmatched)} unmatched`;
}

/** Earlier statement uploads, newest first; each opens in the upload card ("Review" while not applied). */
export function StatementUploads({ scope, canManage, openId, onOpen }: { scope: StatementScope; canManage: boolean; openId: string | null; onOpen: (id: string) => void }) {
  const query = useInfiniteQuery(statementQueries.uploads(scope));
  const uploads = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  if (query.isPending) return <LoadingState label="Loading uploads…" />;
  if (query.isError && !query.data) return <ErrorState title="Could not load the statement uploads" error={query.error} onRetry={() => void query.refetch()} />;
  if (uploads.length === 0) return <EmptyState title="No statement uploaded yet" />;
  return (
    <>
      <Table caption="Statement uploads">
        <thead>
          <Tr>
            <Th>File</Th>
            <Th>Period</Th>
            <Th>Uploaded</Th>
            <Th>Status</Th>
            <Th>Lines</Th>
            <Th>
              <span className="visually-hidden">Actions</span>
            </Th>
          </Tr>
        </thead>
        <tbody>
          {uploads.map((u) => {
            const review = u.status === 'previewed' && canManage;
            return (
              <Tr key={u.id} aria-current={u.id === openId ? 'true' : undefined}>
                <Td label="File" className="cell-primary stmt-file-cell">
                  <span className="break">{u.filename}</span>
                  <div className="muted small">Shortcode {u.shortcode}</div>
                </Td>
                <Td label="Period">{formatPeriod(u.periodFrom, u.periodTo)}</Td>
                <Td label="Uploaded" className="stmt-nowrap">
                  {formatDateTime(u.createdAt)}
                </Td>
                <Td label="Status">
                  <Badge tone={UPLOAD_STATUS[u.status].tone}>{UPLOAD_STATUS[u.status].label}</Badge>
                  {u.appliedAt && u.status === 'applied' ? <div className="muted small">{formatDateTime(u.appliedAt)}</div> : null}
                </Td>
                <Td label="Lines" className="stmt-summary">
                  {summary(u)}
                </Td>
                <Td className="cell-actions">
                  <Button size="sm" variant={review ? 'primary' : 'secondary'} onClick={() => onOpen(u.id)} aria-label={`${review ? 'Review' : 'View'} ${u.filename}`}>
                    {review ? 'Review' : 'View'}
                  </Button>
                </Td>
              </Tr>
            );
          })}
        </tbody>
      </Table>
      <ListFooter query={query} shown={plural(uploads.length, 'upload')} />
    </>
  );
}
