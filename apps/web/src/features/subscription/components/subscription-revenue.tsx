import { useQuery } from '@tanstack/react-query';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatMoney } from '@/lib/format';
import { platformPlanQueries } from '../api/subscription-queries';

/** Super admin: subscription revenue from paid invoices (waivers excluded), total and per month. */
export function SubscriptionRevenue() {
  const revenue = useQuery(platformPlanQueries.revenue());
  if (revenue.isPending) return <LoadingState label="Loading revenue…" />;
  if (revenue.isError) return <ErrorState error={revenue.error} onRetry={() => void revenue.refetch()} />;
  const { totals, months } = revenue.data;
  return (
    <>
      <Card title="Total subscription revenue">
        {totals.length === 0 ? (
          <EmptyState title="No paid subscriptions yet" />
        ) : (
          <dl className="details">
            {totals.map((t) => (
              <div key={t.currency}>
                <dt>{t.currency}</dt>
                <dd data-testid={`revenue-total-${t.currency}`}>
                  {formatMoney(t.amountMinor, t.currency)}{' '}
                  <span className="muted small">
                    from {t.invoices} paid invoice{t.invoices === 1 ? '' : 's'}
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        )}
      </Card>
      {months.length > 0 ? (
        <Card title="Per month">
          <Table caption="Subscription revenue per month">
            <thead>
              <Tr>
                <Th>Month</Th>
                <Th>Revenue</Th>
                <Th>Paid invoices</Th>
              </Tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <Tr key={`${m.month}-${m.currency}`}>
                  <Td label="Month">{m.month}</Td>
                  <Td label="Revenue">{formatMoney(m.amountMinor, m.currency)}</Td>
                  <Td label="Paid invoices">{m.invoices}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
    </>
  );
}
