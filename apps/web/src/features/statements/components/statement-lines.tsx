import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatAmount, formatCount, formatDateTime } from '@/lib/format';
import { statementQueries } from '../api/statement-queries';
import type { StatementLineFilters, StatementScope } from '../api/types';
import { OUTCOME_LABELS, OUTCOME_TONES } from './format';

/**
 * Statement lines (paginated, newest first): receipt, time, amount, account number, detail;
 * `showStatus` adds the line's status (lists of every status), `showShortcode` its shortcode (platform).
 */
export function StatementLines({
  scope,
  filters,
  caption,
  showStatus = false,
  showShortcode = false,
  empty,
}: {
  scope: StatementScope;
  filters: StatementLineFilters;
  caption: string;
  showStatus?: boolean;
  showShortcode?: boolean;
  empty: { title: string; body?: ReactNode };
}) {
  const query = useInfiniteQuery(statementQueries.lines(scope, filters));
  const lines = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  if (query.isPending) return <LoadingState label="Loading statement lines…" />;
  if (query.isError && !query.data) return <ErrorState title="Could not load the statement lines" error={query.error} onRetry={() => void query.refetch()} />;
  if (lines.length === 0) return <EmptyState title={empty.title}>{empty.body}</EmptyState>;
  return (
    <>
      <Table caption={caption}>
        <thead>
          <Tr>
            <Th>Receipt</Th>
            <Th>Time (Nairobi)</Th>
            <Th>Amount</Th>
            <Th>Account number</Th>
            {showShortcode ? <Th>Shortcode</Th> : null}
            {showStatus ? <Th>Status</Th> : null}
            <Th>Detail</Th>
          </Tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <Tr key={l.id}>
              <Td label="Receipt" className="cell-primary">
                <span className="mono">{l.receipt}</span>
                {l.phone ? <div className="muted small">{l.phone}</div> : null}
              </Td>
              <Td label="Time" className="stmt-nowrap">
                {formatDateTime(l.occurredAt ?? l.firstSeenAt)}
                <div className="muted small">{l.source === 'pull' ? 'From Pull Transactions' : 'From an uploaded statement'}</div>
              </Td>
              <Td label="Amount" className="stmt-nowrap">
                <strong>{formatAmount(l.amount, l.currency)}</strong>
              </Td>
              <Td label="Account number">{l.reference ? <span className="mono">{l.reference}</span> : '—'}</Td>
              {showShortcode ? <Td label="Shortcode">{l.shortcode}</Td> : null}
              {showStatus ? (
                <Td label="Status">
                  <Badge tone={OUTCOME_TONES[l.status]}>{OUTCOME_LABELS[l.status].done}</Badge>
                </Td>
              ) : null}
              <Td label="Detail" className="stmt-detail">
                {l.detail ?? '—'}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <ListFooter query={query} shown={`${formatCount(lines.length)} line${lines.length === 1 ? '' : 's'}`} />
    </>
  );
}
