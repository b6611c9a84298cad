import type { components } from '@/lib/api/schema';
import type { RequestBody } from '@/lib/api/types';

type S = components['schemas'];
export type ReconciliationStatusDto = S['ReconciliationStatusDto'];
export type StatementSourceDto = S['StatementSourceDto'];
export type PullHealth = S['PullHealth'];
export type StatementLineStatus = S['StatementLineStatus'];
export type StatementUploadDto = S['StatementUploadDto'];
export type StatementCountsDto = S['StatementCountsDto'];
export type UploadStatementBody = RequestBody<'/api/v1/payments/statements', 'post'>;
export type PullRegistrationBody = RequestBody<'/api/v1/payments/settings/pull-registration', 'post'>;

/**
 * Whose statement: `provider` = the signed-in provider's own shortcode (/payments/…),
 * `platform` = the platform's shortcode and every source (super admin, /admin/payments/…).
 */
export type StatementScope = 'provider' | 'platform';

/** Statement-line list filters (all optional; `shortcode` is for the platform scope only). */
export interface StatementLineFilters {
  status?: StatementLineStatus | undefined;
  shortcode?: string | undefined;
}
