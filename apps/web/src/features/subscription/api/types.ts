import type { components } from '@/lib/api/schema';

type S = components['schemas'];
export type SubscriptionDto = S['SubscriptionDto'];
export type SubscriptionStatus = SubscriptionDto['status'];
export type PlatformPlanDto = S['PlatformPlanDto'];
export type PlatformSettingsDto = S['PlatformSettingsDto'];
export type CreatePlatformPlanBody = S['CreatePlatformPlanDto'];
export type UpdatePlatformPlanBody = S['UpdatePlatformPlanDto'];
export type InvoiceDto = S['InvoiceDto'];
export type InvoiceStatus = InvoiceDto['status'];
export type ExtendSubscriptionBody = S['ExtendSubscriptionDto'];
export type WaiveSubscriptionBody = S['WaiveSubscriptionDto'];
