import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime, formatMoney } from '@/lib/format';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { useUrlParams } from '@/lib/use-url-params';
import { useRecordPayout, useRegisterPlatformC2b } from '../api/payment-mutations';
import { paymentQueries } from '../api/payment-queries';
import type { CreatePayoutBody, PayoutMethod, ProviderBalanceDto } from '../api/types';
import { AdminProviderStatement, PAYOUT_METHOD_LABELS } from './payout-statement';
import './payments.css';

/**
 * Super admin → Payouts: what the platform owes each provider (platform-collected net after
 * refunds − payouts); pick one to see its statement and record a payout (confirmed first).
 */
export function AdminPayouts() {
  const balances = useQuery(paymentQueries.adminBalances());
  const { params, update } = useUrlParams<'provider' | 'from' | 'to'>();
  const selected = params.get('provider');
  if (balances.isPending) return <LoadingState label="Loading what the platform owes…" />;
  if (balances.isError) return <ErrorState title="Could not load the payouts" error={balances.error} onRetry={() => void balances.refetch()} />;
  const current = balances.data.find((b) => b.providerId === selected) ?? null;
  return (
    <>
      <PlatformPaybill />
      <Card title="Owed to providers">
        {balances.data.length === 0 ? (
          <EmptyState title="Nobody is owed anything">Providers collecting M-Pesa through the platform appear here once they sell.</EmptyState>
        ) : (
          <Table caption="What the platform owes each provider">
            <thead>
              <Tr>
                <Th>Provider</Th>
                <Th>Owed now</Th>
                <Th>Earned</Th>
                <Th>Paid out</Th>
                <Th>Last payout</Th>
                <Th>
                  <span className="visually-hidden">Actions</span>
                </Th>
              </Tr>
            </thead>
            <tbody>
              {balances.data.map((b) => (
                <Tr key={b.providerId}>
                  <Td label="Provider" className="cell-primary">
                    {b.businessName ?? b.providerId}
                    {b.mode === 'own_account' ? <span className="muted small"> (now on its own app)</span> : null}
                  </Td>
                  <Td label="Owed now">
                    <span data-testid={`owed-${b.providerId}`}>{formatMoney(b.balanceMinor, b.currency)}</span>
                  </Td>
                  <Td label="Earned">{formatMoney(b.owedMinor, b.currency)}</Td>
                  <Td label="Paid out">{formatMoney(b.paidOutMinor, b.currency)}</Td>
                  <Td label="Last payout">{b.lastPayoutAt ? formatDateTime(b.lastPayoutAt) : '—'}</Td>
                  <Td label="Actions">
                    <Button
                      size="sm"
                      aria-label={`Statement and payout: ${b.businessName ?? b.providerId}`}
                      variant={b.providerId === selected ? 'primary' : 'secondary'}
                      onClick={() => update({ provider: b.providerId, from: undefined, to: undefined })}
                    >
                      Details
                    </Button>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {current ? (
        <>
          <h2 className="page-title" style={{ fontSize: '1.25rem', marginTop: 24 }}>
            {current.businessName ?? 'Provider'}
          </h2>
          <PayoutForm key={current.providerId} provider={current} />
          <AdminProviderStatement providerId={current.providerId} />
        </>
      ) : null}
    </>
  );
}

/**
 * The platform's paybill/till paid by hand: customers type a payment reference (paybill) or pay the
 * till and are matched to their open purchase by phone and amount. Needs the C2B URLs registered.
 */
function PlatformPaybill() {
  const status = useQuery(paymentQueries.platformC2b());
  const register = useRegisterPlatformC2b();
  if (status.isPending) return <LoadingState label="Loading the platform paybill…" />;
  if (status.isError) return <ErrorState title="Could not load the platform paybill" error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  if (!s.configured) return null;
  const what = s.shortcodeType === 'till' ? 'till' : 'paybill';
  return (
    <Card title={`Platform ${what} ${s.shortcode ?? ''}`}>
      <p className="muted small">
        {s.shortcodeType === 'till'
          ? 'Customers who pay the till by hand are matched to their open purchase by phone and amount.'
          : 'Customers can pay by hand with a voucher’s payment reference as the account number; without one they are matched to their open purchase by phone and amount.'}{' '}
        Money that matches nothing waits in Needs attention.
      </p>
      <div role="status" aria-label="Platform C2B registration" className="pay-result">
        {register.isSuccess ? (
          <Alert tone={register.data.registered ? 'success' : 'danger'} title={register.data.registered ? `Registered${register.data.version ? ` (${register.data.version})` : ''}` : 'Not registered'}>
            {register.data.message}
          </Alert>
        ) : register.isError ? (
          <Alert tone="danger" title="Registration failed">
            {errorMessage(register.error)}
          </Alert>
        ) : s.registered && s.registeredAt ? (
          <p className="muted small">
            Registered {formatDateTime(s.registeredAt)}
            {s.version ? ` (${s.version})` : ''}
          </p>
        ) : (
          <Alert tone="warning" title="Not registered">
            Payments made by hand to the platform {what} do not reach Wavu until its C2B URLs are registered with Safaricom.
          </Alert>
        )}
      </div>
      <div className="form-actions">
        <Button variant="secondary" onClick={() => register.mutate()} loading={register.isPending}>
          {s.registered ? 'Register C2B URLs again' : 'Register C2B URLs'}
        </Button>
      </div>
    </Card>
  );
}

const METHODS = Object.entries(PAYOUT_METHOD_LABELS) as [PayoutMethod, string][];

function PayoutForm({ provider }: { provider: ProviderBalanceDto }) {
  const [values, setValues] = useState({ amount: '', method: 'mpesa_b2c' as PayoutMethod, reference: '', note: '' });
  const [pending, setPending] = useState<CreatePayoutBody | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors(['amount', 'method', 'reference', 'note'] as const);
  const formRef = useRef<HTMLFormElement>(null);
  const payout = useRecordPayout(provider.providerId);
  const money = (minor: number) => formatMoney(minor, provider.currency);
  const set = (name: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    form.clearField(name);
    setDone(null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = Number(values.amount.trim());
    const ok = form.check({
      amount:
        !/^\d{1,9}$/.test(values.amount.trim()) || amount < 1
          ? `Enter a whole amount in ${provider.currency}.`
          : amount * 100 > provider.balanceMinor
            ? `At most what is owed: ${money(provider.balanceMinor)}.`
            : undefined,
      reference: !values.reference.trim() ? 'Enter the transfer reference (e.g. the B2C receipt).' : undefined,
    });
    if (!ok) return focusFirstInvalid(formRef.current);
    setPending({ amount, method: values.method, reference: values.reference.trim(), ...(values.note.trim() ? { note: values.note.trim() } : {}) });
  };
  const confirm = () => {
    if (!pending) return;
    payout.mutate(pending, {
      onSuccess: (balance) => {
        setDone(`Payout of ${money(pending.amount * 100)} recorded. Still owed: ${money(balance.balanceMinor)}.`);
        setValues({ amount: '', method: pending.method, reference: '', note: '' });
        setPending(null);
      },
      onError: (err) => {
        setPending(null);
        form.fromServer(err);
        focusFirstInvalid(formRef.current);
      },
    });
  };
  return (
    <Card title="Record a payout">
      <form ref={formRef} onSubmit={submit} noValidate className="admin-pay-form">
        <p className="muted small">Owed now: {money(provider.balanceMinor)}. A payout is at most that amount.</p>
        <Input label={`Amount (${provider.currency})`} inputMode="numeric" value={values.amount} error={form.errors.amount} onChange={(e) => set('amount', e.target.value)} />
        <Select label="Paid by" value={values.method} error={form.errors.method} onChange={(e) => set('method', e.target.value)}>
          {METHODS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Input label="Reference" maxLength={60} value={values.reference} error={form.errors.reference} onChange={(e) => set('reference', e.target.value)} />
        <Input label="Note" maxLength={300} hint="Optional." value={values.note} error={form.errors.note} onChange={(e) => set('note', e.target.value)} />
        {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
        {done ? <Alert tone="success">{done}</Alert> : null}
        <div className="form-actions">
          <Button type="submit" size="sm" disabled={provider.balanceMinor <= 0}>
            Record payout…
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={pending !== null}
        title={`Record a payout to ${provider.businessName ?? 'this provider'}?`}
        description={
          pending
            ? `${money(pending.amount * 100)} by ${PAYOUT_METHOD_LABELS[pending.method]}, reference ${pending.reference}. It lowers what the platform owes and appears on their statement.`
            : undefined
        }
        confirmLabel="Record payout"
        pending={payout.isPending}
        error={payout.isError ? errorMessage(payout.error) : undefined}
        onCancel={() => setPending(null)}
        onConfirm={confirm}
      />
    </Card>
  );
}
