import { useSearchParams } from 'react-router-dom';
import { PlatformPlansAdmin } from '@/features/subscription/components/platform-plans-admin';
import { SubscriptionPage } from '@/features/subscription/components/subscription-page';
import { SubscriptionRevenue } from '@/features/subscription/components/subscription-revenue';
import { SubscriptionsAdmin } from '@/features/subscription/components/subscriptions-admin';
import { useTitle } from '../../use-title';
import { useMe } from './layout';

export function SubscriptionRoute() {
  useTitle('Subscription');
  const me = useMe();
  const [params] = useSearchParams();
  return (
    <>
      <h1 className="page-title">Subscription</h1>
      <SubscriptionPage canPay={me.role === 'provider_owner'} returned={{ invoiceId: params.get('invoice'), payment: params.get('payment') }} />
    </>
  );
}

export function PlatformPlansRoute() {
  useTitle('Platform plans');
  return (
    <>
      <h1 className="page-title">Platform plans</h1>
      <PlatformPlansAdmin />
    </>
  );
}

export function SubscriptionRevenueRoute() {
  useTitle('Subscription revenue');
  return (
    <>
      <h1 className="page-title">Subscription revenue</h1>
      <SubscriptionRevenue />
    </>
  );
}

export function AdminSubscriptionsRoute() {
  useTitle('Subscriptions');
  return (
    <>
      <h1 className="page-title">Subscriptions</h1>
      <SubscriptionsAdmin />
    </>
  );
}
