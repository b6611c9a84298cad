import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { RouterPicker } from '@/components/router-picker/router-picker';
import { errorMessage } from '@/lib/api-error';
import { dayOf, formatAmount, formatCount, formatDateTime, formatMoney, nairobiDay } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import type { BulkAction, BulkResult, CashSaleResult, VoucherFilters, VoucherSort, VoucherStatus } from '../api/types';
import { useBulkVoucherAction, useExportVouchers, useRecordCashSale } from '../api/voucher-mutations';
import { voucherQueries } from '../api/voucher-queries';
import { CashSaleOutcome } from './cash-sale';
import { STATUS_LABELS, STATUS_TONES } from './format';
import './vouchers.css';
import './vouchers-list.css';

const STATUSES = Object.keys(STATUS_LABELS) as VoucherStatus[];
const FILTER_KEYS = ['status', 'planId', 'batchId', 'routerId', 'resellerId', 'createdFrom', 'createdTo', 'search', 'sale'] as const;

/** What the vouchers cost together, per currency ("KES 150"). */
function moneyOf(vouchers: { priceMinor: number; currency: string }[]): string {
  const sums = new Map<string, number>();
  for (const v of vouchers) sums.set(v.currency, (sums.get(v.currency) ?? 0) + v.priceMinor);
  return [...sums].map(([currency, minor]) => formatMoney(minor, currency)).join(' + ') || formatMoney(0, 'KES');
}

/** Filters and sort live in the URL (?status=…&batchId=…) so links and reloads keep them. */
function useUrlFilters() {
  const { params, update, clear } = useUrlParams<(typeof FILTER_KEYS)[number] | 'sort'>();
  const filters: VoucherFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) (filters as Record<string, string>)[key] = value;
  }
  if (filters.sale && filters.sale !== 'recorded' && filters.sale !== 'not_recorded') delete filters.sale;
  const sort: VoucherSort = params.get('sort') === 'oldest' ? 'oldest' : 'newest';
  return { filters, sort, update, clear };
}

