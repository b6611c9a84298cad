import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Select } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatCount, formatDateTime } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import { ROUTERS_PAGE_SIZE, routerQueries } from '../api/router-queries';
import type { ConnectionMode, RouterListParams, RouterSort, RouterStatus, RouterSyncFilter, SortOrder } from '../api/types';
import { RouterStatusBadge } from './router-status';
import { TunnelTag } from './router-tunnel';
import './routers.css';

const STATUSES: Record<RouterStatus, string> = { online: 'Online', offline: 'Offline', unknown: 'Not checked yet', error: 'Error' };
const MODES: Record<ConnectionMode, string> = { direct: 'Direct (its own address)', tunnel: 'Wavu tunnel' };
const SYNCS: Record<RouterSyncFilter, string> = { behind: 'Not up to date', pending: 'Changes waiting', failed: 'Changes failed', up_to_date: 'Up to date' };
/** The sort menu: `sort:order` → words. The first is the default. */
const SORTS = {
  'name:asc': 'Name A–Z',
  'name:desc': 'Name Z–A',
  'status:asc': 'Status: problems first',
  'status:desc': 'Status: not checked first',
  'lastSeen:desc': 'Last seen: most recent',
  'lastSeen:asc': 'Last seen: longest ago',
} as const;
type SortChoice = keyof typeof SORTS;
type UrlKey = 'search' | 'status' | 'connectionMode' | 'sync' | 'sort' | 'cursor' | 'page';
const FILTER_KEYS = ['search', 'status', 'connectionMode', 'sync'] as const;

const oneOf = <T extends string>(value: string | null, allowed: Record<T, string>): T | undefined => (value !== null && value in allowed ? (value as T) : undefined);

/** Search, filters, sort and page live in the URL (?search=…&status=offline&sort=lastSeen:asc&cursor=…) so links and reloads keep them. */
function useListParams() {
  const { params, update, clear } = useUrlParams<UrlKey>();
  const sort = oneOf<SortChoice>(params.get('sort'), SORTS) ?? 'name:asc';
  const [by, order] = sort.split(':') as [RouterSort, SortOrder];
  const search = params.get('search')?.trim().slice(0, 100) || undefined;
  const query: RouterListParams = {
    ...(search ? { search } : {}),
    ...(oneOf(params.get('status'), STATUSES) ? { status: oneOf(params.get('status'), STATUSES) } : {}),
    ...(oneOf(params.get('connectionMode'), MODES) ? { connectionMode: oneOf(params.get('connectionMode'), MODES) } : {}),
    ...(oneOf(params.get('sync'), SYNCS) ? { sync: oneOf(params.get('sync'), SYNCS) } : {}),
    sort: by,
    order,
    ...(params.get('cursor') ? { cursor: params.get('cursor')! } : {}),
  };
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  /** a new search, filter or sort starts again at the first page */
  const refine = (patch: Partial<Record<UrlKey, string | undefined>>) => update({ ...patch, cursor: undefined, page: undefined });
  return { query, sort, page, refine, update, clear };
}

/**
 * The provider's routers (docs/fleet-view.md): search over name, address and location, filters by
 * status, connection and sync, a sort, and pages of 50 from the server, all kept in the URL;
 * the shown page refreshes live. A tunnel router's address carries a "tunnel" tag.
 */
