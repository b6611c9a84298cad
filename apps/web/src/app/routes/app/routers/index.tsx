import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { routerQueries } from '@/features/routers/api/router-queries';
import { ImportRouters } from '@/features/routers/components/import-routers';
import { ROUTER_TABS, RouterDetail, type RouterTab } from '@/features/routers/components/router-detail';
import { DeleteRouter } from '@/features/routers/components/delete-router';
import { RouterForm } from '@/features/routers/components/router-form';
import { RoutersList } from '@/features/routers/components/routers-list';
import { WhoIsOnline } from '@/features/routers/components/who-is-online';
import { Button } from '@/components/ui/button';
import { paths } from '../../../paths';
import { useTitle } from '../../../use-title';
import { useMe } from '../layout';

export function RoutersRoute() {
  useTitle('Routers');
  const me = useMe();
  const [importing, setImporting] = useState(false);
  const owner = me.role === 'provider_owner';
  return (
    <>
      <h1 className="page-title">Routers</h1>
      {owner ? (
        <div className="form-actions">
          <Link className="btn btn-primary" to={paths.routerNew}>
            Add router
          </Link>
          <Button variant="secondary" onClick={() => setImporting((v) => !v)} aria-expanded={importing}>
            Import from CSV
          </Button>
        </div>
      ) : null}
      {importing ? (
        <Card title="Import routers">
          <ImportRouters onDone={() => undefined} />
        </Card>
      ) : null}
      <RoutersList detailPath={paths.router} />
    </>
  );
}

export function NewRouterRoute() {
  useTitle('Add router');
  const navigate = useNavigate();
  return (
    <>
      <h1 className="page-title">Add router</h1>
      <Card>
        <RouterForm onSaved={(r) => void navigate(paths.router(r.id))} onCancel={() => void navigate(paths.routers)} />
      </Card>
    </>
  );
}

export function EditRouterRoute() {
  useTitle('Edit router');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const query = useQuery(routerQueries.detail(id));
  if (query.isPending) return <LoadingState label="Loading router…" />;
  if (query.isError) return <ErrorState title="Could not load this router" error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <h1 className="page-title">Edit {query.data.name}</h1>
      <Card>
        <RouterForm router={query.data} onSaved={(r) => void navigate(paths.router(r.id))} onCancel={() => void navigate(paths.router(id))} />
      </Card>
      <DeleteRouter router={query.data} onDeleted={() => void navigate(paths.routers)} />
    </>
  );
}

export function RouterDetailRoute() {
  useTitle('Router');
  const me = useMe();
  const { id = '', tab = 'overview' } = useParams();
  if (!(ROUTER_TABS as readonly string[]).includes(tab)) return <Navigate to={paths.router(id)} replace />;
  return <RouterDetail id={id} tab={tab as RouterTab} tabPath={(t) => paths.routerTab(id, t)} editPath={paths.routerEdit(id)} canManage={me.role === 'provider_owner'} />;
}

export function OnlineRoute() {
  useTitle('Who is online');
  return (
    <>
      <h1 className="page-title">Who is online</h1>
      <WhoIsOnline routerPath={(id) => paths.routerTab(id, 'sessions')} routersPath={paths.routers} />
    </>
  );
}
