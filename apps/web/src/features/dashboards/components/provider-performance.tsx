import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Stat, StatGrid } from '@/components/ui/stat';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { dayOf, formatCount, formatDateTime, formatMoney, formatRate, formatSeconds, nairobiDay } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import { dashboardQueries, type LedgerTotal, type PerformanceFilters, type PerformanceSort, type PerformanceTotals, type ProviderPerformance, type PushStats } from '../api/dashboard-queries';
import './provider-performance.css';

/** Below this STK success rate a provider is highlighted (docs/operations.md, Provider performance). */
const LOW_SUCCESS_RATE = 0.8;
const PRESETS = ['7', '30', '90'] as const;
type Preset = (typeof PRESETS)[number];
const SORTS: { value: PerformanceSort; label: string }[] = [
  { value: 'gross', label: 'Gross sales' },
  { value: 'successRate', label: 'STK success rate' },
  { value: 'routersOffline', label: 'Routers offline' },
  { value: 'name', label: 'Name' },
];
const defaultOrder = (sort: PerformanceSort): 'asc' | 'desc' => (sort === 'name' ? 'asc' : 'desc');

/** "YYYY-MM-DD" `days` days before a Nairobi day. */
function daysBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

type Params = 'range' | 'from' | 'to' | 'sort' | 'order' | 'q';

/** Range (last 7/30/90 Nairobi days, today included, or custom days), sort and search, kept in the URL. */
function usePerformanceFilters() {
  const { params, update } = useUrlParams<Params>();
  const rawRange = params.get('range');
  const range: Preset | 'custom' = rawRange === 'custom' || PRESETS.includes(rawRange as Preset) ? (rawRange as Preset | 'custom') : '30';
  const rawSort = params.get('sort');
  const sort = SORTS.find((s) => s.value === rawSort)?.value ?? 'gross';
  const rawOrder = params.get('order');
  const order = rawOrder === 'asc' || rawOrder === 'desc' ? rawOrder : defaultOrder(sort);
  const today = dayOf(new Date().toISOString());
  const filters: PerformanceFilters =
    range === 'custom'
      ? { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, sort, order, search: params.get('q') ?? undefined }
      : { from: nairobiDay(daysBefore(today, Number(range) - 1)), to: nairobiDay(today, true), sort, order, search: params.get('q') ?? undefined };
  return { range, filters, update };
}

/**
 * The super admin's per-provider performance (GET /admin/providers/performance): range picker,
 * platform totals, a sortable table (cards on phones) with "Load more", search by name.
 * `providerPath`: where a provider's name links (the providers screen, filtered to it).
 */
