import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Select } from '@/components/ui/field';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatAmount, formatCount, formatDateTime } from '@/lib/format';
import { phoneSearchDigits } from '@/lib/phones';
import { useUrlParams } from '@/lib/use-url-params';
import { smsQueries } from '../api/sms-queries';
import type { DeliveryFilter, MessageStatus, SmsLogFilters, SmsMessageDto } from '../api/types';
import { DELIVERY_FILTER_LABELS, deliveryOf, STATUS_LABELS, STATUS_TONES, stillMoving, TEMPLATE_LABELS, templateLabel } from './format';
import { SmsUsage } from './sms-usage';
import './sms.css';

const STATUSES = Object.keys(STATUS_LABELS) as MessageStatus[];
const DELIVERIES = Object.keys(DELIVERY_FILTER_LABELS) as DeliveryFilter[];
const TEMPLATES = Object.keys(TEMPLATE_LABELS);
const FILTER_KEYS = ['status', 'delivery', 'phone', 'template', 'voucherId'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Refresh the page while a recent message may still change (sent, retried, reported). */
const POLL_MS = 5000;
const POLL_FOR_MS = 30 * 60_000;

/** Filters live in the URL (?status=dead&phone=678…) so links (a voucher's texts) and reloads keep them. */
function useSmsFilters() {
  const { params, update, clear } = useUrlParams<FilterKey>();
  const filters: SmsLogFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) (filters as Record<string, string>)[key] = value;
  }
  if (filters.status && !STATUSES.includes(filters.status)) delete filters.status;
  if (filters.delivery && !DELIVERIES.includes(filters.delivery)) delete filters.delivery;
  if (filters.phone && !/^\d{3,12}$/.test(filters.phone)) delete filters.phone;
  if (filters.template && !/^[a-z_]{1,64}$/.test(filters.template)) delete filters.template;
  if (filters.voucherId && !UUID.test(filters.voucherId)) delete filters.voucherId;
  return { filters, update, clear };
}

/** The delivery column: the report in words, or the reason it did not arrive. */
function Delivery({ message }: { message: SmsMessageDto }) {
  const d = deliveryOf(message);
  if (!d) return <span className="muted">—</span>;
  return (
    <>
      <Badge tone={d.tone}>{d.label}</Badge>
      {d.detail ? <div className="muted small sms-detail">{d.detail}</div> : null}
      {message.deliveredAt && message.delivery !== null ? <div className="muted small">{formatDateTime(message.deliveredAt)}</div> : null}
    </>
  );
}

/**
 * The SMS message log (any staff, docs/sms.md §8): every text to the provider's customers, newest
 * first, with its parts, cost, queue status and delivery report; filters in the URL.
 */
