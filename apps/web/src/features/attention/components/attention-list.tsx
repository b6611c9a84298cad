import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatAmount, formatCount, formatDateTime } from '@/lib/format';
import { attentionQueries } from '../api/attention-queries';
import type { AttentionScope, AttentionState } from '../api/types';
import { KIND_LABELS, STATE_FILTERS, STATE_LABELS, STATE_TONES } from './format';

/** The Needs attention queue: open items by default, resolved ones with the state toggles; each row links to its item. */
export function AttentionList({ scope, itemPath }: { scope: AttentionScope; itemPath: (id: string) => string }) {
  const [state, setState] = useState<AttentionState>('open');
  const query = useInfiniteQuery(attentionQueries.list(scope, state));
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  let body;
  if (query.isPending) body = <LoadingState label="Loading…" />;
  else if (query.isError && !query.data) body = <ErrorState title="Could not load the queue" error={query.error} onRetry={() => void query.refetch()} />;
  else if (items.length === 0)
    body = (
      <EmptyState title={state === 'open' ? 'Nothing needs attention' : `No items marked “${STATE_LABELS[state]}”`}>{state === 'open' ? 'Every payment became a voucher by itself.' : null}</EmptyState>
    );
  else
    body = (
      <>
        <Table caption="Payments that need attention">
          <thead>
            <Tr>
              <Th>Money</Th>
              <Th>What happened</Th>
              <Th>When (Nairobi)</Th>
              <Th>State</Th>
            </Tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <Tr key={item.id}>
                <Td label="Money" className="cell-primary">
                  <Link to={itemPath(item.id)} aria-label={`Review ${item.receipt ?? item.reference ?? 'item'}`}>
                    <strong>{formatAmount(item.amount, item.currency)}</strong>
                  </Link>
                  <div className="muted small">
                    {item.receipt ? <span className="mono">{item.receipt}</span> : null}
                    {item.phone ? ` · ${item.phone}` : null}
                  </div>
                </Td>
                <Td label="What happened">
                  {KIND_LABELS[item.kind]}
                  <div className="muted small">{item.reason}</div>
                </Td>
                <Td label="When">{formatDateTime(item.occurredAt)}</Td>
                <Td label="State">
                  <Badge tone={STATE_TONES[item.state]}>{STATE_LABELS[item.state]}</Badge>
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
        <ListFooter query={query} shown={`${formatCount(items.length)} item${items.length === 1 ? '' : 's'}`} />
      </>
    );

  return (
    <Card>
      <div className="filters">
        <div className="segmented" role="group" aria-label="Filter by state">
          {STATE_FILTERS.map((f) => (
            <button key={f.value} type="button" className="segmented-item" aria-pressed={state === f.value} onClick={() => setState(f.value)}>
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {body}
    </Card>
  );
}
