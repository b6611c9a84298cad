import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatCount, formatPhone } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import { resellerQueries } from '../api/reseller-queries';
import './resellers.css';

/** The provider's resellers with what each holds, sold, owes and paid. */
export function ResellersList({ detailPath }: { detailPath: (id: string) => string }) {
  const [archived, setArchived] = useState(false);
  const query = useQuery(resellerQueries.list(archived));

  let body;
  if (query.isPending) body = <LoadingState label="Loading resellers…" />;
  else if (query.isError) body = <ErrorState title="Could not load your resellers" error={query.error} onRetry={() => void query.refetch()} />;
  else if (query.data.items.length === 0)
    body = <EmptyState title="No resellers yet">Add the shops and agents who sell your printed cards, then hand them cards and record the cash they bring.</EmptyState>;
  else
    body = (
      <Table caption="Resellers">
        <thead>
          <Tr>
            <Th>Reseller</Th>
            <Th>Balance</Th>
            <Th>Cards held</Th>
            <Th>Sold</Th>
            <Th>Owed</Th>
            <Th>Paid</Th>
          </Tr>
        </thead>
        <tbody>
          {query.data.items.map((r) => (
            <Tr key={r.id}>
              <Td label="Reseller" className="cell-primary">
                <Link to={detailPath(r.id)}>
                  <strong>{r.name}</strong>
                </Link>{' '}
                {r.archived ? <Badge>archived</Badge> : null}
                {r.phone ? <div className="muted small">{formatPhone(r.phone)}</div> : null}
              </Td>
              <Td label="Balance">
                <strong data-testid="reseller-balance">{formatMoney(r.balanceMinor, r.currency)}</strong>
              </Td>
              <Td label="Cards held">
                {formatCount(r.heldCards)} <span className="muted small">({formatMoney(r.heldValueMinor, r.currency)})</span>
              </Td>
              <Td label="Sold">{formatCount(r.soldCards)}</Td>
              <Td label="Owed">{formatMoney(r.owedMinor, r.currency)}</Td>
              <Td label="Paid">{formatMoney(r.paidMinor, r.currency)}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    );

  return (
    <Card>
      <div className="filters">
        <div className="segmented" role="group" aria-label="Which resellers">
          <button type="button" className="segmented-item" aria-pressed={!archived} onClick={() => setArchived(false)}>
            Active
          </button>
          <button type="button" className="segmented-item" aria-pressed={archived} onClick={() => setArchived(true)}>
            With archived
          </button>
        </div>
      </div>
      {body}
      <p className="muted small rsl-footnote">Balance = owed for cards sold (at the reseller price, after refunds) − money received. Cards held are unsold cards still with the reseller.</p>
    </Card>
  );
}
