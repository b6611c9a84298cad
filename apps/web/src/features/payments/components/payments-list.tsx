import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { RouterPicker } from '@/components/router-picker/router-picker';
import { errorMessage } from '@/lib/api-error';
import { dayOf, formatAmount, formatCount, formatDateTime, nairobiDay } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import { useDownloadLedger } from '../api/payment-mutations';
import { paymentQueries } from '../api/payment-queries';
import type { PaymentFilters, PaymentSource, PaymentStatus } from '../api/types';
import { SettledViaBadge } from './settled-via';
import { SOURCE_LABELS, STATUS_LABELS, STATUS_TONES } from './format';
import './payments.css';

const STATUSES = Object.keys(STATUS_LABELS) as PaymentStatus[];
const SOURCES = Object.keys(SOURCE_LABELS) as PaymentSource[];
const FILTER_KEYS = ['status', 'source', 'from', 'to', 'planId', 'routerId', 'search'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** Filters live in the URL (?status=paid&search=…) so links and reloads keep them. */
function usePaymentFilters() {
  const { params, update, clear } = useUrlParams<FilterKey>();
  const filters: PaymentFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) (filters as Record<string, string>)[key] = value;
  }
  if (filters.status && !STATUSES.includes(filters.status)) delete filters.status;
  if (filters.source && !SOURCES.includes(filters.source)) delete filters.source;
  return { filters, update, clear };
}

const SEARCH_RE = /^[A-Za-z0-9]{1,20}$/;