export function ProviderPerformanceReport({ providerPath }: { providerPath: (name: string) => string }) {
  const { range, filters, update } = usePerformanceFilters();
  const query = useInfiniteQuery(dashboardQueries.performance(filters));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const first = query.data?.pages[0];
  const sortBy = (sort: PerformanceSort) => update({ sort: sort === 'gross' ? undefined : sort, order: sort === filters.sort ? (filters.order === 'asc' ? 'desc' : 'asc') : undefined });

  let body;
  if (query.isPending) {
    body = <LoadingState label="Loading performance…" />;
  } else if (query.isError && !query.data) {
    body = <ErrorState title="Could not load provider performance" error={query.error} onRetry={() => void query.refetch()} />;
  } else if (rows.length === 0) {
    body = (
      <Card>
        <EmptyState title={filters.search ? 'No provider matches this search' : 'No providers yet'}>
          {filters.search ? (
            <Button variant="secondary" onClick={() => update({ q: undefined })}>
              Clear search
            </Button>
          ) : (
            'Providers appear here once they sign up.'
          )}
        </EmptyState>
      </Card>
    );
  } else {
    body = (
      <Card title={first && first.total !== first.totals.providers ? `${formatCount(first.total)} of ${formatCount(first.totals.providers)} providers` : 'Providers'}>
        <PerformanceTable rows={rows} sort={filters.sort} order={filters.order} onSort={sortBy} providerPath={providerPath} />
        <ListFooter query={query} shown={`${rows.length} of ${first?.total ?? rows.length}`} errorPrefix={query.isFetchNextPageError ? 'Could not load more: ' : 'Could not refresh: '} />
      </Card>
    );
  }

  return (
    <>
      <Card>
        <div className="perf-controls">
          <div className="segmented" role="group" aria-label="Range">
            {PRESETS.map((p) => (
              <button key={p} type="button" className="segmented-item" aria-pressed={range === p} onClick={() => update({ range: p === '30' ? undefined : p, from: undefined, to: undefined })}>
                {p} days
              </button>
            ))}
            <button type="button" className="segmented-item" aria-pressed={range === 'custom'} onClick={() => update({ range: 'custom', from: filters.from, to: filters.to })}>
              Custom
            </button>
          </div>
          <SearchBox value={filters.search ?? ''} onChange={(q) => update({ q })} />
          <div className="perf-sort">
            <label className="visually-hidden" htmlFor="perf-sort">
              Sort by
            </label>
            <select id="perf-sort" className="input" value={filters.sort} onChange={(e) => update({ sort: e.target.value === 'gross' ? undefined : e.target.value, order: undefined })}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  Sort: {s.label}
                </option>
              ))}
            </select>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => update({ order: filters.order === 'asc' ? 'desc' : 'asc' })}
              aria-label={`Order: ${filters.order === 'asc' ? 'ascending' : 'descending'}, change`}
            >
              {filters.order === 'asc' ? '↑ Ascending' : '↓ Descending'}
            </Button>
          </div>
        </div>
        {range === 'custom' ? (
          <div className="perf-range">
            <Input label="From" type="date" value={dayOf(filters.from)} onChange={(e) => update({ from: nairobiDay(e.target.value) })} />
            <Input label="To" type="date" value={dayOf(filters.to, true)} hint="Nairobi days, both included; at most 366 days" onChange={(e) => update({ to: nairobiDay(e.target.value, true) })} />
          </div>
        ) : null}
        {first ? (
          <p className="muted small perf-period">
            {dayOf(first.from)} to {dayOf(first.to, true)} (Nairobi time)
          </p>
        ) : null}
      </Card>
      {first ? <TotalsCard totals={first.totals} /> : null}
      {body}
    </>
  );
}

function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(value);
  const id = useId();
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = window.setTimeout(() => onChange(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(text.trim());
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Search providers by name
      </label>
      <input id={id} className="input" type="search" placeholder="Search by name" value={text} onChange={(e) => setText(e.target.value)} />
    </form>
  );
}

const lowRate = (p: PushStats) => p.successRate !== null && p.successRate < LOW_SUCCESS_RATE;

function TotalsCard({ totals }: { totals: PerformanceTotals }) {
  const kes = totals.sales.find((s) => s.currency === 'KES') ?? totals.sales[0];
  const currency = kes?.currency ?? 'KES';
  return (
    <Card title="Platform totals">
      <StatGrid label="Platform totals">
        <Stat
          label="Gross sales"
          value={<span data-testid="perf-total-gross">{formatMoney(kes?.grossMinor ?? 0, currency)}</span>}
          hint={`${formatCount(totals.salesCount)} sale${totals.salesCount === 1 ? '' : 's'}${kes && kes.refundsMinor > 0 ? ` · −${formatMoney(kes.refundsMinor, currency)} refunded` : ''}`}
        />
        <Stat label="Platform commission" value={formatMoney(kes?.commissionMinor ?? 0, currency)} hint="after refunds" />
        <Stat
          label="STK success rate"
          value={<span data-testid="perf-total-rate">{formatRate(totals.pushes.successRate)}</span>}
          tone={lowRate(totals.pushes) ? 'danger' : undefined}
          hint={
            totals.pushes.started === 0 ? 'no pushes' : `${formatCount(totals.pushes.paid)} paid of ${formatCount(totals.pushes.started)} · median ${formatSeconds(totals.pushes.medianSecondsToPaid)}`
          }
        />
        <Stat
          label="Routers online"
          value={`${formatCount(totals.routers.online)} / ${formatCount(totals.routers.total)}`}
          tone={totals.routers.offline > 0 ? 'danger' : undefined}
          hint={totals.routers.offline > 0 ? `${formatCount(totals.routers.offline)} offline now` : 'none offline'}
        />
        <Stat label="Vouchers sold" value={formatCount(totals.vouchersSold)} />
        <Stat label="Providers" value={formatCount(totals.providers)} hint={`last sale ${formatDateTime(totals.lastSaleAt)}`} />
      </StatGrid>
      {totals.sales.length > 1 ? (
        <p className="muted small">
          Other currencies:{' '}
          {totals.sales
            .filter((s) => s !== kes)
            .map((s) => `${formatMoney(s.grossMinor, s.currency)} gross`)
            .join(', ')}
        </p>
      ) : null}
    </Card>
  );
}

