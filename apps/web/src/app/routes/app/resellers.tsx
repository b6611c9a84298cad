import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { noticeState } from '@/components/ui/flash-notice';
import { LoadingState } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/api-error';
import { formatPhone } from '@/lib/format';
import { useUpdateReseller } from '@/features/resellers/api/reseller-mutations';
import { resellerQueries } from '@/features/resellers/api/reseller-queries';
import { ResellerActions, ResellerFigures, ResellerStatement } from '@/features/resellers/components/reseller-detail';
import { ResellerForm } from '@/features/resellers/components/reseller-form';
import { ResellersList } from '@/features/resellers/components/resellers-list';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';

export function ResellersRoute() {
  useTitle('Resellers');
  return (
    <>
      <h1 className="page-title">Resellers</h1>
      <p className="muted">Shops and agents who sell your printed cards. Hand them cards, and what they sell is owed at their price until they bring the money.</p>
      <div className="form-actions">
        <Link className="btn btn-primary" to={paths.resellerNew}>
          New reseller
        </Link>
      </div>
      <ResellersList detailPath={paths.reseller} />
    </>
  );
}

export function NewResellerRoute() {
  useTitle('New reseller');
  const navigate = useNavigate();
  return (
    <>
      <h1 className="page-title">New reseller</h1>
      <Card>
        <ResellerForm onSaved={(r) => void navigate(paths.reseller(r.id), noticeState(`Reseller “${r.name}” added. Hand it cards below.`))} onCancel={() => void navigate(paths.resellers)} />
      </Card>
    </>
  );
}

export function ResellerRoute() {
  const { id = '' } = useParams();
  const query = useQuery(resellerQueries.detail(id));
  const [editing, setEditing] = useState(false);
  const archive = useUpdateReseller(id);
  useTitle(query.data?.name ?? 'Reseller');
  if (query.isPending) return <LoadingState label="Loading reseller…" />;
  if (query.isError) return <ErrorState title="Could not load this reseller" error={query.error} onRetry={() => void query.refetch()} />;
  const r = query.data;
  return (
    <>
      <p className="small">
        <Link to={paths.resellers}>← Resellers</Link>
      </p>
      <h1 className="page-title">{r.name}</h1>
      <p className="muted">
        {r.phone ? formatPhone(r.phone) : 'No phone'}
        {r.note ? ` · ${r.note}` : ''}
        {r.archived ? ' · archived' : ''}
      </p>
      <div className="form-actions">
        <Link className="btn btn-secondary btn-sm" to={`${paths.vouchers}?resellerId=${r.id}`}>
          Its cards
        </Link>
        <Button size="sm" variant="secondary" onClick={() => setEditing((v) => !v)}>
          {editing ? 'Close' : 'Edit'}
        </Button>
        <Button size="sm" variant="secondary" loading={archive.isPending} onClick={() => archive.mutate({ archived: !r.archived })}>
          {r.archived ? 'Restore' : 'Archive'}
        </Button>
      </div>
      {archive.isError ? <Alert tone="danger">{errorMessage(archive.error)}</Alert> : null}
      {editing ? (
        <Card title="Edit reseller">
          <ResellerForm reseller={r} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
        </Card>
      ) : null}
      <ResellerFigures reseller={r} />
      <ResellerActions reseller={r} />
      <ResellerStatement id={r.id} />
    </>
  );
}