export function SmsLog({ voucherPath }: { voucherPath: (id: string) => string }) {
  const { filters, update, clear } = useSmsFilters();
  const list = useInfiniteQuery({
    ...smsQueries.log(filters),
    refetchInterval: (query) => {
      const now = Date.now();
      const moving = query.state.data?.pages.some((p) => p.items.some((m) => stillMoving(m) && now - new Date(m.createdAt).getTime() < POLL_FOR_MS));
      return moving ? POLL_MS : false;
    },
  });
  const [text, setText] = useState(filters.phone ?? '');
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const phoneId = useId();
  useEffect(() => setText(filters.phone ?? ''), [filters.phone]);
  // the month's usage line follows the log (a message counts once it is sent)
  const qc = useQueryClient();
  const updatedAt = list.dataUpdatedAt;
  useEffect(() => {
    if (updatedAt) void qc.invalidateQueries({ queryKey: smsQueries.usage().queryKey });
  }, [updatedAt, qc]);

  const messages = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const filtered = FILTER_KEYS.some((k) => filters[k]);

  const submitPhone = () => {
    if (!text.trim()) {
      setPhoneError(null);
      update({ phone: undefined });
      return;
    }
    const digits = phoneSearchDigits(text);
    if (!digits) {
      setPhoneError('Enter 3 to 12 digits of the number, e.g. the last three.');
      return;
    }
    setPhoneError(null);
    update({ phone: digits });
  };

  let body;
  if (list.isPending) body = <LoadingState label="Loading the message log…" />;
  else if (list.isError && !list.data) body = <ErrorState title="Could not load the message log" error={list.error} onRetry={() => void list.refetch()} />;
  else if (messages.length === 0)
    body = (
      <EmptyState title={filtered ? 'No SMS match these filters' : 'No SMS yet'}>
        {filtered ? (
          <Button variant="secondary" onClick={clear}>
            Clear filters
          </Button>
        ) : (
          'Texts appear here when a buyer is sent a code, a code is resent or a batch is texted to phones.'
        )}
      </EmptyState>
    );
  else
    body = (
      <>
        {/* eight columns: between 720 px and a wide screen the table scrolls sideways inside the card */}
        <div className="sms-table-scroll">
          <Table caption="SMS messages">
            <thead>
              <Tr>
                <Th>Time (Nairobi)</Th>
                <Th>To</Th>
                <Th>Kind</Th>
                <Th>Text</Th>
                <Th>Parts</Th>
                <Th>Cost</Th>
                <Th>Status</Th>
                <Th>Delivery</Th>
              </Tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <Tr key={m.id} data-testid="sms-row">
                  <Td label="Time" className="cell-primary sms-time">
                    {formatDateTime(m.createdAt)}
                    {m.voucherId ? (
                      <div className="small">
                        <Link to={voucherPath(m.voucherId)}>Open voucher</Link>
                      </div>
                    ) : null}
                  </Td>
                  <Td label="To" className="sms-nowrap">
                    <span className="sms-mono">{m.to}</span>
                  </Td>
                  <Td label="Kind">{templateLabel(m.template)}</Td>
                  <Td label="Text">
                    <span className="sms-text">{m.text}</span>
                  </Td>
                  <Td label="Parts">{m.segments ?? '—'}</Td>
                  <Td label="Cost" className="sms-nowrap">
                    {m.cost !== null && m.currency ? formatAmount(m.cost, m.currency) : '—'}
                    {m.account ? <div className="muted small">{m.account === 'own' ? 'your app' : 'Wavu'}</div> : null}
                  </Td>
                  <Td label="Status">
                    <Badge tone={STATUS_TONES[m.status]}>{STATUS_LABELS[m.status]}</Badge>
                    {m.status !== 'sent' && m.attempts > 1 ? <div className="muted small">{formatCount(m.attempts)} attempts</div> : null}
                    {m.lastError && m.status !== 'sent' ? <div className="small sms-error">{m.lastError}</div> : null}
                  </Td>
                  <Td label="Delivery">
                    <Delivery message={m} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </div>
        <ListFooter query={list} shown={`${formatCount(messages.length)} SMS`} />
      </>
    );

  return (
    <Card>
      <SmsUsage compact />
      {filters.voucherId ? (
        <p className="sms-voucher-filter">
          The texts of one voucher. <Link to={voucherPath(filters.voucherId)}>Open the voucher</Link> ·{' '}
          <Button variant="ghost" size="sm" onClick={() => update({ voucherId: undefined })}>
            Show every voucher’s texts
          </Button>
        </p>
      ) : null}
      <form
        role="search"
        aria-label="SMS messages"
        className="sms-search"
        onSubmit={(e) => {
          e.preventDefault();
          submitPhone();
        }}
      >
        <div className={'field' + (phoneError ? ' field-invalid' : '')}>
          <label htmlFor={phoneId} className="field-label">
            Phone number
          </label>
          <div className="sms-search-row">
            <input
              id={phoneId}
              className="input"
              type="search"
              inputMode="tel"
              placeholder="e.g. 0712 or 678"
              value={text}
              maxLength={20}
              aria-invalid={phoneError ? true : undefined}
              aria-describedby={phoneError ? `${phoneId}-error` : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setPhoneError(null);
                if (!e.target.value.trim() && filters.phone) update({ phone: undefined });
              }}
            />
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </div>
          {phoneError ? (
            <div id={`${phoneId}-error`} className="field-error">
              {phoneError}
            </div>
          ) : null}
        </div>
      </form>
      <div className="sms-filter-grid">
        <Select label="Status" value={filters.status ?? ''} onChange={(e) => update({ status: e.target.value || undefined })}>
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select label="Delivery" value={filters.delivery ?? ''} onChange={(e) => update({ delivery: e.target.value || undefined })}>
          <option value="">Any delivery</option>
          {DELIVERIES.map((d) => (
            <option key={d} value={d}>
              {DELIVERY_FILTER_LABELS[d]}
            </option>
          ))}
        </Select>
        <Select label="Kind" value={filters.template ?? ''} onChange={(e) => update({ template: e.target.value || undefined })}>
          <option value="">Every kind</option>
          {TEMPLATES.map((t) => (
            <option key={t} value={t}>
              {templateLabel(t)}
            </option>
          ))}
        </Select>
      </div>
      {filtered && messages.length > 0 ? (
        <div className="form-actions">
          <Button variant="ghost" size="sm" onClick={clear}>
            Clear filters
          </Button>
        </div>
      ) : null}
      {body}
    </Card>
  );
}
