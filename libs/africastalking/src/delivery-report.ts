import { toSmsRecipient } from './phone';

/**
 * Delivery report statuses. The official notification docs list the first six (Rejected, Success and
 * Failed are final); AbsentSubscriber and Expired also appear as statuses in other Africa's Talking
 * material (elsewhere they are failure reasons), so both are read, as final failures.
 */
export const DELIVERY_STATUSES = ['Sent', 'Submitted', 'Buffered', 'Rejected', 'Success', 'Failed', 'AbsentSubscriber', 'Expired'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type DeliveryOutcome = 'delivered' | 'failed' | 'in_transit';

export interface DeliveryReport {
  /** The messageId from the send answer (`ATXid_…`). */
  id: string;
  status: DeliveryStatus;
  /** delivered (Success), failed (Rejected, Failed, AbsentSubscriber, Expired) or in_transit (Sent, Submitted, Buffered). */
  outcome: DeliveryOutcome;
  final: boolean;
  /** E.164 (`+2547…`), or null when absent or unreadable. */
  phoneNumber: string | null;
  /** Mobile network code, e.g. 63902 (Safaricom); null when absent or not digits. */
  networkCode: string | null;
  /** Only on Rejected/Failed: e.g. `AbsentSubscriber`, `UserInBlackList`, `DeliveryFailure`. Letters only, at most 60. */
  failureReason: string | null;
  retryCount: number | null;
}

export type DeliveryReportParse = { ok: true; report: DeliveryReport } | { ok: false; problem: string };

const FINAL: ReadonlySet<DeliveryStatus> = new Set(['Rejected', 'Success', 'Failed', 'AbsentSubscriber', 'Expired']);
const ID = /^[A-Za-z0-9_.:-]{1,100}$/;
/** Longest field value read; longer values are refused rather than trimmed (ids) or dropped (optional fields). */
const MAX_FIELD = 200;

function outcomeOf(status: DeliveryStatus): DeliveryOutcome {
  if (status === 'Success') return 'delivered';
  return FINAL.has(status) ? 'failed' : 'in_transit';
}

/** One field as a string: the first value of a repeated form field; objects, arrays of objects and long strings → undefined. */
function field(body: Record<string, unknown>, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(body, name)) return undefined;
  let value = body[name];
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string' || value.length > MAX_FIELD) return undefined;
  return value.trim();
}

function asFields(body: unknown): Record<string, unknown> | null {
  if (typeof body === 'string') {
    if (body.length > 8192) return null;
    const params = new URLSearchParams(body);
    const out: Record<string, unknown> = {};
    for (const [k, v] of params) if (!(k in out)) out[k] = v;
    return out;
  }
  if (body instanceof URLSearchParams) return asFields(body.toString());
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  return null;
}

/**
 * Reads a delivery report POSTed by Africa's Talking: a parsed form (`req.body`), the raw
 * `application/x-www-form-urlencoded` text, URLSearchParams, or the same fields as JSON. Unknown fields are
 * ignored; `id` and a known `status` are required; optional fields that are malformed or too long become null.
 * Never throws.
 */
export function parseDeliveryReport(body: unknown): DeliveryReportParse {
  const fields = asFields(body);
  if (!fields) return { ok: false, problem: 'body is not a form or an object' };
  const id = field(fields, 'id');
  if (!id) return { ok: false, problem: 'id is missing' };
  if (!ID.test(id)) return { ok: false, problem: 'id is not a message id' };
  const rawStatus = field(fields, 'status');
  if (!rawStatus) return { ok: false, problem: 'status is missing' };
  const status = DELIVERY_STATUSES.find((s) => s === rawStatus);
  if (!status) return { ok: false, problem: `unknown status ${JSON.stringify(rawStatus.slice(0, 30))}` };
  const phone = field(fields, 'phoneNumber');
  const network = field(fields, 'networkCode');
  const reason = field(fields, 'failureReason');
  const retry = field(fields, 'retryCount');
  return {
    ok: true,
    report: {
      id,
      status,
      outcome: outcomeOf(status),
      final: FINAL.has(status),
      phoneNumber: phone ? toSmsRecipient(phone) : null,
      networkCode: network && /^\d{1,10}$/.test(network) ? network : null,
      failureReason: reason && /^[A-Za-z]{1,60}$/.test(reason) ? reason : null,
      retryCount: retry && /^\d{1,6}$/.test(retry) ? Number(retry) : null,
    },
  };
}
