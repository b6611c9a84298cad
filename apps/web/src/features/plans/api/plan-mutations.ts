import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { lookupQueries } from '@/lib/lookup-queries';
import { planQueries } from './plan-queries';
import type { CreatePlanBody, PlanDto, UpdatePlanBody } from './types';

function useWritePlan<V>(fn: (vars: V) => Promise<PlanDto>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (plan) => {
      qc.setQueryData(planQueries.detail(plan.id).queryKey, plan);
      void qc.invalidateQueries({ queryKey: planQueries.lists() });
      void qc.invalidateQueries({ queryKey: lookupQueries.all() });
    },
  });
}

export function useCreatePlan() {
  return useWritePlan((body: CreatePlanBody) => unwrap(api.POST('/api/v1/plans', { body })));
}

export function useUpdatePlan(id: string) {
  return useWritePlan((body: UpdatePlanBody) => unwrap(api.PATCH('/api/v1/plans/{id}', { params: { path: { id } }, body })));
}

/** Archive (stop selling; vouchers keep working) or restore. */
export function useSetPlanArchived() {
  return useWritePlan(({ id, archived }: { id: string; archived: boolean }) =>
    archived ? unwrap(api.POST('/api/v1/plans/{id}/archive', { params: { path: { id } } })) : unwrap(api.POST('/api/v1/plans/{id}/restore', { params: { path: { id } } })),
  );
}