export function RoutersList({ detailPath }: { detailPath: (id: string) => string }) {
  const { query, sort, page, refine, update, clear } = useListParams();
  const list = useQuery(routerQueries.list(query));
  const [text, setText] = useState(query.search ?? '');
  const searchId = useId();
  const filtered = FILTER_KEYS.some((k) => query[k]);

  useEffect(() => setText(query.search ?? ''), [query.search]);
  useEffect(() => {
    if (text.trim() === (query.search ?? '')) return;
    const timer = window.setTimeout(() => refine({ search: text.trim() || undefined }), 400);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const data = list.data;
  const routers = data?.items ?? [];
  const pages = data ? Math.max(1, Math.ceil(data.total / ROUTERS_PAGE_SIZE)) : 1;
  const shownPage = Math.min(page, pages);
  const alerts = routers.filter((r) => r.alert);

  let body;
  if (list.isPending) body = <LoadingState label="Loading routers…" />;
  else if (list.isError && !data) {
    body =
      list.error instanceof ApiError && list.error.code === 'INVALID_CURSOR' ? (
        <EmptyState title="This page of the list is out of date">
          <Button variant="secondary" onClick={() => update({ cursor: undefined, page: undefined })}>
            Go to the first page
          </Button>
        </EmptyState>
      ) : (
        <ErrorState title="Could not load your routers" error={list.error} onRetry={() => void list.refetch()} />
      );
  } else if (routers.length === 0) {
    body = filtered ? (
      <EmptyState title="No routers match">
        <Button variant="secondary" onClick={clear}>
          Clear search and filters
        </Button>
      </EmptyState>
    ) : (
      <EmptyState title="No routers yet">Add your MikroTik router to start selling WiFi.</EmptyState>
    );
  } else {
    body = (
      <>
        {alerts.map((r) => (
          <Alert key={r.id} tone="danger" title={r.name}>
            {r.alert}
          </Alert>
        ))}
        <Table caption="Routers">
          <thead>
            <Tr>
              <Th>Name</Th>
              <Th>Status</Th>
              <Th>Address</Th>
              <Th>Sessions</Th>
              <Th>Sync</Th>
              <Th>Last seen</Th>
            </Tr>
          </thead>
          <tbody>
            {routers.map((r) => (
              <Tr key={r.id}>
                <Td label="Name" className="cell-primary">
                  <Link to={detailPath(r.id)}>{r.name}</Link>
                  {r.location ? <div className="muted small">{r.location}</div> : null}
                </Td>
                <Td label="Status">
                  <RouterStatusBadge status={r.status} />
                </Td>
                <Td label="Address" className="routers-address">
                  {r.host}:{r.apiPort}
                  {r.tunnel ? <TunnelTag tunnel={r.tunnel} /> : null}
                </Td>
                <Td label="Sessions">{r.activeSessions ?? '—'}</Td>
                <Td label="Sync">{r.sync.failed ? `${r.sync.failed} failed` : r.sync.pending ? `${r.sync.pending} waiting` : 'up to date'}</Td>
                <Td label="Last seen">{r.lastSeenAt ? formatDateTime(r.lastSeenAt) : 'never'}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </>
    );
  }

  return (
    <section aria-label="Router list">
      <div className="routers-toolbar">
        <form
          role="search"
          className="routers-search"
          onSubmit={(e) => {
            e.preventDefault();
            refine({ search: text.trim() || undefined });
          }}
        >
          <div className="field">
            <label htmlFor={searchId} className="field-label">
              Search routers
            </label>
            <input id={searchId} className="input" type="search" placeholder="Name, address or location" value={text} maxLength={100} onChange={(e) => setText(e.target.value)} />
          </div>
        </form>
        <Select label="Status" value={query.status ?? ''} onChange={(e) => refine({ status: e.target.value || undefined })}>
          <option value="">All statuses</option>
          {Object.entries(STATUSES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Select label="Connection" value={query.connectionMode ?? ''} onChange={(e) => refine({ connectionMode: e.target.value || undefined })}>
          <option value="">Any connection</option>
          {Object.entries(MODES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Select label="Sync" value={query.sync ?? ''} onChange={(e) => refine({ sync: e.target.value || undefined })}>
          <option value="">Any sync state</option>
          {Object.entries(SYNCS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Select label="Sort" value={sort} onChange={(e) => refine({ sort: e.target.value === 'name:asc' ? undefined : e.target.value })}>
          {Object.entries(SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      {filtered ? (
        <div className="form-actions">
          <Button variant="ghost" size="sm" onClick={clear}>
            Clear search and filters
          </Button>
        </div>
      ) : null}
      {body}
      {data && data.total > 0 ? (
        <nav className="routers-pager" aria-label="Pages">
          <span className="muted small" aria-live="polite">
            {pages > 1 ? `Page ${formatCount(shownPage)} of ${formatCount(pages)} · ` : ''}
            {formatCount(data.total)} router{data.total === 1 ? '' : 's'}
            {filtered ? ' match' : ''}
            {list.isFetching ? ' · refreshing…' : ''}
          </span>
          {list.isError ? (
            <span className="field-error" role="alert">
              {errorMessage(list.error)}
            </span>
          ) : null}
          {data.prevCursor || data.nextCursor ? (
            <span className="routers-pager-buttons">
              <Button
                variant="secondary"
                size="sm"
                disabled={!data.prevCursor}
                onClick={() => update({ cursor: data.prevCursor ?? undefined, page: shownPage > 2 ? String(shownPage - 1) : undefined })}
              >
                Previous page
              </Button>
              <Button variant="secondary" size="sm" disabled={!data.nextCursor} onClick={() => update({ cursor: data.nextCursor ?? undefined, page: String(shownPage + 1) })}>
                Next page
              </Button>
            </span>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
