import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatDateTime, formatMoney } from '@/lib/format';
import { useCheckout, useRefreshInvoice } from '../api/subscription-mutations';
import { subscriptionQueries } from '../api/subscription-queries';
import type { InvoiceDto } from '../api/types';
import { INVOICE_STATUS, SUBSCRIPTION_STATUS } from './format';

const RESULT_TEXT: Record<string, { tone: 'success' | 'warning' | 'danger' | 'info'; text: string }> = {
  paid: { tone: 'success', text: 'Payment received: your subscription is active.' },
  pending: { tone: 'info', text: 'Waiting for Pesapal to confirm your payment…' },
  failed: { tone: 'danger', text: 'The payment failed. Nothing was charged; you can try again.' },
  cancelled: { tone: 'warning', text: 'You left the payment page. You can pay whenever you are ready.' },
  rejected: { tone: 'danger', text: 'The payment did not match the invoice and was not applied. Please contact Wavu support.' },
};

/**
 * The provider's subscription: status, days left, plans to pay for (→ Pesapal's page), invoices,
 * notifications. `returned` is the `?invoice=&payment=` the API's return redirect adds.
 */
export function SubscriptionPage({ canPay, returned }: { canPay: boolean; returned: { invoiceId: string | null; payment: string | null } }) {
  const subscription = useQuery(subscriptionQueries.current());
  const plans = useQuery(subscriptionQueries.publicPlans());
  const invoices = useQuery(subscriptionQueries.invoices());
  const notifications = useQuery(subscriptionQueries.notifications());
  const checkout = useCheckout();
  const outcome = useReturnedPayment(returned);

  if (subscription.isPending) return <LoadingState label="Loading your subscription…" />;
  if (subscription.isError) {
    if (subscription.error instanceof ApiError && subscription.error.code === 'SUBSCRIPTION_NOT_FOUND') {
      return <EmptyState title="No subscription yet">Your trial starts when the Wavu team approves your account.</EmptyState>;
    }
    return <ErrorState title="Could not load your subscription" error={subscription.error} onRetry={() => void subscription.refetch()} />;
  }
  const s = subscription.data;
  const status = SUBSCRIPTION_STATUS[s.status];
  const pay = (planId: string) => checkout.mutate(planId, { onSuccess: (result) => window.location.assign(result.redirectUrl) });

  return (
    <>
      {outcome ? <Alert tone={RESULT_TEXT[outcome]?.tone ?? 'info'}>{RESULT_TEXT[outcome]?.text ?? `Payment status: ${outcome}`}</Alert> : null}
      {s.status === 'paused' ? (
        <Alert tone="danger" title="Sales paused">
          Your hotspots do not sell vouchers until the subscription is paid.
        </Alert>
      ) : null}
      {s.status === 'past_due' ? (
        <Alert tone="warning" title="Subscription expired">
          Pay before {formatDateTime(s.graceEndsAt)} to keep selling.
        </Alert>
      ) : null}

      <Card title="Your subscription" aria-label="Your subscription">
        <dl className="details">
          <div>
            <dt>Status</dt>
            <dd data-testid="subscription-status">
              <Badge tone={status.tone}>{status.label}</Badge>
            </dd>
          </div>
          <div>
            <dt>Plan</dt>
            <dd data-testid="subscription-plan">{s.plan ? s.plan.name : 'Free trial'}</dd>
          </div>
          <div>
            <dt>{s.status === 'trialing' ? 'Trial ends' : 'Paid until'}</dt>
            <dd>{formatDateTime(s.currentPeriodEnd)}</dd>
          </div>
          <div>
            <dt>Days left</dt>
            <dd data-testid="subscription-days-left">{s.daysLeft}</dd>
          </div>
        </dl>
      </Card>

      <Card title={s.status === 'active' ? 'Renew' : 'Choose a plan'}>
        {checkout.isError ? <Alert tone="danger">{errorMessage(checkout.error)}</Alert> : null}
        {plans.isPending ? <LoadingState label="Loading plans…" /> : null}
        {plans.isError ? <ErrorState error={plans.error} onRetry={() => void plans.refetch()} /> : null}
        {plans.data?.length === 0 ? <EmptyState title="No plans are offered yet" /> : null}
        {plans.data && plans.data.length > 0 ? (
          <Table caption="Plans">
            <thead>
              <Tr>
                <Th>Plan</Th>
                <Th>Price</Th>
                <Th>Limits</Th>
                <Th>Features</Th>
                <Th>
                  <span className="visually-hidden">Pay</span>
                </Th>
              </Tr>
            </thead>
            <tbody>
              {plans.data.map((plan) => (
                <Tr key={plan.id}>
                  <Td label="Plan">{plan.name}</Td>
                  <Td label="Price">
                    {formatMoney(plan.priceMinor, plan.currency)} / {plan.period === 'yearly' ? 'year' : 'month'}
                  </Td>
                  <Td label="Limits">
                    {plan.maxRouters === null ? 'Unlimited routers' : `${plan.maxRouters} router${plan.maxRouters === 1 ? '' : 's'}`},{' '}
                    {plan.maxVouchersPerMonth === null ? 'unlimited vouchers' : `${plan.maxVouchersPerMonth.toLocaleString('en-KE')} vouchers/month`}
                  </Td>
                  <Td label="Features">{plan.features.join(' · ') || '—'}</Td>
                  <Td>
                    {canPay ? (
                      <Button size="sm" loading={checkout.isPending && checkout.variables === plan.id} disabled={checkout.isPending} onClick={() => pay(plan.id)}>
                        Pay for {plan.name}
                      </Button>
                    ) : (
                      <span className="muted small">The owner pays</span>
                    )}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        ) : null}
        <p className="muted small">You pay on Pesapal's secure page (M-Pesa or card). Paying before the end adds the new period after it.</p>
      </Card>

      <Card title="Invoices">
        {invoices.isError ? <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} /> : null}
        {invoices.data?.items.length === 0 ? <EmptyState title="No invoices yet" /> : null}
        {invoices.data && invoices.data.items.length > 0 ? <InvoicesTable invoices={invoices.data.items} /> : null}
      </Card>

      <Card title="Notifications">
        {notifications.isError ? <ErrorState error={notifications.error} onRetry={() => void notifications.refetch()} /> : null}
        {notifications.data?.items.length === 0 ? <EmptyState title="No notifications" /> : null}
        {notifications.data && notifications.data.items.length > 0 ? (
          <ul className="type-list" aria-label="Notifications">
            {notifications.data.items.map((n) => (
              <li key={n.id}>
                <Badge tone={n.level === 'critical' ? 'danger' : n.level === 'warning' ? 'warning' : 'info'}>{n.title}</Badge> <span className="small">{n.body}</span>{' '}
                <span className="muted small">{formatDateTime(n.createdAt)}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
    </>
  );
}

function InvoicesTable({ invoices }: { invoices: InvoiceDto[] }) {
  return (
    <Table caption="Invoices">
      <thead>
        <Tr>
          <Th>Invoice</Th>
          <Th>Plan</Th>
          <Th>Amount</Th>
          <Th>Status</Th>
          <Th>Period</Th>
          <Th>Receipt</Th>
        </Tr>
      </thead>
      <tbody>
        {invoices.map((i) => (
          <Tr key={i.id}>
            <Td label="Invoice">
              #{i.number} <span className="muted small">{i.merchantReference}</span>
            </Td>
            <Td label="Plan">{i.planName}</Td>
            <Td label="Amount">{formatMoney(i.amountMinor, i.currency)}</Td>
            <Td label="Status">
              <Badge tone={INVOICE_STATUS[i.status].tone}>{INVOICE_STATUS[i.status].label}</Badge>
              {i.status === 'pending' && i.redirectUrl ? (
                <>
                  {' '}
                  <a href={i.redirectUrl}>Continue payment</a>
                </>
              ) : null}
              {i.failureReason ? <div className="muted small">{i.failureReason}</div> : null}
            </Td>
            <Td label="Period">{i.periodEnd ? `${formatDateTime(i.periodStart)} – ${formatDateTime(i.periodEnd)}` : '—'}</Td>
            <Td label="Receipt">{i.confirmationCode ? `${i.paymentMethod ?? ''} ${i.confirmationCode}` : '—'}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** After Pesapal's return: shows the outcome, polling the API while it is still pending (mobile money can take ~20 s). */
function useReturnedPayment({ invoiceId, payment }: { invoiceId: string | null; payment: string | null }): string | null {
  const [outcome, setOutcome] = useState<string | null>(payment);
  const refresh = useRefreshInvoice();
  const { mutate } = refresh;
  useEffect(() => setOutcome(payment), [payment]);
  useEffect(() => {
    if (!invoiceId || outcome !== 'pending') return;
    let tries = 0;
    const timer = window.setInterval(() => {
      tries += 1;
      if (tries > 30) return window.clearInterval(timer);
      mutate(invoiceId, { onSuccess: (invoice) => invoice.status !== 'pending' && setOutcome(invoice.status === 'paid' ? 'paid' : invoice.status) });
    }, 2000);
    return () => window.clearInterval(timer);
  }, [invoiceId, outcome, mutate]);
  return outcome;
}
