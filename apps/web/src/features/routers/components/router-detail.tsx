import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format';
import { useDownloadSetupKit, useReconcile, useTestSavedRouter } from '../api/router-mutations';
import { routerQueries } from '../api/router-queries';
import type { ReconcileReport, RouterDto } from '../api/types';
import { ConnectionSteps } from './connection-steps';
import { RouterBackups, RouterEventText } from './router-backups';
import { ConnectionSecurity, ConnectionSecurityAlert } from './router-certificate';
import { RouterHistory } from './router-history';
import { RouterHotspotUsers } from './router-hotspot-users';
import { RouterInterfaces } from './router-interfaces';
import { RouterSync } from './router-sync';
import { formatBytes, formatDuration, RouterStatusBadge } from './router-status';
import { TunnelPanel } from './router-tunnel';
import { SessionsTable } from './sessions-table';
import './routers.css';

export const ROUTER_TABS = ['overview', 'sessions', 'interfaces', 'sync', 'events', 'backups', 'log', 'setup-kit'] as const;
export type RouterTab = (typeof ROUTER_TABS)[number];
const TAB_LABELS: Record<RouterTab, string> = {
  overview: 'Overview',
  sessions: 'Sessions',
  interfaces: 'Interfaces',
  sync: 'Sync',
  events: 'Events',
  backups: 'Backups',
  log: 'Log',
  'setup-kit': 'Setup kit',
};

/** One router: live resources (and a tunnel router's tunnel), sessions (kick), interfaces, sync backlog (retry), events, log, setup kit. */
export function RouterDetail({ id, tab, tabPath, editPath, canManage }: { id: string; tab: RouterTab; tabPath: (tab: RouterTab) => string; editPath: string; canManage: boolean }) {
  const query = useQuery(routerQueries.detail(id));
  if (query.isPending) return <LoadingState label="Loading router…" />;
  if (query.isError) return <ErrorState title="Could not load this router" error={query.error} onRetry={() => void query.refetch()} />;
  const router = query.data;
  return (
    <>
      <h1 className="page-title">
        {router.name} <RouterStatusBadge status={router.status} />
      </h1>
      {router.alert ? <Alert tone="danger">{router.alert}</Alert> : null}
      <ConnectionSecurityAlert router={router} canManage={canManage} />
      {router.lastError && router.status !== 'online' && !router.tls?.pendingFingerprint ? (
        <Alert tone="warning" title="Last error">
          {router.lastError}
        </Alert>
      ) : null}
      <nav className="segmented router-tabs" aria-label="Router sections">
        {ROUTER_TABS.filter((t) => canManage || t !== 'setup-kit').map((t) => (
          <Link key={t} to={tabPath(t)} className="segmented-item" aria-current={t === tab ? 'page' : undefined}>
            {TAB_LABELS[t]}
          </Link>
        ))}
      </nav>
      {tab === 'overview' && router.tunnel ? <TunnelPanel router={router} tunnel={router.tunnel} canManage={canManage} kitPath={tabPath('setup-kit')} /> : null}
      {tab === 'overview' ? <Overview router={router} editPath={editPath} canManage={canManage} /> : null}
      {tab === 'overview' ? <RouterHistory id={id} /> : null}
      {tab === 'sessions' ? <Sessions id={id} /> : null}
      {tab === 'sessions' ? <RouterHotspotUsers id={id} canManage={canManage} /> : null}
      {tab === 'interfaces' ? <RouterInterfaces id={id} canManage={canManage} /> : null}
      {tab === 'sync' ? <RouterSync id={id} /> : null}
      {tab === 'events' ? <Events id={id} backupsPath={tabPath('backups')} /> : null}
      {tab === 'backups' ? <RouterBackups router={router} canManage={canManage} /> : null}
      {tab === 'log' ? <Log id={id} /> : null}
      {tab === 'setup-kit' && canManage ? <SetupKit router={router} /> : null}
    </>
  );
}

