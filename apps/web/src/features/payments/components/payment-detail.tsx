import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { ApiError } from '@/lib/api-error';
import { formatAmount, formatDateTime } from '@/lib/format';
import { paymentQueries } from '../api/payment-queries';
import { RevealPhone } from './reveal-phone';
import { SETTLED_VIA_HINTS, SETTLED_VIA_LABELS, SOURCE_LABELS, STATUS_LABELS, STATUS_TONES } from './format';
import './payments.css';

/** One payment with everything the API knows about it. */
export function PaymentDetail({ id, backPath, voucherPath, canRevealPhone = false }: { id: string; backPath: string; voucherPath: (id: string) => string; canRevealPhone?: boolean }) {
  const query = useQuery(paymentQueries.detail(id));
  if (query.isPending) return <LoadingState label="Loading payment…" />;
  if (query.isError)
    return (
      <>
        <ErrorState
          title={query.error instanceof ApiError && query.error.status === 404 ? 'Payment not found' : 'Could not load this payment'}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
        <p>
          <Link to={backPath}>Back to payments</Link>
        </p>
      </>
    );
  const p = query.data;
  const row = (label: string, value: ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <>
      <p>
        <Link to={backPath}>← Back to payments</Link>
      </p>
      <Card title={`${formatAmount(p.amount, p.currency)} · ${p.receipt ?? p.paymentReference}`}>
        <p>
          <Badge tone={STATUS_TONES[p.status]}>{STATUS_LABELS[p.status]}</Badge>
        </p>
        <dl className="details pay-details" aria-label="Payment details">
          {row('M-Pesa receipt', p.receipt ? <span className="mono">{p.receipt}</span> : '—')}
          {row('Payment reference', <span className="mono">{p.paymentReference}</span>)}
          {row('Source', SOURCE_LABELS[p.source])}
          {row('Collection', p.collectionMode === 'platform' ? 'Platform collection' : 'Own Daraja app')}
          {row('Phone', <RevealPhone paymentId={p.id} masked={p.phone} canReveal={canRevealPhone} />)}
          {row('Plan', p.planName)}
          {row('Started (Nairobi)', formatDateTime(p.createdAt))}
          {row('Paid (Nairobi)', formatDateTime(p.paidAt))}
          {row(
            'Settled via',
            p.settledVia ? (
              <>
                {SETTLED_VIA_LABELS[p.settledVia]}
                <span className="muted small block">{SETTLED_VIA_HINTS[p.settledVia]}</span>
              </>
            ) : (
              '—'
            ),
          )}
          {row('Result', <ResultWords label={p.resultLabel} desc={p.resultDesc} code={p.resultCode} />)}
          {p.flagReason ? row('Flagged', p.flagReason) : null}
          {row('Voucher', p.voucherId ? <Link to={voucherPath(p.voucherId)}>Open voucher</Link> : '—')}
        </dl>
      </Card>
    </>
  );
}

/** The result in plain words, with M-Pesa's own text and code underneath for support calls. */
function ResultWords({ label, desc, code }: { label: string | null; desc: string | null; code: string | null }) {
  const raw = desc || code !== null ? `M-Pesa said: ${desc ? `“${desc}”` : 'nothing more'}${code !== null ? ` (code ${code})` : ''}` : null;
  if (!label && !raw) return <>—</>;
  return (
    <>
      {label ? <strong>{label}</strong> : null}
      {raw ? <span className={'muted small' + (label ? ' block' : '')}>{raw}</span> : null}
    </>
  );
}
