import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format';
import { useDownloadSetupKit, useKickSession, useReconcile, useTestSavedRouter } from '../api/router-mutations';
import { routerQueries } from '../api/router-queries';
import type { RouterDto } from '../api/types';
import { ConnectionSteps } from './connection-steps';
import { RouterSync } from './router-sync';
import { formatBytes, formatDuration, RouterStatusBadge } from './router-status';

export const ROUTER_TABS = ['overview', 'sessions', 'interfaces', 'sync', 'events', 'log', 'setup-kit'] as const;
export type RouterTab = (typeof ROUTER_TABS)[number];
const TAB_LABELS: Record<RouterTab, string> = { overview: 'Overview', sessions: 'Sessions', interfaces: 'Interfaces', sync: 'Sync', events: 'Events', log: 'Log', 'setup-kit': 'Setup kit' };

/** One router: live resources, sessions (kick), interfaces, sync backlog (retry), events, log, setup kit. */
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
      {router.lastError && router.status !== 'online' ? <Alert tone="warning" title="Last error">{router.lastError}</Alert> : null}
      <nav className="segmented" aria-label="Router sections">
        {ROUTER_TABS.filter((t) => canManage || t !== 'setup-kit').map((t) => (
          <Link key={t} to={tabPath(t)} className="segmented-item" aria-current={t === tab ? 'page' : undefined}>
            {TAB_LABELS[t]}
          </Link>
        ))}
      </nav>
      {tab === 'overview' ? <Overview router={router} editPath={editPath} canManage={canManage} /> : null}
      {tab === 'sessions' ? <Sessions id={id} /> : null}
      {tab === 'interfaces' ? <Interfaces id={id} /> : null}
      {tab === 'sync' ? <RouterSync id={id} /> : null}
      {tab === 'events' ? <Events id={id} /> : null}
      {tab === 'log' ? <Log id={id} /> : null}
      {tab === 'setup-kit' && canManage ? <SetupKit id={id} /> : null}
    </>
  );
}

function Overview({ router, editPath, canManage }: { router: RouterDto; editPath: string; canManage: boolean }) {
  const test = useTestSavedRouter(router.id);
  const reconcile = useReconcile(router.id);
  const mem = router.totalMemory ? `${formatBytes(router.freeMemory)} free of ${formatBytes(router.totalMemory)}` : '—';
  return (
    <Card
      title="Resources"
      actions={
        <>
          <Button variant="secondary" size="sm" onClick={() => test.mutate()} loading={test.isPending}>
            Test connection
          </Button>
          <Button variant="secondary" size="sm" onClick={() => reconcile.mutate()} loading={reconcile.isPending}>
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
      <dl className="details">
        <dt>Address</dt>
        <dd>
          {router.host}:{router.apiPort}
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
        <dd>{formatDateTime(router.lastSeenAt as string | null)}</dd>
        <dt>Hotspot DNS name</dt>
        <dd>{router.hotspotDnsName ?? '—'}</dd>
        <dt>Location</dt>
        <dd>{router.location ?? '—'}</dd>
      </dl>
      {test.data ? <ConnectionSteps result={test.data} /> : null}
      {reconcile.data ? (
        <Alert tone="info" title="Reconcile finished">
          {reconcile.data.missingAdded.length} re-added, {reconcile.data.updated.length} corrected, {reconcile.data.staleRemoved.length} removed, {reconcile.data.unknown.length} unknown
          {reconcile.data.unknown.length ? ` (${reconcile.data.unknown.slice(0, 10).join(', ')})` : ''}.
        </Alert>
      ) : null}
      {reconcile.isError ? <Alert tone="danger">{reconcile.error instanceof Error ? reconcile.error.message : 'Reconcile failed'}</Alert> : null}
    </Card>
  );
}

function Sessions({ id }: { id: string }) {
  const query = useQuery(routerQueries.sessions(id));
  const kick = useKickSession(id);
  if (query.isPending) return <LoadingState label="Loading sessions…" />;
  if (query.isError) return <ErrorState title="Could not read the sessions from the router" error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <EmptyState title="No active sessions">Nobody is connected right now.</EmptyState>;
  return (
    <>
      {kick.isError ? <Alert tone="danger">{kick.error instanceof Error ? kick.error.message : 'Kick failed'}</Alert> : null}
      <Table caption="Active sessions">
        <thead>
          <Tr>
            <Th>User</Th>
            <Th>IP</Th>
            <Th>MAC</Th>
            <Th>Uptime</Th>
            <Th>Down / up</Th>
            <Th>Time left</Th>
            <Th>
              <span className="visually-hidden">Actions</span>
            </Th>
          </Tr>
        </thead>
        <tbody>
          {query.data.map((s) => (
            <Tr key={s.id}>
              <Td label="User">{s.user}</Td>
              <Td label="IP">{s.address}</Td>
              <Td label="MAC">{s.macAddress ?? '—'}</Td>
              <Td label="Uptime">{formatDuration(s.uptimeSeconds)}</Td>
              <Td label="Down / up">
                {formatBytes(s.bytesOut)} / {formatBytes(s.bytesIn)}
              </Td>
              <Td label="Time left">{formatDuration(s.timeLeftSeconds)}</Td>
              <Td label="Actions">
                <Button size="sm" variant="danger" aria-label={`Kick ${s.user}`} loading={kick.isPending && kick.variables === s.id} onClick={() => kick.mutate(s.id)}>
                  Kick
                </Button>
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

function Interfaces({ id }: { id: string }) {
  const query = useQuery(routerQueries.interfaces(id));
  if (query.isPending) return <LoadingState label="Loading interfaces…" />;
  if (query.isError) return <ErrorState title="Could not read the interfaces" error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Table caption="Interfaces">
      <thead>
        <Tr>
          <Th>Name</Th>
          <Th>Type</Th>
          <Th>Status</Th>
          <Th>Received</Th>
          <Th>Sent</Th>
        </Tr>
      </thead>
      <tbody>
        {query.data.map((i) => (
          <Tr key={i.name}>
            <Td label="Name">{i.name}</Td>
            <Td label="Type">{i.type}</Td>
            <Td label="Status">{i.disabled ? 'disabled' : i.running ? 'running' : 'down'}</Td>
            <Td label="Received">{formatBytes(i.rxBytes)}</Td>
            <Td label="Sent">{formatBytes(i.txBytes)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function Events({ id }: { id: string }) {
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
            <Td label="When">{formatDateTime(e.createdAt as unknown as string)}</Td>
            <Td label="Event">{e.message}</Td>
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

function SetupKit({ id }: { id: string }) {
  const [platformAddress, setPlatformAddress] = useState('');
  const [wanInterface, setWan] = useState('ether1');
  const [lanInterfaces, setLan] = useState('ether2');
  const download = useDownloadSetupKit(id);
  const submit = (format: 'rsc' | 'zip') => (event?: FormEvent) => {
    event?.preventDefault();
    download.mutate({ format, platformAddress, wanInterface, lanInterfaces });
  };
  return (
    <Card title="Setup kit">
      <p>
        A RouterOS 7 script that turns a fresh router into a Wavu hotspot (bridge, DHCP, hotspot, one profile per plan, walled garden for the portal, a restricted API user for the platform), plus the hotspot
        pages. It contains the API password: keep it private.
      </p>
      <form className="form" onSubmit={submit('zip')} noValidate>
        <Input label="Platform address" hint="The platform's IPv4 address as the router sees it (a VPN address for routers behind NAT). Optional when the server sets it." value={platformAddress} onChange={(e) => setPlatformAddress(e.target.value)} />
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