function SortHeader({ label, sort, current, order, onSort }: { label: string; sort: PerformanceSort; current: PerformanceSort; order: 'asc' | 'desc'; onSort: (s: PerformanceSort) => void }) {
  const active = sort === current;
  return (
    <Th aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="perf-sort-button" onClick={() => onSort(sort)}>
        {label}
        <span aria-hidden="true">{active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </Th>
  );
}

function Money({ sales, pick }: { sales: LedgerTotal[]; pick: (s: LedgerTotal) => number }) {
  if (sales.length === 0) return <>—</>;
  return (
    <>
      {sales.map((s) => (
        <div key={s.currency} className="perf-money">
          {formatMoney(pick(s), s.currency)}
        </div>
      ))}
    </>
  );
}

function PerformanceTable({
  rows,
  sort,
  order,
  onSort,
  providerPath,
}: {
  rows: ProviderPerformance[];
  sort: PerformanceSort;
  order: 'asc' | 'desc';
  onSort: (s: PerformanceSort) => void;
  providerPath: (name: string) => string;
}) {
  const header = { current: sort, order, onSort };
  return (
    <Table caption="Provider performance">
      <thead>
        <Tr>
          <SortHeader label="Provider" sort="name" {...header} />
          <SortHeader label="Gross" sort="gross" {...header} />
          <Th>Commission</Th>
          <Th>Sales</Th>
          <SortHeader label="STK success" sort="successRate" {...header} />
          <Th>Median to paid</Th>
          <SortHeader label="Routers online" sort="routersOffline" {...header} />
          <Th>Vouchers</Th>
          <Th>Last sale</Th>
        </Tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <Tr key={r.providerId} data-testid={`perf-row-${r.providerId}`}>
            <Td label="Provider" className="cell-primary">
              <Link to={providerPath(r.name)}>{r.name}</Link>
              <div className="perf-meta">
                <StatusBadge status={r.status} />
                <span className="muted small">{r.collectionMode === 'platform' ? 'Platform M-Pesa' : 'Own M-Pesa'}</span>
              </div>
            </Td>
            <Td label="Gross">
              <span data-testid="perf-gross">
                <Money sales={r.sales} pick={(s) => s.grossMinor} />
              </span>
              {r.sales
                .filter((s) => s.refundsMinor > 0)
                .map((s) => (
                  <div key={s.currency} className="muted small">
                    −{formatMoney(s.refundsMinor, s.currency)} refunded ({s.refundCount})
                  </div>
                ))}
            </Td>
            <Td label="Commission">
              <Money sales={r.sales} pick={(s) => s.commissionMinor} />
            </Td>
            <Td label="Sales">{formatCount(r.salesCount)}</Td>
            <Td label="STK success">
              <span data-testid="perf-rate" className={lowRate(r.pushes) ? 'perf-low' : undefined}>
                {formatRate(r.pushes.successRate)}
              </span>
              {lowRate(r.pushes) ? (
                <>
                  {' '}
                  <Badge tone="danger">low</Badge>
                </>
              ) : null}
              <div className="muted small">
                {r.pushes.started === 0 ? 'no pushes' : `${r.pushes.paid} of ${r.pushes.started}`}
                {r.pushes.failed + r.pushes.expired > 0 ? ` · ${r.pushes.failed} failed · ${r.pushes.expired} expired` : ''}
              </div>
            </Td>
            <Td label="Median to paid">{formatSeconds(r.pushes.medianSecondsToPaid)}</Td>
            <Td label="Routers online">
              <span data-testid="perf-routers">
                {r.routers.online} / {r.routers.total}
              </span>
              {r.routers.offline > 0 ? <div className="perf-offline">{r.routers.offline} offline</div> : null}
            </Td>
            <Td label="Vouchers">{formatCount(r.vouchersSold)}</Td>
            <Td label="Last sale">{formatDateTime(r.lastSaleAt)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
