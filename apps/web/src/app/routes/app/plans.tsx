import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { noticeState } from '@/components/ui/flash-notice';
import { LoadingState } from '@/components/ui/spinner';
import { planQueries } from '@/features/plans/api/plan-queries';
import { PlanForm } from '@/features/plans/components/plan-form';
import { PlansList } from '@/features/plans/components/plans-list';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';

export function PlansRoute() {
  useTitle('Plans');
  return (
    <>
      <h1 className="page-title">Plans</h1>
      <div className="form-actions">
        <Link className="btn btn-primary" to={paths.planNew}>
          New plan
        </Link>
      </div>
      <PlansList editPath={paths.planEdit} canManage />
    </>
  );
}

export function NewPlanRoute() {
  useTitle('New plan');
  const navigate = useNavigate();
  return (
    <>
      <h1 className="page-title">New plan</h1>
      <Card>
        <PlanForm onSaved={(p) => void navigate(paths.plans, noticeState(`Plan “${p.name}” created. Its profile is being put on its routers.`))} onCancel={() => void navigate(paths.plans)} />
      </Card>
    </>
  );
}

export function EditPlanRoute() {
  useTitle('Edit plan');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const query = useQuery(planQueries.detail(id));
  if (query.isPending) return <LoadingState label="Loading plan…" />;
  if (query.isError) return <ErrorState title="Could not load this plan" error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <h1 className="page-title">Edit {query.data.name}</h1>
      <Card>
        <PlanForm
          plan={query.data}
          onSaved={(p) => void navigate(paths.plans, noticeState(`Plan “${p.name}” saved. Its routers get the change in the background.`))}
          onCancel={() => void navigate(paths.plans)}
        />
      </Card>
    </>
  );
}
