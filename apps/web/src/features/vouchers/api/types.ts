import type { components } from '@/lib/api/schema';
import type { QueryParams } from '@/lib/api/types';

type S = components['schemas'];
export type VoucherDto = S['VoucherDto'];
export type VoucherDetailDto = S['VoucherDetailDto'];
export type VoucherStatus = VoucherDto['status'];
export type VoucherAction = VoucherDto['allowedActions'][number];
export type VoucherBatchDto = S['VoucherBatchDto'];
export type CreateBatchBody = S['CreateBatchDto'];
export type CodeAlphabet = VoucherBatchDto['alphabet'];
export type BulkResult = S['BulkVoucherResultDto'];
export type BulkAction = S['BulkVoucherActionDto']['action'];
export type CashSaleBody = S['CreateCashSaleDto'];
export type CashSaleResult = S['CashSaleResultDto'];
export type CashSaleVoucher = S['CashSaleVoucherDto'];
type VoucherSaleFilter = NonNullable<VoucherListQuery['sale']>;
export type RefundMethod = S['RefundVoucherDto']['method'];
type VoucherListQuery = QueryParams<'/api/v1/vouchers', 'get'>;
export type VoucherSort = NonNullable<VoucherListQuery['sort']>;
export type PrintLayout = 'a4' | 'thermal' | 'thermal58';

/** Filters shared by the list, the counts and the CSV export (all optional). */
export interface VoucherFilters {
  status?: VoucherStatus | undefined;
  planId?: string | undefined;
  batchId?: string | undefined;
  routerId?: string | undefined;
  /** cards handed to one reseller (a link from the reseller's page) */
  resellerId?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  search?: string | undefined;
  /** not_recorded: used cards whose (cash) sale is not recorded */
  sale?: VoucherSaleFilter | undefined;
}
