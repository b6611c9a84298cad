import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select, Textarea } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { RouterPicker } from '@/components/router-picker/router-picker';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatMoney } from '@/lib/money';
import { formatAmount, formatDataSize, formatDateTime, formatSeconds } from '@/lib/format';
import type { RefundMethod, VoucherAction, VoucherDetailDto, VoucherDto } from '../api/types';
import { useVoucherAction, type SingleAction } from '../api/voucher-mutations';
import { voucherQueries } from '../api/voucher-queries';
import { ACTION_LABELS, STATUS_LABELS, STATUS_TONES } from './format';
import './vouchers.css';

const EXTEND_OPTIONS = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '1 day' },
  { seconds: 7 * 86400, label: '7 days' },
  { seconds: 30 * 86400, label: '30 days' },
];

const DESCRIPTIONS: Record<VoucherAction, string> = {
  disable: 'The voucher stops working at once (also on the router). You can re-enable it later.',
  enable: 'The voucher returns to the status it had before it was disabled.',
  refund:
    'The voucher is marked refunded, access is removed from the router, and a paid voucher’s sale is reversed in the ledger: revenue and commission (and, with platform collection, what the platform owes you) drop by its amounts.',
  transfer: 'The voucher moves to another router that offers its plan.',
  extend: 'Time is added to the voucher’s validity.',
  push: 'The code is put on its routers now (with its plan’s profile), so it can log in at the hotspot.',
  resend_sms: 'The code is texted again to the buyer’s phone. At most 3 times an hour per voucher; the SMS log shows when it was delivered.',
};

const REFUND_METHODS: { value: RefundMethod; label: string }[] = [
  { value: 'mpesa_reversal', label: 'M-Pesa reversal' },
  { value: 'cash', label: 'Cash handed back' },
  { value: 'none', label: 'No money to give back (no recorded payment)' },
];

const ROUTER_STATES: Record<VoucherDetailDto['routers'][number]['state'], { label: string; tone: 'success' | 'warning' | 'neutral' }> = {
  on_router: { label: 'on the router', tone: 'success' },
  waiting: { label: 'waiting for the router', tone: 'warning' },
  not_pushed: { label: 'not on the router', tone: 'warning' },
  not_wanted: { label: 'taken off', tone: 'neutral' },
};

