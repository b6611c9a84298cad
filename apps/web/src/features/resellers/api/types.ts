import type { components } from '@/lib/api/schema';
import type { RequestBody } from '@/lib/api/types';

type S = components['schemas'];
export type ResellerDto = S['ResellerDto'];
export type ResellerStatementDto = S['ResellerStatementDto'];
export type ResellerCollectionDto = S['ResellerCollectionDto'];
export type ResellerCardsResult = S['ResellerCardsResultDto'];
export type ResellerCardRefusal = S['ResellerCardRefusal'];
export type ResellerCollectionMethod = S['ResellerCollectionMethod'];
export type ResellerLineKind = S['ResellerLineKind'];
export type CreateResellerBody = RequestBody<'/api/v1/resellers', 'post'>;
export type UpdateResellerBody = RequestBody<'/api/v1/resellers/{id}', 'patch'>;
export type HandoverBody = RequestBody<'/api/v1/resellers/{id}/handovers', 'post'>;
export type ReturnBody = RequestBody<'/api/v1/resellers/{id}/returns', 'post'>;
export type CollectionBody = RequestBody<'/api/v1/resellers/{id}/collections', 'post'>;

/** A statement's date range (ISO instants; absent = the API's default, the last 30 days). */
export interface ResellerRange {
  from?: string | undefined;
  to?: string | undefined;
}
