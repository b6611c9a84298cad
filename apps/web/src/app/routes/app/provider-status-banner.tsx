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
 * a pending or rejected account sees its status and edits its profile (the status page below the
 * banner says what comes next); a suspended one reads, exports and pays, nothing else; in none of
 * them does the captive portal sell. API keys get what the owner gets. The trial starts at approval.
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
        The Wavu team usually decides within a day. Meanwhile you can check your <Link to={paths.profile}>profile</Link>; routers, plans, M-Pesa and vouchers can be set up once you are approved. Your
        free trial starts on the day of approval.
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
        This account cannot sell WiFi or set anything up; you can still see your profile. An application that was not approved cannot be reopened from here; if the reason is something you can fix,
        contact the Wavu team.
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
        Your account is read-only: you can see and export your data
        {owner ? (
          <>
            {' '}
            and <Link to={paths.subscription}>pay your subscription</Link>
          </>
        ) : null}
        , but not add or change anything, talk to your routers (tests, sync, live sessions) or sell — your portal does not take payments. Vouchers already on your routers keep working. Contact the
        Wavu team to have it reactivated.
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
