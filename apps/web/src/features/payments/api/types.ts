import type { components } from '@/lib/api/schema';
import type { QueryParams, RequestBody } from '@/lib/api/types';

type S = components['schemas'];
type PaymentDto = S['PaymentDto'];
export type PaymentStatus = PaymentDto['status'];
export type PaymentSource = PaymentDto['source'];
export type SettledVia = S['SettledVia'];
export type PaymentSettingsDto = S['PaymentSettingsDto'];
export type CollectionMode = PaymentSettingsDto['mode'];
export type UpdatePaymentSettingsBody = RequestBody<'/api/v1/payments/settings', 'put'>;
export type RevenueReportDto = S['RevenueReportDto'];
export type RevenueRowDto = S['RevenueRowDto'];
export type PayoutStatementDto = S['PayoutStatementDto'];
export type ProviderBalanceDto = S['ProviderBalanceDto'];
export type CreatePayoutBody = S['CreatePayoutDto'];
export type PayoutMethod = S['PayoutMethod'];
type RevenueQuery = QueryParams<'/api/v1/payments/reports/revenue', 'get'>;
export type RevenueGroup = NonNullable<RevenueQuery['groupBy']>;

/** The list filters (all optional; ISO instants for from/to). */
export interface PaymentFilters {
  status?: PaymentStatus | undefined;
  source?: PaymentSource | undefined;
  from?: string | undefined;
  to?: string | undefined;
  planId?: string | undefined;
  routerId?: string | undefined;
  search?: string | undefined;
}

export interface RevenueFilters {
  groupBy: RevenueGroup;
  from?: string | undefined;
  to?: string | undefined;
}

export interface StatementRange {
  from?: string | undefined;
  to?: string | undefined;
}
