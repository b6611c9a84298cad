import { createHash } from 'node:crypto';
import { normaliseMsisdn } from '../../common/phone';
import type { WebhookKind } from './entities/webhook-log.entity';

/** What a webhook log is found by, taken from its body when it arrives (the stored body is masked once handled). */
export interface WebhookSearchFields {
  /** MpesaReceiptNumber (STK) or TransID (C2B), upper case */
  receipt: string | null;
  /** BillRefNumber (C2B), upper case; an STK log learns its purchase's reference when it is finished */
  paymentReference: string | null;
  /** SHA-256 (hex) of the 2547…/2541… number: C2B v1 sends exactly this instead of the number */
  phoneHash: string | null;
}

/** SHA-256 of a normalised MSISDN, as C2B v1 sends it and as the phone search compares it. */
export function phoneHashOf(msisdn: string): string {
  return createHash('sha256').update(msisdn).digest('hex');
}

const text = (value: unknown, max: number): string | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value).slice(0, max);
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;
};

const phoneHash = (value: unknown): string | null => {
  const raw = text(value, 80);
  if (!raw) return null;
  if (/^[a-f0-9]{64}$/i.test(raw)) return raw.toLowerCase();
  const msisdn = normaliseMsisdn(raw);
  return msisdn ? phoneHashOf(msisdn) : null;
};

/** The searchable fields of a Daraja callback body; anything missing or malformed is null, never thrown. */
export function webhookSearchFields(kind: WebhookKind, body: unknown): WebhookSearchFields {
  const none: WebhookSearchFields = { receipt: null, paymentReference: null, phoneHash: null };
  if (body === null || typeof body !== 'object') return none;
  const record = body as Record<string, unknown>;
  if (kind !== 'stk') {
    return {
      receipt: text(record.TransID, 20)?.toUpperCase() ?? null,
      paymentReference: text(record.BillRefNumber, 12)?.toUpperCase() ?? null,
      phoneHash: phoneHash(record.MSISDN),
    };
  }
  const callback = (record.Body as Record<string, unknown> | undefined)?.stkCallback as Record<string, unknown> | undefined;
  const items = (callback?.CallbackMetadata as Record<string, unknown> | undefined)?.Item;
  if (!Array.isArray(items)) return none;
  const item = (name: string): unknown => (items.find((i) => (i as Record<string, unknown> | null)?.Name === name) as Record<string, unknown> | undefined)?.Value;
  return { receipt: text(item('MpesaReceiptNumber'), 20)?.toUpperCase() ?? null, paymentReference: null, phoneHash: phoneHash(item('PhoneNumber')) };
}
