import { useQuery } from '@tanstack/react-query';
import { BarChart, ProportionBars } from '@/components/ui/bar-chart';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Stat, StatGrid } from '@/components/ui/stat';
import { formatDateTime, formatMoney } from '@/lib/format';
import { dashboardQueries } from '../api/dashboard-queries';
import { formatRate, rateHint, rateTone } from './rate';

const sum = (rows: { currency: string; amountMinor: number }[], currency: string) => rows.find((r) => r.currency === currency)?.amountMinor ?? 0;

/** Super admin: providers, platform revenue (subscriptions + commissions), GMV, success rates, routers. */
export function AdminOverview() {
  const query = useQuery(dashboardQueries.adminOverview());
  if (query.isPending) return <LoadingState label="Loading the platform overview…" />;
  if (query.isError) return <ErrorState title="Could not load the platform overview" error={query.error} onRetry={() => void query.refetch()} />;
  const o = query.data;
  const currency = o.daily[0]?.currency ?? 'KES';
  const daily = o.daily.filter((d) => d.currency === currency);
  const gmv30 = o.gmv.last30Days.find((r) => r.currency === currency);
  const axis = (n: number) => formatMoney(n, currency).replace(`${currency} `, '');
  return (
    <>
      <StatGrid label="Platform figures">
        <Stat
          label="Platform revenue, 30 days"
          value={formatMoney(sum(o.platformRevenue.total30Days, currency), currency)}
          hint={`${formatMoney(sum(o.platformRevenue.subscriptions30Days, currency), currency)} subscriptions + ${formatMoney(sum(o.platformRevenue.commissions30Days, currency), currency)} commissions`}
        />
        <Stat label="GMV, 30 days" value={formatMoney(gmv30?.grossMinor ?? 0, currency)} hint={`${gmv30?.count ?? 0} customer payments`} />
        <Stat label="GMV today" value={formatMoney(o.gmv.today.find((r) => r.currency === currency)?.grossMinor ?? 0, currency)} />
        <Stat label="Payment success" value={formatRate(o.paymentSuccess.rate)} hint={rateHint(o.paymentSuccess)} tone={rateTone(o.paymentSuccess)} />
        <Stat label="Webhook success" value={formatRate(o.webhookSuccess.rate)} hint={rateHint(o.webhookSuccess)} tone={rateTone(o.webhookSuccess)} />
        <Stat label="Router sync success" value={formatRate(o.routerSync.rate)} hint={rateHint(o.routerSync)} tone={rateTone(o.routerSync)} />
        <Stat
          label="Routers online"
          value={`${o.routers.online} / ${o.routers.total}`}
          hint={`${o.routers.activeSessions} active sessions`}
          tone={o.routers.offline + o.routers.error > 0 ? 'warning' : undefined}
        />
        <Stat label="Providers" value={o.providers.active} hint={`active · ${o.providers.pending} pending`} />
      </StatGrid>
      <div className="dash-grid">
        <Card title="Platform revenue per day">
          <BarChart
            title={`Subscriptions + commissions (${currency}), last 30 days`}
            data={daily.map((d) => ({
              label: d.day.slice(5),
              value: d.subscriptionsMinor + d.commissionsMinor,
              display: `${formatMoney(d.subscriptionsMinor, currency)} subscriptions + ${formatMoney(d.commissionsMinor, currency)} commissions`,
            }))}
            formatAxis={axis}
          />
        </Card>
        <Card title="Customer payments (GMV) per day">
          <BarChart title={`GMV (${currency}), last 30 days`} data={daily.map((d) => ({ label: d.day.slice(5), value: d.gmvMinor, display: formatMoney(d.gmvMinor, currency) }))} formatAxis={axis} />
        </Card>
        <Card title="Sales by method, 30 days">
          <ProportionBars
            title="Sales by method, last 30 days (count)"
            items={o.gmvByMethod.last30Days
              .filter((m) => m.currency === currency)
              .map((m) => ({ label: `${m.label} · ${formatMoney(m.grossMinor, m.currency)}`, value: m.count, tone: m.method === 'cash' ? 'neutral' : 'success' }))}
          />
        </Card>
        <Card title="Providers by status">
          <ProportionBars
            title="Providers by status"
            items={[
              { label: 'Active', value: o.providers.active, tone: 'success' },
              { label: 'Pending', value: o.providers.pending, tone: 'warning' },
              { label: 'Suspended', value: o.providers.suspended, tone: 'danger' },
              { label: 'Rejected', value: o.providers.rejected, tone: 'neutral' },
            ]}
          />
        </Card>
        <Card title="Routers by status">
          <ProportionBars
            title="Routers by status"
            items={[
              { label: 'Online', value: o.routers.online, tone: 'success' },
              { label: 'Offline', value: o.routers.offline, tone: 'danger' },
              { label: 'Failing', value: o.routers.error, tone: 'warning' },
              { label: 'Not checked', value: o.routers.unknown, tone: 'neutral' },
            ]}
          />
        </Card>
      </div>
      <p className="muted small">Updated {formatDateTime(o.generatedAt)}</p>
    </>
  );
}
