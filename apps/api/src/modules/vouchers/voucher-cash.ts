import { type Currency, toMinor } from '../../common/money';
import type { VoucherStatus } from './voucher-status';

/** Most vouchers one cash-sale request may name (a batch holds at most this many). */
export const CASH_SALE_MAX_VOUCHERS = 10_000;

/** The sale key a cash sale leaves on its voucher: one per voucher, so a second sale finds it. */
export const cashSaleKey = (voucherId: string) => `cash:${voucherId}`;

/** The sale key of a reseller's card once sold (first use, or recorded by hand): one per voucher, like cash. */
export const resellerSaleKey = (voucherId: string) => `reseller:${voucherId}`;

const CODE = /^[A-Z0-9]{4,24}$/;

/**
 * The voucher code in what was typed or scanned: a bare code in any case (spaces and dashes
 * ignored), or the printed card's QR code, `http://<hotspot DNS name>/login?username=<code>&password=…`
 * (voucher-routers.ts hotspotLoginUrl), whose `username` is the code. null = not a code.
 */
export function codeFromScan(text: string): string | null {
  const trimmed = text.trim();
  let raw = trimmed;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return null;
    }
    const username = url.searchParams.get('username');
    if (username === null) return null;
    raw = username;
  }
  const code = raw.replace(/[\s-]+/g, '').toUpperCase();
  return CODE.test(code) ? code : null;
}

export const CASH_REFUSALS = ['disabled', 'refunded', 'expired_unsold', 'reserved_for_mpesa'] as const;
export type CashRefusal = (typeof CASH_REFUSALS)[number];
export const CASH_SKIPS = ['cash', 'mpesa', 'reseller'] as const;
export type CashSkip = (typeof CASH_SKIPS)[number];

/** What recording a cash sale does to one voucher. */
export type CashOutcome =
  | { kind: 'sell' } // available → sold now, then a ledger row
  | { kind: 'record' } // already used (sold at first login): a ledger row only
  | { kind: 'skip'; reason: CashSkip } // its sale is recorded already
  | { kind: 'refuse'; reason: CashRefusal };

export interface CashCandidate {
  id: string;
  status: VoucherStatus;
  batchId: string | null;
  saleKey: string | null;
  paymentId: string | null;
  soldAt: Date | null;
  expiresAt: Date | null;
}

/**
 * The one place that decides whether a voucher may be recorded as sold for cash (docs/cash-sales.md).
 * A disabled or refunded voucher is refused first; then a sale key or a payment means its sale is in
 * the books (cash, or M-Pesa); a never-sold expired voucher was not sold; an available voucher
 * outside any batch is the one a captive-portal purchase reserved while the customer pays by M-Pesa.
 */
export function cashOutcome(v: CashCandidate, now: Date): CashOutcome {
  if (v.status === 'disabled' || v.status === 'refunded') return { kind: 'refuse', reason: v.status };
  if (v.saleKey !== null || v.paymentId !== null) return { kind: 'skip', reason: v.saleKey === cashSaleKey(v.id) ? 'cash' : v.saleKey === resellerSaleKey(v.id) ? 'reseller' : 'mpesa' };
  switch (v.status) {
    case 'available':
      if (v.batchId === null) return { kind: 'refuse', reason: 'reserved_for_mpesa' };
      // past its activation expiry, the expiry job just has not run yet
      return v.expiresAt && v.expiresAt.getTime() <= now.getTime() ? { kind: 'refuse', reason: 'expired_unsold' } : { kind: 'sell' };
    case 'sold':
    case 'in_use':
      return { kind: 'record' };
    default:
      // expired: recorded if it was sold (at its first login), refused if it never was
      return v.soldAt ? { kind: 'record' } : { kind: 'refuse', reason: 'expired_unsold' };
  }
}

/** Why a card was not handed to a reseller, or not taken back from one (docs/resellers.md). */
export const RESELLER_REFUSALS = ['not_available', 'sale_recorded', 'reserved_for_mpesa', 'expired_unsold', 'with_this_reseller', 'with_another_reseller', 'not_with_this_reseller'] as const;
export type ResellerRefusal = (typeof RESELLER_REFUSALS)[number];

export interface ResellerCandidate extends CashCandidate {
  resellerId: string | null;
}

/**
 * Whether a card may be handed to `resellerId`: only an unsold `available` card of a printed
 * batch, not expired, held by no reseller. null = yes.
 */
export function handoverRefusal(v: ResellerCandidate, resellerId: string, now: Date): ResellerRefusal | null {
  if (v.status !== 'available') return 'not_available';
  if (v.saleKey !== null || v.paymentId !== null) return 'sale_recorded';
  if (v.batchId === null) return 'reserved_for_mpesa';
  if (v.expiresAt && v.expiresAt.getTime() <= now.getTime()) return 'expired_unsold';
  if (v.resellerId !== null) return v.resellerId === resellerId ? 'with_this_reseller' : 'with_another_reseller';
  return null;
}

/** Whether `resellerId` may give a card back: it holds it, and it is still unsold and available. null = yes. */
export function returnRefusal(v: ResellerCandidate, resellerId: string): ResellerRefusal | null {
  if (v.resellerId !== resellerId) return 'not_with_this_reseller';
  if (v.saleKey !== null || v.paymentId !== null) return 'sale_recorded';
  if (v.status !== 'available') return 'not_available';
  return null;
}

/** Pricing of a handover: one price per card, or a whole-percent discount off each card's price. */
export type ResellerPricing = { unitPriceMinor: number } | { discountPercent: number };

const PERCENT = 100;

/**
 * A card's reseller price: the handover's unit price, or the card's price less a whole-percent
 * discount, rounded to whole currency units (half up), in integers.
 */
export function resellerPrice(priceMinor: number, currency: string, pricing: ResellerPricing): number {
  if ('unitPriceMinor' in pricing) return pricing.unitPriceMinor;
  const unit = toMinor(1, currency as Currency);
  const scaled = priceMinor * (PERCENT - pricing.discountPercent); // minor units × 100
  return Math.floor((scaled + (PERCENT * unit) / 2) / (PERCENT * unit)) * unit;
}
