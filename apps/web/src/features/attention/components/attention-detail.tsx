import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorState } from '@/components/ui/error-state';
import { Input, Textarea } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/api-error';
import { formatAmount, formatDateTime } from '@/lib/format';
import { useResolveAttention, type AttentionAction } from '../api/attention-mutations';
import { attentionQueries } from '../api/attention-queries';
import type { AttentionScope } from '../api/types';
import { KIND_LABELS, STATE_LABELS, STATE_TONES } from './format';

type Dialog = 'issue' | 'choose' | 'refund' | 'dismiss' | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const row = (label: string, value: ReactNode) => (
  <div>
    <dt>{label}</dt>
    <dd>{value}</dd>
  </div>
);

/**
 * One item with its three resolutions, each confirmed in a dialog (dismiss needs a reason). Staff look; the owner acts.
 * The super admin can also issue unmatched C2B money for the purchase or payment reference it was meant for.
 */
export function AttentionDetail({ scope, id, canResolve }: { scope: AttentionScope; id: string; canResolve: boolean }) {
  const query = useQuery(attentionQueries.detail(scope, id));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [text, setText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const resolve = useResolveAttention(scope, id);

  if (query.isPending) return <LoadingState label="Loading…" />;
  if (query.isError) return <ErrorState title="Could not load this item" error={query.error} onRetry={() => void query.refetch()} />;
  const item = query.data;
  const close = () => {
    resolve.reset();
    setDialog(null);
    setText('');
  };
  const reasonMissing = dialog === 'dismiss' && text.trim().length < 3;
  const choice = text.trim();
  const choiceInvalid = dialog === 'choose' && !UUID.test(choice) && !/^[A-Za-z0-9]{1,12}$/.test(choice);

  return (
    <Card title={KIND_LABELS[item.kind]} actions={<Badge tone={STATE_TONES[item.state]}>{STATE_LABELS[item.state]}</Badge>}>
      {done ? <Alert tone="success">{done}</Alert> : null}
      <dl className="details" aria-label="Item details">
        {row('Amount', <strong>{formatAmount(item.amount, item.currency)}</strong>)}
        {row('Why', item.reason)}
        {row('M-Pesa receipt', item.receipt ? <span className="mono">{item.receipt}</span> : '—')}
        {row('Reference', item.reference ? <span className="mono">{item.reference}</span> : '—')}
        {row('Phone', item.phone ?? '—')}
        {scope === 'admin' ? row('Provider', item.providerId ? <span className="mono">{item.providerId}</span> : 'None found (platform shortcode)') : null}
        {row('When (Nairobi)', formatDateTime(item.occurredAt))}
        {item.state !== 'open'
          ? row(
              'Resolved',
              <>
                {formatDateTime(item.resolvedAt)} by {item.resolvedBy ?? '—'}
                {item.note ? <div className="muted small">{item.note}</div> : null}
              </>,
            )
          : null}
      </dl>
      {item.state === 'open' && canResolve ? (
        <div className="form-actions">
          {item.canIssueVoucher ? <Button onClick={() => setDialog('issue')}>Issue the voucher</Button> : null}
          {scope === 'admin' && item.canChoosePurchase ? <Button onClick={() => setDialog('choose')}>Issue for a purchase…</Button> : null}
          <Button variant="secondary" onClick={() => setDialog('refund')}>
            Mark refund due
          </Button>
          <Button variant="ghost" onClick={() => setDialog('dismiss')}>
            Dismiss
          </Button>
        </div>
      ) : null}
      {item.state === 'open' && !item.canIssueVoucher ? (
        <p className="muted small">
          {scope === 'admin' && item.canChoosePurchase
            ? 'No purchase is known for this money. If you found what it paid for (the buyer’s open purchase, or the reference they meant), issue it for that; else refund it or dismiss it.'
            : 'No purchase is known for this money, so no voucher can be issued from here: refund it or dismiss it.'}
        </p>
      ) : null}
      <ConfirmDialog
        open={dialog !== null}
        title={dialog === 'issue' ? 'Issue the voucher?' : dialog === 'choose' ? 'Issue for a purchase?' : dialog === 'refund' ? 'Mark a refund due?' : 'Dismiss this item?'}
        description={
          dialog === 'issue'
            ? `A voucher of the plan is sold for ${formatAmount(item.amount, item.currency)} and the payment is counted in your revenue.`
            : dialog === 'choose'
              ? `The ${formatAmount(item.amount, item.currency)} received (receipt ${item.receipt ?? '—'}) pays for that purchase, or sells the voucher with that reference, at its provider.`
              : dialog === 'refund'
                ? 'Records that the customer is owed this money back. Nothing is sold.'
                : 'Records that nothing needs doing for this money. Nothing is sold.'
        }
        confirmLabel={dialog === 'issue' || dialog === 'choose' ? 'Issue the voucher' : dialog === 'refund' ? 'Mark refund due' : 'Dismiss'}
        tone={dialog === 'dismiss' ? 'danger' : 'primary'}
        pending={resolve.isPending}
        error={resolve.isError ? errorMessage(resolve.error) : undefined}
        onCancel={close}
        onConfirm={() => {
          if ((dialog === 'dismiss' && reasonMissing) || choiceInvalid) return;
          const action: AttentionAction =
            dialog === 'issue'
              ? { kind: 'issue' }
              : dialog === 'choose'
                ? { kind: 'issue', choice: UUID.test(choice) ? { paymentId: choice } : { reference: choice.toUpperCase() } }
                : dialog === 'refund'
                  ? { kind: 'refund', note: text.trim() || undefined }
                  : { kind: 'dismiss', reason: text.trim() };
          resolve.mutate(action, {
            onSuccess: (resolved) => {
              setDone(resolved.voucherCode ? `Voucher ${resolved.voucherCode} issued. Give this code to the customer.` : `Marked “${STATE_LABELS[resolved.state]}”.`);
              close();
            },
          });
        }}
      >
        {dialog === 'choose' ? (
          <Input
            label="Payment reference or purchase id"
            hint="The reference the customer meant, or the id of their open purchase (from the payments list)"
            value={text}
            maxLength={36}
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
            error={text.length > 0 && choiceInvalid ? 'Enter a payment reference (letters and digits) or a purchase id' : undefined}
          />
        ) : null}
        {dialog === 'refund' || dialog === 'dismiss' ? (
          <Textarea
            label={dialog === 'dismiss' ? 'Reason' : 'Note'}
            hint={dialog === 'refund' ? 'Optional: what was agreed with the customer' : undefined}
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
            error={dialog === 'dismiss' && text.length > 0 && reasonMissing ? 'Say why, in at least 3 characters' : undefined}
          />
        ) : null}
      </ConfirmDialog>
    </Card>
  );
}
