import type { components } from '@/lib/api/schema';

type S = components['schemas'];
export type PlanDto = S['PlanDto'];
export type CreatePlanBody = S['CreatePlanDto'];
export type UpdatePlanBody = S['UpdatePlanDto'];
export type PlanKind = PlanDto['kind'];
export type PlanStatus = PlanDto['status'];
export type ValidityFrom = PlanDto['validityFrom'];
