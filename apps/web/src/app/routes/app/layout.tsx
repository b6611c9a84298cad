import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useOutletContext } from 'react-router-dom';
import { Button } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { authQueries } from '@/features/auth/api/auth-queries';
import { useLogout } from '@/features/auth/api/logout';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import type { MeDto } from '@/lib/api/types';
import { useSession } from '@/lib/auth-store';
import { useLiveUpdates } from '@/lib/live-updates';
import { paths, ROLE_LABELS } from '../../paths';
import { useTitle } from '../../use-title';
import { AuthLayout } from '../auth/auth-layout';
import { FlashNotice } from '@/components/ui/flash-notice';
import { MainNav } from './main-nav';
import { ProviderStatusBanner } from './provider-status-banner';
import { ProviderStatusPage } from './provider-status-page';

/** A pending or rejected provider: the API answers only its status, profile and password (docs/product.md §2b). */
function notYetApproved(me: MeDto): boolean {
  return me.provider?.status === 'pending' || me.provider?.status === 'rejected';
}
/** The pages such an account can use; every other address shows the status page. */
const OPEN_BEFORE_APPROVAL: string[] = [paths.profile, paths.account];

export interface ShellContext {
  me: MeDto;
  /** Whether the live event stream is connected. */
  live: boolean;
}

/** Whether live updates (server-sent events) are connected. */
export function useLiveStatus(): boolean {
  return useOutletContext<ShellContext>().live;
}

/** The signed-in user, for routes rendered inside the shell. */
export function useMe(): MeDto {
  return useOutletContext<ShellContext>().me;
}

/** Authenticated shell for /app/*: guards the session, loads `me`, renders header + nav and any notice a page passed on (FlashNotice). */
export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  const me = useQuery({ ...authQueries.me(), enabled: session !== null });
  const logout = useLogout();
  const queryClient = useQueryClient();
  // Live updates: any event refreshes the numbers that depend on it (the event is only a hint).
  // not before a temporary password is replaced, nor before approval: the API refuses the ticket
  const live = useLiveUpdates(me.isSuccess && !me.data.mustChangePassword && !notYetApproved(me.data), (event) => {
    void queryClient.invalidateQueries({ queryKey: ['dashboards'] });
    if (event.type !== 'payment.settled') void queryClient.invalidateQueries({ queryKey: ['routers'] });
    else {
      void queryClient.invalidateQueries({ queryKey: ['payments'] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      void queryClient.invalidateQueries({ queryKey: ['statements'] }); // a statement line may have settled it
    }
  });

  if (!session) return <Navigate to={paths.login} replace state={{ from: location.pathname + location.search }} />;
  if (me.isPending) return <LoadingState label="Loading your account…" />;
  if (me.isError) {
    return (
      <main className="auth-page">
        <ErrorState title="Could not load your account" error={me.error} onRetry={() => void me.refetch()} />
        <p>
          <Button variant="ghost" onClick={() => logout.mutate()}>
            Log out
          </Button>
        </p>
      </main>
    );
  }

  const user = me.data;
  if (user.mustChangePassword) return <SetPasswordScreen me={user} onLogout={() => logout.mutate()} loggingOut={logout.isPending} />;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header me={user} onLogout={() => logout.mutate()} loggingOut={logout.isPending} />
      <main id="main" className="main" tabIndex={-1}>
        {user.provider ? <ProviderStatusBanner status={user.provider.status} /> : null}
        <FlashNotice />
        {notYetApproved(user) && !OPEN_BEFORE_APPROVAL.includes(location.pathname) ? <ProviderStatusPage me={user} /> : <Outlet context={{ me: user, live } satisfies ShellContext} />}
      </main>
    </div>
  );
}

/** A user on a temporary password (staff) sees only this until they choose their own (the API answers nothing else). */
function SetPasswordScreen({ me, onLogout, loggingOut }: { me: MeDto; onLogout: () => void; loggingOut: boolean }) {
  useTitle('Set a new password');
  return (
    <AuthLayout
      title="Set a new password"
      subtitle={
        <>
          You signed in as <strong>{me.email}</strong> with a temporary password. Choose your own to continue; the temporary one stops working.
        </>
      }
      footer={
        <Button variant="ghost" onClick={onLogout} loading={loggingOut}>
          Log out
        </Button>
      }
    >
      <ChangePasswordForm temporary />
    </AuthLayout>
  );
}

function Header({ me, onLogout, loggingOut }: { me: MeDto; onLogout: () => void; loggingOut: boolean }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);

  return (
    <header className="header">
      <div className="header-bar">
        <NavLink to={paths.app} className="brand" aria-label="Wavu home">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>{' '}
          Wavu
        </NavLink>
        <button type="button" className="btn btn-ghost menu-toggle" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((o) => !o)}>
          {open ? 'Close' : 'Menu'}
        </button>
        <div id={menuId} className={'header-menu' + (open ? ' is-open' : '')}>
          <MainNav me={me} onNavigate={() => setOpen(false)} />
          <div className="user">
            <span className="user-email">{me.email}</span>
            <span className="user-role">{ROLE_LABELS[me.role] ?? me.role}</span>
            {me.provider ? <span className="user-role">{me.provider.businessName}</span> : null}
          </div>
          <Button variant="secondary" size="sm" onClick={onLogout} loading={loggingOut}>
            Log out
          </Button>
        </div>
      </div>
    </header>
  );
}