/** Vouchers: status chips with counts, filters, cursor pagination, selection + bulk disable/enable. */
export function VouchersList({ detailPath }: { detailPath: (id: string) => string }) {
  const { filters, sort, update, clear } = useUrlFilters();
  const list = useInfiniteQuery(voucherQueries.list(filters, sort));
  const counts = useQuery(voucherQueries.counts(filters));
  const plans = useQuery(voucherQueries.plans());
  const routers = useQuery(voucherQueries.routers());
  const batches = useInfiniteQuery(voucherQueries.batches());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const [bulkResult, setBulkResult] = useState<{ action: BulkAction; result: BulkResult } | null>(null);
  const bulkMutation = useBulkVoucherAction();
  const cashSale = useRecordCashSale();
  const [cashAsk, setCashAsk] = useState(false);
  const [cashResult, setCashResult] = useState<CashSaleResult | null>(null);
  const exporter = useExportVouchers();
  const [text, setText] = useState(filters.search ?? '');
  const searchId = useId();
  const moreId = useId();
  const [showFilters, setShowFilters] = useState(false);
  const filterKey = JSON.stringify([filters, sort]);

  useEffect(() => setSelected(new Set()), [filterKey]);
  useEffect(() => setText(filters.search ?? ''), [filters.search]);
  useEffect(() => {
    if (text.trim() === (filters.search ?? '')) return;
    const timer = window.setTimeout(() => update({ search: text.trim() || undefined }), 400);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const vouchers = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const selectedTotal = moneyOf(vouchers.filter((v) => selected.has(v.id)));
  const routerName = (id: string | null) => (id ? (routers.data?.find((r) => r.id === id)?.name ?? 'Router') : 'All routers');
  const batchOptions = batches.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = FILTER_KEYS.some((k) => filters[k]);
  // the filters folded behind "Filters" on a phone (search and status chips stay visible)
  const folded = (['planId', 'batchId', 'routerId', 'createdFrom', 'createdTo', 'sale'] as const).filter((k) => filters[k]).length + (sort === 'oldest' ? 1 : 0);
  const allShownSelected = vouchers.length > 0 && vouchers.every((v) => selected.has(v.id));

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  let body;
  if (list.isPending) body = <LoadingState label="Loading vouchers…" />;
  else if (list.isError && !list.data) body = <ErrorState title="Could not load vouchers" error={list.error} onRetry={() => void list.refetch()} />;
  else if (vouchers.length === 0)
    body = (
      <EmptyState title={filtered ? 'No vouchers match these filters' : 'No vouchers yet'}>
        {filtered ? (
          <Button variant="secondary" onClick={clear}>
            Clear filters
          </Button>
        ) : (
          'Generate a batch to print or sell vouchers.'
        )}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table caption="Vouchers">
          <thead>
            <Tr>
              <Th>
                <label className="vch-check">
                  <input type="checkbox" checked={allShownSelected} onChange={(e) => setSelected(e.target.checked ? new Set(vouchers.map((v) => v.id)) : new Set())} />
                  <span className="visually-hidden">Select all shown</span>
                </label>
              </Th>
              <Th>Code</Th>
              <Th>Plan</Th>
              <Th>Status</Th>
              <Th>Router</Th>
              <Th>Buyer</Th>
              <Th>Generated</Th>
              <Th>Expires</Th>
            </Tr>
          </thead>
          <tbody>
            {vouchers.map((v) => (
              <Tr key={v.id}>
                <Td label="Select">
                  <label className="vch-check">
                    <input type="checkbox" checked={selected.has(v.id)} onChange={(e) => toggle(v.id, e.target.checked)} />
                    <span className="visually-hidden">Select {v.code}</span>
                  </label>
                </Td>
                <Td label="Code" className="cell-primary">
                  <Link to={detailPath(v.id)} className="vch-code">
                    {v.code}
                  </Link>
                  <div className="muted small">Ref {v.paymentReference}</div>
                </Td>
                <Td label="Plan">
                  {v.planName}
                  <div className="muted small">{formatAmount(v.price, v.currency)}</div>
                </Td>
                <Td label="Status">
                  <Badge tone={STATUS_TONES[v.status]}>{STATUS_LABELS[v.status]}</Badge>
                </Td>
                <Td label="Router">{routerName(v.routerId)}</Td>
                <Td label="Buyer">{v.buyerPhone ?? '—'}</Td>
                <Td label="Generated">{formatDateTime(v.createdAt)}</Td>
                <Td label="Expires">{formatDateTime(v.expiresAt)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
        <ListFooter query={list} shown={`${formatCount(vouchers.length)} voucher${vouchers.length === 1 ? '' : 's'}`} />
      </>
    );

  const chip = (status: VoucherStatus | undefined, label: string, count: number | undefined) => (
    <button key={label} type="button" className="vch-chip" aria-pressed={filters.status === status} onClick={() => update({ status })}>
      <span>{label}</span>
      <span className="vch-chip-count">{count === undefined ? '…' : formatCount(count)}</span>
    </button>
  );

  return (
    <Card>
      <div className="vch-chips" role="group" aria-label="Filter by status">
        {chip(undefined, 'All', counts.data?.total)}
        {STATUSES.map((s) => chip(s, STATUS_LABELS[s], counts.data?.[s]))}
      </div>
      {counts.isError ? <Alert tone="warning">Counts are unavailable: {errorMessage(counts.error)}</Alert> : null}
      {filters.resellerId ? (
        <Alert tone="info">
          Showing the cards handed to one reseller.{' '}
          <Button size="sm" variant="secondary" onClick={() => update({ resellerId: undefined })}>
            Show all cards
          </Button>
        </Alert>
      ) : null}
      <div className="vch-filter-grid">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            update({ search: text.trim() || undefined });
          }}
        >
          <div className="field">
            <label htmlFor={searchId} className="field-label">
              Search vouchers
            </label>
            <input id={searchId} className="input" type="search" placeholder="Code, reference or phone" value={text} onChange={(e) => setText(e.target.value)} maxLength={30} />
          </div>
        </form>
        <div className="vch-filters-toggle">
          <Button variant="secondary" size="sm" aria-expanded={showFilters} aria-controls={moreId} onClick={() => setShowFilters((v) => !v)}>
            {showFilters ? 'Hide filters' : 'Filters'}
            {folded ? ` (${folded} active)` : ''}
          </Button>
        </div>
        <div id={moreId} className={'vch-more-filters' + (showFilters ? ' is-open' : '')}>
          <Select label="Plan" value={filters.planId ?? ''} onChange={(e) => update({ planId: e.target.value || undefined })}>
            <option value="">All plans</option>
            {plans.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.status === 'archived' ? ' (archived)' : ''}
              </option>
            ))}
          </Select>
          <Select label="Batch" value={filters.batchId ?? ''} onChange={(e) => update({ batchId: e.target.value || undefined })}>
            <option value="">All batches</option>
            {filters.batchId && !batchOptions.some((b) => b.id === filters.batchId) ? <option value={filters.batchId}>Selected batch</option> : null}
            {batchOptions.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label ?? b.planName} · {b.quantity} · {formatDateTime(b.createdAt)}
              </option>
            ))}
          </Select>
          <RouterPicker label="Router" value={filters.routerId ?? ''} emptyLabel="All routers" onChange={(id) => update({ routerId: id || undefined })} />
          <Select label="Sale" value={filters.sale ?? ''} onChange={(e) => update({ sale: e.target.value || undefined })}>
            <option value="">Any</option>
            <option value="recorded">Sale recorded (M-Pesa or cash)</option>
            <option value="not_recorded">Used, sale not recorded</option>
          </Select>
          <Input label="Generated from" type="date" value={dayOf(filters.createdFrom)} onChange={(e) => update({ createdFrom: nairobiDay(e.target.value) })} />
          <Input label="Generated to" type="date" value={dayOf(filters.createdTo, true)} onChange={(e) => update({ createdTo: nairobiDay(e.target.value, true) })} />
          <Select label="Sort" value={sort} onChange={(e) => update({ sort: e.target.value === 'oldest' ? 'oldest' : undefined })}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </Select>
        </div>
      </div>
      <div className="form-actions vch-no-print">
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={clear}>
            Clear filters
          </Button>
        ) : null}
        <Button variant="secondary" size="sm" loading={exporter.isPending} onClick={() => exporter.mutate(filters)}>
          Export CSV
        </Button>
      </div>
      {exporter.isError ? <Alert tone="danger">{errorMessage(exporter.error)}</Alert> : null}
      {bulkResult ? (
        <Alert
          tone={bulkResult.result.failed.length ? 'warning' : 'success'}
          title={`${bulkResult.action === 'disable' ? 'Disabled' : 'Re-enabled'} ${bulkResult.result.succeeded.length} voucher${bulkResult.result.succeeded.length === 1 ? '' : 's'}`}
        >
          {bulkResult.result.failed.length ? (
            <ul>
              {bulkResult.result.failed.slice(0, 10).map((f) => (
                <li key={f.id}>
                  {vouchers.find((v) => v.id === f.id)?.code ?? f.id}: {f.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {filters.sale === 'not_recorded' ? (
        <Alert tone="info" title="Used, sale not recorded">
          These cards logged in, but their sale is not in your revenue: printed cards sold for cash. Select them and record them as cash sales.
        </Alert>
      ) : null}
      {cashResult ? <CashSaleOutcome result={cashResult} /> : null}
      {selected.size > 0 ? (
        <div className="vch-bulk" role="region" aria-label="Bulk actions">
          <strong>{selected.size} selected</strong>
          <Button size="sm" variant="danger" onClick={() => setBulk('disable')}>
            Disable selected
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setBulk('enable')}>
            Enable selected
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setCashAsk(true)}>
            Record as cash sales
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      ) : null}
      {body}
      <ConfirmDialog
        open={cashAsk}
        title={`Record ${selected.size} voucher${selected.size === 1 ? '' : 's'} as sold for cash?`}
        description={`Each becomes one cash sale in your revenue (${selectedTotal}), dated now. Vouchers already recorded are skipped; disabled, refunded and unsold expired ones are refused.`}
        confirmLabel="Record cash sales"
        tone="primary"
        pending={cashSale.isPending}
        error={cashSale.isError ? errorMessage(cashSale.error) : undefined}
        onCancel={() => {
          cashSale.reset();
          setCashAsk(false);
        }}
        onConfirm={() =>
          cashSale.mutate(
            { voucherIds: [...selected] },
            {
              onSuccess: (result) => {
                setCashResult(result);
                setSelected(new Set());
                setCashAsk(false);
              },
            },
          )
        }
      />
      <ConfirmDialog
        open={bulk !== null}
        title={`${bulk === 'disable' ? 'Disable' : 'Re-enable'} ${selected.size} voucher${selected.size === 1 ? '' : 's'}?`}
        description={
          bulk === 'disable'
            ? 'Disabled vouchers stop working at once and are disabled on the router too. You can re-enable them later.'
            : 'Each voucher returns to the status it had before it was disabled.'
        }
        confirmLabel={bulk === 'disable' ? 'Disable' : 'Enable'}
        tone={bulk === 'disable' ? 'danger' : 'primary'}
        pending={bulkMutation.isPending}
        error={bulkMutation.isError ? errorMessage(bulkMutation.error) : undefined}
        onCancel={() => {
          bulkMutation.reset();
          setBulk(null);
        }}
        onConfirm={() => {
          if (!bulk) return;
          const action = bulk;
          bulkMutation.mutate(
            { action, ids: [...selected].slice(0, 500) },
            {
              onSuccess: (result) => {
                setBulkResult({ action, result });
                setSelected(new Set());
                setBulk(null);
              },
            },
          );
        }}
      />
    </Card>
  );
}