/** One voucher: snapshot, usage, buyer (masked) and the actions its status allows, each confirmed. */
export function VoucherDetail({
  id,
  batchPath,
  resellerPath,
  smsLogPath,
}: {
  id: string;
  batchPath: (id: string) => string;
  resellerPath: (id: string) => string;
  /** the SMS log filtered to one voucher's texts */
  smsLogPath: (voucherId: string) => string;
}) {
  const query = useQuery(voucherQueries.detail(id));
  const routers = useQuery(voucherQueries.routers());
  const [action, setAction] = useState<VoucherAction | null>(null);
  if (query.isPending) return <LoadingState label="Loading voucher…" />;
  if (query.isError) return <ErrorState title="Could not load this voucher" error={query.error} onRetry={() => void query.refetch()} />;
  const v = query.data;
  const routerName = (rid: string | null) => (rid ? (routers.data?.find((r) => r.id === rid)?.name ?? 'Router') : 'All routers offering the plan');
  // "Push to router" only where it would change something; "Text code to buyer" only with a phone to text
  const actions = v.allowedActions.filter((a) => (a === 'push' ? v.routers.some((r) => r.state !== 'on_router') : a === 'resend_sms' ? v.buyerPhone !== null : true));
  const limits =
    [v.uptimeLimitSeconds != null ? formatSeconds(v.uptimeLimitSeconds) + ' online' : null, v.dataLimitBytes != null ? formatDataSize(v.dataLimitBytes) : null].filter(Boolean).join(' + ') ||
    'No limit';

  return (
    <>
      <h1 className="page-title">
        Voucher <span className="vch-code">{v.code}</span> <Badge tone={STATUS_TONES[v.status]}>{STATUS_LABELS[v.status]}</Badge>
      </h1>
      <Card
        title="Actions"
        actions={
          actions.length === 0 ? (
            <span className="muted small">No actions for a {STATUS_LABELS[v.status].toLowerCase()} voucher</span>
          ) : (
            actions.map((a) => (
              <Button key={a} size="sm" variant={a === 'disable' || a === 'refund' ? 'danger' : 'secondary'} onClick={() => setAction(a)}>
                {ACTION_LABELS[a]}
              </Button>
            ))
          )
        }
      >
        <dl className="details">
          <Item label="Code">
            <span className="vch-code">{v.code}</span>
          </Item>
          <Item label="Password">{v.password ? <span className="vch-code">{v.password}</span> : 'Same as the code'}</Item>
          <Item label="Payment reference">
            <span className="vch-code">{v.paymentReference}</span>
          </Item>
          <Item label="Plan">
            {v.planName} · {formatAmount(v.price, v.currency)}
          </Item>
          <Item label="Limits">{limits}</Item>
          <Item label="Validity">{v.validitySeconds == null ? 'Until used up' : `${formatSeconds(v.validitySeconds)} from ${v.validityFrom === 'first_login' ? 'first login' : 'purchase'}`}</Item>
          <Item label="Router">{routerName(v.routerId)}</Item>
          <Item label="On the router?">
            {v.routers.length === 0
              ? 'No router offers this plan'
              : v.routers.map((r) => (
                  <div key={r.routerId}>
                    {r.routerName}: <Badge tone={ROUTER_STATES[r.state].tone}>{ROUTER_STATES[r.state].label}</Badge>
                  </div>
                ))}
          </Item>
          <Item label="Batch">{v.batchId ? <Link to={batchPath(v.batchId)}>Open batch</Link> : '—'}</Item>
          {v.resellerId ? (
            <Item label="Reseller">
              <Link to={resellerPath(v.resellerId)}>Open reseller</Link>
              {v.resellerPriceMinor !== null ? <span className="muted small"> · reseller price {formatMoney(v.resellerPriceMinor, v.currency)}</span> : null}
            </Item>
          ) : null}
          <Item label="Buyer phone">
            {v.buyerPhone ?? '—'}
            {v.buyerPhone ? (
              <div className="small">
                <Link to={smsLogPath(v.id)}>SMS sent for this voucher</Link>
              </div>
            ) : null}
          </Item>
          <Item label="Used">
            {formatSeconds(v.uptimeUsedSeconds)} · {formatDataSize(v.bytesUsed)}
          </Item>
          <Item label="Generated">{formatDateTime(v.createdAt)}</Item>
          <Item label="First pushed">{formatDateTime(v.pushedAt)}</Item>
          <Item label="Sold">{formatDateTime(v.soldAt)}</Item>
          <Item label="First login">{formatDateTime(v.firstLoginAt)}</Item>
          <Item label="Expires">{formatDateTime(v.expiresAt)}</Item>
          {v.expiredAt ? <Item label="Expired">{formatDateTime(v.expiredAt)}</Item> : null}
          {v.disabledAt ? <Item label="Disabled">{formatDateTime(v.disabledAt)}</Item> : null}
          {v.refundedAt ? (
            <Item label="Refunded">
              {formatDateTime(v.refundedAt)}
              {v.refundReason ? ` — ${v.refundReason}` : ''}
            </Item>
          ) : null}
        </dl>
      </Card>
      <VoucherActionDialog voucher={v} action={action} onClose={() => setAction(null)} />
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function VoucherActionDialog({ voucher, action, onClose }: { voucher: VoucherDto; action: VoucherAction | null; onClose: () => void }) {
  const mutation = useVoucherAction(voucher.id);
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<RefundMethod>(voucher.paymentId ? 'mpesa_reversal' : 'none');
  const [reference, setReference] = useState('');
  const [refundErrors, setRefundErrors] = useState<{ method?: string | undefined; reference?: string | undefined }>({});
  const [routerId, setRouterId] = useState('');
  const [seconds, setSeconds] = useState(String(86400));
  const [fieldError, setFieldError] = useState<string | undefined>();
  const close = () => {
    mutation.reset();
    setReason('');
    setReference('');
    setRefundErrors({});
    setRouterId('');
    setFieldError(undefined);
    onClose();
  };
  const confirm = () => {
    if (!action) return;
    let body: SingleAction;
    if (action === 'refund') {
      const ref = reference.trim().toUpperCase();
      const refError = method === 'mpesa_reversal' && !/^[A-Z0-9]{6,20}$/.test(ref) ? 'Enter the M-Pesa reversal transaction id (letters and digits).' : undefined;
      setRefundErrors({ reference: refError });
      if (reason.trim().length < 3) return setFieldError('Give a short reason (at least 3 characters).');
      if (refError) return setFieldError(undefined);
      body = { kind: 'refund', method, reason: reason.trim(), ...(ref && method !== 'none' ? { reference: ref } : {}) };
    } else if (action === 'transfer') {
      if (!routerId) return setFieldError('Pick the router to move the voucher to.');
      body = { kind: 'transfer', routerId };
    } else if (action === 'extend') body = { kind: 'extend', seconds: Number(seconds) };
    else body = { kind: action };
    setFieldError(undefined);
    mutation.mutate(body, {
      onSuccess: close,
      onError: (e) => {
        if (e instanceof ApiError) {
          const f = e.fieldErrors();
          if (f.method || f.reference) setRefundErrors({ method: f.method, reference: f.reference });
          const msg = f.reason ?? f.routerId ?? f.seconds;
          if (msg) setFieldError(msg);
        }
      },
    });
  };
  const label = action ? ACTION_LABELS[action] : '';
  return (
    <ConfirmDialog
      open={action !== null}
      title={action === 'resend_sms' ? `Text code ${voucher.code} to ${voucher.buyerPhone ?? 'the buyer'}?` : `${label} voucher ${voucher.code}?`}
      description={action ? DESCRIPTIONS[action] : undefined}
      confirmLabel={label}
      tone={action === 'disable' || action === 'refund' ? 'danger' : 'primary'}
      pending={mutation.isPending}
      error={mutation.isError && !fieldError && !refundErrors.method && !refundErrors.reference ? errorMessage(mutation.error) : undefined}
      onCancel={close}
      onConfirm={confirm}
    >
      {action === 'refund' ? (
        <>
          <Select
            label="How did the money go back?"
            value={method}
            error={refundErrors.method}
            onChange={(e) => {
              setMethod(e.target.value as RefundMethod);
              setRefundErrors({});
            }}
          >
            {REFUND_METHODS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </Select>
          {method !== 'none' ? (
            <Input
              label={method === 'mpesa_reversal' ? 'M-Pesa reversal transaction id' : 'Reference'}
              hint={method === 'cash' ? 'Optional, e.g. a receipt number.' : undefined}
              value={reference}
              maxLength={20}
              error={refundErrors.reference}
              onChange={(e) => setReference(e.target.value)}
            />
          ) : null}
          <Textarea label="Reason" value={reason} maxLength={500} error={fieldError} onChange={(e) => setReason(e.target.value)} />
        </>
      ) : null}
      {action === 'transfer' ? <RouterPicker label="Move to router" value={routerId} exclude={voucher.routerId ? [voucher.routerId] : []} error={fieldError} onChange={setRouterId} /> : null}
      {action === 'extend' ? (
        <Select label="Extend by" value={seconds} error={fieldError} onChange={(e) => setSeconds(e.target.value)}>
          {EXTEND_OPTIONS.map((o) => (
            <option key={o.seconds} value={o.seconds}>
              {o.label}
            </option>
          ))}
        </Select>
      ) : null}
    </ConfirmDialog>
  );
}
