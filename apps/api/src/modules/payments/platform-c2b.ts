import type { C2bMsisdn, C2bValidationResponse } from '@wavu/daraja';
import { C2B_REJECTION_CODES, c2bAccept, c2bMsisdnMatches, c2bReject } from '@wavu/daraja';
import { toMinor } from '../../common/money';
import type { CollectionMode } from './entities/payment-settings.entity';

/** What a customer may type as the account number: one of our payment references (docs/product.md §5). */
export const REFERENCE_PATTERN = /^[A-Z0-9]{1,12}$/;

/** What validation found for the account number of a payment to the platform's shortcode. */
export interface PlatformReferenceFacts {
  /** the voucher of that reference, at whichever provider holds it (references are unique across providers) */
  voucher: { status: string; priceMinor: number } | null;
  /** that voucher's provider */
  provider: { mode: CollectionMode; active: boolean } | null;
}

/**
 * Daraja's validation answer for money paid by hand to the platform's shortcode (docs/mpesa.md §7b).
 * No account number (a till, or a paybill left empty) is accepted: it is matched to an open purchase
 * by phone and amount when it is confirmed, or goes to Needs attention. A reference is accepted only
 * when it is an available voucher of an active provider collecting through the platform, at its
 * exact price: an own-account provider's reference is not payable here (its money would sit on the
 * wrong shortcode).
 */
export function decidePlatformValidation(reference: string, amount: number, facts: PlatformReferenceFacts): C2bValidationResponse {
  if (reference === '') return c2bAccept();
  if (!REFERENCE_PATTERN.test(reference)) return c2bReject(C2B_REJECTION_CODES.INVALID_ACCOUNT_NUMBER);
  if (!facts.voucher || !facts.provider || facts.provider.mode !== 'platform') return c2bReject(C2B_REJECTION_CODES.INVALID_ACCOUNT_NUMBER);
  // a suspended (or not yet approved) provider sells nothing (docs/product.md §2b)
  if (!facts.provider.active) return c2bReject(C2B_REJECTION_CODES.OTHER_ERROR);
  if (facts.voucher.status !== 'available') return c2bReject(C2B_REJECTION_CODES.INVALID_ACCOUNT_NUMBER);
  if (!Number.isInteger(amount) || toMinor(amount, 'KES') !== facts.voucher.priceMinor) return c2bReject(C2B_REJECTION_CODES.INVALID_AMOUNT);
  return c2bAccept(reference);
}

/**
 * The open purchases a payment without an account number may be for: those whose phone the C2B
 * MSISDN matches (v1: SHA-256 of the stored 2547… digits; v2: the visible head and tail of
 * `2547 ***** 126`). Only exactly one match settles anything; the caller decides.
 */
export function purchasesMatchingPayer<T extends { phone: string | null }>(msisdn: C2bMsisdn, candidates: T[]): T[] {
  return candidates.filter((c) => c.phone !== null && c2bMsisdnMatches(msisdn, c.phone));
}
