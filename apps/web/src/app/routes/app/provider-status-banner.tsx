import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { authQueries } from '@/features/auth/api/auth-queries';
import { providerQueries } from '@/lib/provider-queries';
import { subscriptionQueries } from '@/features/subscription/api/subscription-queries';
import type { ProviderStatus } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { paths } from '../../paths';

/**
 * What the account can do in its state, said exactly (docs/getting-started.md "Account states"):
 * a pending, rejected or suspended account signs in and keeps its data, but the captive portal
 * does not sell and API keys do not authenticate; the trial starts at approval.
 */
export function ProviderStatusBanner({ status }: { status: ProviderStatus }) {
  const me = useQuery(authQueries.me());
  const owner = me.data?.role === 'provider_owner';
  // the reason the Wavu team gave (owner and staff may read the profile)
  const profile = useQuery({ ...providerQueries.detail(), enabled: status === 'rejected' || status === 'suspended' });
  const reason = profile.data?.statusReason ?? null;
  // trial days left: the subscription is the owner's and exists once approved
  const subscription = useQuery({ ...subscriptionQueries.current(), enabled: status === 'active' && owner });

  if (status === 'pending') {
    return (
      <Alert tone="warning" title="We're reviewing your account">
        The Wavu team usually decides within a day. Meanwhile you can fill in your <Link to={paths.profile}>profile</Link>, <Link to={paths.routerNew}>add your router</Link> and run its setup kit,
        create your <Link to={paths.plans}>plans</Link> and set up <Link to={paths.paymentSettings}>M-Pesa</Link>. Customers can buy on your portal only once you are approved, and API keys start
        working then too. Your free trial starts on the day of approval.
      </Alert>
    );
  }
  if (status === 'rejected') {
    return (
      <Alert tone="danger" title="Your application was not approved">
        {reason ? (
          <>
            The reason given: <q>{reason}</q>.{' '}
          </>
        ) : null}
        This account cannot sell WiFi: the portal does not take payments and API keys do not work. An application that was not approved cannot be reopened from here; if the reason is something you can
        fix, contact the Wavu team.
      </Alert>
    );
  }
  if (status === 'suspended') {
    return (
      <Alert tone="danger" title="Your account is suspended">
        {reason ? (
          <>
            The reason given: <q>{reason}</q>.{' '}
          </>
        ) : null}
        While it is suspended your portal does not sell and API keys do not work. Vouchers already on your routers keep working, and you can still sign in and see your data. Contact the Wavu team to
        have it reactivated.
      </Alert>
    );
  }
  const s = subscription.data;
  if (s?.status === 'trialing') {
    return (
      <Alert tone="info" title={s.daysLeft > 0 ? `Free trial: ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'} left` : 'Your free trial ends today'}>
        Your account is approved and can sell. <Link to={paths.subscription}>Choose a plan</Link> before the trial ends on {formatDateTime(s.currentPeriodEnd)} to keep selling.
      </Alert>
    );
  }
  if (s?.status === 'past_due') {
    return (
      <Alert tone="warning" title="Your subscription has ended">
        {s.graceEndsAt ? <>Customers can still buy until {formatDateTime(s.graceEndsAt)}. </> : null}
        <Link to={paths.subscription}>Renew it</Link> to keep selling.
      </Alert>
    );
  }
  return null;
}
