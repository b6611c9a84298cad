import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { LoadMore } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { api, unwrap } from '@/lib/api-client';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatAmount, formatDateTime, formatMoney } from '@/lib/format';
import { customerQueries } from '../api/customer-queries';

function Purchases({ id }: { id: string }) {
  const query = useQuery(customerQueries.purchases(id));
  if (query.isPending) return <LoadingState label="Loading purchases…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <ul className="type-list">
      {query.data.items.map((p) => (
        <li key={p.id}>
          {formatDateTime(p.paidAt)} · {p.planName} · {formatAmount(p.amount, p.currency)} · <Badge tone="success">{p.receipt ?? p.status}</Badge>
        </li>
      ))}
    </ul>
  );
}

/** The owner's "Show number": the full number from the API, which records who asked in the audit log. */
function RevealPhone({ id, masked }: { id: string; masked: string | null }) {
  const reveal = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/customers/{id}/phone', { params: { path: { id } } })) });
  if (reveal.data) {
    return (
      <p>
        Full number:{' '}
        <a href={`tel:+${reveal.data.phone}`} className="mono">
          {reveal.data.display}
        </a>
        <span className="muted small block">Shown to you and recorded in the audit log.</span>
      </p>
    );
  }
  return (
    <p>
      <Button size="sm" variant="secondary" loading={reveal.isPending} onClick={() => reveal.mutate()} aria-label={`Show the full number of ${masked ?? 'this customer'}`}>
        Show number
      </Button>
      {reveal.isError ? (
        <span className="field-error block" role="alert">
          {errorMessage(reveal.error)}
        </span>
      ) : null}
    </p>
  );
}

/** Buyers by phone (masked): purchases, total, last purchase; search; each buyer's purchases and (owner) their full number. */
export function CustomersPage({ canRevealPhone = false }: { canRevealPhone?: boolean }) {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const query = useInfiniteQuery(customerQueries.list(search));
  const methods = useQuery(customerQueries.methods());
  // printed cards sold for cash or through resellers have no buyer phone
  const cash = methods.data?.filter((m) => (m.method === 'cash' || m.method === 'reseller') && m.count > 0) ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSearch(input.trim());
  };
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const searchError = query.error instanceof ApiError ? query.error.fieldErrors().search : undefined;
  return (
    <>
      <form className="filters" role="search" onSubmit={submit}>
        <Input label="Search customers" type="search" value={input} onChange={(e) => setInput(e.target.value)} hint="Phone number, its last digits, or an M-Pesa receipt" error={searchError} />
        <div className="form-actions">
          <Button type="submit">Search</Button>
        </div>
      </form>
      {cash.length ? (
        <p className="muted" data-testid="customers-cash-note">
          Cash and reseller sales have no buyer phone, so they are not listed here:{' '}
          {cash.map((m) => `${formatMoney(m.grossMinor, m.currency)} from ${m.count} card${m.count === 1 ? '' : 's'} (${m.label.toLowerCase()})`).join(' + ')} in the last 30 days.
        </p>
      ) : null}
      {query.isPending ? (
        <LoadingState label="Loading customers…" />
      ) : query.isError && !searchError ? (
        <ErrorState title="Could not load customers" error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={search ? 'No customer matches this search' : 'No customers yet'}>{search ? null : 'Buyers appear here after their first M-Pesa purchase.'}</EmptyState>
      ) : (
        <Card>
          <Table caption="Customers">
            <thead>
              <Tr>
                <Th>Phone</Th>
                <Th>Purchases</Th>
                <Th>Total</Th>
                <Th>Last purchase</Th>
                <Th>Details</Th>
              </Tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <Tr key={c.id}>
                  <Td label="Phone">{c.phone ?? '—'}</Td>
                  <Td label="Purchases">
                    {c.purchases}
                    <div className="muted small">{[c.stkPurchases ? `STK ${c.stkPurchases}` : null, c.paybillPurchases ? `paybill ${c.paybillPurchases}` : null].filter(Boolean).join(' · ')}</div>
                  </Td>
                  <Td label="Total">{formatAmount(c.total, c.currency)}</Td>
                  <Td label="Last purchase">
                    {formatDateTime(c.lastPurchaseAt)}
                    <div className="muted small">{c.lastPlanName}</div>
                  </Td>
                  <Td label="Details">
                    <Button size="sm" variant="ghost" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)} aria-label={`Purchases of ${c.phone ?? 'this customer'}`}>
                      {open === c.id ? 'Hide' : 'Purchases'}
                    </Button>
                    {open === c.id ? (
                      <>
                        {canRevealPhone && c.phone ? <RevealPhone id={c.id} masked={c.phone} /> : null}
                        <Purchases id={c.id} />
                      </>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          <LoadMore query={query} />
        </Card>
      )}
    </>
  );
}