function Overview({ router, editPath, canManage }: { router: RouterDto; editPath: string; canManage: boolean }) {
  const test = useTestSavedRouter(router.id);
  const reconcile = useReconcile(router.id);
  const results = useRef<HTMLDivElement>(null);
  // a result appears right under the buttons; on a phone bring it into view
  const show = () => window.requestAnimationFrame(() => results.current?.scrollIntoView({ block: 'nearest' }));
  const mem = router.totalMemory ? `${formatBytes(router.freeMemory)} free of ${formatBytes(router.totalMemory)}` : '—';
  return (
    <Card
      title="Resources"
      className="router-overview"
      actions={
        <>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              reconcile.reset();
              test.mutate(undefined, { onSettled: show });
            }}
            loading={test.isPending}
          >
            Test connection
          </Button>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              test.reset();
              reconcile.mutate(undefined, { onSettled: show });
            }}
            loading={reconcile.isPending}
          >
            Reconcile now
          </Button>
          {canManage ? (
            <Link className="btn btn-secondary btn-sm" to={editPath}>
              Edit router
            </Link>
          ) : null}
        </>
      }
    >
      <div className="router-actions-result" ref={results}>
        {test.data ? <ConnectionSteps result={test.data} /> : null}
        {test.isError ? (
          <Alert tone="danger" title="Connection test did not run">
            {errorMessage(test.error)}
          </Alert>
        ) : null}
        {reconcile.data ? <ReconcileResult report={reconcile.data} /> : null}
        {reconcile.isError ? (
          <Alert tone="danger" title="Reconcile failed">
            {errorMessage(reconcile.error)}
          </Alert>
        ) : null}
      </div>
      <dl className="details">
        <dt>Address</dt>
        <dd>
          {router.host}:{router.apiPort}
          {router.connectionMode === 'tunnel' ? <span className="muted"> (inside the Wavu tunnel)</span> : null}
        </dd>
        <dt>Connection</dt>
        <dd>
          <ConnectionSecurity router={router} />
        </dd>
        <dt>Identity</dt>
        <dd>{router.identity ?? '—'}</dd>
        <dt>RouterOS</dt>
        <dd>{router.version ?? '—'}</dd>
        <dt>Board</dt>
        <dd>{router.boardName ?? '—'}</dd>
        <dt>Uptime</dt>
        <dd>{formatDuration(router.uptimeSeconds)}</dd>
        <dt>CPU load</dt>
        <dd>{router.cpuLoad === null ? '—' : `${router.cpuLoad}%`}</dd>
        <dt>Memory</dt>
        <dd>{mem}</dd>
        <dt>Active sessions</dt>
        <dd>{router.activeSessions ?? '—'}</dd>
        <dt>Last seen</dt>
        <dd>{formatDateTime(router.lastSeenAt)}</dd>
        <dt>Hotspot DNS name</dt>
        <dd>{router.hotspotDnsName ?? '—'}</dd>
        <dt>Location</dt>
        <dd>{router.location ?? '—'}</dd>
      </dl>
    </Card>
  );
}

