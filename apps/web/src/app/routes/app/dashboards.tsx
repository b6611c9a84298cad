import type { ReactNode } from 'react';
import { NotAllowed } from '@/components/ui/not-allowed';
import { ApiKeysPage } from '@/features/api-keys/components/api-keys-page';
import { AuditLog } from '@/features/audit-log/components/audit-log';
import { CustomersPage } from '@/features/customers/components/customers-page';
import { AdminOverview } from '@/features/dashboards/components/admin-overview';
import { ProviderOverview } from '@/features/dashboards/components/provider-overview';
import { ProviderPerformanceReport } from '@/features/dashboards/components/provider-performance';
import { SystemHealthPage } from '@/features/dashboards/components/system-health';
import { StaffPage } from '@/features/staff/components/staff-page';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { useLiveStatus, useMe } from './layout';

function LiveBadge() {
  const live = useLiveStatus();
  return (
    <span className={'live-dot' + (live ? ' is-live' : '')} role="status">
      {live ? 'Live' : 'Connecting…'}
    </span>
  );
}

function Page({ title, live, children }: { title: string; live?: boolean; children: ReactNode }) {
  useTitle(title);
  return (
    <>
      <div className="page-head">
        <h1 className="page-title">{title}</h1>
        {live ? <LiveBadge /> : null}
      </div>
      {children}
    </>
  );
}

/** Owner-only pages tell staff why they cannot see them (the API refuses them too, with 403). */
function OwnerOnly({ title, what, children }: { title: string; what: string; children: ReactNode }) {
  const me = useMe();
  if (me.role === 'provider_owner') return <Page title={title}>{children}</Page>;
  return (
    <Page title={title}>
      <NotAllowed why={`Only the account owner can manage ${what}. Ask the owner if something needs to change.`} backTo={paths.overview} />
    </Page>
  );
}

export function OverviewRoute() {
  return (
    <Page title="Overview" live>
      <ProviderOverview routerPath={paths.router} routersPath={paths.routers} onlinePath={paths.online} subscriptionPath={paths.subscription} setupPaths={paths} />
    </Page>
  );
}

export function AdminOverviewRoute() {
  return (
    <Page title="Platform overview" live>
      <AdminOverview />
    </Page>
  );
}

export function AdminPerformanceRoute() {
  return (
    <Page title="Provider performance">
      <ProviderPerformanceReport providerPath={(name) => `${paths.adminProviders}?q=${encodeURIComponent(name)}`} />
    </Page>
  );
}

export function SystemHealthRoute() {
  return (
    <Page title="System health">
      <SystemHealthPage />
    </Page>
  );
}

export function AuditLogRoute() {
  const me = useMe();
  if (me.role === 'super_admin') {
    return (
      <Page title="Audit log">
        <AuditLog showProvider />
      </Page>
    );
  }
  return (
    <OwnerOnly title="Audit log" what="the audit log">
      <AuditLog showProvider={false} />
    </OwnerOnly>
  );
}

export function StaffRoute() {
  return (
    <OwnerOnly title="Staff" what="staff users">
      <StaffPage />
    </OwnerOnly>
  );
}

export function ApiKeysRoute() {
  return (
    <OwnerOnly title="API keys" what="API keys">
      <ApiKeysPage docsUrl="/api/docs" />
    </OwnerOnly>
  );
}

export function CustomersRoute() {
  const me = useMe();
  return (
    <Page title="Customers">
      <CustomersPage canRevealPhone={me.role === 'provider_owner'} />
    </Page>
  );
}