/** Payments (STK and C2B), newest first: filters, receipt/reference search, "Load more", ledger CSV. */
export function PaymentsList({ detailPath }: { detailPath: (id: string) => string }) {
  const { filters, update, clear } = usePaymentFilters();
  const list = useInfiniteQuery(paymentQueries.list(filters));
  const plans = useQuery(paymentQueries.plans());
  const routers = useQuery(paymentQueries.routers());
  const ledger = useDownloadLedger();
  const [text, setText] = useState(filters.search ?? '');
  const [searchError, setSearchError] = useState<string | null>(null);
  const searchId = useId();

  useEffect(() => setText(filters.search ?? ''), [filters.search]);

  const payments = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const routerName = (id: string | null) => (id ? (routers.data?.find((r) => r.id === id)?.name ?? 'Router') : '—');
  const filtered = FILTER_KEYS.some((k) => filters[k]);

  const submitSearch = () => {
    const value = text.trim();
    if (value && !SEARCH_RE.test(value)) {
      setSearchError('Enter an M-Pesa receipt or a payment reference (letters and digits only).');
      return;
    }
    setSearchError(null);
    update({ search: value ? value.toUpperCase() : undefined });
  };

  let body;
  if (list.isPending) body = <LoadingState label="Loading payments…" />;
  else if (list.isError && !list.data) body = <ErrorState title="Could not load payments" error={list.error} onRetry={() => void list.refetch()} />;
  else if (payments.length === 0)
    body = (
      <EmptyState title={filtered ? 'No payments match these filters' : 'No payments yet'}>
        {filtered ? (
          <Button variant="secondary" onClick={clear}>
            Clear filters
          </Button>
        ) : (
          'Payments appear here when customers buy vouchers with M-Pesa on your captive portal or pay your paybill/till.'
        )}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table caption="Payments">
          <thead>
            <Tr>
              <Th>Time (Nairobi)</Th>
              <Th>Amount</Th>
              <Th>Status</Th>
              <Th>Phone</Th>
              <Th>Plan</Th>
              <Th>Router</Th>
              <Th>Receipt</Th>
              <Th>Voucher</Th>
            </Tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <Tr key={p.id}>
                <Td label="Time" className="cell-primary pay-nowrap">
                  <Link to={detailPath(p.id)} aria-label={`Payment ${p.receipt ?? p.paymentReference} on ${formatDateTime(p.createdAt)}`}>
                    {formatDateTime(p.paidAt ?? p.createdAt)}
                  </Link>
                  <div className="muted small">{SOURCE_LABELS[p.source]}</div>
                </Td>
                <Td label="Amount" className="pay-nowrap">
                  <strong>{formatAmount(p.amount, p.currency)}</strong>
                </Td>
                <Td label="Status">
                  <Badge tone={STATUS_TONES[p.status]}>{STATUS_LABELS[p.status]}</Badge>
                  {p.status === 'paid' && p.settledVia ? <SettledViaBadge via={p.settledVia} /> : null}
                  {p.status !== 'paid' && (p.flagReason ?? p.resultLabel) ? (
                    <div className="small pay-result-desc">
                      {p.flagReason ?? p.resultLabel}
                      {!p.flagReason && p.resultDesc ? <span className="muted block">M-Pesa said: “{p.resultDesc}”</span> : null}
                    </div>
                  ) : null}
                </Td>
                <Td label="Phone">{p.phone ?? '—'}</Td>
                <Td label="Plan">{p.planName}</Td>
                <Td label="Router">{routerName(p.routerId)}</Td>
                <Td label="Receipt">
                  {p.receipt ? <span className="mono">{p.receipt}</span> : '—'}
                  <div className="muted small">Ref {p.paymentReference}</div>
                </Td>
                <Td label="Voucher">{p.voucherId && p.status === 'paid' ? 'Issued' : '—'}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
        <ListFooter query={list} shown={`${formatCount(payments.length)} payment${payments.length === 1 ? '' : 's'}`} />
      </>
    );

  return (
    <Card>
      <form
        role="search"
        aria-label="Payments"
        className="pay-search"
        onSubmit={(e) => {
          e.preventDefault();
          submitSearch();
        }}
      >
        <div className={'field' + (searchError ? ' field-invalid' : '')}>
          <label htmlFor={searchId} className="field-label">
            Search payments
          </label>
          <div className="pay-search-row">
            <input
              id={searchId}
              className="input"
              type="search"
              placeholder="M-Pesa receipt or payment reference"
              value={text}
              maxLength={20}
              aria-invalid={searchError ? true : undefined}
              aria-describedby={searchError ? `${searchId}-error` : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setSearchError(null);
                if (!e.target.value.trim() && filters.search) update({ search: undefined });
              }}
            />
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </div>
          {searchError ? (
            <div id={`${searchId}-error`} className="field-error">
              {searchError}
            </div>
          ) : null}
        </div>
      </form>
      <div className="pay-filter-grid">
        <Select label="Status" value={filters.status ?? ''} onChange={(e) => update({ status: e.target.value || undefined })}>
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select label="Source" value={filters.source ?? ''} onChange={(e) => update({ source: e.target.value || undefined })}>
          <option value="">STK and C2B</option>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select label="Plan" value={filters.planId ?? ''} onChange={(e) => update({ planId: e.target.value || undefined })}>
          <option value="">All plans</option>
          {plans.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
        <RouterPicker label="Router" value={filters.routerId ?? ''} emptyLabel="All routers" onChange={(id) => update({ routerId: id || undefined })} />
        <Input label="From" type="date" value={dayOf(filters.from)} onChange={(e) => update({ from: nairobiDay(e.target.value) })} />
        <Input label="To" type="date" value={dayOf(filters.to, true)} onChange={(e) => update({ to: nairobiDay(e.target.value, true) })} />
      </div>
      <div className="form-actions">
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={clear}>
            Clear filters
          </Button>
        ) : null}
        <Button variant="secondary" size="sm" loading={ledger.isPending} onClick={() => ledger.mutate({ from: filters.from, to: filters.to })}>
          Download ledger CSV
        </Button>
      </div>
      {ledger.isError ? <Alert tone="danger">{errorMessage(ledger.error)}</Alert> : null}
      {body}
    </Card>
  );
}
