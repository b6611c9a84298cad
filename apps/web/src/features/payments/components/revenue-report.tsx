import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Chart, type ChartDatum } from '@/components/ui/chart';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { dayOf, formatCount, formatMoney, nairobiDay } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import { useDownloadRevenue } from '../api/payment-mutations';
import { paymentQueries } from '../api/payment-queries';
import type { RevenueFilters, RevenueGroup, RevenueReportDto, RevenueRowDto } from '../api/types';
import { minorToWhole } from './format';
import './payments.css';

const GROUPS: { value: RevenueGroup; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'plan', label: 'Plan' },
  { value: 'router', label: 'Router' },
  { value: 'method', label: 'Method' },
];
const TIME_GROUPS: readonly RevenueGroup[] = ['day', 'week', 'month'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-03-07" → "7 Mar"; "2025-03" → "Mar 2025"; plan/router rows use their label. */
function rowLabel(row: RevenueRowDto, groupBy: RevenueGroup): string {
  if (groupBy === 'day' || groupBy === 'week') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(row.key);
    if (m) return `${groupBy === 'week' ? 'wk ' : ''}${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}`;
  }
  if (groupBy === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(row.key);
    if (m) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  }
  if (groupBy === 'router' && row.key === 'all') return row.label ?? 'All routers';
  // method rows carry their name (M-Pesa STK, M-Pesa paybill, Cash)
  return row.label ?? row.key;
}

function useRevenueFilters(): [RevenueFilters, (patch: Partial<RevenueFilters>) => void] {
  const { params, update } = useUrlParams<keyof RevenueFilters>();
  const raw = params.get('groupBy');
  const filters: RevenueFilters = {
    groupBy: GROUPS.some((g) => g.value === raw) ? (raw as RevenueGroup) : 'day',
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
  };
  // "day" is the default grouping, so it leaves the URL.
  return [filters, (patch) => update(patch.groupBy === 'day' ? { ...patch, groupBy: undefined } : patch)];
}

/**
 * Revenue from the ledger: grouping, date range, SVG chart, totals and a table; CSV download.
 * `platform`: the super admin's whole-platform report (by time only; commission is platform revenue).
 */
export function RevenueReport({ platform = false }: { platform?: boolean }) {
  const [filters, update] = useRevenueFilters();
  const own = useQuery({ ...paymentQueries.revenue(filters), enabled: !platform });
  const all = useQuery({ ...paymentQueries.platformRevenue(filters), enabled: platform });
  const report = platform ? all : own;
  const csv = useDownloadRevenue(platform);
  const groups = platform ? GROUPS.filter((g) => TIME_GROUPS.includes(g.value)) : GROUPS;

  return (
    <>
      <Card>
        <div className="segmented" role="group" aria-label="Group by">
          {groups.map((g) => (
            <button key={g.value} type="button" className="segmented-item" aria-pressed={filters.groupBy === g.value} onClick={() => update({ groupBy: g.value })}>
              {g.label}
            </button>
          ))}
        </div>
        <div className="pay-filter-grid pay-range">
          <Input label="From" type="date" value={dayOf(filters.from)} hint="Default: the last 30 days" onChange={(e) => update({ from: nairobiDay(e.target.value) })} />
          <Input label="To" type="date" value={dayOf(filters.to, true)} onChange={(e) => update({ to: nairobiDay(e.target.value, true) })} />
        </div>
        <div className="form-actions">
          <Button variant="secondary" size="sm" loading={csv.isPending} onClick={() => csv.mutate(filters)}>
            Download CSV
          </Button>
        </div>
        {csv.isError ? <Alert tone="danger">{errorMessage(csv.error)}</Alert> : null}
      </Card>
      {report.isPending ? (
        <LoadingState label="Loading revenue…" />
      ) : report.isError ? (
        <ErrorState title="Could not load the revenue report" error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <ReportBody report={report.data} />
      )}
    </>
  );
}

