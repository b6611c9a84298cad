import { useParams } from 'react-router-dom';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PaymentDetail } from '@/features/payments/components/payment-detail';
import { PaymentsList } from '@/features/payments/components/payments-list';
import { AdminPayouts } from '@/features/payments/components/admin-payouts';
import { PayoutStatementPage } from '@/features/payments/components/payout-statement';
import { RevenueReport } from '@/features/payments/components/revenue-report';
import { PaymentSettingsPage } from '@/features/payments/components/settings-page';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { useMe } from './layout';

export function PaymentsRoute() {
  useTitle('Payments');
  return (
    <>
      <h1 className="page-title">Payments</h1>
      <PaymentsList detailPath={paths.payment} />
    </>
  );
}

export function PaymentDetailRoute() {
  useTitle('Payment');
  const { id = '' } = useParams();
  const me = useMe();
  return (
    <>
      <h1 className="page-title">Payment</h1>
      <PaymentDetail id={id} backPath={paths.payments} voucherPath={paths.voucher} canRevealPhone={me.role === 'provider_owner'} />
    </>
  );
}

export function RevenueRoute() {
  useTitle('Revenue');
  return (
    <>
      <h1 className="page-title">Revenue</h1>
      <RevenueReport />
    </>
  );
}

/** Owner only (the API answers staff 403): the payout statement of platform collection. */
export function PayoutsRoute() {
  useTitle('Payouts');
  const me = useMe();
  return (
    <>
      <h1 className="page-title">Payouts</h1>
      {me.role === 'provider_owner' ? <PayoutStatementPage /> : <NotAllowed why="Only the account owner can see the payout statement. Ask the owner for it." backTo={paths.overview} />}
    </>
  );
}

export function AdminRevenueRoute() {
  useTitle('Commission revenue');
  return (
    <>
      <h1 className="page-title">Commission revenue</h1>
      <p className="muted">Every provider's platform-collected and own-account sales; the commission (after refunds) is the platform's revenue.</p>
      <RevenueReport platform />
    </>
  );
}

export function AdminPayoutsRoute() {
  useTitle('Payouts');
  return (
    <>
      <h1 className="page-title">Payouts</h1>
      <AdminPayouts />
    </>
  );
}

/** Owner only; anyone else gets a clear "not allowed" instead of a silent redirect. */
export function PaymentSettingsRoute() {
  useTitle('M-Pesa settings');
  const me = useMe();
  return (
    <>
      <h1 className="page-title">M-Pesa settings</h1>
      {me.role === 'provider_owner' ? (
        <PaymentSettingsPage />
      ) : (
        <NotAllowed why="Only the account owner can view or change the M-Pesa settings. Ask the owner if something needs to change." backTo={paths.overview} />
      )}
    </>
  );
}