/** What a reconcile did, in the owner's words; anything it could not fix is listed. */
function ReconcileResult({ report }: { report: ReconcileReport }) {
  const sample = (names: string[]) => (names.length ? `: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}` : '');
  const changed = report.missingAdded.length + report.updated.length + report.staleRemoved.length + report.profilesAdded.length;
  return (
    <Alert
      tone={report.errors.length ? 'warning' : 'success'}
      title={
        report.errors.length
          ? `Reconcile finished with ${report.errors.length} problem${report.errors.length === 1 ? '' : 's'}`
          : changed
            ? 'Reconcile finished: the router matches the platform again'
            : 'Reconcile finished: the router already matched'
      }
    >
      <ul className="reconcile-list" aria-label="Reconcile report">
        <li>
          {report.missingAdded.length} re-added{sample(report.missingAdded)}
        </li>
        <li>
          {report.updated.length} corrected{sample(report.updated)}
        </li>
        <li>
          {report.staleRemoved.length} removed{sample(report.staleRemoved)}
        </li>
        {report.profilesAdded.length ? (
          <li>
            {report.profilesAdded.length} plan profile{report.profilesAdded.length === 1 ? '' : 's'} added{sample(report.profilesAdded)}
          </li>
        ) : null}
        <li>
          {report.unknown.length} unknown (not made by Wavu, left alone){sample(report.unknown)}
        </li>
        <li>{report.errors.length} errors</li>
      </ul>
      {report.errors.length ? (
        <ul>
          {report.errors.slice(0, 10).map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}

function Sessions({ id }: { id: string }) {
  const query = useQuery(routerQueries.sessions(id));
  if (query.isPending) return <LoadingState label="Loading sessions…" />;
  if (query.isError) return <ErrorState title="Could not read the sessions from the router" error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <SessionsTable sessions={query.data.map((s) => ({ ...s, routerId: id }))} caption="Active sessions" empty={<EmptyState title="No active sessions">Nobody is connected right now.</EmptyState>} />
  );
}

function Events({ id, backupsPath }: { id: string; backupsPath: string }) {
  const query = useQuery(routerQueries.events(id));
  if (query.isPending) return <LoadingState label="Loading events…" />;
  if (query.isError) return <ErrorState title="Could not load the events" error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <EmptyState title="No events yet" />;
  return (
    <Table caption="Router events">
      <thead>
        <Tr>
          <Th>When</Th>
          <Th>Event</Th>
        </Tr>
      </thead>
      <tbody>
        {query.data.items.map((e) => (
          <Tr key={e.id}>
            <Td label="When">{formatDateTime(e.createdAt)}</Td>
            <Td label="Event">
              <RouterEventText event={e} backupsPath={backupsPath} />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function Log({ id }: { id: string }) {
  const query = useQuery(routerQueries.log(id));
  if (query.isPending) return <LoadingState label="Reading the router log…" />;
  if (query.isError) return <ErrorState title="Could not read the router log" error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Card title="Router log (newest first)">
      <pre className="small" style={{ whiteSpace: 'pre-wrap' }}>
        {query.data.map((l) => `${l.time}  ${l.topics.join(',')}  ${l.message}`).join('\n')}
      </pre>
    </Card>
  );
}

function SetupKit({ router }: { router: RouterDto }) {
  const id = router.id;
  const tunnel = router.tunnel;
  const [platformAddress, setPlatformAddress] = useState('');
  const [wanInterface, setWan] = useState('ether1');
  const [lanInterfaces, setLan] = useState('ether2');
  const download = useDownloadSetupKit(id);
  const submit = (format: 'rsc' | 'zip') => (event?: FormEvent) => {
    event?.preventDefault();
    download.mutate({ format, platformAddress: tunnel ? '' : platformAddress, wanInterface, lanInterfaces });
  };
  return (
    <Card title="Setup kit">
      <p>
        A RouterOS 7 script that turns a fresh router into a Wavu hotspot (bridge, DHCP, hotspot, one profile per plan, walled garden for the portal, a restricted API user for the platform), plus the
        hotspot pages. {tunnel ? null : 'It contains the API password: keep it private.'}
      </p>
      {tunnel ? (
        <p>
          This router has no public IP address: the kit also makes it dial Wavu&apos;s WireGuard tunnel at {tunnel.hubEndpoint} and lets the API in only from Wavu inside the tunnel. It contains the
          API password and the router&apos;s tunnel key: keep it private.
        </p>
      ) : null}
      <form className="form" onSubmit={submit('zip')} noValidate>
        {!tunnel ? (
          <Input
            label="Platform address"
            hint="The platform's IPv4 address as the router sees it. Optional when the server sets it."
            value={platformAddress}
            onChange={(e) => setPlatformAddress(e.target.value)}
          />
        ) : null}
        <Input label="WAN interface" value={wanInterface} onChange={(e) => setWan(e.target.value)} />
        <Input label="Hotspot ports" hint="Comma-separated, e.g. ether2,wlan1" value={lanInterfaces} onChange={(e) => setLan(e.target.value)} />
        {download.isError ? <Alert tone="danger">{download.error instanceof Error ? download.error.message : 'Download failed'}</Alert> : null}
        <div className="form-actions">
          <Button variant="secondary" onClick={() => submit('rsc')()} loading={download.isPending && download.variables?.format === 'rsc'}>
            Download script (.rsc)
          </Button>
          <Button type="submit" loading={download.isPending && download.variables?.format === 'zip'}>
            Download kit (.zip)
          </Button>
        </div>
      </form>
    </Card>
  );
}