function ReportBody({ report }: { report: RevenueReportDto }) {
  const { currency, total, groupBy } = report;
  const money = (minor: number) => formatMoney(minor, currency);
  const groupLabel = GROUPS.find((g) => g.value === groupBy)?.label.toLowerCase() ?? groupBy;
  const data: ChartDatum[] = report.rows.map((r) => ({
    label: rowLabel(r, groupBy),
    value: minorToWhole(r.grossMinor, currency),
    description: `${rowLabel(r, groupBy)}: ${money(r.grossMinor)} from ${formatCount(r.count)} sale${r.count === 1 ? '' : 's'}`,
  }));
  const compact = new Intl.NumberFormat('en-KE', { notation: 'compact', maximumFractionDigits: 1 });

  return (
    <>
      <Card title="Totals">
        <dl className="pay-totals" aria-label="Revenue totals">
          <div className="pay-total">
            <dt>Gross</dt>
            <dd data-testid="revenue-gross">{money(total.grossMinor)}</dd>
          </div>
          <div className="pay-total">
            <dt>Refunds</dt>
            <dd data-testid="revenue-refunds">
              {total.refundsMinor > 0 ? `−${money(total.refundsMinor)}` : money(0)}
              {total.refundCount > 0 ? <span className="muted small"> ({formatCount(total.refundCount)})</span> : null}
            </dd>
          </div>
          <div className="pay-total">
            <dt>Commission</dt>
            <dd data-testid="revenue-commission">{money(total.commissionMinor)}</dd>
          </div>
          <div className="pay-total">
            <dt>Net</dt>
            <dd data-testid="revenue-net">{money(total.netMinor)}</dd>
          </div>
          <div className="pay-total">
            <dt>Sales</dt>
            <dd data-testid="revenue-count">{formatCount(total.count)}</dd>
          </div>
        </dl>
        <Table caption="By method">
          <thead>
            <Tr>
              <Th>Method</Th>
              <Th>Sales</Th>
              <Th>Gross</Th>
              <Th>Commission</Th>
              <Th>Net</Th>
            </Tr>
          </thead>
          <tbody>
            {report.byMethod.map((m) => (
              <Tr key={`${m.method}|${m.currency}`}>
                <Td label="Method" className="cell-primary">
                  {m.label}
                </Td>
                <Td label="Sales">{formatCount(m.count)}</Td>
                <Td label="Gross">
                  <span data-testid={`revenue-method-${m.method}`}>{formatMoney(m.grossMinor, m.currency)}</span>
                </Td>
                <Td label="Commission">{formatMoney(m.commissionMinor, m.currency)}</Td>
                <Td label="Net">{formatMoney(m.netMinor, m.currency)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title={`Gross revenue by ${groupLabel}`}>
        {report.rows.length === 0 ? (
          <EmptyState title="No revenue in this period">Settled M-Pesa payments and recorded cash sales appear here.</EmptyState>
        ) : (
          <>
            <Chart title={`Gross revenue by ${groupLabel} (${currency})`} data={data} kind={TIME_GROUPS.includes(groupBy) && data.length > 1 ? 'line' : 'bar'} format={(v) => compact.format(v)} />
            <Table caption={`Revenue by ${groupLabel}`}>
              <thead>
                <Tr>
                  <Th>{GROUPS.find((g) => g.value === groupBy)?.label ?? groupBy}</Th>
                  <Th>Sales</Th>
                  <Th>Gross</Th>
                  <Th>Refunds</Th>
                  <Th>Commission</Th>
                  <Th>Net</Th>
                </Tr>
              </thead>
              <tbody>
                {report.rows.map((r) => (
                  <Tr key={r.key}>
                    <Td label="Group" className="cell-primary">
                      {rowLabel(r, groupBy)}
                    </Td>
                    <Td label="Sales">{formatCount(r.count)}</Td>
                    <Td label="Gross">{money(r.grossMinor)}</Td>
                    <Td label="Refunds">{r.refundsMinor > 0 ? `−${money(r.refundsMinor)}` : '—'}</Td>
                    <Td label="Commission">{money(r.commissionMinor)}</Td>
                    <Td label="Net">{money(r.netMinor)}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </Card>
    </>
  );
}
