/**
 * STK push life cycle (docs/mpesa.md §10), enforced here and nowhere else:
 *
 *   initiated ──accepted──▶ pending ──success──▶ paid (terminal, never downgraded)
 *       │                     │  ├──failure──▶ failed ──success──▶ paid (a callback success wins over a query failure)
 *       └──rejected──▶ error  │  ├──mismatch─▶ flagged (terminal: amount differs, nothing issued)
 *                │            │  └──expire───▶ expired (soft) ──success──▶ paid (late success honoured)
 *                └──success──▶ paid (only a statement line can show it: our request timed out after
 *                               Daraja had accepted the push, so no callback can ever be matched)
 *
 * Events that do not change anything (a duplicate success, a failure after paid) are `ignore`,
 * never errors: callbacks arrive 0..N times, late and out of order.
 */
export const STK_STATUSES = ['initiated', 'pending', 'paid', 'failed', 'expired', 'flagged', 'error'] as const;
export type StkStatus = (typeof STK_STATUSES)[number];
export type StkEvent = 'accepted' | 'rejected' | 'success' | 'failure' | 'expire' | 'mismatch';

export type StkDecision = { action: 'apply'; next: StkStatus } | { action: 'ignore'; reason: string };

const TABLE: Record<StkStatus, Partial<Record<StkEvent, StkStatus>>> = {
  initiated: { accepted: 'pending', rejected: 'error', success: 'paid', failure: 'failed', mismatch: 'flagged' },
  pending: { success: 'paid', failure: 'failed', expire: 'expired', mismatch: 'flagged' },
  expired: { success: 'paid', failure: 'failed', mismatch: 'flagged' },
  failed: { success: 'paid', mismatch: 'flagged' },
  paid: {},
  flagged: {},
  error: { success: 'paid' },
};

export function decideStk(status: StkStatus, event: StkEvent): StkDecision {
  const next = TABLE[status][event];
  if (next) return { action: 'apply', next };
  if (status === 'paid') return { action: 'ignore', reason: event === 'success' ? 'duplicate success' : `paid is final (${event} ignored)` };
  return { action: 'ignore', reason: `${event} does not apply to a ${status} push` };
}

/** Unresolved pushes the reconciliation job still asks about. */
export function isOpen(status: StkStatus): boolean {
  return status === 'pending' || status === 'expired' || status === 'initiated';
}
