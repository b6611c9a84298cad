import type { StkEvent } from './stk-state';
import { decideStk, isOpen, STK_STATUSES } from './stk-state';

describe('STK state machine', () => {
  const events: StkEvent[] = ['accepted', 'rejected', 'success', 'failure', 'expire', 'mismatch'];

  it('moves a push through its happy path', () => {
    expect(decideStk('initiated', 'accepted')).toEqual({ action: 'apply', next: 'pending' });
    expect(decideStk('pending', 'success')).toEqual({ action: 'apply', next: 'paid' });
  });

  it('never downgrades a success: every event after paid is ignored', () => {
    for (const e of events) expect(decideStk('paid', e).action).toBe('ignore');
    expect(decideStk('paid', 'success')).toEqual({ action: 'ignore', reason: 'duplicate success' });
  });

  it('honours a late success after expiry and a callback success after a failure', () => {
    expect(decideStk('pending', 'expire')).toEqual({ action: 'apply', next: 'expired' });
    expect(decideStk('expired', 'success')).toEqual({ action: 'apply', next: 'paid' });
    expect(decideStk('failed', 'success')).toEqual({ action: 'apply', next: 'paid' });
  });

  it('lets proven money settle a push we took as refused (our request timed out after Daraja accepted it)', () => {
    expect(decideStk('error', 'success')).toEqual({ action: 'apply', next: 'paid' });
    for (const e of ['failure', 'expire', 'mismatch', 'accepted'] as const) expect(decideStk('error', e).action).toBe('ignore');
  });

  it('flags an amount mismatch and keeps it final', () => {
    expect(decideStk('pending', 'mismatch')).toEqual({ action: 'apply', next: 'flagged' });
    for (const e of events) expect(decideStk('flagged', e).action).toBe('ignore');
  });

  it('does not expire what is already resolved, nor re-open it', () => {
    for (const s of ['paid', 'failed', 'flagged', 'error', 'expired'] as const) expect(decideStk(s, 'expire').action).toBe('ignore');
    for (const s of STK_STATUSES) expect(decideStk(s, 'accepted').action).toBe(s === 'initiated' ? 'apply' : 'ignore');
  });

  it('knows which pushes are still open', () => {
    expect(STK_STATUSES.filter(isOpen)).toEqual(['initiated', 'pending', 'expired']);
  });
});
