import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Select } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import type { ProviderDto } from '@/lib/api/types';
import { formatBasisPoints, formatMoney } from '@/lib/format';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { adminPaymentQueries, useRecordPayout, useSetCommission, type AdminPaymentSettingsDto, type CreatePayoutBody, type PayoutMethod } from '../api/admin-payments';

const PAYOUT_METHODS: { value: PayoutMethod; label: string }[] = [
  { value: 'mpesa_b2c', label: 'M-Pesa (B2C)' },
  { value: 'bank_transfer', label: 'Bank transfer' },
  { value: 'cash', label: 'Cash' },
];

/** docs/product.md §6 defaults by provider type (basis points), shown next to the override control. */
const TYPE_DEFAULT_BP: Record<ProviderDto['type'], number> = { homeowner: 2000, personal: 2000, isp: 0, enterprise: 0 };

/**
 * Super admin: one provider's M-Pesa money — collection mode and payouts balance, commission
 * override, and "record payout" for platform-collection providers. A modal <dialog>.
 */
export function ProviderPaymentsDialog({ provider, onClose }: { provider: ProviderDto | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (provider && !dialog.open) dialog.showModal();
    if (!provider && dialog.open) dialog.close();
  }, [provider]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {provider ? (
        <>
          <h2 id={titleId} className="dialog-title">
            M-Pesa · {provider.businessName}
          </h2>
          <PaymentsBody key={provider.id} provider={provider} />
          <div className="dialog-actions">
            <Button variant="secondary" onClick={onClose}>
              Close
            </Button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}

function PaymentsBody({ provider }: { provider: ProviderDto }) {
  const balance = useQuery(adminPaymentQueries.balance(provider.id));
  if (balance.isPending) return <LoadingState label="Loading payouts balance…" />;
  if (balance.isError) return <ErrorState title="Could not load the payouts balance" error={balance.error} onRetry={() => void balance.refetch()} />;
  const b = balance.data;
  return (
    <>
      <dl className="details">
        <div>
          <dt>Collection</dt>
          <dd>{b.mode === 'platform' ? 'Platform collection' : 'Own Daraja app (no commission)'}</dd>
        </div>
        {b.mode === 'platform' || b.owedMinor > 0 ? (
          <div>
            <dt>Payouts</dt>
            <dd data-testid="admin-payout-balance">
              Owed {formatMoney(b.balanceMinor, b.currency)}{' '}
              <span className="muted small">
                (earned {formatMoney(b.owedMinor, b.currency)}, paid out {formatMoney(b.paidOutMinor, b.currency)})
              </span>
            </dd>
          </div>
        ) : null}
      </dl>
      <CommissionForm provider={provider} />
      {b.mode === 'platform' || b.balanceMinor > 0 ? <PayoutForm provider={provider} currency={b.currency} /> : null}
    </>
  );
}

function CommissionForm({ provider }: { provider: ProviderDto }) {
  const [value, setValue] = useState('');
  const [result, setResult] = useState<{ settings: AdminPaymentSettingsDto; sent: number | null } | null>(null);
  const form = useFormErrors(['rateBp'] as const);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSetCommission(provider.id);
  const send = (rateBp: number | null) =>
    save.mutate(rateBp, {
      onSuccess: (settings) => {
        setResult({ settings, sent: rateBp });
        setValue('');
      },
      onError: (e) => {
        form.fromServer(e);
        focusFirstInvalid(formRef.current);
      },
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value.replace(',', '.'));
    if (!form.check({ rateBp: value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100 ? 'Enter a rate from 0 to 100 %.' : undefined })) return focusFirstInvalid(formRef.current);
    send(Math.round(n * 100));
  };
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="admin-pay-form">
      <h3 className="dialog-subtitle" style={{ marginTop: 16, fontSize: '1rem' }}>
        Commission (platform collection)
      </h3>
      <Input
        label="Commission rate (%)"
        inputMode="decimal"
        value={value}
        error={form.errors.rateBp}
        hint={`Type default for ${provider.type}: ${formatBasisPoints(TYPE_DEFAULT_BP[provider.type])}. Own-account providers pay none.`}
        onChange={(e) => {
          setValue(e.target.value);
          form.clearField('rateBp');
        }}
      />
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      {result ? (
        <Alert tone="success">
          {result.sent === null ? `Type default restored (${formatBasisPoints(TYPE_DEFAULT_BP[provider.type])}).` : `Override of ${formatBasisPoints(result.sent)} saved.`}
          {result.settings.mode === 'own_account'
            ? ' It applies when they collect through the platform; their own account pays none.'
            : ` Commission now ${formatBasisPoints(result.settings.commissionRateBp)}.`}
        </Alert>
      ) : null}
      <div className="form-actions">
        <Button variant="ghost" size="sm" onClick={() => send(null)} disabled={save.isPending}>
          Use type default
        </Button>
        <Button type="submit" size="sm" loading={save.isPending}>
          Set commission
        </Button>
      </div>
    </form>
  );
}

function PayoutForm({ provider, currency }: { provider: ProviderDto; currency: string }) {
  const [values, setValues] = useState({ amount: '', method: 'mpesa_b2c', reference: '', note: '' });
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors(['amount', 'method', 'reference', 'note'] as const);
  const formRef = useRef<HTMLFormElement>(null);
  const payout = useRecordPayout(provider.id);
  const bind = (name: 'amount' | 'method' | 'reference' | 'note') => ({
    value: values[name],
    error: form.errors[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      form.clearField(name);
      setDone(null);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ok = form.check({
      amount: !/^\d{1,9}$/.test(values.amount.trim()) || Number(values.amount) < 1 ? `Enter a whole amount in ${currency}.` : undefined,
      reference: !values.reference.trim() ? 'Enter the transfer reference (e.g. the B2C receipt).' : undefined,
    });
    if (!ok) return focusFirstInvalid(formRef.current);
    const body: CreatePayoutBody = {
      amount: Number(values.amount),
      method: values.method as PayoutMethod,
      reference: values.reference.trim(),
      ...(values.note.trim() ? { note: values.note.trim() } : {}),
    };
    payout.mutate(body, {
      onSuccess: () => {
        setDone(`Payout of ${currency} ${body.amount} recorded.`);
        setValues({ amount: '', method: values.method, reference: '', note: '' });
      },
      onError: (err) => {
        form.fromServer(err);
        focusFirstInvalid(formRef.current);
      },
    });
  };
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="admin-pay-form">
      <h3 className="dialog-subtitle" style={{ marginTop: 16, fontSize: '1rem' }}>
        Record a payout
      </h3>
      <Input label={`Payout amount (${currency})`} inputMode="numeric" {...bind('amount')} />
      <Select label="Paid by" {...bind('method')}>
        {PAYOUT_METHODS.map((m) => (
          <option key={m.value} value={m.value}>
            {m.label}
          </option>
        ))}
      </Select>
      <Input label="Payout reference" maxLength={60} {...bind('reference')} />
      <Input label="Note" maxLength={300} hint="Optional." {...bind('note')} />
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
      <div className="form-actions">
        <Button type="submit" size="sm" loading={payout.isPending}>
          Record payout
        </Button>
      </div>
    </form>
  );
}
