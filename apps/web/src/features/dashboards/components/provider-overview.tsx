import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { BarChart, ProportionBars } from '@/components/ui/bar-chart';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Stat, StatGrid } from '@/components/ui/stat';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatDateTime, formatMoney } from '@/lib/format';
import { dashboardQueries, type LedgerTotal, type MethodTotal } from '../api/dashboard-queries';
import { GettingStarted, type GettingStartedPaths } from './getting-started';
import { formatRate, rateHint, rateTone } from './rate';

const money = (rows: LedgerTotal[], fallback = 'KES') => (rows.length ? rows.map((r) => formatMoney(r.grossMinor, r.currency)).join(' + ') : formatMoney(0, fallback));

/** Sales by method (M-Pesa STK, M-Pesa paybill, cash) for today, 7 and 30 days: every method, zeros included. */
function SalesByMethod({ ranges }: { ranges: { today: MethodTotal[]; last7Days: MethodTotal[]; last30Days: MethodTotal[] } }) {
  const key = (m: MethodTotal) => `${m.method}|${m.currency}`;
  const at = (rows: MethodTotal[], m: MethodTotal) => rows.find((r) => key(r) === key(m));
  const cell = (m: MethodTotal | undefined) => (m ? `${formatMoney(m.grossMinor, m.currency)} · ${m.count}` : '—');
  return (
    <Table caption="Sales by method">
      <thead>
        <Tr>
          <Th>Method</Th>
          <Th>Today</Th>
          <Th>Last 7 days</Th>
          <Th>Last 30 days</Th>
        </Tr>
      </thead>
      <tbody>
        {ranges.last30Days.map((m) => (
          <Tr key={key(m)}>
            <Td label="Method" className="cell-primary">
              {m.label}
            </Td>
            <Td label="Today">{cell(at(ranges.today, m))}</Td>
            <Td label="Last 7 days">{cell(at(ranges.last7Days, m))}</Td>
            <Td label="Last 30 days">
              <span data-testid={`method-${m.method}-30d`}>{cell(m)}</span>
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The provider's morning page: revenue from the ledger, sales, sessions, vouchers, routers, subscription. */
export function ProviderOverview({
  routerPath,
  routersPath,
  onlinePath,
  subscriptionPath,
  setupPaths,
}: {
  routerPath: (id: string) => string;
  routersPath: string;
  onlinePath: string;
  subscriptionPath: string;
  /** Where the getting-started steps are done; without them the checklist is not shown. */
  setupPaths?: GettingStartedPaths;
}) {
  const query = useQuery(dashboardQueries.overview());
  if (query.isPending) return <LoadingState label="Loading your overview…" />;
  if (query.isError) return <ErrorState title="Could not load your overview" error={query.error} onRetry={() => void query.refetch()} />;
  const o = query.data;
  const currency = o.daily[0]?.currency ?? 'KES';
  const daily = o.daily.filter((d) => d.currency === currency);
  const v = o.vouchers;
  return (
    <>
      {/* the subscription is the owner's only and exists once approved: exactly who the checklist is for */}
      {setupPaths && o.subscription ? <GettingStarted paths={setupPaths} /> : null}
      {o.routers.alerts.map((a) => (
        <Alert key={a.routerId} tone="danger" title={`Router ${a.name}`}>
          {a.alert} — <Link to={routerPath(a.routerId)}>open the router</Link>
        </Alert>
      ))}
      {o.subscription && !o.subscription.canSell ? (
        <Alert tone="danger" title="Sales are paused">
          Your subscription is {o.subscription.status}. <Link to={subscriptionPath}>Renew it</Link> to sell again.
        </Alert>
      ) : null}
      <StatGrid label="Revenue and sales">
        <Stat label="Revenue today" value={money(o.revenue.today, currency)} hint={`${o.sales.today} sale${o.sales.today === 1 ? '' : 's'}`} />
        <Stat label="Last 7 days" value={money(o.revenue.last7Days, currency)} hint={`${o.sales.last7Days} sales`} />
        <Stat label="Last 30 days" value={money(o.revenue.last30Days, currency)} hint={`${o.sales.last30Days} sales`} />
        <Stat
          label="Active sessions"
          value={
            <Link to={onlinePath} aria-label={`${o.routers.activeSessions} active sessions: see who is online`}>
              {o.routers.activeSessions}
            </Link>
          }
          hint={
            <>
              on {o.routers.online} online router{o.routers.online === 1 ? '' : 's'} · <Link to={onlinePath}>Who is online</Link>
            </>
          }
        />
        <Stat
          label="Routers online"
          value={`${o.routers.online} / ${o.routers.total}`}
          tone={o.routers.offline + o.routers.error > 0 ? 'danger' : undefined}
          hint={o.routers.offline + o.routers.error > 0 ? `${o.routers.offline + o.routers.error} offline or failing` : 'all reachable'}
        />
        <Stat label="Payment success" value={formatRate(o.paymentSuccess.rate)} hint={rateHint(o.paymentSuccess)} tone={rateTone(o.paymentSuccess)} />
      </StatGrid>
      <div className="dash-grid">
        <Card title="Revenue, last 30 days">
          <BarChart
            title={`Daily revenue (${currency})`}
            data={daily.map((d) => ({ label: d.day.slice(5), value: d.grossMinor, display: `${formatMoney(d.grossMinor, d.currency)}, ${d.count} sales` }))}
            formatAxis={(n) => formatMoney(n, currency).replace(`${currency} `, '')}
          />
        </Card>
        <Card title="Sales by method" actions={<span className="muted small">revenue · sales</span>}>
          <SalesByMethod ranges={o.salesByMethod} />
        </Card>
        <Card title="Vouchers by status">
          {v.total === 0 ? (
            <EmptyState title="No vouchers yet">Generate a batch or sell one on the captive portal.</EmptyState>
          ) : (
            <ProportionBars
              title="Vouchers by status"
              items={[
                { label: 'Available', value: v.available, tone: 'info' },
                { label: 'Sold', value: v.sold, tone: 'success' },
                { label: 'In use', value: v.in_use, tone: 'success' },
                { label: 'Expired', value: v.expired, tone: 'neutral' },
                { label: 'Disabled', value: v.disabled, tone: 'warning' },
                { label: 'Refunded', value: v.refunded, tone: 'danger' },
              ]}
            />
          )}
        </Card>
        <Card title="Top plans, last 30 days">
          {o.topPlans.length === 0 ? (
            <EmptyState title="No sales in the last 30 days" />
          ) : (
            <Table caption="Top plans">
              <thead>
                <Tr>
                  <Th>Plan</Th>
                  <Th>Sales</Th>
                  <Th>Revenue</Th>
                </Tr>
              </thead>
              <tbody>
                {o.topPlans.map((p) => (
                  <Tr key={p.planId + p.currency}>
                    <Td label="Plan">{p.planName}</Td>
                    <Td label="Sales">{p.count}</Td>
                    <Td label="Revenue">{formatMoney(p.grossMinor, p.currency)}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card title="Routers" actions={<Link to={routersPath}>All routers</Link>}>
          {o.routers.total === 0 ? (
            <EmptyState title="No routers yet">
              <Link to={routersPath}>Add your MikroTik router</Link> to start selling.
            </EmptyState>
          ) : (
            <>
              <ProportionBars
                title="Routers by status"
                items={[
                  { label: 'Online', value: o.routers.online, tone: 'success' },
                  { label: 'Offline', value: o.routers.offline, tone: 'danger' },
                  { label: 'Failing', value: o.routers.error, tone: 'warning' },
                  { label: 'Not checked', value: o.routers.unknown, tone: 'neutral' },
                ]}
              />
              <p className="muted small">
                Sync: {o.routers.syncPending} waiting, {o.routers.syncFailed} failed
              </p>
            </>
          )}
        </Card>
      </div>
      {o.subscription ? (
        <Card title="Subscription" actions={<Link to={subscriptionPath}>Manage</Link>}>
          <p>
            <Badge tone={o.subscription.canSell ? 'success' : 'danger'}>{o.subscription.status}</Badge> {o.subscription.planName ?? 'Trial'} · {o.subscription.daysLeft} day
            {o.subscription.daysLeft === 1 ? '' : 's'} left (until {formatDateTime(o.subscription.currentPeriodEnd)})
          </p>
        </Card>
      ) : null}
      <p className="muted small">Updated {formatDateTime(o.generatedAt)}</p>
    </>
  );
}
